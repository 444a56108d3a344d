// GET /metrics in Prometheus' text format, for an operator's scraper only: behind a bearer token
// (compared in constant time) on the API's port, or on a port of its own that only the scraper's
// network reaches. Kept out of the route table and /openapi.json on purpose: it is no part of the
// API a host or the widget calls, and where no token is configured it must look like no route.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { ApiError } from '../errors.js';
import { errorBody } from '../http/boundary.js';
import type { AppEnv } from '../http/env.js';
import type { Secret } from '../security/secret.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Checks `Authorization: Bearer <token>`; digests first, so the comparison takes as long whatever the length sent. */
export function metricsTokenAuth(token: Secret): MiddlewareHandler<AppEnv> {
  const expected = digest(token.reveal());
  return async function metricsAuthentication(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new ApiError('unauthorized', 'Send Authorization: Bearer <metrics token>.');
    }
    await next();
  };
}

export async function serveMetrics(c: Context<AppEnv>, metrics: Metrics): Promise<Response> {
  const text = await metrics.registry.metrics();
  return c.body(text, 200, { 'Content-Type': metrics.registry.contentType });
}

/**
 * The app for IDV_METRICS_PORT: /metrics and nothing else, errors as JSON like the API's. A token,
 * when one is configured, is asked for here too.
 */
export function createMetricsApp(metrics: Metrics, token: Secret | null) {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.onError((err, c) => {
    const error = err instanceof ApiError ? err : new ApiError('internal_error');
    return c.json(errorBody(c, error), error.status as 401 | 500);
  });
  app.notFound((c) => c.json(errorBody(c, new ApiError('not_found', 'This port serves GET /metrics only.')), 404));
  const auth: MiddlewareHandler<AppEnv> = token ? metricsTokenAuth(token) : async (_c, next) => next();
  app.get(METRICS_PATH, auth, (c) => serveMetrics(c, metrics));
  return app;
}
