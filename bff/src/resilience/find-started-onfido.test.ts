// The sweeper's search for what a dead request created at Onfido (findStarted). Onfido v3.6 gives
// an applicant no field for our reference and lists applicants with no filter (newest first), so
// an applicant is found by what we bound it with: the placeholder last name every applicant is
// created under (the host's names replace it once our attempt is written), or, with a Studio
// workflow, the tag of its run.
import { afterEach, expect, it } from 'vitest';
import { createOnfidoEmulator, ONFIDO_EMULATOR_API_TOKEN, ONFIDO_EMULATOR_WEBHOOK_TOKEN, type OnfidoEmulator } from '@identity-verify/emulators';
import { attemptTag, placeholderNames } from '../providers/onfido/adapter.js';
import { INTENT_REF_PREFIX } from '../store/schema.js';
import { abortableFetch, createTestBff, TEST_ORIGIN } from '../testing.js';
import { consentAsShown } from '../testing-consent.js';

const ONFIDO = 'http://onfido.test';
const WORKFLOW_ID = '2d3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';

let bff: Awaited<ReturnType<typeof createTestBff>> | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

/** Onfido wired to the BFF, a ready session in Sweden, and an intent of it that its request never finished. */
async function withDeadIntent(intentId: string, o: { person?: { first_name: string; last_name: string }; env?: Record<string, string> } = {}) {
  const onfido: OnfidoEmulator = createOnfidoEmulator({ publicUrl: ONFIDO, processingSeconds: 0 });
  bff = await createTestBff(
    { ONFIDO_API_TOKEN: ONFIDO_EMULATOR_API_TOKEN, ONFIDO_WEBHOOK_TOKEN: ONFIDO_EMULATOR_WEBHOOK_TOKEN, ONFIDO_API_BASE: `${ONFIDO}/v3.6`, ...o.env },
    abortableFetch(onfido.fetch),
  );
  const t = bff;
  const s = await t.createSession({ requirements: { layer: 'identity', min_assurance: 'high' }, ...(o.person ? { person: o.person } : {}) });
  const widget = (method: string, path: string, body?: unknown) => t.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
  await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice'));
  await widget('POST', '/v1/identity/residence', { country: 'SE' });
  const atOnfido = async (method: string, path: string, body?: unknown) => {
    const r = await onfido.fetch(`${ONFIDO}/v3.6${path}`, {
      method,
      headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, json: r.status === 204 ? null : await r.json() };
  };
  /** An applicant as the adapter creates one: the host's name, else the placeholder bound to the attempt. */
  const applicant = async (names: { first_name: string; last_name: string }) =>
    (await atOnfido('POST', '/applicants', { ...names, location: { country_of_residence: 'SWE' } })).json.id as string;
  /** Whether Onfido still holds the applicant (not scheduled for deletion). */
  const held = async (id: string) => (await atOnfido('GET', `/applicants/${id}`)).status === 200;
  const writeIntent = async () => {
    const row = (await t.store.getSession(s.id))!;
    await t.store.createAttempt({ id: intentId, session_id: s.id, provider_key: 'onfido', session_ref: `${INTENT_REF_PREFIX}${intentId}`, client: {} as never, private_data: {}, status: 'starting', expires_at: row.expires_at });
  };
  const sweep = async () => {
    t.clock.advance(3 * 60_000);
    return t.verification.reconcile();
  };
  const foundAtProvider = async () =>
    (await t.store.auditTrail(s.id)).filter((a) => a.action === 'attempt.intent_swept').map((a) => JSON.parse(a.detail).found_at_provider);
  return { bff: t, onfido, s, widget, atOnfido, applicant, held, writeIntent, sweep, foundAtProvider };
}

it('binds an applicant the host gave no name for to its attempt, by the placeholder last name', async () => {
  const t = await withDeadIntent('iva_unused');
  const started = await t.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
  expect(started.status).toBe(201);
  const [attempt] = await t.bff.store.attemptsOf(t.s.id);
  expect((await t.atOnfido('GET', `/applicants/${started.json.session_ref}`)).json).toMatchObject(placeholderNames(attempt!.id));
});

it("finds the swept intent's own applicant among the account's others (past the first page), and deletes only that one", async () => {
  const intentId = 'iva_deadrequest';
  const t = await withDeadIntent(intentId);
  const others = [];
  for (let i = 0; i < 3; i++) others.push(await t.applicant(placeholderNames(`iva_other${i}`)));
  others.push(await t.applicant({ first_name: 'Jane', last_name: 'Doe' }));
  const orphan = await t.applicant(placeholderNames(intentId));
  // Newer ones push it to the second page of a hundred.
  for (let i = 3; i < 103; i++) others.push(await t.applicant(placeholderNames(`iva_other${i}`)));
  await t.writeIntent();

  expect(await t.sweep()).toMatchObject({ swept: 1 });
  expect(await t.bff.store.findAttemptById(intentId)).toMatchObject({ status: 'canceled', session_ref: orphan, private_data: { applicant_id: orphan } });
  expect(await t.foundAtProvider()).toEqual([true]);
  expect(await t.held(orphan)).toBe(false);
  for (const id of others) expect(await t.held(id)).toBe(true);
});

it('with a Studio workflow, tags every run it creates with its attempt', async () => {
  const t = await withDeadIntent('iva_unused', { person: { first_name: 'Jane', last_name: 'Doe' }, env: { ONFIDO_WORKFLOW_ID: WORKFLOW_ID } });
  const started = await t.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
  expect(started.status).toBe(201);
  const [attempt] = await t.bff.store.attemptsOf(t.s.id);
  const runs = (await t.atOnfido('GET', `/workflow_runs?applicant_id=${started.json.session_ref}`)).json as { tags: string[] }[];
  expect(runs.map((r) => r.tags)).toEqual([[attemptTag(attempt!.id)]]);
});

it("with a Studio workflow, finds the swept intent's applicant (with the host's name) through its tagged run, and deletes only that one", async () => {
  const intentId = 'iva_deadstudio';
  const person = { first_name: 'Jane', last_name: 'Doe' };
  const t = await withDeadIntent(intentId, { person, env: { ONFIDO_WORKFLOW_ID: WORKFLOW_ID } });
  // What a request that died after Onfido answered left: a named applicant and its tagged run,
  // beside another run of the same person for another attempt.
  const other = await t.applicant(person);
  await t.atOnfido('POST', '/workflow_runs', { workflow_id: WORKFLOW_ID, applicant_id: other, tags: [attemptTag('iva_other')] });
  const orphan = await t.applicant(person);
  const run = (await t.atOnfido('POST', '/workflow_runs', { workflow_id: WORKFLOW_ID, applicant_id: orphan, tags: [attemptTag(intentId)] })).json.id as string;
  await t.writeIntent();

  expect(await t.sweep()).toMatchObject({ swept: 1 });
  expect(await t.bff.store.findAttemptById(intentId)).toMatchObject({ status: 'canceled', session_ref: orphan, private_data: { applicant_id: orphan, workflow_run_id: run } });
  expect(await t.foundAtProvider()).toEqual([true]);
  expect(await t.held(orphan)).toBe(false);
  expect(await t.held(other)).toBe(true);
});

it("with the host's name, the applicant is created under the attempt's placeholder and named once the attempt is written; a dead request's applicant holds no name and is found", async () => {
  const named = await withDeadIntent('iva_unused', { person: { first_name: 'Jane', last_name: 'Doe' } });
  const started = await named.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
  expect(started.status).toBe(201);
  const applicantId = started.json.session_ref as string;
  expect(named.onfido.controls.requests({ path: '/v3.6/applicants' }).map((r) => r.method)).toEqual(['POST']);
  expect(named.onfido.controls.requests({ path: `/v3.6/applicants/${applicantId}` }).map((r) => r.method)).toEqual(['PUT']);
  expect((await named.atOnfido('GET', `/applicants/${applicantId}`)).json).toMatchObject({ first_name: 'Jane', last_name: 'Doe' });
  await named.bff.close();

  // What a request that died after Onfido answered left for a named session: the placeholder only.
  const intentId = 'iva_namedcheck';
  const t = await withDeadIntent(intentId, { person: { first_name: 'Jane', last_name: 'Doe' } });
  const orphan = await t.applicant(placeholderNames(intentId));
  const other = await t.applicant(placeholderNames('iva_someoneelse'));
  await t.writeIntent();
  expect(await t.sweep()).toMatchObject({ swept: 1 });
  expect(await t.foundAtProvider()).toEqual([true]);
  expect(await t.held(orphan)).toBe(false);
  expect(await t.held(other)).toBe(true);
});

it('sweeps an intent whose request died before Onfido created anything: one page read, nothing found, nothing recorded', async () => {
  const intentId = 'iva_neverreached';
  const t = await withDeadIntent(intentId);
  await t.applicant(placeholderNames('iva_someoneelse'));
  await t.writeIntent();
  expect(await t.sweep()).toMatchObject({ swept: 1 });
  expect(await t.bff.store.findAttemptById(intentId)).toMatchObject({ status: 'canceled', session_ref: `${INTENT_REF_PREFIX}${intentId}` });
  expect(await t.foundAtProvider()).toEqual([false]);
  expect(t.onfido.controls.requests({ path: '/v3.6/applicants', method: 'GET' })).toHaveLength(1);
});
