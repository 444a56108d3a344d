// Builds the BFF's Hono app from its dependencies. Nothing here reads the environment, opens
// files or sockets: server.ts wires real dependencies, tests wire in-memory ones.
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { BffConfig } from './config.js';
import type { Clock } from './clock.js';
import { apiKeyAuth, clientSecretAuth } from './http/auth.js';
import { bodyLimit } from './http/body-limit.js';
import { handleError, notFound } from './http/boundary.js';
import type { AppEnv } from './http/env.js';
import { corsAllowList, ipRateLimit } from './http/guards.js';
import { securityHeaders } from './http/headers.js';
import { FixedWindowLimiter } from './http/rate-limit.js';
import { RouteTable } from './http/route.js';
import type { Logger } from './log.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { PiiBox } from './security/pii.js';
import type { Store } from './store/store.js';
import { createVerificationService, type VerificationService } from './verification/index.js';
import { hostRoutes } from './routes/host.js';
import { identityRoutes, UPLOAD_PATH } from './routes/identity.js';
import { publicRoutes } from './routes/public.js';
import { eventRoutes } from './routes/events.js';
import { providerRoutes } from './routes/providers.js';

export interface AppDeps {
  config: BffConfig;
  store: Store;
  providers: ProviderRegistry;
  clock: Clock;
  pii: PiiBox;
  log: Logger;
  verification: VerificationService;
}

/** JSON bodies of this API are small; uploads get their own limits on their own routes. */
const MAX_JSON_BODY = 64 * 1024;

export function createApp(input: Omit<AppDeps, 'verification'>) {
  const deps: AppDeps = { ...input, verification: createVerificationService(input) };
  const { config, log, clock } = deps;
  const app = new Hono<AppEnv>();
  const now = () => clock.now().getTime();
  const perIp = new FixedWindowLimiter(config.rateLimitPerMinute * 4, 60_000, now);
  const perSession = new FixedWindowLimiter(config.rateLimitPerMinute, 60_000, now);

  app.use(requestId());
  app.use(async function logRequest(c, next) {
    const started = performance.now();
    await next();
    // The matched route pattern, never the raw URL: no query strings or ids in logs by accident.
    log({ msg: 'request', request_id: c.get('requestId'), method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(performance.now() - started) });
  });
  app.use(securityHeaders());
  app.use('/v1/identity/*', corsAllowList(config.allowedOrigins, { maxAgeSeconds: 600 }));
  app.use('/v1/*', ipRateLimit(perIp));
  const limitBody = bodyLimit({ maxSize: MAX_JSON_BODY });
  // Only where a body can come: touching a GET's body makes the Node adapter build a full Request.
  // Uploads are images, limited per provider and side by the upload itself, as they stream.
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', async (c, next) => (c.req.path === UPLOAD_PATH ? next() : limitBody(c, next)));
  app.onError(handleError(log));
  app.notFound(notFound);

  const routes = new RouteTable(app, {
    api_key: apiKeyAuth(config.apiKeys),
    client_secret: clientSecretAuth({ store: deps.store, verification: deps.verification, limiter: perSession }),
    none: async (_c, next) => next(),
  });
  publicRoutes(routes, deps);
  hostRoutes(routes, deps);
  identityRoutes(routes, deps);
  eventRoutes(routes, deps);
  providerRoutes(routes, deps);
  return { app, routes };
}
