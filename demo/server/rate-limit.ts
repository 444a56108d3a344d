// A small in-memory limiter for costly routes (creating a session calls the BFF and opens a
// record there): at most `limit` requests per key in any window of `windowMs`, answered past that
// with a readable 429 and Retry-After. One process only: several replicas need a shared store.
import type { Context, MiddlewareHandler } from 'hono';

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  /** Who is counted: the client's address by default. Behind a proxy, its trusted forwarded address. */
  keyOf: (c: Context) => string;
  /** Most keys remembered at once, so a flood of addresses cannot grow memory without bound. */
  maxKeys?: number;
  now?: () => number;
  /** What was done too often, in the refusal's words (default: "verifications were started"). */
  what?: string;
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { limit, windowMs, keyOf, maxKeys = 10_000, now = Date.now, what = 'verifications were started' } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('rateLimit: limit must be a positive integer.');
  if (!Number.isFinite(windowMs) || windowMs < 1) throw new RangeError('rateLimit: windowMs must be positive.');
  // Each key's request times within the window, oldest first; a Map keeps the least recent key first.
  const hits = new Map<string, number[]>();

  return async function limitRate(c, next) {
    const at = now();
    const key = keyOf(c);
    const recent = (hits.get(key) ?? []).filter((t) => t > at - windowMs);
    hits.delete(key);
    if (recent.length >= limit) {
      hits.set(key, recent);
      const retryAfter = Math.max(1, Math.ceil((recent[0]! + windowMs - at) / 1000));
      c.header('Retry-After', String(retryAfter));
      return c.json(
        {
          error: {
            code: 'rate_limited',
            message: `Too many ${what} from here. Try again in ${retryAfter} seconds.`,
            details: { retry_after_seconds: retryAfter },
          },
        },
        429,
      );
    }
    recent.push(at);
    hits.set(key, recent);
    while (hits.size > maxKeys) hits.delete(hits.keys().next().value!);
    return next();
  };
}
