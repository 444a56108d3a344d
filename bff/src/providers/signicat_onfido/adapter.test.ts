// Signicat Assure (Onfido) through the BFF against the Signicat emulator, in one process: the
// widget's calls and uploads go to the BFF app, the adapter speaks to the emulator, and the
// emulator's signed events are delivered straight into the BFF app. It is long because one setup
// serves the whole journey (consent, capture, the five final statuses, events, results,
// redaction), the consent rule, tokens, failures and configuration; the pure reduction of a
// process is tested in outcome.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSignicatEmulator,
  signSignicatEvent,
  SIGNICAT_EMULATOR_CLIENT_ID,
  SIGNICAT_EMULATOR_CLIENT_SECRET,
  SIGNICAT_EMULATOR_EVENT_SECRET,
  SIGNICAT_TEST_PERSON,
  type AssureFinalStatus,
  type SignicatEmulator,
} from '@identity-verify/emulators';
import { HostSessionSchema, type Requirements } from '@identity-verify/contract/schemas';
import { ConfigError, loadConfig } from '../../config.js';
import { newId } from '../../security/tokens.js';
import { abortableFetch, createTestBff, TEST_API_KEY, testPhoto, TEST_ORIGIN } from '../../testing.js';
import { consentAsShown, noticeOf } from '../../testing-consent.js';

const ASSURE = 'https://api.signicat.test';
const WEBHOOK_URL = 'https://bff.test/v1/webhooks/signicat';
const ENV = {
  SIGNICAT_CLIENT_ID: SIGNICAT_EMULATOR_CLIENT_ID,
  SIGNICAT_CLIENT_SECRET: SIGNICAT_EMULATOR_CLIENT_SECRET,
  SIGNICAT_EVENT_SECRET: SIGNICAT_EMULATOR_EVENT_SECRET,
  SIGNICAT_API_BASE: ASSURE,
};
/** Everything the emulated document says about its holder (gender aside: one letter). */
const PERSONAL = Object.values(SIGNICAT_TEST_PERSON).filter((v) => v.length > 1);
const VERDICTS = ['age_validation', 'breakdowns', 'compromised_document', 'data_comparison', 'data_consistency', 'data_validation', 'image_integrity', 'police_record', 'result', 'sub_result', 'visual_authenticity'];

let bff: Awaited<ReturnType<typeof createTestBff>>;
let signicat: SignicatEmulator;

/** Assure's API as the integrator's own tools would call it, with a token of their own. */
async function atAssure(method: string, path: string, body?: unknown) {
  const basic = Buffer.from(`${SIGNICAT_EMULATOR_CLIENT_ID}:${SIGNICAT_EMULATOR_CLIENT_SECRET}`).toString('base64');
  const token = await signicat.fetch(`${ASSURE}/auth/open/connect/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&scope=signicat-api',
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const r = await signicat.fetch(`${ASSURE}${path}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const bytes = new Uint8Array(await r.arrayBuffer());
  let json: any = null;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    json = null;
  }
  return { status: r.status, json, bytes };
}

const assureCalls = (pattern: RegExp, method = 'POST') => signicat.controls.requests({ method }).filter((r) => pattern.test(r.path));
const tokenCalls = () => signicat.controls.requests({ path: '/auth/open/connect/token', method: 'POST' });

interface Setup {
  country?: string;
  /** The person's answer to Onfido's US biometric notice (US only). */
  biometric?: 'accepted' | 'declined' | 'none';
  requirements?: Partial<Requirements>;
  processingSeconds?: number;
  /** Deliver the emulator's signed events to the BFF's webhook. */
  events?: boolean;
  env?: Record<string, string>;
  /** Answers some calls to Assure instead of the emulator (undefined: the emulator answers). */
  route?: (url: string, init?: RequestInit) => Promise<Response> | undefined;
}

async function setup(o: Setup = {}) {
  const { country = 'SE', biometric = 'accepted' } = o;
  signicat = createSignicatEmulator({
    processingSeconds: o.processingSeconds ?? 0,
    ...(o.events ? { subscribers: [{ url: WEBHOOK_URL }], fetch: ((url: RequestInfo | URL, init?: RequestInit) => bff.app.request(String(url), init)) as typeof fetch } : {}),
  });
  bff = await createTestBff({ ...ENV, ...o.env }, abortableFetch((input, init) => o.route?.(String(input), init) ?? signicat.fetch(input, init)));
  const s = await bff.createSession({ requirements: { layer: 'identity', min_assurance: 'high', ...o.requirements } });
  const widget = (method: string, path: string, body?: unknown) => bff.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
  await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice'));
  await widget('POST', '/v1/identity/residence', { country });
  const accept = async (decision: 'accepted' | 'declined' = 'accepted') => widget('POST', '/v1/identity/consents', consentAsShown(await noticeOf(widget, 'signicat_onfido'), decision));
  if (country === 'US' && biometric !== 'none') await accept(biometric);
  const initiate = () => widget('POST', '/v1/identity/verify/initiate', { provider_key: 'signicat_onfido', requested_claims: ['verified_identity'] });
  const complete = (ref: string) => widget('POST', '/v1/identity/verify/complete', { provider_key: 'signicat_onfido', session_ref: ref });
  /** What the widget's capture sends: the image as the body, where it goes in the query. */
  const upload = async (ref: string, side: string, bytes: Uint8Array<ArrayBuffer>, type = 'image/jpeg', documentType = 'national_identity_card') => {
    const query = new URLSearchParams({ provider_key: 'signicat_onfido', session_ref: ref, side, ...(side === 'selfie' ? {} : { document_type: documentType }) });
    const response = await bff.app.request(`/v1/identity/verify/uploads?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.client_secret}`, origin: TEST_ORIGIN, 'content-type': type, 'content-length': String(bytes.length) },
      body: bytes,
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  /** Front and back of an identity card, and the selfie when one is asked for. */
  const capture = async (ref: string, selfie = true) => {
    expect((await upload(ref, 'document_front', testPhoto('jpeg', 8 * 1024))).status).toBe(201);
    expect((await upload(ref, 'document_back', testPhoto('png', 6 * 1024), 'image/png')).status).toBe(201);
    if (selfie) expect((await upload(ref, 'selfie', testPhoto('jpeg', 40 * 1024))).status).toBe(201);
  };
  const host = (include = '') => bff.call('GET', `/v1/sessions/${s.id}${include ? `?include=${include}` : ''}`, { auth: TEST_API_KEY });
  const dossierOf = async (ref: string) => (await bff.store.findAttempt(s.id, 'signicat_onfido', ref))!.private_data.dossier_id!;
  const outcomesApplied = async () => (await bff.store.auditTrail(s.id)).filter((a) => a.action === 'outcome.applied').map((a) => JSON.parse(a.detail).status);
  return { s, widget, accept, initiate, complete, upload, capture, host, dossierOf, outcomesApplied };
}

/** Initiates, uploads every image and completes: the whole widget path. */
async function verifyThroughWidget(t: Awaited<ReturnType<typeof setup>>) {
  const started = await t.initiate();
  expect(started.status).toBe(201);
  await t.capture(started.json.session_ref, started.json.client.selfie);
  return { ref: started.json.session_ref as string, completed: await t.complete(started.json.session_ref) };
}

/**
 * None of the document's data in the host's view; nor, in the provider result, the issuing country
 * (for a passport, the holder's nationality). Breakdown leaves may be named after a field
 * (dataComparison.firstName): that is the verdict of a comparison, not the field.
 */
function expectNothingPersonal(host: { text: string; json: { provider_result: any } }) {
  for (const value of PERSONAL) expect(host.text, value).not.toContain(value);
  const result = host.json.provider_result;
  for (const country of ['SWE', 'USA']) expect(JSON.stringify(result), country).not.toContain(country);
  if (result.provider.document_verification) expect(Object.keys(result.provider.document_verification).sort()).toEqual([...VERDICTS, 'document_type'].sort());
  if (result.final_result) expect(Object.keys(result.final_result).sort()).toEqual(['document_type', 'similarity_score']);
}

afterEach(async () => {
  await signicat?.controls.flushEvents();
  await bff?.close();
});

describe('Signicat Assure (Onfido) through the BFF', () => {
  it('lists Signicat with the US notice, opens a dossier and a documentSelfie process with the consent, streams each image on and verifies on completion', async () => {
    const t = await setup({ country: 'US' });
    const listed = (await t.widget('GET', '/v1/identity/providers')).json.find((p: { provider_key: string }) => p.provider_key === 'signicat_onfido');
    expect(listed).toMatchObject({ name: 'Signicat Assure (Onfido)', flow: 'native_capture', assurance_level: 'high', notices: ['onfido_biometric_us'] });

    const started = await t.initiate();
    expect(started.status).toBe(201);
    expect(started.json.client).toEqual({
      provider_key: 'signicat_onfido',
      flow: 'native_capture',
      document_types: ['passport', 'driving_licence', 'national_identity_card'],
      selfie: true,
      max_bytes: 3 * 1024 * 1024,
      limits: {
        document_front: { min_bytes: 2 * 1024, max_bytes: 3 * 1024 * 1024 },
        document_back: { min_bytes: 2 * 1024, max_bytes: 3 * 1024 * 1024 },
        selfie: { min_bytes: 32 * 1024, max_bytes: 10 * 1024 * 1024 },
      },
      min_long_edge: 1600,
    });
    const ref = started.json.session_ref;
    const dossierId = await t.dossierOf(ref);
    expect((await bff.store.findAttempt(t.s.id, 'signicat_onfido', ref))!.private_data).toEqual({ dossier_id: dossierId, process_id: ref });
    expect(assureCalls(/\/processes$/)[0]!.body).toEqual({
      provider: 'onfido',
      processType: 'documentSelfie',
      processParameters: { location: { countryOfResidence: 'USA' }, consents: { privacy: true } },
    });

    // Each image is the raw body of its own call, typed and sized, and arrives byte for byte.
    const front = testPhoto('jpeg', 8 * 1024);
    expect(await t.upload(ref, 'document_front', front)).toMatchObject({ status: 201, json: { side: 'document_front', bytes: 8 * 1024 } });
    expect((await t.upload(ref, 'document_back', testPhoto('png', 6 * 1024), 'image/png')).status).toBe(201);
    expect((await t.upload(ref, 'selfie', testPhoto('jpeg', 40 * 1024))).status).toBe(201);
    const sent = assureCalls(/\/files\/(FRONT|BACK|SELFIE)$/);
    expect(sent.map((r) => [r.path.split('/').at(-1), r.headers['content-type'], r.headers['content-length'], r.status])).toEqual([
      ['FRONT', 'image/jpeg', String(8 * 1024), 204],
      ['BACK', 'image/png', String(6 * 1024), 204],
      ['SELFIE', 'image/jpeg', String(40 * 1024), 204],
    ]);
    expect((await atAssure('GET', `/assure/dossiers/${dossierId}/processes/${ref}/files/FRONT`)).bytes).toEqual(front);

    const completed = await t.complete(ref);
    expect(completed.json).toMatchObject({ status: 'verified', claims: [{ type: 'verified_human', provider_key: 'signicat_onfido', assurance_level: 'high' }, { type: 'verified_identity', provider_key: 'signicat_onfido', assurance_level: 'high' }] });
    const host = await t.host();
    expect(HostSessionSchema.parse(host.json).provider_result).toMatchObject({
      provider_key: 'signicat_onfido',
      dossier_id: dossierId,
      process_id: ref,
      process_type: 'documentSelfie',
      status: 'accepted',
      depictions: ['front', 'back', 'selfie'],
      fail_reason: null,
      final_result: { document_type: 'passport', similarity_score: 'medium' },
      provider: {
        document_verification: { result: 'clear', sub_result: 'clear', police_record: 'clear', breakdowns: { imageIntegrity: { result: 'clear' } } },
        facial_similarity: {
          similarity_score: 'medium',
          breakdowns: { faceComparison: { breakdown: { faceMatch: { result: 'clear', properties: { score: expect.any(Number), documentId: expect.any(String), livePhotoId: expect.any(String) } } } } },
        },
      },
    });
    expectNothingPersonal(host);
    expect((await t.host('verified_outputs')).json.verified_outputs).toEqual({ first_name: 'EMMA SOPHIE', last_name: 'EMULATOR', address: null });
  });

  it.each<[AssureFinalStatus, string, string | null, number]>([
    ['accepted', 'verified', null, 200],
    ['inconclusive', 'needs_review', 'document_expired', 200],
    ['rejected', 'rejected', 'document_unverified_other', 422],
    ['canceled', 'canceled', 'abandoned', 200],
    ['failed', 'failed', 'document_unverified_other', 200],
  ])('maps Assure %s to %s (%s), with the verdicts for the host and none of the document data', async (assureStatus, status, code, httpStatus) => {
    const t = await setup();
    const started = (await t.initiate()).json;
    signicat.controls.setScenario(await t.dossierOf(started.session_ref), assureStatus);
    await t.capture(started.session_ref);
    const completed = await t.complete(started.session_ref);
    expect(completed.status).toBe(httpStatus);
    const host = await t.host();
    expect(host.json).toMatchObject({ status, last_error: code ? { code } : null, provider_result: { provider_key: 'signicat_onfido', status: assureStatus } });
    HostSessionSchema.parse(host.json);
    if (assureStatus === 'failed') expect(host.json.provider_result).toMatchObject({ fail_reason: 'upload_failed', provider: { document_verification: null, facial_similarity: null } });
    if (assureStatus === 'inconclusive') {
      expect(host.json.provider_result.provider.document_verification).toMatchObject({ sub_result: 'suspected', data_validation: 'consider', document_type: 'passport' });
      expect(host.json.provider_result.provider.document_verification.breakdowns.dataValidation.breakdown.documentExpiration.result).toBe('consider');
    }
    expectNothingPersonal(host);
    expect(host.text).not.toContain('validation error');
    expect(await t.outcomesApplied()).toEqual([status]);
  });

  it('verifies a document-only process at substantial assurance, and takes no selfie for it', async () => {
    const t = await setup({ requirements: { min_assurance: 'substantial' } });
    const started = (await t.initiate()).json;
    expect(started.client.selfie).toBe(false);
    expect(assureCalls(/\/processes$/)[0]!.body).toEqual({ provider: 'onfido', processType: 'document', processParameters: { location: { countryOfResidence: 'SWE' } } });
    const selfie = await t.upload(started.session_ref, 'selfie', testPhoto('jpeg', 40 * 1024));
    expect([selfie.status, selfie.json.error.code]).toEqual([400, 'validation_failed']);
    expect(assureCalls(/\/files\/SELFIE$/)).toEqual([]);
    await t.capture(started.session_ref, false);
    expect((await t.complete(started.session_ref)).json.claims).toEqual([
      { type: 'verified_human', provider_key: 'signicat_onfido', assurance_level: 'substantial' },
      { type: 'verified_identity', provider_key: 'signicat_onfido', assurance_level: 'substantial' },
    ]);
    expect((await t.host()).json.provider_result).toMatchObject({ process_type: 'document', final_result: { similarity_score: null }, provider: { facial_similarity: null } });
  });

  it("runs Onfido's SDK with the process's authorization when the session prefers it, and for a video check (documentVideo)", async () => {
    const cases = [
      { requirements: { capture: 'sdk' as const }, processType: 'documentSelfie', face: 'standard' },
      { requirements: { face_check: 'video' as const }, processType: 'documentVideo', face: 'video' },
      { env: { SIGNICAT_CAPTURE: 'sdk', SIGNICAT_ONFIDO_SDK_URL: 'https://sdk.onfido.test/v14/Onfido.js' }, requirements: { min_assurance: 'substantial' as const }, processType: 'document', face: null },
    ];
    for (const c of cases) {
      // Assure's create answer, as the BFF received it (the emulator's log redacts the authorization).
      let authorization = '';
      const route = (url: string, init?: RequestInit) =>
        init?.method === 'POST' && url.endsWith('/processes')
          ? signicat.fetch(url, init).then(async (r) => ({ authorization } = (await r.clone().json()) as { authorization: string }) && r)
          : undefined;
      const t = await setup({ country: 'US', requirements: c.requirements, route, ...(c.env ? { env: c.env } : {}) });
      const listed = (await t.widget('GET', '/v1/identity/providers')).json.find((p: { provider_key: string }) => p.provider_key === 'signicat_onfido');
      // Every US resident accepts Onfido's policies: the biometric notice with a face check, else the privacy one.
      expect(listed).toMatchObject({ flow: 'embedded_sdk', notices: [c.face ? 'onfido_biometric_us' : 'onfido_privacy_us'] });
      const started = (await t.initiate()).json;
      const created = assureCalls(/\/processes$/).at(-1)!;
      expect(created.body).toMatchObject({ processType: c.processType, processParameters: { location: { countryOfResidence: 'USA' }, consents: { privacy: true } } });
      const ref = started.session_ref;
      const dossierId = await t.dossierOf(ref);
      expect(authorization).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(started.client).toEqual({
        provider_key: 'signicat_onfido',
        flow: 'embedded_sdk',
        sdk_token: authorization,
        sdk_url: c.env?.SIGNICAT_ONFIDO_SDK_URL ?? null,
        face: c.face,
        workflow_run_id: null,
      });
      // The SDK sends the images to Onfido itself: our upload route takes none for this attempt.
      const refused = await t.upload(ref, 'document_front', testPhoto('jpeg', 8 * 1024));
      expect([refused.status, refused.json.error.code]).toEqual([400, 'validation_failed']);
      expect(assureCalls(/\/files\//)).toEqual([]);
      signicat.controls.completeSdkCapture(dossierId, ref);
      expect((await t.complete(ref)).json).toMatchObject({ status: 'verified', claims: [{ type: 'verified_human', provider_key: 'signicat_onfido' }, { type: 'verified_identity', provider_key: 'signicat_onfido' }] });
      expect((await t.host()).json.provider_result).toMatchObject({ process_type: c.processType, status: 'accepted' });
      await signicat.controls.flushEvents();
      await bff.close();
    }
  });

  it('starts the verification once, however often and at once the widget completes', async () => {
    const t = await setup({ processingSeconds: 60 });
    const started = (await t.initiate()).json;
    await t.capture(started.session_ref);
    const [a, b] = await Promise.all([t.complete(started.session_ref), t.complete(started.session_ref)]);
    expect([a.json.status, b.json.status]).toEqual(['processing', 'processing']);
    expect((await t.complete(started.session_ref)).json.status).toBe('processing');
    expect(assureCalls(/\/verify$/)).toHaveLength(1);
    expect((await t.host()).json.provider_result).toMatchObject({ status: 'processing', final_result: null });
    signicat.controls.clock.advance(60);
    expect((await t.complete(started.session_ref)).json.status).toBe('verified');
    expect(assureCalls(/\/verify$/)).toHaveLength(1);
  });

  it('reads sensitive fields live from Assure, never stores them, and offers no image links', async () => {
    const t = await setup();
    await verifyThroughWidget(t);
    const reads = () => signicat.controls.requests({ method: 'GET' }).length;
    const before = reads();
    const r = await t.host('sensitive_outputs,images');
    expect(r.json.sensitive_outputs).toEqual({
      dob: { year: 1988, month: 4, day: 21 },
      id_number: null,
      document_number: SIGNICAT_TEST_PERSON.documentNumber,
      document_expiration_date: { year: 2033, month: 5, day: 14 },
    });
    expect(r.json.images).toEqual([]);
    expect(reads()).toBe(before + 1);
    expect((await t.host()).json).not.toHaveProperty('sensitive_outputs');
  });

  it("reports the accepted process as the identity profile, read live: finalResult never stored", async () => {
    const t = await setup();
    await verifyThroughWidget(t);
    const reads = () => signicat.controls.requests({ method: 'GET' }).length;
    const before = reads();
    const r = await t.host('identity_profile');
    expect(reads()).toBe(before + 1);
    const { identity_assertion: assertion, verification_report: v } = r.json.identity_profile;
    expect(assertion.date_of_birth).toBe(SIGNICAT_TEST_PERSON.dateOfBirth);
    expect(v).toMatchObject({ trust_framework: 'NONE', assurance_process: { level_of_assurance: 'HIGH', policy: 'SIGNICAT_ASSURE', procedure: 'documentSelfie' } });
    expect(v.evidence.documents).toEqual([
      expect.objectContaining({
        verifying_org: 'SIGNICAT',
        document_fields: expect.objectContaining({ document_number: SIGNICAT_TEST_PERSON.documentNumber, expiration_date: SIGNICAT_TEST_PERSON.dateOfExpiry }),
        passed_checks: [{ check: 'DOCUMENT_IN_DATE' }, { check: 'FRAUD_DOCUMENTS_LIST' }, { check: 'AUTOMATED_FACE_MATCH' }],
      }),
    ]);
    expect(v.evidence.face.initial_liveness.type).toBe('STATIC');
    expect(JSON.stringify(await bff.store.getSession(t.s.id))).not.toContain(SIGNICAT_TEST_PERSON.documentNumber);
  });

  it('redacts: the dossier is deleted at Assure and our copy is erased', async () => {
    const t = await setup();
    const { ref } = await verifyThroughWidget(t);
    const dossierId = await t.dossierOf(ref);
    const redacted = await bff.call('POST', `/v1/sessions/${t.s.id}/redact`, { auth: TEST_API_KEY });
    expect(redacted.json).toMatchObject({ status: 'verified', redaction: { status: 'redacted' } });
    expect(assureCalls(new RegExp(`/assure/dossiers/${dossierId}$`), 'DELETE')).toHaveLength(1);
    expect((await atAssure('GET', `/assure/dossiers/${dossierId}`)).status).toBe(404);
    expect((await t.host('verified_outputs')).json.verified_outputs).toBeNull();
  });
});

describe('Signicat and the US biometric consent', () => {
  it('refuses to start for a US resident without the acceptance, creates nothing, and sends the consent only once accepted', async () => {
    const t = await setup({ country: 'US', biometric: 'none' });
    const refused = await t.initiate();
    expect([refused.status, refused.json.error.code, refused.json.error.details.notices]).toEqual([403, 'biometric_consent_required', ['onfido_biometric_us']]);
    expect(assureCalls(/^\/assure\//)).toEqual([]);
    await t.accept();
    expect((await t.initiate()).status).toBe(201);
    expect(assureCalls(/\/processes$/).map((r) => r.body)).toEqual([
      { provider: 'onfido', processType: 'documentSelfie', processParameters: { location: { countryOfResidence: 'USA' }, consents: { privacy: true } } },
    ]);
  });

  it('takes no image by any route for an attempt that slipped past initiate, and starts nothing', async () => {
    const t = await setup({ country: 'US', biometric: 'none' });
    // A dossier and a process made at Assure by hand, and an attempt naming them, as if one had slipped through.
    const dossierId = (await atAssure('POST', '/assure/dossiers', {})).json.dossierId;
    const processId = (await atAssure('POST', `/assure/dossiers/${dossierId}/processes`, { provider: 'onfido', processType: 'documentSelfie', processParameters: { location: { countryOfResidence: 'USA' } } })).json.processId;
    await bff.store.createAttempt({
      id: newId('iva'),
      session_id: t.s.id,
      provider_key: 'signicat_onfido',
      session_ref: processId,
      client: { provider_key: 'signicat_onfido', flow: 'native_capture', document_types: ['passport'], selfie: true, max_bytes: 3 << 20, min_long_edge: 1600 },
      private_data: { dossier_id: dossierId, process_id: processId },
      expires_at: t.s.expires_at,
    });
    signicat.controls.clearRequests();
    for (const side of ['selfie', 'document_front'] as const) {
      const r = await t.upload(processId, side, testPhoto('jpeg', 40 * 1024));
      expect([side, r.status, r.json.error.code]).toEqual([side, 403, 'biometric_consent_required']);
    }
    // Every widget route, with a well-formed body aimed at the planted attempt.
    const fields: Record<string, unknown> = { provider_key: 'signicat_onfido', requested_claims: ['verified_identity'], session_ref: processId, token: 't', country: 'US', ...consentAsShown('privacy_notice') };
    for (const spec of bff.routes.specs.filter((r) => r.auth === 'client_secret')) {
      const shape = (spec.body as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
      const body = shape ? Object.fromEntries(Object.entries(fields).filter(([k]) => k in shape)) : undefined;
      const r = await t.widget(spec.method.toUpperCase(), spec.path, body);
      expect(r.status, `${spec.method} ${spec.path}`).toBeLessThan(500);
    }
    expect(assureCalls(/\/(files|files\/\w+|verify)$/)).toEqual([]);
    expect((await atAssure('GET', `/assure/dossiers/${dossierId}/processes/${processId}/files/SELFIE`)).status).toBe(404);
    expect((await atAssure('GET', `/assure/dossiers/${dossierId}/processes/${processId}`)).json.status).toBe('pending');
  });

  it('stops offering Signicat once its notice is declined, and creates nothing', async () => {
    const t = await setup({ country: 'US', biometric: 'declined' });
    expect((await t.widget('GET', '/v1/identity/providers')).json.map((p: { provider_key: string }) => p.provider_key)).not.toContain('signicat_onfido');
    expect((await t.initiate()).json.error.code).toBe('session_closed');
    expect(assureCalls(/^\/assure\//)).toEqual([]);
  });
});

describe('Signicat events', () => {
  it('completes the session from the signed event without the widget, and takes a duplicate as one that changes nothing', async () => {
    const t = await setup({ processingSeconds: 60, events: true });
    const { ref, completed } = await verifyThroughWidget(t);
    expect(completed.json.status).toBe('processing');
    signicat.controls.clock.advance(60);
    signicat.controls.settle();
    await signicat.controls.flushEvents();
    const [delivery] = signicat.controls.deliveries({ processId: ref });
    expect(delivery).toMatchObject({ status: 200, eventName: 'process.completed' });
    expect((await t.host()).json).toMatchObject({ status: 'verified', provider_result: { status: 'accepted' } });

    const reads = () => signicat.controls.requests({ method: 'GET' }).length;
    const before = reads();
    expect(await signicat.controls.resendDelivery(delivery!.id)).toMatchObject({ status: 200, redelivery: true });
    const body = signicat.controls.deliveryBody(delivery!.id)!;
    const again = await bff.call('POST', '/v1/webhooks/signicat', { body, headers: { 'x-signicat-signature': signSignicatEvent(body, SIGNICAT_EMULATOR_EVENT_SECRET) } });
    expect(again.json).toEqual({ received: true, duplicate: true });
    expect(reads()).toBe(before); // known by its id: Assure was not even asked again
    expect(await t.outcomesApplied()).toEqual(['verified']);
  });

  it('refuses forged, missing and malformed signatures and changes nothing; takes the genuine one in either case', async () => {
    const t = await setup({ processingSeconds: 60 });
    const { ref } = await verifyThroughWidget(t);
    signicat.controls.clock.advance(60);
    const body = JSON.stringify({ id: 'evt-1', timestamp: new Date().toISOString(), eventName: 'process.completed', eventData: { externalReference: await t.dossierOf(ref), processId: ref, status: 'accepted' } });
    const valid = signSignicatEvent(body, SIGNICAT_EMULATOR_EVENT_SECRET);
    for (const signature of [signSignicatEvent(body, 'not-the-subscription-secret'), undefined, '', 'abc', `${valid}00`, 'zz'.repeat(32)]) {
      const r = await bff.call('POST', '/v1/webhooks/signicat', { body, headers: signature === undefined ? {} : { 'x-signicat-signature': signature } });
      expect([r.status, r.json.error.code]).toEqual([400, 'webhook_signature_invalid']);
    }
    expect(await t.outcomesApplied()).toEqual([]);
    const genuine = await bff.call('POST', '/v1/webhooks/signicat', { body, headers: { 'x-signicat-signature': valid.toUpperCase() } });
    expect(genuine.json).toEqual({ received: true, duplicate: false });
    expect(await t.outcomesApplied()).toEqual(['verified']);
  });

  it('acknowledges a signed event it has no use for, and one naming a process it does not know', async () => {
    await setup();
    for (const event of [{ id: 'evt-zip', eventName: 'webid.zip.ready', eventData: { externalReference: 'd1' } }, { id: 'evt-x', eventName: 'process.completed', eventData: { processId: 'unknown' } }]) {
      const body = JSON.stringify(event);
      const r = await bff.call('POST', '/v1/webhooks/signicat', { body, headers: { 'x-signicat-signature': signSignicatEvent(body, SIGNICAT_EMULATOR_EVENT_SECRET) } });
      expect(r.json).toEqual({ received: true, duplicate: false });
    }
    expect(signicat.controls.requests({ method: 'GET' })).toEqual([]);
  });
});

describe('Signicat access tokens', () => {
  it('fetches one token for many calls, a new one shortly before it expires, and one more after a 401', async () => {
    const t = await setup();
    const { ref } = await verifyThroughWidget(t);
    expect(tokenCalls()).toHaveLength(1);
    expect(tokenCalls()[0]!.body).toEqual({ grant_type: 'client_credentials', scope: 'signicat-api' });
    expect(signicat.controls.requests().filter((r) => r.path.startsWith('/assure/')).length).toBeGreaterThan(5);

    bff.clock.advance(500_000); // a 600 s token is used until a minute before it lapses
    await t.host('sensitive_outputs');
    expect(tokenCalls()).toHaveLength(1);
    bff.clock.advance(40_000);
    await t.host('sensitive_outputs');
    expect(tokenCalls()).toHaveLength(2);

    expect(signicat.controls.expireAccessTokens()).toBeGreaterThan(0);
    const r = await t.host('sensitive_outputs');
    expect(r.json.sensitive_outputs.document_number).toBe(SIGNICAT_TEST_PERSON.documentNumber);
    expect(tokenCalls()).toHaveLength(3);
    expect(signicat.controls.requests({ method: 'GET' }).at(-2)).toMatchObject({ path: `/assure/dossiers/${await t.dossierOf(ref)}/processes/${ref}`, status: 401 });
  });

  it('gives up after one fresh token is refused too, and blames our credentials when the token is refused', async () => {
    const t = await setup({ route: (url) => (url.includes('/assure/') ? Promise.resolve(Response.json({ status: 401, title: 'Unauthorized' }, { status: 401 })) : undefined) });
    const r = await t.initiate();
    expect([r.status, r.json.error.code]).toEqual([502, 'provider_error']);
    expect(tokenCalls()).toHaveLength(2);
    await bff.close();

    const wrong = await setup({ env: { SIGNICAT_CLIENT_SECRET: 'not-the-client-secret-at-all' } });
    const refused = await wrong.initiate();
    expect([refused.status, refused.json.error.code]).toEqual([502, 'provider_error']);
    expect(refused.json.error.message).toContain('invalid_client');
    expect(refused.text).not.toContain('Client authentication failed');
  });
});

describe('Signicat failures', () => {
  const leak = { title: 'Bad Request', detail: `${SIGNICAT_TEST_PERSON.firstName} ${SIGNICAT_TEST_PERSON.lastName}, ${SIGNICAT_TEST_PERSON.dateOfBirth}`, traceId: 'trace-0000' };
  const expectNoLeak = (text: string) => {
    for (const word of [SIGNICAT_TEST_PERSON.firstName, SIGNICAT_TEST_PERSON.dateOfBirth, 'trace', 'could not complete', 'Too many']) expect(text).not.toContain(word);
  };

  it.each([
    [500, 502, 'provider_error'],
    [503, 502, 'provider_error'],
    [429, 503, 'provider_unavailable'],
  ])('answers Assure %i as %i %s, with none of its body', async (status, ours, code) => {
    const t = await setup();
    signicat.controls.failNext({ status, operation: 'createDossier' });
    const r = await t.initiate();
    expect([r.status, r.json.error.code]).toEqual([ours, code]);
    expectNoLeak(r.text);
  });

  it('answers 504 when Assure does not answer in time', async () => {
    const stall = (url: string, init?: RequestInit) => (url.endsWith('/assure/dossiers') && init?.method === 'POST' ? new Promise<Response>(() => {}) : undefined);
    const t = await setup({ env: { IDV_PROVIDER_TIMEOUT_MS: '100' }, route: stall });
    const r = await t.initiate();
    expect([r.status, r.json.error.code]).toEqual([504, 'provider_timeout']);
  });

  it('answers 502 for a body that is not JSON or not shaped as Assure documents it', async () => {
    const replies = [() => new Response('<html>Jane Doe</html>', { status: 201, headers: { 'content-type': 'text/html' } }), () => Response.json({ dossier: 'Jane Doe' }, { status: 201 })];
    for (const [i, reply] of replies.entries()) {
      if (i > 0) await bff.close();
      const t = await setup({ route: (url, init) => (url.endsWith('/assure/dossiers') && init?.method === 'POST' ? Promise.resolve(reply()) : undefined) });
      const r = await t.initiate();
      expect([r.status, r.json.error.code]).toEqual([502, 'provider_error']);
      expect(r.text).not.toContain('Jane');
    }
  });

  it('deletes the dossier again when the process cannot be created', async () => {
    const t = await setup();
    signicat.controls.failNext({ status: 500, operation: 'createProcess' });
    expect((await t.initiate()).status).toBe(502);
    expect(assureCalls(/^\/assure\/dossiers\/[^/]+$/, 'DELETE')).toHaveLength(1);
    expect((await atAssure('GET', '/assure/dossiers')).json).toEqual([]);
  });

  it("answers 502 and deletes the dossier when Assure gives no authorization for Onfido's SDK", async () => {
    const route = (url: string, init?: RequestInit) =>
      init?.method === 'POST' && url.endsWith('/processes')
        ? signicat.fetch(url, init).then(async (r) => {
            const { authorization: _dropped, ...rest } = (await r.json()) as Record<string, unknown>;
            return Response.json(rest, { status: r.status });
          })
        : undefined;
    const t = await setup({ requirements: { capture: 'sdk' }, route });
    const started = await t.initiate();
    expect([started.status, started.json.error.code]).toEqual([502, 'provider_error']);
    expect(assureCalls(/^\/assure\/dossiers\/[^/]+$/, 'DELETE')).toHaveLength(1);
    expect((await t.widget('GET', '/v1/identity/session')).json.active_attempt ?? null).toBeNull();
  });

  it("regression (issue 15): US, high assurance: each side's window the capture is given is the one the BFF enforces, so a selfie compressed into it is taken", async () => {
    const t = await setup({ country: 'US' });
    const started = await t.initiate();
    const ref = started.json.session_ref;
    const limits = started.json.client.limits as Record<string, { min_bytes: number; max_bytes: number }>;
    // The 24 KB selfie of the bug is under the selfie's minimum, not the document's: the capture must aim higher for it.
    expect(limits.selfie!.min_bytes).toBeGreaterThan(24 * 1024);
    for (const [side, { min_bytes, max_bytes }] of Object.entries(limits)) {
      const under = await t.upload(ref, side, testPhoto('jpeg', min_bytes - 1));
      expect([side, under.status, under.json.error.code, under.json.error.details.min_bytes]).toEqual([side, 422, 'image_too_small', min_bytes]);
      const over = await t.upload(ref, side, testPhoto('jpeg', max_bytes + 1));
      expect([side, over.status, over.json.error.code]).toEqual([side, 413, 'payload_too_large']);
      expect([side, (await t.upload(ref, side, testPhoto('jpeg', min_bytes))).status]).toEqual([side, 201]);
    }
    expect((await t.complete(ref)).json.status).toBe('verified');
  });

  it('answers an image Assure refuses as image_rejected without its words, and Assure failing as a provider error', async () => {
    const t = await setup();
    const ref = (await t.initiate()).json.session_ref;
    const front = `/assure/dossiers/${await t.dossierOf(ref)}/processes/${ref}/files/FRONT`;
    signicat.controls.injectFault({ path: front, method: 'POST', status: 400, json: leak });
    const refused = await t.upload(ref, 'document_front', testPhoto('jpeg', 8 * 1024));
    expect([refused.status, refused.json.error.code]).toEqual([422, 'image_rejected']);
    expectNoLeak(JSON.stringify(refused.json));
    signicat.controls.failNext({ status: 503, operation: 'setProcessImage' });
    expect((await t.upload(ref, 'document_front', testPhoto('jpeg', 8 * 1024))).json.error.code).toBe('provider_error');
    signicat.controls.failNext({ status: 429, operation: 'setProcessImage' });
    expect((await t.upload(ref, 'document_front', testPhoto('jpeg', 8 * 1024))).json.error.code).toBe('provider_unavailable');
    expect((await t.upload(ref, 'document_front', testPhoto('jpeg', 8 * 1024))).status).toBe(201);
  });

  it('keeps a refused start from the person, retries a read after a 5xx, and completes once the images are there', async () => {
    const t = await setup();
    const ref = (await t.initiate()).json.session_ref;
    // Completing before any upload: Assure refuses to start (images missing), and says so in words
    // we do not repeat. The person's next step, not a provider failure: a 400, never a 502 (fuzz run, issue 15).
    const early = await t.complete(ref);
    expect([early.status, early.json.error.code]).toEqual([400, 'validation_failed']);
    expect(early.text).not.toContain('FRONT');
    await t.capture(ref);
    signicat.controls.failNext({ status: 500, operation: 'getProcess' });
    expect((await t.complete(ref)).json.status).toBe('verified');
  });
});

describe('Signicat configuration', () => {
  const base = { IDV_MODE: 'development', IDV_DATA_DIR: ':memory:' };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join('\n');
      throw error;
    }
    return '';
  };

  it("defaults to Signicat's API and keeps the secrets secret", () => {
    const config = loadConfig({ ...base, ...ENV, SIGNICAT_API_BASE: '' });
    expect(config.providers.signicat_onfido).toMatchObject({ clientId: SIGNICAT_EMULATOR_CLIENT_ID, apiBase: 'https://api.signicat.com', capture: 'native', onfidoSdkUrl: null });
    expect(JSON.stringify(config)).not.toContain(SIGNICAT_EMULATOR_CLIENT_SECRET);
    expect(JSON.stringify(config)).not.toContain(SIGNICAT_EMULATOR_EVENT_SECRET);
    expect(loadConfig({ ...base, ...ENV, SIGNICAT_API_BASE: 'http://127.0.0.1:4011/' }).providers.signicat_onfido?.apiBase).toBe('http://127.0.0.1:4011');
    expect(loadConfig(base).providers.signicat_onfido).toBeUndefined();
  });

  it('refuses part of the credentials, a base without them, bad values and plain http in production', () => {
    expect(problems({ SIGNICAT_CLIENT_ID: SIGNICAT_EMULATOR_CLIENT_ID, SIGNICAT_CLIENT_SECRET: SIGNICAT_EMULATOR_CLIENT_SECRET })).toContain('set all three or none');
    expect(problems({ SIGNICAT_API_BASE: ASSURE })).toContain('SIGNICAT_API_BASE: only take effect');
    expect(problems({ SIGNICAT_CAPTURE: 'sdk', SIGNICAT_ONFIDO_SDK_URL: 'https://sdk.onfido.test/Onfido.js' })).toContain('SIGNICAT_CAPTURE, SIGNICAT_ONFIDO_SDK_URL: only take effect');
    expect(problems({ ...ENV, SIGNICAT_CAPTURE: 'video' })).toContain('SIGNICAT_CAPTURE');
    expect(problems({ ...ENV, SIGNICAT_CLIENT_ID: 'has:colon' })).toContain('SIGNICAT_CLIENT_ID');
    expect(problems({ ...ENV, SIGNICAT_EVENT_SECRET: 'short' })).toContain('SIGNICAT_EVENT_SECRET');
    expect(problems({ ...ENV, SIGNICAT_API_BASE: 'ftp://api.signicat.com' })).toContain('SIGNICAT_API_BASE');
    const production = { ...ENV, IDV_MODE: 'production', IDV_API_KEYS: TEST_API_KEY, IDV_PII_KEY: Buffer.alloc(32).toString('base64'), SIGNICAT_API_BASE: 'http://api.signicat.test' };
    expect(problems(production)).toContain('SIGNICAT_API_BASE: must be https in production');
    expect(problems({ ...production, SIGNICAT_API_BASE: ASSURE })).toBe('');
    expect(problems({ ...production, SIGNICAT_API_BASE: ASSURE, SIGNICAT_ONFIDO_SDK_URL: 'http://sdk.onfido.test/Onfido.js' })).toContain('SIGNICAT_ONFIDO_SDK_URL: must be https in production');
  });
});
