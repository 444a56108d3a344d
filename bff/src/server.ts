// Wires the real dependencies (database, clock, fetch, providers) and serves the app over
// HTTP. Used by the Node entry, the local stack, the e2e setup and the benchmarks.
import { serve } from '@hono/node-server';
import type { Server, ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { AdjustableClock, systemClock, type Clock } from './clock.js';
import type { BffConfig } from './config.js';
import { deliverDueEvents } from './events/delivery.js';
import { answerClientError } from './http/client-error.js';
import { jsonLogger, silentLogger, type Logger } from './log.js';
import { createMetricsApp } from './metrics/endpoint.js';
import { createMetrics } from './metrics/metrics.js';
import { observedFetch } from './providers/http.js';
import { createProviderRegistry } from './providers/registry.js';
import { streamingFetch } from './providers/stream-fetch.js';
import { createPiiBox } from './security/pii.js';
import { migrateToLatest, openDatabase } from './store/database.js';
import { createStore } from './store/store.js';
import { runEvery } from './verification/background.js';

const RECONCILE_EVERY_MS = 15_000;
const DELIVER_EVENTS_EVERY_MS = 2_000;

export interface BffServer {
  url: string;
  port: number;
  /** Where GET /metrics is served when it has a port of its own (IDV_METRICS_PORT). */
  metricsUrl: string | null;
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
  const store = createStore(db, clock, { claimLifetimes: config.claimLifetimeDays });
  const allowedHostnames = config.allowedOrigins.map((o) => new URL(o).hostname);
  const metrics = createMetrics({ processMetrics: true });
  metrics.countOpenAttemptsWith(() => store.countOpenAttempts());
  const observe = metrics.providerCall.bind(metrics);
  const providers = createProviderRegistry(config, {
    fetch: observedFetch(options.fetch ?? fetch, observe),
    streamFetch: observedFetch(options.fetch ?? streamingFetch, observe),
    clock,
    timeoutMs: config.providerTimeoutMs,
    allowedHostnames,
    publicUrl: config.publicUrl,
    log,
  });
  const pii = createPiiBox(config.piiKey);
  const { app, verification } = createApp({ config, store, providers, clock, pii, log, metrics });
  // What no request is left to finish (a crashed request's intent, a lost webhook's verdict, a
  // provider clean-up to retry), every 15 s on every replica; each row is claimed once.
  const reconciler = runEvery(RECONCILE_EVERY_MS, verification.reconcile, log);
  // The outbox of events to the host backends, every 2 s on every replica; each delivery is claimed once.
  const eventDelivery = runEvery(DELIVER_EVENTS_EVERY_MS, () => deliverDueEvents({ store, pii, clock, log }), log);

  // Idle keep-alive sockets are left for the client (or a load balancer, typically 60 s) to close:
  // a server closing one just as the client reuses it makes that request fail with a reset.
  // A request must arrive whole within requestTimeout (a slow upload included; a stalled one is
  // answered sooner by the upload idle timeout), checked a few times within it rather than every
  // 30 s as Node would; connections past maxConnections are refused at accept, so a flood of
  // idle sockets cannot exhaust the process.
  const server = await listen(app.fetch, config.host, config.port, {
    keepAliveTimeout: 65_000,
    headersTimeout: Math.min(66_000, config.requestTimeoutMs),
    requestTimeout: config.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(config.requestTimeoutMs / 4))),
  });
  server.maxConnections = config.maxConnections;
  server.keepAliveTimeout = 65_000;
  // Node answers a request it cannot parse or that timed out with a bare status line; ours is JSON.
  server.on('clientError', answerClientError);
  const metricsServer = config.metrics.port === null ? null : await listen(createMetricsApp(metrics, config.metrics.token).fetch, config.host, config.metrics.port);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const urlOf = (s: Server) => `http://${host}:${(s.address() as AddressInfo).port}`;
  return {
    url: urlOf(server),
    port: (server.address() as AddressInfo).port,
    metricsUrl: metricsServer ? urlOf(metricsServer) : null,
    close: async () => {
      await Promise.all([server, metricsServer].map((s) => s && new Promise<void>((resolve) => s.close(() => resolve()))));
      await reconciler.stop();
      await eventDelivery.stop();
      await db.destroy();
    },
  };
}

function listen(fetchHandler: (request: Request) => Response | Promise<Response>, hostname: string, port: number, serverOptions: ServerOptions = {}): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: fetchHandler, hostname, port, serverOptions }, () => resolve(s as Server));
    s.once('error', reject);
  });
}
