// Signicat Assure cannot be searched for what a dead request created there: a dossier carries no
// reference of ours that any source documents, and the dossier list has nothing to filter by (the
// limit is written at the adapter). What such an orphan can hold is bounded instead: initiate
// sends Assure nothing of the person but the country of residence and the consent, so a dossier
// left by a request killed after Assure answered holds no name and no image.
import { afterEach, expect, it } from 'vitest';
import { startHarness } from '../providers/conformance-kit.js';
import { conformance as signicatKit } from '../providers/signicat_onfido/conformance.js';
import { INTENT_REF_PREFIX } from '../store/schema.js';
import { TEST_ORIGIN } from '../testing.js';
import { consentAsShown } from '../testing-consent.js';

let harness: Awaited<ReturnType<typeof startHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('sends Assure nothing of the person while starting: no name, no image, only the country of residence', async () => {
  harness = await startHarness('signicat_onfido', signicatKit);
  const { bff, toProviders } = harness;
  const person = { first_name: 'Jolene', last_name: 'Quixworth' };
  const s = await bff.createSession({ requirements: { layer: 'identity', min_assurance: 'high' }, person });
  const widget = (method: string, path: string, body?: unknown) => bff.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
  await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice'));
  await widget('POST', '/v1/identity/residence', { country: 'SE' });
  toProviders.length = 0;
  const started = await widget('POST', '/v1/identity/verify/initiate', { provider_key: 'signicat_onfido', requested_claims: ['verified_identity'] });
  expect(started.status).toBe(201);

  const sent = toProviders.filter((r) => r.url.includes('/assure/'));
  expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/[0-9a-f-]{36}/g, ':id')}`)).toEqual(['POST /assure/dossiers', 'POST /assure/dossiers/:id/processes']);
  expect(JSON.parse(sent[0]!.body)).toEqual({});
  expect(JSON.parse(sent[1]!.body)).toEqual({ provider: 'onfido', processType: expect.any(String), processParameters: { location: { countryOfResidence: 'SWE' } } });
  for (const r of toProviders) expect(r.body).not.toMatch(/Jolene|Quixworth/);
});

it('sweeps a Signicat intent without a search: closed, nothing recorded, found_at_provider false', async () => {
  harness = await startHarness('signicat_onfido', signicatKit);
  const { bff } = harness;
  const { s } = await harness.session(signicatKit.offered);
  const intentId = 'iva_deadassure';
  const row = (await bff.store.getSession(s.id))!;
  await bff.store.createAttempt({ id: intentId, session_id: s.id, provider_key: 'signicat_onfido', session_ref: `${INTENT_REF_PREFIX}${intentId}`, client: {} as never, private_data: {}, status: 'starting', expires_at: row.expires_at });
  bff.clock.advance(3 * 60_000);
  expect(await bff.verification.reconcile()).toMatchObject({ swept: 1 });
  expect(await bff.store.findAttemptById(intentId)).toMatchObject({ status: 'canceled', session_ref: `${INTENT_REF_PREFIX}${intentId}` });
  const swept = (await bff.store.auditTrail(s.id)).filter((a) => a.action === 'attempt.intent_swept').map((a) => JSON.parse(a.detail));
  expect(swept).toEqual([expect.objectContaining({ attempt_id: intentId, found_at_provider: false })]);
});
