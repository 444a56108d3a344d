// Starts the demo site on @hono/node-server: the entry used by the local stack and the e2e suite.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createDemoApp } from './app.js';
import { createEventInbox, EVENTS_PATH } from './event-inbox.js';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import { createHostApi, type FetchLike } from './host-api.js';

export { createDemoApp, DEMO_PROVIDERS, SECURE_SESSION_COOKIE, SESSION_COOKIE, type DemoConfig, type DemoSession } from './app.js';
export { PRESETS, type Preset, type PresetKey } from './presets.js';
export { contentSecurityPolicy } from './csp.js';

export const DEMO_DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url));
export const WIDGET_DIST_DIR = fileURLToPath(new URL('../../widget/dist', import.meta.url));

export interface DemoServerOptions {
  /** The BFF's URL, as both this server and the browser reach it. */
  bffUrl: string;
  /** The host backend's secret API key; it never leaves this server. */
  apiKey: string;
  /** Origin of Turnstile's script and iframe (the emulator locally). */
  /** Origins of provider scripts and frames the widget loads, for the page's CSP. */
  providerOrigins?: readonly string[];
  /** Origins of provider APIs called from the page by provider code (Onfido's uploads). */
  providerApiOrigins?: readonly string[];
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  distDir?: string;
  widgetDir?: string;
  organizationName?: string;
  fetch?: FetchLike;
  /** The providers the BFF has configured, which the demo's presets may offer. Default: the local stack's. */
  providers?: readonly ProviderKey[];
  /** Served over https behind a proxy that ends TLS: the cookie becomes `__Host-` and Secure. */
  https?: boolean;
  /** Sessions one client address may start per window (default 30 a minute). */
  sessionRateLimit?: { limit: number; windowMs: number };
}

export interface RunningDemoServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startDemoServer(options: DemoServerOptions): Promise<RunningDemoServer> {
  const distDir = options.distDir ?? DEMO_DIST_DIR;
  const widgetDir = options.widgetDir ?? WIDGET_DIST_DIR;
  // Fail at start with the fix, rather than serve a page whose script 404s.
  if (!existsSync(`${distDir}/index.html`)) throw new Error(`The demo is not built (${distDir}/index.html is missing): run \`npm run build\`.`);
  if (!existsSync(`${widgetDir}/identity-verify.js`)) {
    throw new Error(`The widget is not built (${widgetDir}/identity-verify.js is missing): run \`npm run build\`.`);
  }
  const hostApi = createHostApi({ bffUrl: options.bffUrl, apiKey: options.apiKey, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const events = createEventInbox();
  const app = createDemoApp({
    hostApi,
    events,
    bffUrl: options.bffUrl,
    providerOrigins: options.providerOrigins,
    providerApiOrigins: options.providerApiOrigins,
    distDir,
    widgetDir,
    ...(options.organizationName ? { organizationName: options.organizationName } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.https === undefined ? {} : { https: options.https }),
    ...(options.sessionRateLimit ? { sessionRateLimit: options.sessionRateLimit } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  const running = await new Promise<RunningDemoServer>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, (info) => {
      // As the BFF: idle keep-alive sockets are the client's to close, so none is reset under a request.
      Object.assign(server, { keepAliveTimeout: 65_000, headersTimeout: 66_000 });
      server.off('error', reject);
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            // Keep-alive sockets from the browser would hold close() open for minutes.
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
    server.once('error', reject);
  });
  // The BFF tells this backend of each session's end at its events endpoint, signed.
  const endpoint = await hostApi.registerEventsEndpoint(`${running.url}${EVENTS_PATH}`).catch(async (error: unknown) => {
    await running.close();
    throw error;
  });
  events.useSecret(endpoint.secret);
  return running;
}
