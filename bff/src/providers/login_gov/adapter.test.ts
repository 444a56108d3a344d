// Login.gov end to end against its emulator, wired as the stack wires it: the level asked for
// follows the session's requirements, the outcome follows the level Login.gov says was reached,
// and the person's data reaches the host only when asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Requirements } from '@identity-verify/contract/schemas';
import { TEST_API_KEY, TEST_ORIGIN } from '../../testing.js';
import { consentAsShown } from '../../testing-consent.js';
import { startHarness } from '../conformance-kit.js';
import { conformance } from './conformance.js';
import { LOGIN_GOV_ACR } from './adapter.js';

let h: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  h = await startHarness('login_gov', conformance);
});
afterAll(async () => h?.close());

const RETURN_TO = `${TEST_ORIGIN}/checkout/verify`;

/** A US resident's session with these requirements, sent to Login.gov, and what the person does there. */
async function atLoginGov(requirements: Partial<Requirements>, locale?: string) {
  const s = await h.bff.createSession({ requirements, ...(locale ? { locale } : {}) });
  const widget = (method: string, path: string, body?: unknown) => h.bff.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
  await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice', 'accepted', { layer: requirements.layer ?? 'humanity', locale: locale?.startsWith('es') ? 'es' : 'en' }));
  await widget('POST', '/v1/identity/residence', { country: 'US' });
  const started = await widget('POST', '/v1/identity/verify/initiate', { provider_key: 'login_gov', requested_claims: ['verified_human'], return_url: RETURN_TO });
  expect(started.status, started.text).toBe(201);
  const authorize = new URL(started.json.client.url);
  const signIn = (choice: { person?: string; outcome?: 'verified' | 'not_verified' | 'cancel' }) => h.emulators.login_gov!.controls.signIn(authorize, choice) as Promise<URL>;
  const back = (callback: URL, headers: Record<string, string> = {}) => h.bff.call('GET', `${callback.pathname}${callback.search}`, { headers });
  const host = async (include?: string) => (await h.bff.call('GET', `/v1/sessions/${s.id}${include ? `?include=${include}` : ''}`, { auth: TEST_API_KEY })).json;
  return { s, widget, started: started.json, authorize, signIn, back, host };
}

describe('Login.gov', () => {
  it('an identity session asks for a verified account, and a verified sign-in gives a human and an identity at high, its data only on request', async () => {
    const t = await atLoginGov({ layer: 'identity', min_assurance: 'substantial' });
    expect(t.authorize.searchParams.get('acr_values')).toBe(LOGIN_GOV_ACR.verified);
    expect(t.authorize.searchParams.get('scope')?.split(' ').sort()).toEqual(['address', 'openid', 'profile']);
    expect(t.authorize.searchParams.get('prompt')).toBe('select_account');
    expect(t.started.client).toEqual({ provider_key: 'login_gov', flow: 'hosted_redirect', url: t.authorize.href });

    const answered = await t.back(await t.signIn({ outcome: 'verified' }));
    expect([answered.status, answered.headers.get('location')]).toEqual([303, RETURN_TO]);
    const session = await t.host();
    expect(session).toMatchObject({ status: 'verified', provider_key: 'login_gov', provider_result: { provider_key: 'login_gov', acr: LOGIN_GOV_ACR.verified } });
    expect(session.claims.map((c: { type: string; assurance_level: string }) => [c.type, c.assurance_level]).sort()).toEqual([
      ['verified_human', 'high'],
      ['verified_identity', 'high'],
    ]);
    expect(session.verified_outputs).toBeUndefined();
    const withOutputs = await t.host('verified_outputs');
    expect(withOutputs.verified_outputs).toMatchObject({ first_name: expect.any(String), last_name: expect.any(String), dob: { year: expect.any(Number) }, address: { country: 'US' } });
    // Kept encrypted: nothing of the person in the session's row.
    const row = JSON.stringify(await h.bff.store.getSession(t.s.id));
    expect(row).not.toContain(withOutputs.verified_outputs.last_name);
  });

  it('a humanity session asks for an account only, and gets a human at substantial with no personal data', async () => {
    const t = await atLoginGov({ layer: 'humanity', min_assurance: 'low' });
    expect(t.authorize.searchParams.get('acr_values')).toBe(LOGIN_GOV_ACR.authOnly);
    expect(t.authorize.searchParams.get('scope')).toBe('openid');
    await t.back(await t.signIn({ outcome: 'verified' }));
    const session = await t.host('verified_outputs');
    expect(session.status).toBe('verified');
    expect(session.claims.map((c: { type: string; assurance_level: string }) => [c.type, c.assurance_level])).toEqual([['verified_human', 'substantial']]);
    expect(session.verified_outputs).toBeNull();
  });

  it('a face check asks for the facial match (IAL2), and a sign-in without one does not verify the session', async () => {
    const t = await atLoginGov({ layer: 'identity', min_assurance: 'high' });
    expect(t.authorize.searchParams.get('acr_values')).toBe(LOGIN_GOV_ACR.facialMatch);
    await t.back(await t.signIn({ outcome: 'not_verified' }));
    const session = await t.host();
    expect(session).toMatchObject({ status: 'requires_input', last_error: { code: 'verification_failed' } });
    expect(session.claims).toEqual([]);
  });

  it('maps what was reached, not what was asked: an account not verified at the level asked leaves the session waiting for another way', async () => {
    const t = await atLoginGov({ layer: 'identity', min_assurance: 'substantial' });
    await t.back(await t.signIn({ outcome: 'not_verified' }));
    expect(await t.host()).toMatchObject({ status: 'requires_input', last_error: { code: 'verification_failed' }, provider_result: { acr: LOGIN_GOV_ACR.authOnly } });
    const providers = (await t.widget('GET', '/v1/identity/providers')).json;
    expect(providers.map((p: { provider_key: string }) => p.provider_key)).toContain('login_gov');
  });

  it("a facial match is reported in the identity profile as IAL2, from what the sign-in asserted and was kept at the callback (no PII kept with the attempt)", async () => {
    const t = await atLoginGov({ layer: 'identity', min_assurance: 'high' });
    await t.back(await t.signIn({ person: 'facial-match', outcome: 'verified' }));
    const attempt = (await h.bff.store.attemptsOf(t.s.id)).find((a) => a.status === 'succeeded')!;
    expect(attempt.private_data).toMatchObject({ asserted_aal: 'urn:gov:gsa:ac:classes:sp:PasswordProtectedTransport:duo', verified_at: expect.stringMatching(/^\d+$/) });
    expect(JSON.stringify(attempt.private_data)).not.toMatch(/Marisol|Testwell|1984-07-19|900123456/);
    const report = (await t.host('identity_profile')).identity_profile.verification_report;
    expect(report).toMatchObject({
      trust_framework: 'NONE',
      schemes_compliance: [],
      assurance_process: { level_of_assurance: 'HIGH', policy: 'NIST_800_63_3', procedure: 'IAL2' },
      evidence: { electronic_records: [{ verifying_org: 'LOGIN_GOV', identity_details: { given_names: 'Marisol', family_name: 'Testwell', date_of_birth: '1984-07-19' } }] },
      authentication_report: { level: 'MFA', policy: 'LOGIN_GOV', trust_framework: 'NONE' },
    });
  });

  it('a person who cancels at Login.gov comes back to a session waiting for another way', async () => {
    const t = await atLoginGov({ layer: 'identity', min_assurance: 'substantial' });
    const callback = await t.signIn({ outcome: 'cancel' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect((await t.back(callback)).status).toBe(303);
    expect(await t.host()).toMatchObject({ status: 'requires_input', last_error: { code: 'abandoned' } });
  });

  it('asks in the person’s language', async () => {
    const t = await atLoginGov({ layer: 'identity', min_assurance: 'substantial' }, 'es-US');
    expect(t.authorize.searchParams.get('locale')).toBe('es');
  });

  it('refuses a replayed or altered callback: JSON for an API client, a page saying what happened for a browser', async () => {
    const t = await atLoginGov({ layer: 'identity', min_assurance: 'substantial' });
    const callback = await t.signIn({ outcome: 'verified' });
    const altered = new URL(callback);
    altered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const refused = await t.back(altered);
    expect([refused.status, refused.json.error.code]).toEqual([404, 'no_pending_session']);
    expect((await t.back(callback)).status).toBe(303);

    const replayed = await t.back(callback, { accept: 'text/html,application/xhtml+xml' });
    expect(replayed.status).toBe(404);
    expect(replayed.headers.get('content-type')).toMatch(/^text\/html/);
    expect(replayed.text).toContain('already used, or it is not one we started');
    expect(replayed.text).not.toMatch(/at .*\.ts:\d+|Error:/);
    expect((await t.host()).status).toBe('verified');

    const inSpanish = await t.back(callback, { accept: 'text/html', 'accept-language': 'es-US,es;q=0.9' });
    expect(inSpanish.text).toContain('<html lang="es">');
    expect(inSpanish.text).toContain('ya se usó');
  });
});
