// Passports over the real app, a real SQLite store and the Stripe emulator: a subject verified
// with Stripe holds a humanity and an identity claim; passports carrying them verify with jose
// against the published JWKS, carry no personal data, introspect as active, and fall, alone,
// with a claim they carry (seed 003's smart revocation).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalJWKSet, generateKeyPair, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import {
  createStripeEmulator,
  TEST_PERSON,
  type StripeEmulator,
} from '@identity-verify/emulators';
import { createTestBff, privacyConsent, TEST_API_KEY, STRIPE_TEST_ENV, verifyWithStripeEmulator } from '../testing.js';

const GLOBEX_KEY = 'sk_test_globex000000000000000000000000';
const DAY = 24 * 3600 * 1000;
const ISSUER = 'https://bff.test';

let bff: Awaited<ReturnType<typeof createTestBff>>;
let stripe: StripeEmulator;

beforeEach(async () => {
  stripe = createStripeEmulator({ publicUrl: 'http://stripe.test' });
  bff = await createTestBff(
    {
      IDV_API_KEYS: `${TEST_API_KEY},globex:${GLOBEX_KEY}`,
      ...STRIPE_TEST_ENV,
    },
    (input, init) => stripe.fetch(input, init),
  );
});
afterEach(async () => bff.close());

/** The subject verified with Stripe Identity: its claims by type (verified_human, verified_identity). */
async function verifiedSubject(subject: string, key = TEST_API_KEY) {
  const created = await bff.call('POST', '/v1/sessions', { auth: key, body: { subject, requirements: { layer: 'identity', min_assurance: 'high' } } });
  const s = created.json as { id: string; client_secret: string };
  await bff.call('POST', '/v1/identity/consents', { auth: s.client_secret, body: privacyConsent('identity') });
  await bff.call('POST', '/v1/identity/residence', { auth: s.client_secret, body: { country: 'US' } });
  await verifyWithStripeEmulator(bff, stripe, s.client_secret);
  const claims = (await bff.call('GET', `/v1/identity/claims?subject=${subject}`, { auth: key })).json as Array<{ id: string; type: string; claim_ref: string | null }>;
  return { human: claims.find((c) => c.type === 'verified_human')!, identity: claims.find((c) => c.type === 'verified_identity')!, session: s };
}

const issue = (body: Record<string, unknown>, key = TEST_API_KEY) => bff.call('POST', '/v1/identity/passports', { auth: key, body });
const introspect = async (token: string, resolve = false, key = TEST_API_KEY) =>
  (await bff.call('POST', '/v1/identity/passports/introspect', { auth: key, body: { token, resolve_claim_refs: resolve } })).json;
const jwks = async () => (await bff.call('GET', '/.well-known/jwks.json')).json as JSONWebKeySet;

describe('passports', () => {
  it('verify with jose against the published JWKS, embed the humanity claim, and carry the identity claim by claim_ref only', async () => {
    const { human, identity } = await verifiedSubject('user_42');
    const issued = await issue({ subject: 'user_42', identity_claim_ids: [human.id, identity.id], audience: 'https://agents.example' });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.json).toMatchObject({ object: 'passport', subject: 'user_42', status: 'active', claim_ids: [human.id, identity.id].sort(), revoked_at: null });

    const { payload, protectedHeader } = await jwtVerify(issued.json.token, createLocalJWKSet(await jwks()), { issuer: ISSUER, audience: 'https://agents.example' });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'passport+jwt' });
    expect(payload).toMatchObject({ sub: 'user_42', jti: issued.json.id });
    expect(payload.identity_claims).toEqual([
      { layer: 'humanity', claim_id: human.id, type: 'verified_human', provider_key: 'stripe_identity', assurance_level: 'high', issued_at: expect.any(String) },
      { layer: 'identity', claim_ref: identity.claim_ref, type: 'verified_identity', assurance_level: 'high' },
    ]);
    const decoded = JSON.stringify(payload);
    for (const personal of [TEST_PERSON.first_name, TEST_PERSON.last_name]) expect(decoded).not.toContain(personal);
    // The private key is in the store, sealed; the JWKS has the public half only.
    expect((await jwks()).keys.every((k) => !('d' in k))).toBe(true);
  });

  it('introspect as active for the issuing tenant, resolve a claim_ref to the person only when asked (audited), and never for another tenant', async () => {
    const { human, identity, session } = await verifiedSubject('user_42');
    const { token } = (await issue({ subject: 'user_42', identity_claim_ids: [human.id, identity.id] })).json;
    const plain = await introspect(token);
    expect(plain).toMatchObject({ active: true, sub: 'user_42', identity_claims: expect.any(Array) });
    expect(plain).not.toHaveProperty('resolved');
    const resolved = await introspect(token, true);
    expect(resolved.resolved).toEqual([{ claim_ref: identity.claim_ref, verified_outputs: expect.objectContaining({ first_name: TEST_PERSON.first_name }) }]);
    expect((await bff.store.auditTrail(session.id)).map((a) => a.action)).toContain('claim_ref.resolved');
    expect(await introspect(token, true, GLOBEX_KEY)).toEqual({ active: false });
  });

  it("revoking a claim revokes the passports that carry it, and only those: introspection, the status list and passport.revoked say so", async () => {
    const { human, identity } = await verifiedSubject('user_42');
    const withIdentity = (await issue({ subject: 'user_42', identity_claim_ids: [human.id, identity.id] })).json;
    const humanOnly = (await issue({ subject: 'user_42', identity_claim_ids: [human.id] })).json;
    expect((await bff.call('DELETE', `/v1/identity/claims/${identity.id}`, { auth: TEST_API_KEY })).json).toEqual({ success: true });

    expect(await introspect(withIdentity.token)).toEqual({ active: false });
    expect(await introspect(humanOnly.token)).toMatchObject({ active: true });
    const listed = (await bff.call('GET', '/v1/identity/passports?subject=user_42', { auth: TEST_API_KEY })).json;
    expect(listed.map((p: { id: string; status: string; revoked_reason: string | null }) => [p.id, p.status, p.revoked_reason]).sort()).toEqual(
      [[withIdentity.id, 'revoked', 'claim_revoked'], [humanOnly.id, 'active', null]].sort(),
    );
    const status = (await bff.call('GET', '/v1/identity/passports/status')).json;
    expect(status.revoked.map((r: { jti: string }) => r.jti)).toEqual([withIdentity.id]);
    const events = (await bff.call('GET', '/v1/events', { auth: TEST_API_KEY })).json as Array<{ type: string; data: Record<string, unknown> }>;
    expect(events.filter((e) => e.type === 'passport.revoked').map((e) => e.data)).toEqual([
      { passport_id: withIdentity.id, subject: 'user_42', reason: 'claim_revoked', claim_id: identity.id, revoked_at: expect.any(String) },
    ]);
    // A revoked claim is carried by no new passport.
    const refused = await issue({ subject: 'user_42', identity_claim_ids: [identity.id] });
    expect([refused.status, refused.json.error.details.issues]).toEqual([400, [{ path: 'body.identity_claim_ids.0', message: expect.stringContaining('revoked') }]]);
  });

  it('the host revokes one passport; revoking again changes nothing, and an unknown or foreign one is a 404', async () => {
    const { human } = await verifiedSubject('user_42');
    const passport = (await issue({ subject: 'user_42', identity_claim_ids: [human.id] })).json;
    const first = await bff.call('DELETE', `/v1/identity/passports/${passport.id}`, { auth: TEST_API_KEY });
    expect(first.json).toMatchObject({ status: 'revoked', revoked_reason: 'revoked' });
    const again = await bff.call('DELETE', `/v1/identity/passports/${passport.id}`, { auth: TEST_API_KEY });
    expect(again.json.revoked_at).toBe(first.json.revoked_at);
    expect((await bff.call('DELETE', `/v1/identity/passports/${passport.id}`, { auth: GLOBEX_KEY })).status).toBe(404);
    expect((await bff.call('DELETE', '/v1/identity/passports/psp_nothing', { auth: TEST_API_KEY })).json.error.code).toBe('not_found');
    const events = (await bff.call('GET', '/v1/events', { auth: TEST_API_KEY })).json as Array<{ type: string }>;
    expect(events.filter((e) => e.type === 'passport.revoked')).toHaveLength(1);
  });

  it("refuses another subject's, an unknown, or another tenant's claim, naming it", async () => {
    const { human } = await verifiedSubject('user_42');
    const theirs = await verifiedSubject('user_7', GLOBEX_KEY);
    for (const [subject, ids, key] of [
      ['user_43', [human.id], TEST_API_KEY],
      ['user_42', [human.id, 'clm_nothing'], TEST_API_KEY],
      ['user_7', [theirs.human.id], TEST_API_KEY],
    ] as const) {
      const r = await issue({ subject, identity_claim_ids: ids }, key);
      expect(r.status, JSON.stringify(ids)).toBe(400);
      expect(r.json.error.details.issues[0].path).toMatch(/^body\.identity_claim_ids\.\d$/);
    }
    for (const body of [{ subject: 'user_42', identity_claim_ids: [] }, { subject: 'user_42', identity_claim_ids: [human.id], ttl_seconds: 30 * 24 * 3600 }, { identity_claim_ids: [human.id] }]) {
      const r = await issue(body);
      expect([r.status, r.json.error.code]).toEqual([400, 'validation_failed']);
    }
  });

  it('a forged, tampered or expired passport is not active', async () => {
    const { human } = await verifiedSubject('user_42');
    const passport = (await issue({ subject: 'user_42', identity_claim_ids: [human.id], ttl_seconds: 600 })).json;
    // Signed by a key that is not ours, under our kid.
    const { privateKey } = await generateKeyPair('ES256');
    const kid = (await jwks()).keys[0]!.kid!;
    const forged = await new SignJWT({ identity_claims: [] }).setProtectedHeader({ alg: 'ES256', typ: 'passport+jwt', kid }).setIssuer(ISSUER).setSubject('user_42').setJti(passport.id).setIssuedAt().setExpirationTime('10m').sign(privateKey);
    expect(await introspect(forged)).toEqual({ active: false });
    const [header, , signature] = passport.token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ sub: 'user_1', jti: passport.id })).toString('base64url')}.${signature}`;
    expect(await introspect(tampered)).toEqual({ active: false });
    expect(await introspect('not a jwt')).toEqual({ active: false });
    bff.clock.advance(11 * 60_000);
    expect(await introspect(passport.token)).toEqual({ active: false });
  });

  it('rotates its signing key, keeping the old one published while passports it signed may live', async () => {
    const { identity } = await verifiedSubject('user_42');
    const first = (await issue({ subject: 'user_42', identity_claim_ids: [identity.id] })).json;
    const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;
    bff.clock.advance(31 * DAY);
    const second = (await issue({ subject: 'user_42', identity_claim_ids: [identity.id] })).json;
    expect(kidOf(second.token)).not.toBe(kidOf(first.token));
    expect((await jwks()).keys.map((k) => k.kid).sort()).toEqual([kidOf(first.token), kidOf(second.token)].sort());
    expect(await introspect(second.token)).toMatchObject({ active: true });
    bff.clock.advance(8 * DAY);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([kidOf(second.token)]);
  });
});
