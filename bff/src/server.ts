// Wires the real dependencies (database, clock, fetch, providers) and serves the app over
// HTTP. Used by the Node entry, the local stack, the e2e setup and the benchmarks.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { AdjustableClock, systemClock, type Clock } from './clock.js';
import type { BffConfig } from './config.js';
import { jsonLogger, silentLogger, type Logger } from './log.js';
import { createProviderRegistry } from './providers/registry.js';
import { streamingFetch } from './providers/stream-fetch.js';
import { createPiiBox } from './security/pii.js';
import { migrateToLatest, openDatabase } from './store/database.js';
import { createStore } from './store/store.js';

export interface BffServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface BffServerOptions {
  fetch?: typeof fetch;
  log?: Logger;
}

export async function startBffServer(config: BffConfig, options: BffServerOptions = {}): Promise<BffServer> {
  const log = options.log ?? (config.log === 'silent' ? silentLogger : jsonLogger());
  const clock: Clock = config.testControls ? new AdjustableClock() : systemClock;
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const store = createStore(db, clock);
  const allowedHostnames = config.allowedOrigins.map((o) => new URL(o).hostname);
  const providers = createProviderRegistry(config, {
    fetch: options.fetch ?? fetch,
    streamFetch: options.fetch ?? streamingFetch,
    clock,
    timeoutMs: config.providerTimeoutMs,
    allowedHostnames,
    log,
  });
  const { app } = createApp({ config, store, providers, clock, pii: createPiiBox(config.piiKey), log });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  });
  // Idle keep-alive sockets are left for the client (or a load balancer, typically 60 s) to close:
  // a server closing one just as the client reuses it makes that request fail with a reset.
  Object.assign(server, { keepAliveTimeout: 65_000, headersTimeout: 66_000 });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}
