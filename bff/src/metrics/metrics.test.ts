// /metrics as a scraper reads it: protected by its token (or absent), on the API port or its own,
// labelled by route pattern and provider operation, never by raw path; kept out of /openapi.json.
import { afterEach, describe, expect, it } from 'vitest';
import { createTurnstileEmulator, TURNSTILE_EMULATOR_SECRET, TURNSTILE_EMULATOR_SITEKEY } from '@identity-verify/emulators';
import { loadConfig } from '../config.js';
import { startBffServer, type BffServer } from '../server.js';
import { createTestBff, TEST_API_KEY } from '../testing.js';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';
const TURNSTILE_ENV = {
  TURNSTILE_SITEKEY: TURNSTILE_EMULATOR_SITEKEY,
  TURNSTILE_SECRET: TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_SITEVERIFY_URL: 'http://turnstile.test/turnstile/v0/siteverify',
  TURNSTILE_SCRIPT_URL: 'http://turnstile.test/turnstile/v0/api.js?render=explicit',
  STRIPE_SECRET_KEY: 'sk_test_metrics',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_metrics',
  STRIPE_WEBHOOK_SECRET: 'whsec_metrics',
};

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0)) await stop();
});

async function testBff(env: Record<string, string> = {}) {
  const turnstile = createTurnstileEmulator();
  const bff = await createTestBff({ ...TURNSTILE_ENV, ...env }, turnstile.fetch);
  cleanup.push(bff.close);
  return bff;
}

describe('/metrics on the API port', () => {
  it('is no route at all without a token configured', async () => {
    const bff = await testBff();
    const r = await bff.call('GET', '/metrics', { auth: TOKEN });
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
  });

  it('asks for its token, compared whole', async () => {
    const bff = await testBff({ IDV_METRICS_TOKEN: TOKEN });
    for (const auth of [undefined, TEST_API_KEY, TOKEN.slice(0, -1), `${TOKEN}x`]) {
      const r = await bff.call('GET', '/metrics', auth ? { auth } : {});
      expect(r.status, String(auth)).toBe(401);
      expect(r.json.error.code).toBe('unauthorized');
    }
    expect((await bff.call('GET', '/metrics', { auth: TOKEN })).status).toBe(200);
  });

  it('labels requests by route pattern and counts open attempts and webhook outcomes', async () => {
    const bff = await testBff({ IDV_METRICS_TOKEN: TOKEN });
    await bff.call('GET', '/v1/sessions/ivs_secret_looking_id', { auth: TEST_API_KEY });
    await bff.call('GET', '/no/such/path/ivs_other');
    const s = await bff.readySession('SE');
    const started = await bff.call('POST', '/v1/identity/verify/initiate', { auth: s.client_secret, body: { provider_key: 'turnstile', requested_claims: ['verified_human'] } });
    expect(started.status).toBe(201);
    await bff.call('POST', '/v1/providers/stripe_identity/webhook', { body: { id: 'evt_forged' }, headers: { 'stripe-signature': 't=1,v1=00' } });

    const r = await bff.call('GET', '/metrics', { auth: TOKEN });
    expect(r.headers.get('content-type')).toContain('text/plain');
    expect(r.text).toMatch(/idv_http_request_duration_seconds_count\{route="\/v1\/sessions\/:id",method="GET",status_class="4xx"\} 1/);
    expect(r.text).toMatch(/idv_http_request_duration_seconds_count\{route="unmatched",method="GET",status_class="4xx"\} 1/);
    expect(r.text).not.toContain('ivs_secret_looking_id');
    expect(r.text).not.toContain('/no/such/path');
    expect(r.text).toMatch(/idv_open_attempts\{provider="turnstile",status="pending"\} 1/);
    expect(r.text).toMatch(/idv_webhooks_total\{provider="stripe_identity",outcome="signature_invalid"\} 1/);
  });

  it('is not in /openapi.json', async () => {
    const bff = await testBff({ IDV_METRICS_TOKEN: TOKEN });
    const doc = await bff.call('GET', '/openapi.json');
    expect(Object.keys(doc.json.paths)).not.toContain('/metrics');
  });

  it('keeps each app its own counters', async () => {
    const a = await testBff({ IDV_METRICS_TOKEN: TOKEN });
    const b = await testBff({ IDV_METRICS_TOKEN: TOKEN });
    await a.call('GET', '/health');
    await a.call('GET', '/health');
    const count = async (bff: typeof a) => /idv_http_request_duration_seconds_count\{route="\/health",method="GET",status_class="2xx"\} (\d+)/.exec((await bff.call('GET', '/metrics', { auth: TOKEN })).text)?.[1] ?? '0';
    expect([await count(a), await count(b)]).toEqual(['2', '0']);
  });
});

describe('/metrics on a port of its own', () => {
  let server: BffServer;
  it('serves it there only, without a token when none is configured', async () => {
    server = await startBffServer(loadConfig({ IDV_MODE: 'development', IDV_DATA_DIR: ':memory:', PORT: '0', IDV_METRICS_PORT: '0', IDV_LOG: 'silent', IDV_API_KEYS: TEST_API_KEY }));
    cleanup.push(() => server.close());
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.metricsUrl).not.toBe(server.url);
    const scrape = await fetch(`${server.metricsUrl}/metrics`);
    expect(scrape.status).toBe(200);
    // The real server's registry also has the process's own metrics.
    expect(await scrape.text()).toContain('idv_process_resident_memory_bytes');
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    const other = await fetch(`${server.metricsUrl}/v1/sessions`);
    expect(other.status).toBe(404);
    expect((await other.json()).error.code).toBe('not_found');
  });
});
