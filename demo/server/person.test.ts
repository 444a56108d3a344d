// The browser's person at the demo's host backend: one opaque demo subject per browser (not its
// cookie), named by each session it starts, with reuse only when the form asks; the subject's
// claims and passports read with the API key; a passport issued with chosen claims; a claim
// revoked only by its own person's browser, felling the passports carrying it and no other.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDemoApp, SESSION_COOKIE, type DemoAppDeps } from './app.js';
import { API_KEY, BFF, fakeBff } from './fake-bff.js';
import { createEventInbox, EVENTS_PATH, SIGNATURE_HEADER } from './event-inbox.js';
import { createHostApi } from './host-api.js';
import { signHostEvent, type HostEvent } from '@identity-verify/contract/host-events';
import { PERSON_COOKIE, SECURE_PERSON_COOKIE, type PersonView, type RevokeResult } from './person.js';

const PAGE = 'http://127.0.0.1:3000';

let stub: ReturnType<typeof fakeBff>;
let app: Hono;

function demoApp(options: Partial<DemoAppDeps> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'idv-demo-person-'));
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>demo</title>');
  const hostApi = createHostApi({ bffUrl: BFF, apiKey: API_KEY, fetch: async (input, init) => stub.bff.request(String(input), init) });
  return createDemoApp({ hostApi, bffUrl: BFF, distDir: join(root, 'dist'), widgetDir: root, ...options });
}

beforeEach(() => {
  stub = fakeBff();
  app = demoApp();
});

const write = (method: string, body?: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), origin: PAGE, 'sec-fetch-site': 'same-origin', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
const setCookieOf = (response: Response, name: string) => response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '';

/** A browser: its cookies kept from one response to the next, as a browser keeps them. */
function browser(target = () => app) {
  const jar = new Map<string, string>();
  return async (path: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await target().request(`${PAGE}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const [name, value] = pair!.split('=');
      if (value) jar.set(name!, value);
      else jar.delete(name!);
    }
    return response;
  };
}

const startsOf = () => stub.seen.filter((s) => s.path === '/v1/sessions').map((s) => s.body as { subject?: string; reuse_claims?: boolean });

describe("the browser's person", () => {
  it('is one opaque demo subject per browser, named by each of its sessions, with reuse only when asked', async () => {
    const alice = browser();
    const first = await alice('/api/session', write('POST', { preset: 'identity_low', reuse_claims: true }));
    expect(first.status).toBe(201);
    const cookie = setCookieOf(first, PERSON_COOKIE);
    expect(cookie).toMatch(new RegExp(`^${PERSON_COOKIE}=[A-Za-z0-9_-]{32}; Max-Age=2592000; Path=/; HttpOnly; SameSite=Strict$`));
    const [{ subject, reuse_claims }] = startsOf() as [{ subject: string; reuse_claims?: boolean }];
    expect(subject).toMatch(/^demo_[A-Za-z0-9_-]{27}$/);
    expect(reuse_claims).toBe(true);
    // The subject travels to the BFF and into passports: it must not be the cookie that stands for the person here.
    expect(subject).not.toContain(cookie.split(';')[0]!.split('=')[1]);

    // Start over, then start again without reuse: the same person, and the person's cookie is not set again.
    await alice('/api/session', write('DELETE'));
    const second = await alice('/api/session', write('POST', { preset: 'identity_low' }));
    expect(setCookieOf(second, PERSON_COOKIE)).toBe('');
    expect(startsOf()[1]).toEqual(expect.objectContaining({ subject }));
    expect(startsOf()[1]).not.toHaveProperty('reuse_claims');

    await browser()('/api/session', write('POST', { preset: 'identity_low' }));
    expect(startsOf()[2]?.subject).toMatch(/^demo_/);
    expect(startsOf()[2]?.subject).not.toBe(subject);
    // A cookie not of the demo's making names no one.
    expect(await (await app.request(`${PAGE}/api/person`, { headers: { cookie: `${PERSON_COOKIE}=x` } })).json()).toEqual({ subject: null, claims: [], passports: [], events: [] });
  });

  it('completes a second session at once when the person already holds a claim and reuse is ticked', async () => {
    const alice = browser();
    const { session } = await (await alice('/api/session', write('POST', { preset: 'identity_low', reuse_claims: true }))).json();
    stub.verify(session.id);
    const again = await (await alice('/api/session', write('POST', { preset: 'identity_low', reuse_claims: true }))).json();
    expect(again.session.host.status).toBe('verified');
    const fresh = await (await alice('/api/session', write('POST', { preset: 'identity_low' }))).json();
    expect(fresh.session.host.status).toBe('requires_input');
  });

  it("shows the subject's claims and passports; revoking a claim fells the passports carrying it and leaves the others active", async () => {
    const alice = browser();
    expect(await (await alice('/api/person')).json()).toEqual({ subject: null, claims: [], passports: [], events: [] });
    const { session } = await (await alice('/api/session', write('POST', { preset: 'identity_low', reuse_claims: true }))).json();
    const [human, identity] = stub.verify(session.id);

    const person = (await (await alice('/api/person')).json()) as PersonView;
    expect(person.subject).toMatch(/^demo_/);
    expect(person.claims.map((c) => [c.type, c.provider_key, c.assurance_level, c.status]).sort()).toEqual([
      ['verified_human', 'stripe_identity', 'substantial', 'active'],
      ['verified_identity', 'stripe_identity', 'substantial', 'active'],
    ]);
    expect(person.passports).toEqual([]);

    const issuedA = await alice('/api/passports', write('POST', { claim_ids: [identity.id] }));
    expect(issuedA.status).toBe(201);
    const a = await issuedA.json();
    const b = await (await alice('/api/passports', write('POST', { claim_ids: [human.id, human.id] }))).json();
    expect(stub.seen.filter((s) => s.path === '/v1/identity/passports').map((s) => s.body)).toEqual([
      { subject: person.subject, identity_claim_ids: [identity.id], ttl_seconds: 3600 },
      { subject: person.subject, identity_claim_ids: [human.id], ttl_seconds: 3600 },
    ]);
    const both = (await (await alice('/api/person')).json()) as PersonView;
    expect(both.passports.map((p) => [p.id, p.status, p.introspection])).toEqual([
      [b.passport, 'active', 'active'],
      [a.passport, 'active', 'active'],
    ]);

    const revoked = await alice(`/api/claims/${identity.id}`, write('DELETE'));
    expect(revoked.status).toBe(200);
    const result = (await revoked.json()) as RevokeResult;
    expect(result.revoked_claim).toBe(identity.id);
    expect(result.passports_revoked).toEqual([a.passport]);
    expect(result.person.claims.find((c) => c.id === identity.id)?.status).toBe('revoked');
    expect(result.person.passports.map((p) => [p.id, p.status, p.revoked_reason, p.introspection])).toEqual([
      [b.passport, 'active', null, 'active'],
      [a.passport, 'revoked', 'claim_revoked', 'inactive'],
    ]);
    // The tokens stay on the server: the page sees passports by jti only.
    for (const p of stub.passports.values()) expect(JSON.stringify(result)).not.toContain(p.token);
  });

  it("refuses another person's claim, claims that cannot be carried, bad input and cross-site writes", async () => {
    const alice = browser();
    const mallory = browser();
    const { session } = await (await alice('/api/session', write('POST', { preset: 'identity_low' }))).json();
    const [, identity] = stub.verify(session.id);
    await mallory('/api/session', write('POST', { preset: 'humanity' }));

    const foreign = await mallory(`/api/claims/${identity.id}`, write('DELETE'));
    expect([foreign.status, (await foreign.json()).error.code]).toEqual([404, 'not_found']);
    const stolen = await mallory('/api/passports', write('POST', { claim_ids: [identity.id] }));
    expect(await stolen.json()).toEqual({
      error: { code: 'validation_failed', message: 'No claim of this person has that id.', details: { issues: [{ path: 'body.claim_ids.0', message: 'No claim of this person has that id.' }] } },
    });
    const nobody = await browser()('/api/passports', write('POST', { claim_ids: [identity.id] }));
    expect(nobody.status).toBe(404);

    await alice(`/api/claims/${identity.id}`, write('DELETE'));
    const lapsed = await alice('/api/passports', write('POST', { claim_ids: [identity.id] }));
    expect((await lapsed.json()).error.message).toBe('The claim is revoked: a passport carries active claims only.');

    for (const [body, path] of [[{ claim_ids: [] }, 'body.claim_ids'], [{ claim_ids: ['clm_1'], subject: 'demo_someone_else' }, 'body'], [{ claim_ids: ['<script>'] }, 'body.claim_ids.0']] as const) {
      const refused = await alice('/api/passports', write('POST', body));
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect((await refused.json()).error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect((await alice('/api/passports', { ...write('POST'), headers: { ...write('POST').headers, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await alice(`/api/claims/${encodeURIComponent('clm 1')}`, write('DELETE'))).status).toBe(400);
    const crossSite = await alice(`/api/claims/${identity.id}`, write('DELETE', undefined, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }));
    expect([crossSite.status, (await crossSite.json()).error.code]).toEqual([403, 'origin_not_allowed']);
    // Of all that, the BFF was asked to revoke once (alice's own claim) and to issue nothing.
    expect(stub.seen.filter((s) => s.path !== '/v1/sessions').map((s) => `${s.method} ${s.path}`)).toEqual([`DELETE /v1/identity/claims/${identity.id}`]);
  });

  it('limits how many passports and revocations one client makes, with a readable 429', async () => {
    let now = 1_000_000;
    const limited = demoApp({ actionRateLimit: { limit: 1, windowMs: 60_000 }, now: () => now });
    const alice = browser(() => limited);
    const { session } = await (await alice('/api/session', write('POST', { preset: 'identity_low' }))).json();
    const [human] = stub.verify(session.id);
    expect((await alice('/api/passports', write('POST', { claim_ids: [human.id] }))).status).toBe(201);
    const refused = await alice(`/api/claims/${human.id}`, write('DELETE'));
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toBe('Too many passports were issued or claims revoked from here. Try again in 60 seconds.');
    now += 60_000;
    expect((await alice(`/api/claims/${human.id}`, write('DELETE'))).status).toBe(200);
  });

  it('shows the signed events naming the subject that its backend received', async () => {
    const events = createEventInbox();
    events.useSecret('whsec_demo');
    const withInbox = demoApp({ events });
    const alice = browser(() => withInbox);
    await alice('/api/session', write('POST', { preset: 'humanity' }));
    const { subject } = (await (await alice('/api/person')).json()) as PersonView;
    const at = new Date().toISOString();
    const event: HostEvent = { id: 'evt_9', object: 'event', type: 'passport.revoked', created_at: at, data: { passport_id: 'psp_1', subject: subject!, reason: 'claim_revoked', claim_id: 'clm_1', revoked_at: at } };
    const body = JSON.stringify(event);
    const delivered = await withInbox.request(`${PAGE}${EVENTS_PATH}`, { method: 'POST', body, headers: { [SIGNATURE_HEADER]: await signHostEvent('whsec_demo', body, Math.floor(Date.now() / 1000)) } });
    expect(delivered.status).toBe(200);
    expect(((await (await alice('/api/person')).json()) as PersonView).events).toEqual([{ id: 'evt_9', type: 'passport.revoked', created_at: at, verified: true }]);
    expect(((await (await browser(() => withInbox)('/api/person')).json()) as PersonView).events).toEqual([]);
  });

  it('over https keeps the person in a __Host- cookie, Secure', async () => {
    const created = await app.request('https://demo.example/api/session', write('POST', { preset: 'humanity' }, { origin: 'https://demo.example' }));
    expect(setCookieOf(created, SECURE_PERSON_COOKIE)).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect(setCookieOf(created, SESSION_COOKIE)).toBe('');
  });
});
