// Service identity requirements as seed 003 specifies them: set and read per service and tenant,
// GDPR_VIOLATION for an identity requirement without its personal-data declaration and lawful
// basis, and a session created for a service taking its requirements (the providers offered
// follow them).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBff, TEST_API_KEY, TEST_ORIGIN } from '../testing.js';

const GLOBEX_KEY = 'sk_test_globex000000000000000000000000';

let bff: Awaited<ReturnType<typeof createTestBff>>;
beforeEach(async () => {
  // Turnstile configured (never called here): a provider for the offer to follow.
  bff = await createTestBff({ IDV_API_KEYS: `${TEST_API_KEY},globex:${GLOBEX_KEY}`, TURNSTILE_SITEKEY: 'sitekey', TURNSTILE_SECRET: 'secret-for-tests' });
});
afterEach(async () => bff?.close());

const set = (service: string, body: unknown, auth = TEST_API_KEY) => bff.call('POST', `/v1/services/${service}/requirements`, { auth, body });
const get = (service: string, auth = TEST_API_KEY) => bff.call('GET', `/v1/services/${service}/requirements`, { auth });

const KYC = { layer: 'identity', requires_claim: 'verified_identity', minimum_assurance: 'high', accepted_providers: ['stripe_identity'], requires_pii: true, lawful_basis: 'legal_obligation' };

describe('service requirements', () => {
  it("sets a service's requirement, answers it as set, and replaces it when set again", async () => {
    const humanity = await set('svc_123', { layer: 'humanity', requires_claim: 'verified_human', minimum_assurance: 'substantial', accepted_providers: [], requires_pii: false });
    expect(humanity.status, humanity.text).toBe(201);
    expect(humanity.json).toMatchObject({
      object: 'service_requirement',
      service_id: 'svc_123',
      layer: 'humanity',
      requires_claim: 'verified_human',
      minimum_assurance: 'substantial',
      accepted_providers: [],
      required_scopes: [],
      requires_pii: false,
      lawful_basis: null,
    });
    expect((await get('svc_123')).json).toEqual(humanity.json);
    const replaced = await set('svc_123', KYC);
    expect(replaced.json).toMatchObject({ layer: 'identity', requires_pii: true, lawful_basis: 'legal_obligation', accepted_providers: ['stripe_identity'] });
    expect((await get('svc_123')).json).toEqual(replaced.json);
    // Each setting is in the tenant's hash-chained audit trail.
    expect((await bff.call('GET', '/v1/audit/verify', { auth: TEST_API_KEY })).json).toMatchObject({ valid: true, rows: 2 });
  });

  it('refuses an identity requirement that does not declare its personal data, or declares it without a lawful basis, with GDPR_VIOLATION', async () => {
    const undeclared = await set('svc_kyc', { ...KYC, requires_pii: false, lawful_basis: undefined });
    expect([undeclared.status, undeclared.json.error.code]).toEqual([400, 'GDPR_VIOLATION']);
    expect(undeclared.json.error.details.issues).toEqual([{ path: 'body.requires_pii', message: expect.stringContaining('requires_pii') }]);
    const { lawful_basis: _, ...noBasis } = KYC;
    const baseless = await set('svc_kyc', noBasis);
    expect([baseless.status, baseless.json.error.code]).toEqual([400, 'GDPR_VIOLATION']);
    expect(baseless.json.error.details.issues[0].path).toBe('body.lawful_basis');
    // Delegation stands on a verified identity: the same rule.
    const delegation = await set('svc_tax', { layer: 'delegation', requires_claim: 'verified_identity', minimum_assurance: 'high', required_scopes: ['tax:file'] });
    expect(delegation.json.error.code).toBe('GDPR_VIOLATION');
    expect((await get('svc_kyc')).status).toBe(404);
  });

  it('names what is wrong in any other bad requirement, never a 500', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...KYC, layer: 'galaxy' }, 'body.layer'],
      [{ ...KYC, requires_claim: 'verified_human' }, 'body.requires_claim'],
      [{ ...KYC, minimum_assurance: 'medium' }, 'body.minimum_assurance'],
      [{ ...KYC, accepted_providers: ['acme'] }, 'body.accepted_providers.0'],
      [{ ...KYC, lawful_basis: 'because' }, 'body.lawful_basis'],
      [{ ...KYC, surprise: true }, 'body'],
      [{ layer: 'delegation', requires_claim: 'verified_identity', minimum_assurance: 'high', requires_pii: true, lawful_basis: 'consent' }, 'body.required_scopes'],
      [{ ...KYC, layer: 'delegation', required_scopes: ['Tax File'] }, 'body.required_scopes.0'],
    ];
    for (const [body, path] of cases) {
      const r = await set('svc_1', body);
      expect([r.status, r.json.error.code], JSON.stringify(body)).toEqual([400, 'validation_failed']);
      expect(r.json.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const badId = await get('svc 1');
    expect([badId.status, badId.json.error.details.issues[0].path]).toEqual([400, 'params.id']);
  });

  it("keeps each tenant's services apart", async () => {
    await set('svc_shared', KYC);
    expect((await get('svc_shared', GLOBEX_KEY)).status).toBe(404);
    const theirs = await bff.call('POST', '/v1/sessions', { auth: GLOBEX_KEY, body: { service_id: 'svc_shared' } });
    expect([theirs.status, theirs.json.error.details.issues[0].path]).toEqual([400, 'body.service_id']);
  });
});

describe('a session for a service', () => {
  it("takes the service's requirements: the providers offered follow them", async () => {
    await set('svc_kyc', KYC);
    const s = await bff.readySession('SE', { service_id: 'svc_kyc' });
    const host = (await bff.call('GET', `/v1/sessions/${s.id}`, { auth: TEST_API_KEY })).json;
    expect(host).toMatchObject({ service_id: 'svc_kyc', requirements: { layer: 'identity', min_assurance: 'high', accepted_providers: ['stripe_identity'] } });
    // This BFF runs Turnstile alone: offered for a service that accepts it, not for one that does not.
    const offered = async (service: string) => {
      const session = await bff.readySession('SE', { service_id: service });
      return (await bff.call('GET', '/v1/identity/providers', { auth: session.client_secret, headers: { origin: TEST_ORIGIN } })).json.map((p: { provider_key: string }) => p.provider_key);
    };
    const humanity = { layer: 'humanity', requires_claim: 'verified_human', minimum_assurance: 'low' };
    await set('svc_forum', { ...humanity, accepted_providers: ['turnstile'] });
    await set('svc_stripe_only', { ...humanity, accepted_providers: ['stripe_identity'] });
    expect(await offered('svc_forum')).toEqual(['turnstile']);
    expect(await offered('svc_stripe_only')).toEqual([]);
  });

  it('is refused for a service with no requirements, or with requirements of its own as well', async () => {
    const unknown = await bff.call('POST', '/v1/sessions', { auth: TEST_API_KEY, body: { service_id: 'svc_nothing' } });
    expect([unknown.status, unknown.json.error.details.issues[0].path]).toEqual([400, 'body.service_id']);
    await set('svc_kyc', KYC);
    const both = await bff.call('POST', '/v1/sessions', { auth: TEST_API_KEY, body: { service_id: 'svc_kyc', requirements: { layer: 'humanity' } } });
    expect([both.status, both.json.error.details.issues[0].path]).toEqual([400, 'body.requirements']);
  });
});
