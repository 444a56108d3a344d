// The request guards on their own, in a small Hono app behind the BFF's error boundary: the origin
// allow-list (CORS that also refuses, so a page on another origin cannot make the BFF act) and the
// per-address fixed-window limit, on a clock the test moves.
import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.js';
import { handleError } from './boundary.js';
import type { AppEnv } from './env.js';
import { corsAllowList, ipRateLimit } from './guards.js';
import { FixedWindowLimiter } from './rate-limit.js';

const ALLOWED = 'https://shop.example';
const LIMIT = 2;
const WINDOW_MS = 60_000;

let now: number;
let reached: number;
let app: Hono<AppEnv>;

beforeEach(() => {
  // Mid-window, so the reset the limiter announces is what is left of this minute.
  now = Date.UTC(2026, 11, 7, 12, 0, 15);
  reached = 0;
  app = new Hono<AppEnv>();
  app.onError(handleError(silentLogger));
  // The client's address, as client-ip.ts resolves it before the guards.
  app.use('*', async (c, next) => {
    c.set('clientIp', c.req.header('x-test-ip') ?? null);
    await next();
  });
  app.use('/v1/identity/*', corsAllowList([ALLOWED], { maxAgeSeconds: 600 }));
  app.use('/v1/identity/*', ipRateLimit(new FixedWindowLimiter(LIMIT, WINDOW_MS, () => now)));
  app.post('/v1/identity/consents', (c) => {
    reached++;
    return c.json({ ok: true }, 201);
  });
});

const post = (headers: Record<string, string> = {}) => app.request('/v1/identity/consents', { method: 'POST', headers });

describe('the origin allow-list', () => {
  it('lets a call with no Origin through (a server, curl), varying on Origin for caches', async () => {
    const r = await post();
    expect(r.status).toBe(201);
    expect(r.headers.get('vary')).toBe('Origin');
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an allowed origin with its CORS headers, the request id and Retry-After readable', async () => {
    const r = await post({ origin: ALLOWED });
    expect(r.status).toBe(201);
    expect(r.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(r.headers.get('access-control-expose-headers')).toBe('X-Request-Id, Retry-After');
  });

  it('refuses any other origin before the route acts, naming the origin, in JSON', async () => {
    const r = await post({ origin: 'https://evil.example' });
    expect(r.status).toBe(403);
    expect((await r.json()).error).toMatchObject({ code: 'origin_not_allowed', message: 'The origin https://evil.example is not on this server\'s allow-list.' });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(reached).toBe(0);
  });

  it('answers an allowed preflight with 204 and how long to keep it; another origin\'s preflight is refused', async () => {
    const preflight = (origin: string) =>
      app.request('/v1/identity/consents', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    const ok = await preflight(ALLOWED);
    expect(ok.status).toBe(204);
    expect(Object.fromEntries([...ok.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'Authorization, Content-Type',
      'access-control-max-age': '600',
      'access-control-expose-headers': 'X-Request-Id, Retry-After',
    });
    expect((await preflight('https://evil.example')).status).toBe(403);
    expect(reached).toBe(0);
  });
});

describe('the per-address limit', () => {
  it('counts each address on its own, tells what is left, and refuses past the limit with when to retry', async () => {
    const from = (ip: string) => post({ 'x-test-ip': ip });
    const first = await from('203.0.113.7');
    expect([first.status, first.headers.get('ratelimit-limit'), first.headers.get('ratelimit-remaining'), first.headers.get('ratelimit-reset')]).toEqual([201, '2', '1', '45']);
    expect((await from('203.0.113.7')).headers.get('ratelimit-remaining')).toBe('0');
    const refused = await from('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    expect((await refused.json()).error).toMatchObject({ code: 'rate_limited', details: { retry_after_seconds: 45 } });
    // Another address is not held back by the first.
    expect((await from('198.51.100.2')).status).toBe(201);
    expect(reached).toBe(3);
  });

  it('starts over with the next window, on the minute, forgetting every address', async () => {
    for (let i = 0; i <= LIMIT; i++) await post({ 'x-test-ip': '203.0.113.7' });
    expect((await post({ 'x-test-ip': '203.0.113.7' })).status).toBe(429);
    now += 45_000; // the next minute begins
    const again = await post({ 'x-test-ip': '203.0.113.7' });
    expect([again.status, again.headers.get('ratelimit-remaining'), again.headers.get('ratelimit-reset')]).toEqual([201, '1', '60']);
  });

  it('puts calls with no known address (no socket, as in tests) under one key, still limited', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(429);
  });
});
