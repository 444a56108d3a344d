// Delegation (seed 003's layer 3) over the real app, a real SQLite store and the Stripe emulator:
// a session for a delegation service verifies the person's identity, then records their decision
// on the service's scopes like a consent; granted, it is a claim of its own that passports embed,
// revoked with the identity claim it stands on, and reused, like the identity, without asking again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { createStripeEmulator, type StripeEmulator } from '@identity-verify/emulators';
import { DELEGATION_NOTICE_VERSION } from '@identity-verify/contract/delegation';
import type { HostEvent } from '@identity-verify/contract/host-events';
import { createTestBff, TEST_API_KEY, TEST_ORIGIN, STRIPE_TEST_ENV, verifyWithStripeEmulator, type TestBff } from '../testing.js';

let bff: TestBff;
let stripe: StripeEmulator;

beforeEach(async () => {
  stripe = createStripeEmulator({ publicUrl: 'http://stripe.test' });
  bff = await createTestBff({ ...STRIPE_TEST_ENV }, (input, init) => stripe.fetch(input, init));
  const set = await bff.call('POST', '/v1/services/svc_tax/requirements', { auth: TEST_API_KEY, body: TAX_SERVICE });
  expect(set.status, set.text).toBe(201);
});
afterEach(async () => bff.close());

const TAX_SERVICE = {
  layer: 'delegation',
  requires_claim: 'verified_identity',
  minimum_assurance: 'high',
  required_scopes: ['tax:file', 'tax:read'],
  scope_descriptions: { 'tax:file': 'File your tax return' },
  requires_pii: true,
  lawful_basis: 'consent',
};

/** The words the widget shows for the tax service's scopes: the host's, or the scope itself. */
const SHOWN = 'Allow Acme to act for you:\n- File your tax return\n- tax:read';
const decision = (over: Record<string, unknown> = {}) => ({
  delegated_scopes: ['tax:file', 'tax:read'],
  decision: 'accepted',
  version: DELEGATION_NOTICE_VERSION,
  locale: 'en',
  text: SHOWN,
  ...over,
});

const delegate = (clientSecret: string, body: unknown) => bff.call('POST', '/v1/identity/delegate', { auth: clientSecret, body });
const widgetSession = async (clientSecret: string) => (await bff.call('GET', '/v1/identity/session', { auth: clientSecret })).json;
const hostSession = async (id: string) => (await bff.call('GET', `/v1/sessions/${id}`, { auth: TEST_API_KEY })).json;
const claimsOf = async (subject: string) =>
  (await bff.call('GET', `/v1/identity/claims?subject=${subject}`, { auth: TEST_API_KEY })).json as Array<{ id: string; type: string; status: string; delegated_scopes: string[] | null }>;

/** A session for the tax service, for `subject`, its person verified with Stripe. */
async function verifiedForTaxService(subject: string) {
  const s = await bff.readySession('US', { subject, service_id: 'svc_tax' });
  await verifyWithStripeEmulator(bff, stripe, s.client_secret);
  return s;
}

describe('POST /v1/identity/delegate', () => {
  it("asks once the person is verified, and grants a claim of its own carrying the scopes, standing on the identity claim, recorded like a consent", async () => {
    const s = await bff.readySession('US', { subject: 'user_42', service_id: 'svc_tax' });
    // The widget learns what it will ask, in the host's words, from the start.
    expect((await widgetSession(s.client_secret)).delegation).toEqual({
      scopes: [
        { scope: 'tax:file', description: 'File your tax return' },
        { scope: 'tax:read', description: null },
      ],
      status: 'pending',
    });
    const early = await delegate(s.client_secret, decision());
    expect(early.status).toBe(403);
    expect(early.json.error.code).toBe('forbidden');

    await verifyWithStripeEmulator(bff, stripe, s.client_secret);
    const granted = await delegate(s.client_secret, decision());
    expect(granted.status, granted.text).toBe(201);
    const identity = (await claimsOf('user_42')).find((c) => c.type === 'verified_identity')!;
    expect(granted.json).toMatchObject({
      object: 'identity_claim',
      type: 'delegation',
      layer: 'delegation',
      subject: 'user_42',
      session_id: s.id,
      provider_key: 'stripe_identity',
      assurance_level: 'high',
      status: 'active',
      claim_ref: null,
      delegated_scopes: ['tax:file', 'tax:read'],
      basis_claim_id: identity.id,
    });

    expect((await widgetSession(s.client_secret)).delegation.status).toBe('granted');
    expect((await hostSession(s.id)).delegation).toMatchObject({ status: 'granted', claim_id: granted.json.id });
    // The session's claims stay its verification's; the delegation is listed among the subject's.
    expect((await hostSession(s.id)).claims.map((c: { type: string }) => c.type).sort()).toEqual(['verified_human', 'verified_identity']);
    expect((await claimsOf('user_42')).map((c) => c.type).sort()).toEqual(['delegation', 'verified_human', 'verified_identity']);

    // Recorded like any consent: the words shown by their hash, the decision, and audited.
    const consents = (await bff.call('GET', `/v1/sessions/${s.id}/consents`, { auth: TEST_API_KEY })).json as Array<{ notice: string; decision: string; version: string }>;
    expect(consents.at(-1)).toMatchObject({ notice: 'delegation', decision: 'accepted', version: DELEGATION_NOTICE_VERSION });
    expect((await bff.store.auditTrail(s.id)).map((a) => a.action)).toContain('delegation.granted');

    // A retry after a lost answer gets the same claim; a change of mind is not a second decision.
    const again = await delegate(s.client_secret, decision());
    expect(again.json.id).toBe(granted.json.id);
    const changed = await delegate(s.client_secret, decision({ decision: 'declined' }));
    expect(changed.status).toBe(403);
    expect((await claimsOf('user_42')).filter((c) => c.type === 'delegation')).toHaveLength(1);
  });

  it('on a session handed to a phone and verified there, the person answers on either device; the first answer stands for both', async () => {
    const s = await bff.readySession('US', { subject: 'user_7', service_id: 'svc_tax' });
    const origin = { origin: TEST_ORIGIN };
    const link = await bff.call('POST', '/v1/identity/handoff', { auth: s.client_secret, headers: origin });
    const redeemed = await bff.call('POST', '/v1/identity/handoff/redeem', { body: { token: link.json.handoff_url_token }, headers: origin });
    const phone = redeemed.json.client_secret as string;
    await verifyWithStripeEmulator(bff, stripe, phone);
    // Both devices now show the question; the person answers on the computer in front of them.
    expect((await widgetSession(s.client_secret)).delegation.status).toBe('pending');
    const granted = await delegate(s.client_secret, decision());
    expect(granted.status, granted.text).toBe(201);
    expect((await widgetSession(phone)).delegation.status).toBe('granted');
    // The phone, still showing the question, gets the same claim; another answer there is refused.
    expect((await delegate(phone, decision())).json.id).toBe(granted.json.id);
    expect((await delegate(phone, decision({ decision: 'declined' }))).status).toBe(403);
    // Capture stays the phone's alone.
    const initiate = await bff.call('POST', '/v1/identity/verify/initiate', {
      auth: s.client_secret,
      body: { provider_key: 'stripe_identity', requested_claims: ['verified_identity'] },
      headers: origin,
    });
    expect(initiate.json.error.code).toBe('handoff_active');
  });

  it('refuses scopes other than the service asks, words that do not name them, and another version, naming the field', async () => {
    const s = await verifiedForTaxService('user_42');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ delegated_scopes: ['tax:file'] }, 'body.delegated_scopes'],
      [{ delegated_scopes: ['tax:file', 'tax:read', 'bank:transfer'] }, 'body.delegated_scopes'],
      [{ delegated_scopes: ['Tax File'] }, 'body.delegated_scopes.0'],
      [{ delegated_scopes: [] }, 'body.delegated_scopes'],
      [{ text: 'Allow Acme to act for you: tax:read' }, 'body.text'],
      [{ version: '2020-01-01' }, 'body.version'],
      [{ decision: 'maybe' }, 'body.decision'],
    ];
    for (const [over, path] of cases) {
      const r = await delegate(s.client_secret, decision(over));
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.json.error.details.issues[0].path, JSON.stringify(over)).toBe(path);
    }
    expect((await claimsOf('user_42')).some((c) => c.type === 'delegation')).toBe(false);
  });

  it('records a decline, grants nothing, and the session stays verified', async () => {
    const s = await verifiedForTaxService('user_42');
    const declined = await delegate(s.client_secret, decision({ decision: 'declined' }));
    expect(declined.status, declined.text).toBe(200);
    expect(declined.json).toMatchObject({ object: 'delegation_decision', decision: 'declined' });
    expect((await widgetSession(s.client_secret)).delegation.status).toBe('declined');
    expect(await hostSession(s.id)).toMatchObject({ status: 'verified', delegation: { status: 'declined', claim_id: null } });
    expect((await claimsOf('user_42')).some((c) => c.type === 'delegation')).toBe(false);
  });

  it('is refused for a session whose service asks no delegation, and with the API key', async () => {
    const s = await bff.readySession('US', { subject: 'user_42', requirements: { layer: 'identity', min_assurance: 'high' } });
    await verifyWithStripeEmulator(bff, stripe, s.client_secret);
    expect((await widgetSession(s.client_secret)).delegation).toBeNull();
    const r = await delegate(s.client_secret, decision());
    expect(r.status).toBe(403);
    expect(r.json.error.message).toMatch(/no delegation/);
    expect((await delegate(TEST_API_KEY, decision())).status).toBe(401);
  });
});

describe('delegation claims', () => {
  it("embed their scopes in passports, and fall with the identity claim they stand on, taking their passports along", async () => {
    const s = await verifiedForTaxService('user_42');
    const granted = (await delegate(s.client_secret, decision())).json;
    const human = (await claimsOf('user_42')).find((c) => c.type === 'verified_human')!;
    const issued = await bff.call('POST', '/v1/identity/passports', { auth: TEST_API_KEY, body: { subject: 'user_42', identity_claim_ids: [granted.id] } });
    expect(issued.status, issued.text).toBe(201);
    const other = (await bff.call('POST', '/v1/identity/passports', { auth: TEST_API_KEY, body: { subject: 'user_42', identity_claim_ids: [human.id] } })).json;

    const jwks = (await bff.call('GET', '/.well-known/jwks.json')).json as JSONWebKeySet;
    const { payload } = await jwtVerify(issued.json.token, createLocalJWKSet(jwks));
    expect(payload.delegated_scopes).toEqual(['tax:file', 'tax:read']);
    expect(payload.identity_claims).toEqual([
      { layer: 'delegation', claim_id: granted.id, type: 'delegation', delegated_scopes: ['tax:file', 'tax:read'], assurance_level: 'high', issued_at: granted.issued_at },
    ]);

    // Revoking the identity claim revokes the delegation standing on it, and the passport carrying that.
    const revoked = await bff.call('DELETE', `/v1/identity/claims/${granted.basis_claim_id}`, { auth: TEST_API_KEY });
    expect(revoked.json).toEqual({ success: true });
    expect((await claimsOf('user_42')).find((c) => c.id === granted.id)!.status).toBe('revoked');
    const introspect = (token: string) => bff.call('POST', '/v1/identity/passports/introspect', { auth: TEST_API_KEY, body: { token } });
    expect((await introspect(issued.json.token)).json).toEqual({ active: false });
    expect((await introspect(other.token)).json.active).toBe(true);
    const events = (await bff.call('GET', `/v1/events?session_id=${s.id}`, { auth: TEST_API_KEY })).json as HostEvent[];
    const revokedClaims = events.filter((e) => e.type === 'claim.revoked').map((e) => (e.data as { claim_id: string }).claim_id);
    expect(revokedClaims.sort()).toEqual([granted.basis_claim_id, granted.id].sort());
    expect((await bff.store.verifyAuditChain('default')).valid).toBe(true);
  });

  it('a later session for the same service reuses the verification and the delegation, without asking again', async () => {
    const first = await verifiedForTaxService('user_42');
    await delegate(first.client_secret, decision());
    const second = await bff.call('POST', '/v1/sessions', { auth: TEST_API_KEY, body: { subject: 'user_42', service_id: 'svc_tax', reuse_claims: true } });
    expect(second.json.status).toBe('verified');
    expect((await widgetSession(second.json.client_secret)).delegation.status).toBe('granted');

    // A service asking a scope the person has not delegated asks again, on the identity already verified.
    await bff.call('POST', '/v1/services/svc_bank/requirements', { auth: TEST_API_KEY, body: { ...TAX_SERVICE, required_scopes: ['bank:transfer'], scope_descriptions: {} } });
    const bank = await bff.call('POST', '/v1/sessions', { auth: TEST_API_KEY, body: { subject: 'user_42', service_id: 'svc_bank', reuse_claims: true } });
    expect(bank.json.status).toBe('verified');
    expect((await widgetSession(bank.json.client_secret)).delegation).toEqual({ scopes: [{ scope: 'bank:transfer', description: null }], status: 'pending' });
    const granted = await delegate(bank.json.client_secret, decision({ delegated_scopes: ['bank:transfer'], text: 'Allow Acme to act for you: bank:transfer' }));
    expect(granted.status, granted.text).toBe(201);
  });

  it("a service's words are for its own scopes only", async () => {
    const r = await bff.call('POST', '/v1/services/svc_odd/requirements', { auth: TEST_API_KEY, body: { ...TAX_SERVICE, scope_descriptions: { 'bank:transfer': 'Move money' } } });
    expect(r.status).toBe(400);
    expect(r.json.error.details.issues[0].path).toBe('body.scope_descriptions.bank:transfer');
    expect((await bff.call('GET', '/v1/services/svc_tax/requirements', { auth: TEST_API_KEY })).json.scope_descriptions).toEqual({ 'tax:file': 'File your tax return' });
  });
});
