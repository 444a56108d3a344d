import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBff, PRIVACY_CONSENT, TEST_API_KEY, TEST_ORIGIN } from './testing.js';
import { consentAsShown } from './testing-consent.js';

type Bff = Awaited<ReturnType<typeof createTestBff>>;
let bff: Bff;
beforeEach(async () => {
  bff = await createTestBff();
});
afterEach(async () => {
  await bff.close();
});

describe('host backend API', () => {
  it('creates a session and reads it back with the API key', async () => {
    const created = await bff.call('POST', '/v1/sessions', {
      auth: TEST_API_KEY,
      body: { reference: 'order-42', requirements: { layer: 'humanity' }, locale: 'es', metadata: { plan: 'pro' } },
    });
    expect(created.status).toBe(201);
    expect(created.json.client_secret).toMatch(new RegExp(`^${created.json.id}_secret_`));
    const read = await bff.call('GET', `/v1/sessions/${created.json.id}`, { auth: TEST_API_KEY });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      id: created.json.id,
      status: 'requires_input',
      reference: 'order-42',
      locale: 'es',
      requirements: { layer: 'humanity', min_assurance: 'low', accepted_providers: [], allowed_countries: [] },
      claims: [],
      last_error: null,
      metadata: { plan: 'pro' },
    });
    expect(read.json).not.toHaveProperty('client_secret');
    expect(read.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a missing, wrong or widget credential', async () => {
    const s = await bff.createSession();
    expect((await bff.call('POST', '/v1/sessions', { body: {} })).json.error.code).toBe('unauthorized');
    const wrong = await bff.call('POST', '/v1/sessions', { auth: 'sk_test_wrongwrongwrongwrongwrong', body: {} });
    expect(wrong.status).toBe(401);
    const withClientSecret = await bff.call('GET', `/v1/sessions/${s.id}`, { auth: s.client_secret });
    expect(withClientSecret.status).toBe(401);
  });

  it('answers 404 for an unknown session and route', async () => {
    expect((await bff.call('GET', '/v1/sessions/ivs_nope', { auth: TEST_API_KEY })).json.error.code).toBe('not_found');
    const route = await bff.call('GET', '/v1/nothing-here');
    expect(route.status).toBe(404);
    expect(route.json.error.code).toBe('not_found');
  });

  it('cancels an open session once', async () => {
    const s = await bff.createSession();
    const first = await bff.call('POST', `/v1/sessions/${s.id}/cancel`, { auth: TEST_API_KEY });
    expect(first.json.status).toBe('canceled');
    const second = await bff.call('POST', `/v1/sessions/${s.id}/cancel`, { auth: TEST_API_KEY });
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('session_closed');
  });
});

describe('malformed input gets a 4xx JSON error naming the problem', () => {
  const cases: [string, Record<string, unknown>, number, string, string?][] = [
    ['wrong type', { body: { requirements: { layer: 7 } } }, 400, 'validation_failed', 'body.requirements.layer'],
    ['unknown layer', { body: { requirements: { layer: 'delegation' } } }, 400, 'validation_failed', 'body.requirements.layer'],
    ['unknown field', { body: { surprise: true } }, 400, 'validation_failed', 'body'],
    ['bad country', { body: { requirements: { allowed_countries: ['XX'] } } }, 400, 'validation_failed', 'body.requirements.allowed_countries.0'],
    ['bad URL', { body: { return_url: 'javascript:alert(1)' } }, 400, 'validation_failed', 'body.return_url'],
    ['bad JSON', { body: '{"reference": ' }, 400, 'invalid_json'],
    ['array body', { body: '[1,2]' }, 400, 'validation_failed', 'body'],
    ['wrong content type', { body: 'reference=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    ['huge body', { body: JSON.stringify({ reference: 'x'.repeat(200_000) }) }, 413, 'payload_too_large'],
  ];
  it.each(cases)('%s', async (_name, options, status, code, path) => {
    const r = await bff.call('POST', '/v1/sessions', { auth: TEST_API_KEY, ...options });
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(code);
    expect(r.json.error.message).toEqual(expect.any(String));
    expect(r.json.error.request_id).toEqual(expect.any(String));
    if (path) expect(r.json.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(r.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('names every missing field of the widget endpoints', async () => {
    const s = await bff.createSession();
    const r = await bff.call('POST', '/v1/identity/verify/token', { auth: s.client_secret, body: {} });
    expect(r.status).toBe(400);
    expect(r.json.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'body.provider_key',
      'body.session_ref',
      'body.token',
    ]);
  });

  it('rejects an unknown query parameter and a bad country in the query', async () => {
    const s = await bff.createSession();
    const bad = await bff.call('GET', '/v1/identity/providers?country=Sweden', { auth: s.client_secret });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.issues[0].path).toBe('query.country');
    expect((await bff.call('GET', '/v1/identity/providers?x=1', { auth: s.client_secret })).status).toBe(400);
  });
});

describe('widget API', () => {
  it('reaches only its own session', async () => {
    const a = await bff.createSession();
    const b = await bff.createSession();
    const view = await bff.call('GET', '/v1/identity/session', { auth: a.client_secret });
    expect(view.json.id).toBe(a.id);
    const forged = `${b.id}_secret_${a.client_secret.split('_secret_')[1]}`;
    expect((await bff.call('GET', '/v1/identity/session', { auth: forged })).status).toBe(401);
    expect((await bff.call('GET', '/v1/identity/session', { auth: TEST_API_KEY })).status).toBe(401);
  });

  it('expires the client secret with the session', async () => {
    const s = await bff.createSession();
    bff.clock.advance(3601_000);
    const r = await bff.call('GET', '/v1/identity/session', { auth: s.client_secret });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('client_secret_expired');
    const host = await bff.call('GET', `/v1/sessions/${s.id}`, { auth: TEST_API_KEY });
    expect(host.json).toMatchObject({ status: 'expired', last_error: { code: 'session_expired' } });
  });

  it('refuses to initiate before privacy consent and before residence', async () => {
    const s = await bff.createSession();
    const body = { provider_key: 'turnstile', requested_claims: ['verified_human'] };
    const noConsent = await bff.call('POST', '/v1/identity/verify/initiate', { auth: s.client_secret, body });
    expect(noConsent.status).toBe(403);
    expect(noConsent.json.error.code).toBe('consent_required');
    await bff.call('POST', '/v1/identity/consents', {
      auth: s.client_secret,
      body: PRIVACY_CONSENT,
    });
    const noCountry = await bff.call('POST', '/v1/identity/verify/initiate', { auth: s.client_secret, body });
    expect(noCountry.json.error.code).toBe('residence_required');
  });

  it('records consent with a hash of the text, the IP and user agent, and a decline cancels', async () => {
    const s = await bff.createSession();
    const declined = { ...PRIVACY_CONSENT, decision: 'declined' };
    const r = await bff.call('POST', '/v1/identity/consents', { auth: s.client_secret, headers: { 'user-agent': 'TestBrowser/1.0' }, body: declined });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ decision: 'declined', session_status: 'canceled' });
    const { createHash } = await import('node:crypto');
    expect(r.json.text_sha256).toBe(createHash('sha256').update(PRIVACY_CONSENT.text).digest('hex'));
    const consents = await bff.call('GET', `/v1/sessions/${s.id}/consents`, { auth: TEST_API_KEY });
    expect(consents.json).toEqual([
      expect.objectContaining({ notice: 'privacy_notice', version: PRIVACY_CONSENT.version, decision: 'declined', locale: 'en', user_agent: 'TestBrowser/1.0' }),
    ]);
    const host = await bff.call('GET', `/v1/sessions/${s.id}`, { auth: TEST_API_KEY });
    expect(host.json).toMatchObject({ status: 'canceled', last_error: { code: 'consent_declined' } });
    const again = await bff.call('POST', '/v1/identity/consents', { auth: s.client_secret, body: PRIVACY_CONSENT });
    expect(again.json.error.code).toBe('session_closed');
  });

  it('records only notices it would have shown: a made-up version, wording, language or notice is refused and nothing is recorded', async () => {
    const s = await bff.createSession();
    const refusals = [
      { ...PRIVACY_CONSENT, version: '2099-01' },
      { ...PRIVACY_CONSENT, text: 'You agree to everything.' },
      { ...PRIVACY_CONSENT, text: PRIVACY_CONSENT.text.replace('only the result', 'all your data') },
      // The host is named once, the same throughout.
      { ...PRIVACY_CONSENT, text: PRIVACY_CONSENT.text.replace('and Acme receives', 'and Initech receives') },
      { ...PRIVACY_CONSENT, locale: 'fr' },
      // The identity wording for a humanity session.
      consentAsShown('privacy_notice', 'accepted', { layer: 'identity' }),
      // A provider notice of no configured provider (Onfido is not configured here).
      consentAsShown('onfido_biometric_us'),
    ];
    for (const body of refusals) {
      const r = await bff.call('POST', '/v1/identity/consents', { auth: s.client_secret, body });
      expect([r.status, r.json.error.code, r.json.error.details.issues[0].path]).toEqual([400, 'validation_failed', 'body.text']);
      expect(r.json.error.details.issues[0].message).toMatch(/privacy_notice|onfido_biometric_us|fr/);
    }
    expect((await bff.call('GET', `/v1/sessions/${s.id}/consents`, { auth: TEST_API_KEY })).json).toEqual([]);
    // What the widget shows, in Spanish with the host's policy link, is recorded.
    const spanish = consentAsShown('privacy_notice', 'accepted', { layer: 'humanity', locale: 'es', organization: 'Acme Bank' });
    const withLink = { ...spanish, locale: 'es-MX', text: `${spanish.text}\nLee el aviso de privacidad: https://acme.example/privacy` };
    expect((await bff.call('POST', '/v1/identity/consents', { auth: s.client_secret, body: withLink })).status).toBe(201);
  });

  it('filters the catalogue by requirements', async () => {
    const withTurnstile = await createTestBff({ TURNSTILE_SITEKEY: 'sk', TURNSTILE_SECRET: 'secret-for-tests' });
    try {
      const human = await withTurnstile.createSession({ requirements: { layer: 'humanity' } });
      const list = await withTurnstile.call('GET', '/v1/identity/providers?country=SE', { auth: human.client_secret });
      expect(list.json.map((p: { provider_key: string }) => p.provider_key)).toEqual(['turnstile']);
      expect(list.json[0]).toMatchObject({ flow: 'inline_token', assurance_level: 'low', claim_types: ['verified_human'] });
      const identity = await withTurnstile.createSession({ requirements: { layer: 'identity' } });
      expect((await withTurnstile.call('GET', '/v1/identity/providers', { auth: identity.client_secret })).json).toEqual([]);
      const substantial = await withTurnstile.createSession({ requirements: { min_assurance: 'substantial' } });
      expect((await withTurnstile.call('GET', '/v1/identity/providers', { auth: substantial.client_secret })).json).toEqual([]);
      const onlyUs = await withTurnstile.createSession({ requirements: { allowed_countries: ['US'] } });
      expect((await withTurnstile.call('GET', '/v1/identity/providers?country=SE', { auth: onlyUs.client_secret })).json).toEqual([]);
    } finally {
      await withTurnstile.close();
    }
  });
});

describe('edge security', () => {
  it('allows CORS only for allow-listed origins and refuses others outright', async () => {
    const s = await bff.createSession();
    const preflight = await bff.app.request('/v1/identity/session', {
      method: 'OPTIONS',
      headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    const evil = await bff.call('GET', '/v1/identity/session', { auth: s.client_secret, headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.json.error.code).toBe('origin_not_allowed');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends secure headers', async () => {
    const r = await bff.call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-request-id')).toBeTruthy();
  });

  it('rate limits a client secret', async () => {
    const limited = await createTestBff({ IDV_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const s = await limited.createSession();
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.call('GET', '/v1/identity/session', { auth: s.client_secret })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const r = await limited.call('GET', '/v1/identity/session', { auth: s.client_secret });
      expect(r.json.error.code).toBe('rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      limited.clock.advance(60_000);
      expect((await limited.call('GET', '/v1/identity/session', { auth: s.client_secret })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('logs routes and statuses, never secrets or bodies', async () => {
    const s = await bff.createSession({ reference: 'customer-jane-doe@example.com' });
    await bff.call('GET', '/v1/identity/session', { auth: s.client_secret });
    const text = JSON.stringify(bff.logs);
    expect(bff.logs.some((l) => l.route === '/v1/identity/session' && l.status === 200)).toBe(true);
    expect(text).not.toContain(s.client_secret);
    expect(text).not.toContain(TEST_API_KEY);
    expect(text).not.toContain('jane-doe');
  });
});

describe('OpenAPI', () => {
  it('documents every route with its schemas', async () => {
    const r = await bff.call('GET', '/openapi.json');
    expect(r.json.openapi).toBe('3.1.0');
    expect(Object.keys(r.json.paths)).toEqual(
      expect.arrayContaining(['/v1/sessions', '/v1/sessions/{id}', '/v1/identity/providers', '/v1/identity/verify/initiate', '/v1/identity/verify/token', '/v1/identity/consents']),
    );
    expect(r.json.paths['/v1/sessions'].post.requestBody.content['application/json'].schema.properties.requirements).toBeDefined();
    expect(r.json.paths).not.toHaveProperty('/__test__/clock');
  });
});
