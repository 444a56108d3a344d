// The demo server as a browser and a host backend see it: CSP on every response, the API key
// kept server-side, sessions built from named presets only, one session per browser cookie
// (__Host- and Secure over https), starts rate limited, JSON errors. The BFF is a small stand-in
// speaking the host API's wire format (the real one is exercised by the e2e suite).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDemoApp, DEMO_PROVIDERS, SECURE_SESSION_COOKIE, SESSION_COOKIE, type DemoAppDeps } from './app.js';
import { API_KEY, BFF, fakeBff } from './fake-bff.js';
import { createHostApi } from './host-api.js';
import { PRESETS } from './presets.js';
import { SessionMemory } from './sessions.js';

const TURNSTILE = 'http://127.0.0.1:9911';
const PAGE = 'http://127.0.0.1:3000';

function builtDirs() {
  const root = mkdtempSync(join(tmpdir(), 'idv-demo-test-'));
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  mkdirSync(join(root, 'widget'));
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(root, 'dist', 'assets', 'main-abc123.js'), 'export {};');
  writeFileSync(join(root, 'widget', 'identity-verify.js'), 'customElements.define("x-y", class extends HTMLElement {});');
  writeFileSync(join(root, 'secret.txt'), 'outside the served folders');
  return { distDir: join(root, 'dist'), widgetDir: join(root, 'widget') };
}

let stub: ReturnType<typeof fakeBff>;
let app: Hono;
let memory: SessionMemory;

function demoApp(options: Partial<DemoAppDeps> = {}) {
  const hostApi = createHostApi({ bffUrl: BFF, apiKey: API_KEY, fetch: async (input, init) => stub.bff.request(String(input), init) });
  return createDemoApp({ hostApi, bffUrl: BFF, providerOrigins: [TURNSTILE], sessions: memory, ...builtDirs(), ...options });
}

beforeEach(() => {
  stub = fakeBff();
  memory = new SessionMemory(3);
  app = demoApp();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: PAGE, 'sec-fetch-site': 'same-origin', ...headers },
  body: JSON.stringify(body),
});
/** The Set-Cookie of the session cookie (a first start also sets the person's, see person.test.ts). */
const sessionSetCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`) || c.startsWith(`${SECURE_SESSION_COOKIE}=`)) ?? '';
const cookieOf = (response: Response) => sessionSetCookie(response).split(';')[0] ?? '';

describe('demo server', () => {
  it('serves every response under a strict CSP naming only the BFF and Turnstile origins', async () => {
    for (const path of ['/', '/api/config', '/widget/identity-verify.js', '/nope']) {
      const policy = (await app.request(`${PAGE}${path}`)).headers.get('content-security-policy') ?? '';
      expect(policy, path).toContain("default-src 'self'");
      expect(policy, path).toContain(`script-src 'self' ${TURNSTILE}`);
      expect(policy, path).toContain(`frame-src ${TURNSTILE}`);
      expect(policy, path).toContain(`connect-src 'self' ${BFF}`);
      expect(policy, path).toContain("object-src 'none'");
      expect(policy, path).toContain("base-uri 'none'");
      expect(policy, path).not.toMatch(/unsafe-(inline|eval)/);
    }
  });

  it('serves the built page and the built widget, and nothing outside them', async () => {
    expect(await (await app.request(`${PAGE}/`)).text()).toContain('<title>demo</title>');
    const widget = await app.request(`${PAGE}/widget/identity-verify.js`);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    expect(await widget.text()).toContain('customElements.define');
    expect((await app.request(`${PAGE}/assets/main-abc123.js`)).headers.get('cache-control')).toContain('immutable');
    for (const path of ['/../secret.txt', '/widget/../../secret.txt', '/%2e%2e/secret.txt']) {
      const response = await app.request(`${PAGE}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('hands the page its configuration, without the API key', async () => {
    const response = await app.request(`${PAGE}/api/config`);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ bff_url: BFF, privacy_policy_path: '/privacy.html' });
    expect(text).not.toContain(API_KEY);
  });

  it('creates a session with the API key and resumes it for the same browser only', async () => {
    expect(await (await app.request(`${PAGE}/api/session`)).json()).toEqual({ session: null });
    const created = await app.request(`${PAGE}/api/session`, json({ preset: 'humanity', providers: ['turnstile'], locale: 'en' }));
    expect(created.status).toBe(201);
    const setCookie = sessionSetCookie(created);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    // Plain http (the local demo on 127.0.0.1): a Secure cookie would never come back.
    expect(setCookie).not.toMatch(/Secure/i);
    expect(setCookie).not.toContain('ivs_');
    const text = await created.text();
    expect(text).not.toContain(API_KEY);
    const { session } = JSON.parse(text);
    expect(session).toMatchObject({ id: 'ivs_1', client_secret: 'ivs_1_secret_abc', locale: 'en', host: { status: 'requires_input' } });
    expect(stub.seen[0]?.body).toMatchObject({
      requirements: { layer: 'humanity', min_assurance: 'low', accepted_providers: ['turnstile'] },
      metadata: { source: 'demo', preset: 'humanity' },
    });

    const resumed = await app.request(`${PAGE}/api/session`, { headers: { cookie: cookieOf(created) } });
    expect((await resumed.json()).session).toMatchObject({ id: 'ivs_1', client_secret: 'ivs_1_secret_abc' });
    const stranger = await app.request(`${PAGE}/api/session`, { headers: { cookie: `${SESSION_COOKIE}=guessed` } });
    expect(await stranger.json()).toEqual({ session: null });

    const forgotten = await app.request(`${PAGE}/api/session`, { method: 'DELETE', headers: { cookie: cookieOf(created), origin: PAGE } });
    expect(await forgotten.json()).toEqual({ session: null });
    expect(await (await app.request(`${PAGE}/api/session`, { headers: { cookie: cookieOf(created) } })).json()).toEqual({ session: null });
  });

  it('drops a remembered session the BFF no longer knows', async () => {
    const created = await app.request(`${PAGE}/api/session`, json({ preset: 'humanity' }));
    stub.sessions.clear();
    const response = await app.request(`${PAGE}/api/session`, { headers: { cookie: cookieOf(created) } });
    expect(await response.json()).toEqual({ session: null });
    expect(memory.size).toBe(0);
  });

  it('refuses bad input, other content types and cross-site writes with JSON errors', async () => {
    const invalid = await app.request(`${PAGE}/api/session`, json({ preset: 'astral', capture: 'telepathy' }));
    expect(invalid.status).toBe(400);
    const body = await invalid.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['body.preset', 'body.capture']));
    const form = await app.request(`${PAGE}/api/session`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PAGE }, body: 'a=b' });
    expect(form.status).toBe(415);
    const crossSite = await app.request(`${PAGE}/api/session`, json({ preset: 'humanity' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }));
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe('origin_not_allowed');
    expect(stub.seen).toHaveLength(0);
  });

  it('relays the BFF refusing the API key, and a BFF that cannot be reached', async () => {
    const wrongKey = createDemoApp({
      hostApi: createHostApi({ bffUrl: BFF, apiKey: 'sk_wrong', fetch: async (input, init) => stub.bff.request(String(input), init) }),
      bffUrl: BFF, ...builtDirs(),
    });
    const refused = await wrongKey.request(`${PAGE}/api/session`, json({ preset: 'humanity' }));
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthorized');

    const down = createDemoApp({
      hostApi: createHostApi({ bffUrl: 'http://127.0.0.1:1', apiKey: API_KEY }),
      bffUrl: BFF, ...builtDirs(),
    });
    const unreachable = await down.request(`${PAGE}/api/session`, json({ preset: 'humanity' }));
    expect(unreachable.status).toBe(502);
    expect(await unreachable.json()).toEqual({ error: { code: 'bff_unreachable', message: 'The verification service could not be reached.' } });
  });

  it('keeps at most its limit of remembered sessions', async () => {
    const cookies: string[] = [];
    for (let i = 0; i < 4; i++) cookies.push(cookieOf(await app.request(`${PAGE}/api/session`, json({ preset: 'humanity' }))));
    expect(memory.size).toBe(3);
    expect((await (await app.request(`${PAGE}/api/session`, { headers: { cookie: cookies[0]! } })).json()).session).toBeNull();
    expect((await (await app.request(`${PAGE}/api/session`, { headers: { cookie: cookies[3]! } })).json()).session.id).toBe('ivs_4');
  });
  it('builds each preset\'s requirements on the server, offering the providers of the preset that run here', async () => {
    for (const preset of PRESETS) {
      const created = await app.request(`${PAGE}/api/session`, json({ preset: preset.key }));
      expect(created.status, preset.key).toBe(201);
      const accepted_providers = preset.providers.filter((p) => DEMO_PROVIDERS.includes(p));
      // A preset of a service (delegation) sets the service's requirement, then starts a session for it.
      const service = 'service' in preset ? stub.seen.at(-2) : undefined;
      if ('service' in preset) {
        expect(service?.path, preset.key).toMatch(new RegExp(`^/v1/services/${preset.service.id}\\.[0-9a-f]{10}/requirements$`));
        expect(service?.body).toEqual({
          layer: 'delegation', requires_claim: 'verified_identity', minimum_assurance: preset.requirements.min_assurance, accepted_providers,
          required_scopes: preset.service.required_scopes, scope_descriptions: preset.service.scope_descriptions, requires_pii: true, lawful_basis: 'consent',
        });
      }
      expect(stub.seen.at(-1)?.body, preset.key).toEqual({
        ...(service ? { service_id: service.path.split('/')[3] } : { requirements: { ...preset.requirements, accepted_providers } }),
        reference: expect.stringMatching(/^demo-/),
        subject: expect.stringMatching(/^demo_/),
        metadata: { source: 'demo', preset: preset.key, ...('metadata' in preset ? preset.metadata : {}) },
      });
    }
    const narrowed = await app.request(`${PAGE}/api/session`, json({ preset: 'identity_selfie', providers: ['onfido'], capture: 'native' }));
    expect(narrowed.status).toBe(201);
    expect(stub.seen.at(-1)?.body).toMatchObject({ requirements: { layer: 'identity', face_check: 'photo', accepted_providers: ['onfido'], capture: 'native' } });
  });

  it('takes no requirements from the browser, and no provider its preset cannot use', async () => {
    const raw = await app.request(`${PAGE}/api/session`, json({ preset: 'humanity', requirements: { layer: 'humanity', min_assurance: 'low', accepted_providers: ['yoti'] } }));
    expect(raw.status).toBe(400);
    expect((await raw.json()).error.code).toBe('validation_failed');
    const human = await app.request(`${PAGE}/api/session`, json({ preset: 'identity_low', providers: ['turnstile', 'onfido'] }));
    expect(human.status).toBe(400);
    expect((await human.json()).error).toMatchObject({
      code: 'validation_failed',
      message: '“Identity, low assurance” cannot be done with Cloudflare Turnstile. Tick none, or some of: Stripe Identity, Onfido, Signicat Assure (Onfido), Login.gov, ID.me, BankID (Sweden).',
      details: { issues: [{ path: 'body.providers' }] },
    });
    const onlyTurnstile = demoApp({ providers: ['turnstile'] });
    expect(await (await onlyTurnstile.request(`${PAGE}/api/config`)).json()).toMatchObject({ providers: ['turnstile'] });
    const none = await onlyTurnstile.request(`${PAGE}/api/session`, json({ preset: 'identity_high' }));
    expect([none.status, (await none.json()).error.message]).toEqual([400, 'No provider of “Identity, high assurance” runs here.']);
    expect(stub.seen).toHaveLength(0);
  });

  it('over https sets a __Host- cookie, Secure, and reads only that one', async () => {
    const HTTPS_PAGE = 'https://demo.example';
    const created = await app.request(`${HTTPS_PAGE}/api/session`, json({ preset: 'humanity' }, { origin: HTTPS_PAGE }));
    expect(created.status).toBe(201);
    const setCookie = sessionSetCookie(created);
    expect(setCookie).toMatch(new RegExp(`^${SECURE_SESSION_COOKIE}=[^;]+; Max-Age=7200; Path=/; HttpOnly; Secure; SameSite=Strict$`));
    const resumed = await app.request(`${HTTPS_PAGE}/api/session`, { headers: { cookie: cookieOf(created) } });
    expect((await resumed.json()).session).toMatchObject({ id: 'ivs_1' });
    // The same id without the prefix could have been set by a sibling subdomain or over http: ignored.
    const unprefixed = cookieOf(created).replace(SECURE_SESSION_COOKIE, SESSION_COOKIE);
    expect(await (await app.request(`${HTTPS_PAGE}/api/session`, { headers: { cookie: unprefixed } })).json()).toEqual({ session: null });
    const dropped = await app.request(`${HTTPS_PAGE}/api/session`, { method: 'DELETE', headers: { cookie: cookieOf(created), origin: HTTPS_PAGE } });
    expect(dropped.headers.get('set-cookie')).toMatch(new RegExp(`^${SECURE_SESSION_COOKIE}=; Max-Age=0; Path=/; Secure`));
    // Behind a proxy that ends TLS the request looks like http; the deployment says it is https.
    const proxied = await demoApp({ https: true }).request(`${PAGE}/api/session`, json({ preset: 'humanity' }));
    expect(sessionSetCookie(proxied)).toMatch(new RegExp(`^${SECURE_SESSION_COOKIE}=.*; Secure`));
  });

  it('limits how many sessions one client address starts, with a readable 429 and Retry-After', async () => {
    let now = 1_000_000;
    const limited = demoApp({ sessionRateLimit: { limit: 2, windowMs: 60_000 }, now: () => now });
    const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
    const start = (address: string) => limited.request(`${PAGE}/api/session`, json({ preset: 'humanity' }), from(address));
    expect([(await start('192.0.2.1')).status, (await start('192.0.2.1')).status]).toEqual([201, 201]);
    now += 20_000;
    const refused = await start('192.0.2.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(await refused.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many verifications were started from here. Try again in 40 seconds.', details: { retry_after_seconds: 40 } },
    });
    expect(stub.seen).toHaveLength(2);
    expect((await start('192.0.2.2')).status).toBe(201);
    // Reading and resuming are not limited; starting again is, until the window has passed.
    expect((await limited.request(`${PAGE}/api/session`, {}, from('192.0.2.1'))).status).toBe(200);
    now += 40_000;
    expect((await start('192.0.2.1')).status).toBe(201);
  });
});
