// Security headers for a JSON API, set before the handler runs. Hono's secureHeaders sets
// them after the response exists, which makes @hono/node-server rebuild every response on its
// slow path (a fifth of a request's cost when profiled); headers set up front cost nothing.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

const API_HEADERS: [string, string][] = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  // Widget pages on other origins read these answers through CORS.
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['Cache-Control', 'no-store'],
];

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function setSecurityHeaders(c, next) {
    for (const [name, value] of API_HEADERS) c.header(name, value);
    await next();
  };
}
