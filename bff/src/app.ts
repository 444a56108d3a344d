// Builds the BFF's Hono app from its dependencies. Nothing here reads the environment, opens
// files or sockets: server.ts wires real dependencies, tests wire in-memory ones.
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { matchedRoutes } from 'hono/route';
import type { BffConfig } from './config.js';
import type { Clock } from './clock.js';
import { apiKeyAuth, apiKeyOrClientSecretAuth, clientSecretAuth } from './http/auth.js';
import { bodyLimit, drainUnread } from './http/body-limit.js';
import { handleError, notFound } from './http/boundary.js';
import { clientAddress } from './http/client-ip.js';
import { bodyIdleTimeout } from './http/idle-body.js';
import type { AppEnv } from './http/env.js';
import { corsAllowList, ipRateLimit } from './http/guards.js';
import { securityHeaders } from './http/headers.js';
import { FixedWindowLimiter } from './http/rate-limit.js';
import { RouteTable } from './http/route.js';
import type { Logger } from './log.js';
import { METRICS_PATH, metricsTokenAuth, serveMetrics } from './metrics/endpoint.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { PiiBox } from './security/pii.js';
import type { Store } from './store/store.js';
import { createVerificationService, type VerificationService } from './verification/index.js';
import { claimRoutes } from './routes/claims.js';
import { hostRoutes } from './routes/host.js';
import { hostEventRoutes } from './routes/host-events.js';
import { serviceRoutes } from './routes/services.js';
import { cspRoutes } from './routes/csp.js';
import { passportRoutes } from './routes/passports.js';
import { createPassports } from './passports/passports.js';
import { identityRoutes, UPLOAD_PATH } from './routes/identity.js';
import { publicRoutes } from './routes/public.js';
import { eventRoutes } from './routes/events.js';
import { providerRoutes } from './routes/providers.js';
import { handoffAwareClientSecret } from './handoff/auth.js';
import { handoffRoutes } from './handoff/routes.js';
import { createHandoffStore } from './handoff/store.js';

export interface AppDeps {
  config: BffConfig;
  store: Store;
  providers: ProviderRegistry;
  clock: Clock;
  pii: PiiBox;
  log: Logger;
  verification: VerificationService;
  /** This app's metrics; server.ts makes them and hands the same to the providers' fetch. */
  metrics: Metrics;
}

/** JSON bodies of this API are small; uploads get their own limits on their own routes. */
const MAX_JSON_BODY = 64 * 1024;

export function createApp(input: Omit<AppDeps, 'verification' | 'metrics'> & { metrics?: Metrics }) {
  const metrics = input.metrics ?? createMetrics();
  const service = createVerificationService({ ...input, retentionMs: input.config.retentionDays * 24 * 3600 * 1000 });
  // Webhooks reach the service here once verified: what became of each is counted by provider.
  const verification: VerificationService = {
    ...service,
    async onProviderEvent(providerKey, event) {
      try {
        const answer = await service.onProviderEvent(providerKey, event);
        metrics.webhook(providerKey, answer.duplicate ? 'duplicate' : 'processed');
        return answer;
      } catch (error) {
        metrics.webhook(providerKey, 'failed');
        throw error;
      }
    },
  };
  const deps: AppDeps = { ...input, metrics, verification };
  const { config, log, clock } = deps;
  const app = new Hono<AppEnv>();
  const now = () => clock.now().getTime();
  const perIp = new FixedWindowLimiter(config.rateLimitPerMinute * 4, 60_000, now);
  const perSession = new FixedWindowLimiter(config.rateLimitPerMinute, 60_000, now);

  // Route patterns the table declared, and which provider mounted each of its own: a request's
  // label is one of these or 'unmatched', never a raw path (bounded, and no ids in metrics).
  const declared = new Set<string>();
  const providerOfRoute = new Map<string, string>();
  app.use(requestId());
  app.use(clientAddress(config.trustedProxies));
  app.use(async function logRequest(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    // The request's route even when a guard before it answered (a 429 is still /v1/sessions/:id's).
    const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL' && (declared.has(r.path) || r.path === METRICS_PATH))?.path ?? 'unmatched';
    // The matched route pattern, never the raw URL: no query strings or ids in logs by accident.
    log({ msg: 'request', request_id: c.get('requestId'), method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) });
    metrics.request(route, c.req.method, c.res.status, seconds);
    // A forged or altered webhook never reaches the service: counted here, by the route's provider.
    const provider = providerOfRoute.get(route);
    if (provider && c.get('errorCode') === 'webhook_signature_invalid') metrics.webhook(provider, 'signature_invalid');
  });
  app.use(securityHeaders());
  app.use('/v1/identity/*', corsAllowList(config.allowedOrigins, { maxAgeSeconds: 600 }));
  app.use('/v1/*', ipRateLimit(perIp));
  const limitBody = bodyLimit({ maxSize: MAX_JSON_BODY });
  // Only where a body can come: touching a GET's body makes the Node adapter build a full Request.
  // Uploads are images, limited per provider and side by the upload itself, as they stream.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', async (c, next) => (c.req.path === UPLOAD_PATH ? next() : limitBody(c, next)));
  app.use(bodyIdleTimeout(config.uploadIdleTimeoutMs, (path) => path === UPLOAD_PATH));
  // An upload refused before its end is still read to its end (bounded), so its answer is not lost to a reset.
  app.post(UPLOAD_PATH, drainUnread());
  app.onError(handleError(log));
  app.notFound(notFound);

  const apiKey = apiKeyAuth(config.apiKeys);
  // A session handed to a phone has the phone's credential too, and the first device's secret only follows it (handoff/).
  const handoffs = createHandoffStore(deps.store.db, clock);
  const clientSecret = handoffAwareClientSecret({
    clientSecret: clientSecretAuth({ store: deps.store, verification: deps.verification, limiter: perSession }),
    handoffs,
    store: deps.store,
    verification: deps.verification,
    limiter: perSession,
  });
  const routes = new RouteTable(app, {
    api_key: apiKey,
    client_secret: clientSecret,
    api_key_or_client_secret: apiKeyOrClientSecretAuth(apiKey, clientSecret),
    none: async (_c, next) => next(),
  });
  publicRoutes(routes, deps);
  hostRoutes(routes, deps);
  // Passports are signed by keys in the store; a revoked claim takes down the passports carrying it.
  const passports = createPassports({ store: deps.store, pii: deps.pii, clock: deps.clock, issuer: config.publicUrl ?? 'urn:identity-verify' });
  claimRoutes(routes, deps, passports);
  passportRoutes(routes, passports);
  hostEventRoutes(routes, deps);
  serviceRoutes(routes, deps);
  cspRoutes(routes, deps);
  identityRoutes(routes, deps);
  handoffRoutes(routes, deps, handoffs);
  eventRoutes(routes, deps);
  // One provider at a time, so each route a provider mounts is known to be its own.
  for (const [key, adapter] of deps.providers) {
    const before = routes.specs.length;
    providerRoutes(routes, { ...deps, providers: new Map([[key, adapter]]) });
    for (const spec of routes.specs.slice(before)) providerOfRoute.set(spec.path, key);
  }
  for (const spec of routes.specs) declared.add(spec.path);
  // Only with a token: without one, or when metrics have a port of their own, /metrics is no route here.
  if (config.metrics.token && config.metrics.port === null) {
    app.get(METRICS_PATH, metricsTokenAuth(config.metrics.token), (c) => serveMetrics(c, metrics));
  }
  return { app, routes, metrics, verification };
}
