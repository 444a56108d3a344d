// Subjects and reusable claims, and the claims API (seed 003), over the real app, a real SQLite
// store and the Stripe and Turnstile emulators: a subject verified once completes a later session
// at once when its host allows reuse, and only with a claim that still counts and meets the
// session's requirements; claims are listed without personal data and revoked for good.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createStripeEmulator,
  createTurnstileEmulator,
  TEST_PERSON,
  TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_EMULATOR_SITEKEY,
  type StripeEmulator,
  type TurnstileEmulator,
} from '@identity-verify/emulators';
import type { HostEvent } from '@identity-verify/contract/host-events';
import { createTestBff, privacyConsent, TEST_API_KEY, TEST_ORIGIN, STRIPE_TEST_ENV, verifyWithStripeEmulator } from '../testing.js';

const GLOBEX_KEY = 'sk_test_globex000000000000000000000000';
const DAY = 24 * 3600 * 1000;

let bff: Awaited<ReturnType<typeof createTestBff>>;
let stripe: StripeEmulator;
let turnstile: TurnstileEmulator;

beforeEach(async () => {
  stripe = createStripeEmulator({ publicUrl: 'http://stripe.test' });
  turnstile = createTurnstileEmulator();
  const route: typeof fetch = (input, init) => (new URL(input instanceof Request ? input.url : String(input)).host === 'stripe.test' ? stripe.fetch(input, init) : turnstile.fetch(input, init));
  bff = await createTestBff(
    {
      IDV_API_KEYS: `${TEST_API_KEY},globex:${GLOBEX_KEY}`,
      ...STRIPE_TEST_ENV,
      TURNSTILE_SITEKEY: TURNSTILE_EMULATOR_SITEKEY,
      TURNSTILE_SECRET: TURNSTILE_EMULATOR_SECRET,
      TURNSTILE_SITEVERIFY_URL: 'http://turnstile.test/turnstile/v0/siteverify',
      TURNSTILE_SCRIPT_URL: 'http://turnstile.test/turnstile/v0/api.js?render=explicit',
    },
    route,
  );
});
afterEach(async () => bff.close());

type Body = Record<string, unknown>;

/** A person verified with Stripe Identity (identity, high: verified_identity and verified_human) in a session created with `body`. */
async function verifyWithStripe(body: Body, key = TEST_API_KEY) {
  const s = await sessionFor(body, key);
  await verifyWithStripeEmulator(bff, stripe, s.client_secret);
  return s;
}

/** A person verified with Turnstile (humanity, low: verified_human) in a session created with `body`. */
async function verifyWithTurnstile(body: Body) {
  const s = await sessionFor(body);
  const started = await bff.call('POST', '/v1/identity/verify/initiate', { auth: s.client_secret, body: { provider_key: 'turnstile', requested_claims: ['verified_human'] } });
  expect(started.status, started.text).toBe(201);
  const { client } = started.json;
  const token = turnstile.controls.mintToken({ sitekey: client.sitekey, action: client.action, cdata: client.cdata, hostname: '127.0.0.1', outcome: 'pass' });
  const done = await bff.call('POST', '/v1/identity/verify/token', { auth: s.client_secret, body: { provider_key: 'turnstile', session_ref: started.json.session_ref, token } });
  expect(done.json.status).toBe('verified');
  return s;
}

/** A session ready to pick a provider (consent and country given), created by the host with `body`. */
async function sessionFor(body: Body, key = TEST_API_KEY) {
  const created = await create(body, key);
  expect(created.status, created.text).toBe(201);
  const s = created.json as { id: string; client_secret: string };
  const layer = (await bff.store.getSession(s.id))!.requirements.layer;
  await bff.call('POST', '/v1/identity/consents', { auth: s.client_secret, body: privacyConsent(layer) });
  await bff.call('POST', '/v1/identity/residence', { auth: s.client_secret, body: { country: 'US' } });
  return s;
}

const create = (body: Body, key = TEST_API_KEY) => bff.call('POST', '/v1/sessions', { auth: key, body });
const hostClaims = (subject: string, key = TEST_API_KEY) => bff.call('GET', `/v1/identity/claims?subject=${encodeURIComponent(subject)}`, { auth: key });
const identity = (extra: Body = {}) => ({ requirements: { layer: 'identity', min_assurance: 'high', ...extra } });

describe('subjects', () => {
  it('a session is created for a subject, which the host reads back', async () => {
    const created = await create({ subject: 'user_42', ...identity() });
    expect(created.status).toBe(201);
    expect(created.json.status).toBe('requires_input');
    const read = await bff.call('GET', `/v1/sessions/${created.json.id}`, { auth: TEST_API_KEY });
    expect(read.json.subject).toBe('user_42');
  });

  it('refuses a malformed subject, or reuse without one, naming the field', async () => {
    for (const subject of ['', 'jenny@example.com', 'has space', 'x'.repeat(129), 42]) {
      const r = await create({ subject });
      expect(r.status, String(subject)).toBe(400);
      expect(r.json.error.details.issues.map((i: { path: string }) => i.path)).toContain('body.subject');
    }
    const noSubject = await create({ reuse_claims: true });
    expect(noSubject.status).toBe(400);
    expect(noSubject.json.error).toMatchObject({ code: 'validation_failed', details: { issues: [{ path: 'body.reuse_claims' }] } });
    const notBoolean = await create({ subject: 'user_42', reuse_claims: 'yes' });
    expect(notBoolean.json.error.details.issues[0].path).toBe('body.reuse_claims');
  });
});

describe('reuse', () => {
  it('completes a session at once with the claims the subject holds, when the host allows it', async () => {
    const first = await verifyWithStripe({ subject: 'user_42', ...identity() });
    const second = await create({ subject: 'user_42', reuse_claims: true, ...identity() });
    expect(second.status).toBe(201);
    expect(second.json.status).toBe('verified');

    const host = await bff.call('GET', `/v1/sessions/${second.json.id}`, { auth: TEST_API_KEY });
    expect(host.json).toMatchObject({ status: 'verified', provider_key: 'stripe_identity', subject: 'user_42' });
    const firstClaims = (await bff.call('GET', `/v1/sessions/${first.id}`, { auth: TEST_API_KEY })).json.claims;
    // The same claims, not copies: revoking one is revoking it for every session that used it.
    expect(host.json.claims.map((c: { id: string }) => c.id).sort()).toEqual(firstClaims.map((c: { id: string }) => c.id).sort());

    const widget = await bff.call('GET', '/v1/identity/session', { auth: second.json.client_secret });
    expect(widget.json).toMatchObject({ status: 'verified', reused: true, active_attempt: null });
    expect((await bff.call('GET', '/v1/identity/session', { auth: first.client_secret })).json.reused).toBe(false);

    // Audited, and the host is told as of any verified session.
    expect((await bff.store.auditTrail(second.json.id)).map((a) => a.action)).toEqual(['session.created', 'claims.reused']);
    const events = (await bff.call('GET', `/v1/events?session_id=${second.json.id}`, { auth: TEST_API_KEY })).json as HostEvent[];
    expect(events).toMatchObject([{ type: 'session.verified', data: { session_id: second.json.id, status: 'verified', provider_key: 'stripe_identity' } }]);
    expect((await bff.store.verifyAuditChain('default')).valid).toBe(true);
  });

  it('an identity claim serves a humanity session too, with the humanity claim alone', async () => {
    await verifyWithStripe({ subject: 'user_42', ...identity() });
    const human = await create({ subject: 'user_42', reuse_claims: true });
    expect(human.json.status).toBe('verified');
    const host = await bff.call('GET', `/v1/sessions/${human.json.id}`, { auth: TEST_API_KEY });
    expect(host.json.claims.map((c: { type: string }) => c.type)).toEqual(['verified_human']);
  });

  it('is not done when the host does not allow it', async () => {
    await verifyWithStripe({ subject: 'user_42', ...identity() });
    for (const body of [{ subject: 'user_42', ...identity() }, { subject: 'user_42', reuse_claims: false, ...identity() }]) {
      const r = await create(body);
      expect(r.json.status).toBe('requires_input');
      expect((await bff.call('GET', '/v1/identity/session', { auth: r.json.client_secret })).json.reused).toBe(false);
    }
  });

  it('is not done for another subject, or another tenant with the same subject', async () => {
    await verifyWithStripe({ subject: 'user_42', ...identity() });
    expect((await create({ subject: 'user_43', reuse_claims: true, ...identity() })).json.status).toBe('requires_input');
    expect((await create({ subject: 'user_42', reuse_claims: true, ...identity() }, GLOBEX_KEY)).json.status).toBe('requires_input');
  });

  it('is not done with an expired claim', async () => {
    await verifyWithStripe({ subject: 'user_42', ...identity() });
    bff.clock.advance(364 * DAY);
    expect((await create({ subject: 'user_42', reuse_claims: true, ...identity() })).json.status).toBe('verified');
    // verified_identity lasts 365 days by default; its verified_human 30 (IDV_CLAIM_DAYS_*).
    expect((await create({ subject: 'user_42', reuse_claims: true })).json.status).toBe('requires_input');
    bff.clock.advance(2 * DAY);
    expect((await create({ subject: 'user_42', reuse_claims: true, ...identity() })).json.status).toBe('requires_input');
    const claims = (await hostClaims('user_42')).json as { status: string }[];
    expect(claims.map((c) => c.status)).toEqual(['expired', 'expired']);
    // An expired identity claim counts no more: the reconciler erases what it kept of the person, once, audited.
    expect(await bff.verification.reconcile()).toMatchObject({ lapsedClaims: 1 });
    expect(await bff.verification.reconcile()).toMatchObject({ lapsedClaims: 0 });
    const rows = await bff.store.subjectClaims('default', 'user_42');
    expect(rows.map((c) => c.pii_sealed)).toEqual([null, null]);
    const identityRow = rows.find((c) => c.type === 'verified_identity')!;
    const trail = await bff.store.auditTrail(identityRow.session_id);
    expect(trail.filter((a) => a.action === 'claim.pii_erased').map((a) => JSON.parse(a.detail))).toEqual([{ claim_id: identityRow.id }]);
    expect((await bff.store.verifyAuditChain('default')).valid).toBe(true);
  });

  it('is not done with a revoked claim', async () => {
    await verifyWithStripe({ subject: 'user_42', ...identity() });
    const identityClaim = ((await hostClaims('user_42')).json as { id: string; type: string }[]).find((c) => c.type === 'verified_identity')!;
    expect((await bff.call('DELETE', `/v1/identity/claims/${identityClaim.id}`, { auth: TEST_API_KEY })).json).toEqual({ success: true });
    expect((await create({ subject: 'user_42', reuse_claims: true, ...identity() })).json.status).toBe('requires_input');
    // The humanity claim was not revoked: it still serves a humanity session.
    expect((await create({ subject: 'user_42', reuse_claims: true })).json.status).toBe('verified');
  });

  it('is not done with a claim of too low an assurance, or from a provider the session does not accept', async () => {
    await verifyWithTurnstile({ subject: 'user_42' }); // verified_human at low assurance
    expect((await create({ subject: 'user_42', reuse_claims: true, requirements: { min_assurance: 'substantial' } })).json.status).toBe('requires_input');
    expect((await create({ subject: 'user_42', reuse_claims: true, ...identity({ min_assurance: 'low' }) })).json.status).toBe('requires_input');
    expect((await create({ subject: 'user_42', reuse_claims: true, requirements: { accepted_providers: ['stripe_identity'] } })).json.status).toBe('requires_input');
    expect((await create({ subject: 'user_42', reuse_claims: true, requirements: { accepted_providers: ['stripe_identity', 'turnstile'] } })).json.status).toBe('verified');
    expect((await create({ subject: 'user_42', reuse_claims: true })).json.status).toBe('verified');
  });

  it('takes the strongest claim the subject holds', async () => {
    await verifyWithTurnstile({ subject: 'user_42' });
    await verifyWithStripe({ subject: 'user_42', ...identity() });
    const r = await create({ subject: 'user_42', reuse_claims: true });
    const host = await bff.call('GET', `/v1/sessions/${r.json.id}`, { auth: TEST_API_KEY });
    expect(host.json.claims).toMatchObject([{ type: 'verified_human', provider_key: 'stripe_identity', assurance_level: 'high' }]);
  });
});

describe('GET /v1/identity/claims', () => {
  it("lists a subject's claims for the host, without personal data, an identity claim with its claim_ref only", async () => {
    const s = await verifyWithStripe({ subject: 'user_42', ...identity() });
    const r = await hostClaims('user_42');
    expect(r.status).toBe(200);
    const byType = Object.fromEntries((r.json as { type: string }[]).map((c) => [c.type, c]));
    expect(byType.verified_identity).toMatchObject({
      object: 'identity_claim',
      layer: 'identity',
      subject: 'user_42',
      session_id: s.id,
      provider_key: 'stripe_identity',
      assurance_level: 'high',
      status: 'active',
      revoked_at: null,
      claim_ref: expect.stringMatching(/^cref_/),
    });
    expect(byType.verified_human).toMatchObject({ layer: 'humanity', claim_ref: null, status: 'active' });
    for (const word of [TEST_PERSON.first_name, TEST_PERSON.last_name, TEST_PERSON.id_number, 'pii_sealed', 'v1.']) expect(r.text).not.toContain(word);

    // The identity claim keeps the verified data, sealed at rest, behind its claim_ref.
    const rows = await bff.store.subjectClaims('default', 'user_42');
    const sealed = rows.find((c) => c.type === 'verified_identity')!.pii_sealed!;
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(TEST_PERSON.last_name);
    expect(rows.find((c) => c.type === 'verified_human')!.pii_sealed).toBeNull();

    expect((await hostClaims('user_43')).json).toEqual([]);
    expect((await hostClaims('user_42', GLOBEX_KEY)).json).toEqual([]);
  });

  it("lists the claims of the widget's session subject for the widget", async () => {
    await verifyWithStripe({ subject: 'user_42', ...identity() });
    const later = await create({ subject: 'user_42', ...identity() });
    const r = await bff.call('GET', '/v1/identity/claims', { auth: later.json.client_secret, headers: { origin: TEST_ORIGIN } });
    expect(r.status).toBe(200);
    expect((r.json as { type: string }[]).map((c) => c.type).sort()).toEqual(['verified_human', 'verified_identity']);
    expect((r.json as { claim_ref: string | null }[]).filter((c) => c.claim_ref).length).toBe(1);
    expect(r.text).not.toContain(TEST_PERSON.last_name);
    // A session with no subject lists its own claims only: none yet.
    const anonymous = await create({});
    expect((await bff.call('GET', '/v1/identity/claims', { auth: anonymous.json.client_secret })).json).toEqual([]);
  });

  it('refuses a host read without a subject, a widget naming one, and a bad subject, naming the field', async () => {
    const noSubject = await bff.call('GET', '/v1/identity/claims', { auth: TEST_API_KEY });
    expect(noSubject.status).toBe(400);
    expect(noSubject.json.error.details.issues[0].path).toBe('query.subject');
    const s = await create({ subject: 'user_42' });
    const widgetNaming = await bff.call('GET', '/v1/identity/claims?subject=user_43', { auth: s.json.client_secret });
    expect(widgetNaming.status).toBe(400);
    expect(widgetNaming.json.error.details.issues[0].path).toBe('query.subject');
    const bad = await hostClaims('jenny@example.com');
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.issues[0].path).toBe('query.subject');
    expect((await bff.call('GET', '/v1/identity/claims?subject=user_42', {})).status).toBe(401);
    expect((await bff.call('GET', '/v1/identity/claims?subject=user_42', { auth: 'sk_test_wrongwrongwrongwrongwrong' })).status).toBe(401);
  });
});

describe('DELETE /v1/identity/claims/:id', () => {
  it('revokes a claim with {"success": true}, audited, and queues claim.revoked without personal data', async () => {
    const s = await verifyWithStripe({ subject: 'user_42', ...identity() });
    const claim = ((await hostClaims('user_42')).json as { id: string; type: string; claim_ref: string }[]).find((c) => c.type === 'verified_identity')!;
    const r = await bff.call('DELETE', `/v1/identity/claims/${claim.id}`, { auth: TEST_API_KEY });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ success: true });

    const after = ((await hostClaims('user_42')).json as { id: string; status: string; revoked_at: string | null }[]).find((c) => c.id === claim.id)!;
    expect(after).toMatchObject({ status: 'revoked', revoked_at: expect.any(String) });
    // What it kept of the person goes with it.
    expect((await bff.store.findClaim('default', claim.id))!.pii_sealed).toBeNull();
    // The session that issued it no longer shows it.
    expect((await bff.call('GET', `/v1/sessions/${s.id}`, { auth: TEST_API_KEY })).json.claims.map((c: { type: string }) => c.type)).toEqual(['verified_human']);

    const trail = await bff.store.auditTrail(s.id);
    expect(trail.filter((a) => a.action === 'claim.revoked').map((a) => JSON.parse(a.detail))).toEqual([{ claim_id: claim.id, claim_type: 'verified_identity', reason: 'host' }]);
    expect((await bff.store.verifyAuditChain('default')).valid).toBe(true);

    const events = (await bff.call('GET', `/v1/events?session_id=${s.id}`, { auth: TEST_API_KEY })).json as HostEvent[];
    const revoked = events.filter((e) => e.type === 'claim.revoked');
    expect(revoked).toMatchObject([{ data: { claim_id: claim.id, session_id: s.id, subject: 'user_42', claim_type: 'verified_identity', provider_key: 'stripe_identity', revoked_at: after.revoked_at } }]);
    const text = JSON.stringify(revoked);
    for (const word of [TEST_PERSON.first_name, TEST_PERSON.last_name, claim.claim_ref]) expect(text).not.toContain(word);

    // Again: still success, nothing told twice.
    expect((await bff.call('DELETE', `/v1/identity/claims/${claim.id}`, { auth: TEST_API_KEY })).json).toEqual({ success: true });
    const again = (await bff.call('GET', `/v1/events?session_id=${s.id}`, { auth: TEST_API_KEY })).json as HostEvent[];
    expect(again.filter((e) => e.type === 'claim.revoked')).toHaveLength(1);
  });

  it('answers 404 in our error format for an unknown claim, and for another tenant\'s', async () => {
    const unknown = await bff.call('DELETE', '/v1/identity/claims/clm_nope', { auth: TEST_API_KEY });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'not_found', message: 'No claim with that id.' });

    await verifyWithStripe({ subject: 'user_42', ...identity() });
    const claim = ((await hostClaims('user_42')).json as { id: string }[])[0]!;
    const other = await bff.call('DELETE', `/v1/identity/claims/${claim.id}`, { auth: GLOBEX_KEY });
    expect(other.status).toBe(404);
    expect(other.json.error.code).toBe('not_found');
    expect(((await hostClaims('user_42')).json as { id: string; status: string }[]).find((c) => c.id === claim.id)!.status).toBe('active');
  });

  it('is for the host only: a client secret is refused', async () => {
    await verifyWithStripe({ subject: 'user_42', ...identity() });
    const claim = ((await hostClaims('user_42')).json as { id: string }[])[0]!;
    const s = await create({ subject: 'user_42' });
    expect((await bff.call('DELETE', `/v1/identity/claims/${claim.id}`, { auth: s.json.client_secret })).status).toBe(401);
  });
});

describe('claims after their session', () => {
  it("outlive the session's purge; the host's redaction erases an identity claim's personal data but keeps the claim", async () => {
    const s = await verifyWithStripe({ subject: 'user_42', ...identity() });
    expect((await bff.call('POST', `/v1/sessions/${s.id}/redact`, { auth: TEST_API_KEY })).status).toBe(200);
    const rows = await bff.store.subjectClaims('default', 'user_42');
    expect(rows).toHaveLength(2);
    expect(rows.every((c) => c.pii_sealed === null)).toBe(true);
    await bff.store.transaction((tx) => tx.purgeSession(s.id));
    expect(await bff.store.getSession(s.id)).toBeNull();
    expect((await hostClaims('user_42')).json).toHaveLength(2);
    expect((await create({ subject: 'user_42', reuse_claims: true, ...identity() })).json.status).toBe('verified');
  });
});
