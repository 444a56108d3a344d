// Request guards applied before any route: origin allow-list, per-IP rate limit, and the
// client's address as resolved through the trusted proxies.
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from './env.js';
import type { FixedWindowLimiter } from './rate-limit.js';

/**
 * The client's address: the socket's peer, or through trusted proxies the first address they
 * did not add (client-ip.ts, resolved once per request); null when the app runs without a socket.
 */
export function clientIp(c: Context<AppEnv>): string | null {
  return c.get('clientIp') ?? null;
}

export function enforceLimit(c: Context<AppEnv>, limiter: FixedWindowLimiter, key: string): void {
  const r = limiter.hit(key);
  c.header('RateLimit-Limit', String(r.limit));
  c.header('RateLimit-Remaining', String(r.remaining));
  c.header('RateLimit-Reset', String(r.resetSeconds));
  if (!r.allowed) {
    c.header('Retry-After', String(r.resetSeconds));
    throw new ApiError('rate_limited', undefined, { retry_after_seconds: r.resetSeconds });
  }
}

export function ipRateLimit(limiter: FixedWindowLimiter): MiddlewareHandler<AppEnv> {
  return async function rateLimitByIp(c, next) {
    enforceLimit(c, limiter, `ip:${clientIp(c) ?? 'local'}`);
    await next();
  };
}

/**
 * CORS for the widget API with an allow-list, and a refusal for any other origin: CORS alone
 * only stops a page reading the answer; refusing also stops the request from acting. Hono's
 * cors() writes headers onto the response after it exists, which sends every response down
 * @hono/node-server's slow path; setting them up front costs nothing.
 */
export function corsAllowList(allowed: readonly string[], options: { maxAgeSeconds: number }): MiddlewareHandler<AppEnv> {
  const set = new Set(allowed);
  return async function cors(c, next) {
    const origin = c.req.header('origin');
    c.header('Vary', 'Origin');
    if (!origin) return next(); // not a browser cross-origin call (a server, curl)
    if (!set.has(origin)) throw new ApiError('origin_not_allowed', `The origin ${origin.slice(0, 100)} is not on this server's allow-list.`);
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST');
      c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      c.header('Access-Control-Max-Age', String(options.maxAgeSeconds));
      return c.body(null, 204);
    }
    return next();
  };
}
