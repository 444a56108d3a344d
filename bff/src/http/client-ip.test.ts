// The client's address behind proxies: the walk over X-Forwarded-For on its own, then over real
// sockets, where every reader of the address (per-IP limit, consent, Turnstile's remoteip) must
// see the same answer.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTurnstileEmulator, TURNSTILE_EMULATOR_SECRET, TURNSTILE_EMULATOR_SITEKEY } from '@identity-verify/emulators';
import { ConfigError, loadConfig } from '../config.js';
import { startBffServer, type BffServer } from '../server.js';
import { PRIVACY_CONSENT, TEST_API_KEY } from '../testing.js';
import { normalizeIp, parseTrustedProxies, resolveClientIp, type TrustedProxies } from './client-ip.js';

function trust(...entries: string[]): TrustedProxies {
  const parsed = parseTrustedProxies(entries);
  if (!('proxies' in parsed)) throw new Error(`invalid: ${parsed.invalid.join(', ')}`);
  return parsed.proxies;
}

describe('trusted proxies', () => {
  it('parses addresses and CIDR ranges of both families, and names what is not one', () => {
    const t = trust('10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '::1');
    expect(['10.1.2.3', '192.168.1.7', '2001:db8:1::5', '::1', '::ffff:10.9.9.9'].map((a) => t.has(a))).toEqual([true, true, true, true, true]);
    expect(['11.0.0.1', '192.168.1.8', '2001:db9::1', '::2', 'nonsense'].map((a) => t.has(a))).toEqual([false, false, false, false, false]);
    expect(parseTrustedProxies(['10.0.0.0/33', 'example.com', '1.2.3.4/8/1', '::1/129', '10.0.0.1'])).toEqual({
      invalid: ['10.0.0.0/33', 'example.com', '1.2.3.4/8/1', '::1/129'],
    });
  });

  it('reads IPv4-mapped IPv6 addresses as the IPv4 they are', () => {
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(normalizeIp('1.2.3.4:80')).toBeNull();
  });

  it('takes the socket peer when it is not a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(resolveClientIp('203.0.113.9', '198.51.100.1', trust('10.0.0.0/8'))).toBe('203.0.113.9');
    expect(resolveClientIp('10.0.0.2', '198.51.100.1', trust())).toBe('10.0.0.2');
  });

  it('walks X-Forwarded-For from the right, skipping trusted hops, never trusting the leftmost blindly', () => {
    const t = trust('10.0.0.0/8', '2001:db8::/32');
    // The client forged the first entry; our two proxies appended the real address and each other.
    expect(resolveClientIp('10.0.0.2', '6.6.6.6, 198.51.100.1, 10.0.0.1', t)).toBe('198.51.100.1');
    expect(resolveClientIp('::ffff:10.0.0.2', '2a00:1450::1, 2001:db8:ffff::1', t)).toBe('2a00:1450::1');
    expect(resolveClientIp('10.0.0.2', ' 2a00:1450::1 ', t)).toBe('2a00:1450::1');
  });

  it('stops at a malformed entry and answers the last trusted hop', () => {
    const t = trust('10.0.0.0/8');
    expect(resolveClientIp('10.0.0.2', '198.51.100.1, garbage, 10.0.0.1', t)).toBe('10.0.0.1');
    expect(resolveClientIp('10.0.0.2', '198.51.100.1, 1.2.3.4:5678', t)).toBe('10.0.0.2');
    expect(resolveClientIp('10.0.0.2', '198.51.100.1,, 10.0.0.1', t)).toBe('10.0.0.1');
  });

  it('answers the last trusted hop when every entry is trusted', () => {
    expect(resolveClientIp('10.0.0.2', '10.0.0.7, 10.0.0.1', trust('10.0.0.0/8'))).toBe('10.0.0.7');
    expect(resolveClientIp(null, '198.51.100.1', trust('10.0.0.0/8'))).toBeNull();
  });

  it('is refused at start when an entry is not an address or a range', () => {
    expect(() => loadConfig({ IDV_MODE: 'development', IDV_DATA_DIR: ':memory:', IDV_TRUSTED_PROXIES: '10.0.0.0/8, lb.internal' })).toThrow(ConfigError);
  });
});

describe('behind a trusted proxy, over real sockets', () => {
  const emulator = createTurnstileEmulator();
  // The emulator's request log redacts remoteip, so the test reads the form as it leaves the BFF.
  const siteverifyForms: string[] = [];
  const recording: typeof fetch = (input, init) => {
    if (String(input).endsWith('/siteverify')) siteverifyForms.push(String(init?.body));
    return emulator.fetch(input, init);
  };
  let bff: BffServer;
  beforeAll(async () => {
    bff = await startBffServer(
      loadConfig({
        IDV_MODE: 'development',
        IDV_DATA_DIR: ':memory:',
        PORT: '0',
        IDV_LOG: 'silent',
        IDV_API_KEYS: TEST_API_KEY,
        // The test's own connections come from loopback: loopback is the load balancer here.
        IDV_TRUSTED_PROXIES: '127.0.0.0/8, ::1',
        IDV_RATE_LIMIT_PER_MINUTE: '5', // 20 per IP and minute
        TURNSTILE_SITEKEY: TURNSTILE_EMULATOR_SITEKEY,
        TURNSTILE_SECRET: TURNSTILE_EMULATOR_SECRET,
        TURNSTILE_SITEVERIFY_URL: 'http://turnstile.test/turnstile/v0/siteverify',
        TURNSTILE_SCRIPT_URL: 'http://turnstile.test/turnstile/v0/api.js?render=explicit',
      }),
      { fetch: recording },
    );
  });
  afterAll(async () => bff?.close());

  function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<{ status: number; json: any; remaining: string | undefined }>((resolve, reject) => {
      const req = request(new URL(path, bff.url), { method, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : null, remaining: res.headers['ratelimit-remaining'] as string | undefined }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  it('limits per forwarded client, not per proxy', async () => {
    const asClient = (ip: string) => call('GET', '/v1/sessions/ivs_none', { authorization: `Bearer ${TEST_API_KEY}`, 'x-forwarded-for': `6.6.6.6, ${ip}` });
    const a = await asClient('198.51.100.10');
    const b = await asClient('198.51.100.11');
    // Each client has its own bucket: both have used one of twenty.
    expect([a.remaining, b.remaining]).toEqual(['19', '19']);
    for (let i = 0; i < 19; i++) await asClient('198.51.100.10');
    expect((await asClient('198.51.100.10')).status).toBe(429);
    expect((await asClient('198.51.100.11')).status).toBe(404);
  });

  it("sends Turnstile the forwarded client's address as remoteip", async () => {
    const headers = { authorization: `Bearer ${TEST_API_KEY}`, 'x-forwarded-for': '203.0.113.50' };
    const session = await call('POST', '/v1/sessions', headers, { requirements: { layer: 'humanity', min_assurance: 'low' } });
    const widget = { authorization: `Bearer ${session.json.client_secret}`, 'x-forwarded-for': '203.0.113.50, 127.0.0.1' };
    const consent = await call('POST', '/v1/identity/consents', widget, PRIVACY_CONSENT);
    expect(consent.status, JSON.stringify(consent.json)).toBe(201);
    await call('POST', '/v1/identity/residence', widget, { country: 'SE' });
    const attempt = await call('POST', '/v1/identity/verify/initiate', widget, { provider_key: 'turnstile', requested_claims: ['verified_human'] });
    expect(attempt.status).toBe(201);
    const token = emulator.controls.mintToken({ action: attempt.json.client.action, cdata: attempt.json.client.cdata, hostname: '127.0.0.1' });
    const verified = await call('POST', '/v1/identity/verify/token', widget, { provider_key: 'turnstile', session_ref: attempt.json.session_ref, token });
    expect(verified.json.status).toBe('verified');
    expect(siteverifyForms.map((form) => new URLSearchParams(form).get('remoteip'))).toEqual(['203.0.113.50']);
  });
});
