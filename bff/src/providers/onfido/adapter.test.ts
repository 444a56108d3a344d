// Onfido through the BFF against the Onfido emulator, in one process: the widget's calls go to
// the BFF app, the "browser" uploads to the emulator's SDK-facing paths with the SDK token, the
// adapter speaks to the emulator with the official client, and the emulator's signed webhooks
// are delivered straight into the BFF app. It is long because one setup serves the whole
// journey (consent, capture, check, webhooks, results, redaction), its failures and the
// configuration; the pure mapping is tested in outcome.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createOnfidoEmulator,
  ONFIDO_EMULATOR_API_TOKEN,
  ONFIDO_EMULATOR_WEBHOOK_TOKEN,
  signOnfidoPayload,
  type OnfidoEmulator,
} from '@identity-verify/emulators';
import { COUNTRY_CODES } from '@identity-verify/contract/countries';
import type { Requirements } from '@identity-verify/contract/schemas';
import { ConfigError, loadConfig } from '../../config.js';
import { abortableFetch, createTestBff, TEST_API_KEY, TEST_ORIGIN } from '../../testing.js';
import { consentAsShown, noticeOf } from '../../testing-consent.js';
import { countryOfResidence, createOnfidoAdapter } from './adapter.js';
import { piiOf, sensitiveOf, type OnfidoReport } from './outcome.js';

const ONFIDO = 'http://onfido.test';
const WEBHOOK_URL = 'https://bff.test/v1/webhooks/onfido';
const ONFIDO_ENV = {
  ONFIDO_API_TOKEN: ONFIDO_EMULATOR_API_TOKEN,
  ONFIDO_WEBHOOK_TOKEN: ONFIDO_EMULATOR_WEBHOOK_TOKEN,
  ONFIDO_API_BASE: `${ONFIDO}/v3.6`,
};

let bff: Awaited<ReturnType<typeof createTestBff>>;
let onfido: OnfidoEmulator;

/** A file of `size` bytes with the magic bytes of a JPEG or PNG: what the emulator sniffs. */
function fakeImage(kind: 'jpg' | 'png', size: number): Blob {
  const bytes = new Uint8Array(size);
  bytes.set(kind === 'jpg' ? [0xff, 0xd8, 0xff, 0xe0] : [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Blob([bytes], { type: kind === 'jpg' ? 'image/jpeg' : 'image/png' });
}

/** Onfido's public API as the integrator's dashboard would read it. */
async function atOnfido(path: string): Promise<any> {
  const r = await onfido.fetch(`${ONFIDO}${path}`, { headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` } });
  return r.json();
}

const sdkClaims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

interface Setup {
  country?: string;
  person?: { first_name: string; last_name: string };
  /** The person's answer to Onfido's US biometric notice (US only). */
  biometric?: 'accepted' | 'declined' | 'none';
  requirements?: Partial<Requirements>;
  processingSeconds?: number;
  env?: Record<string, string>;
}

async function setup(o: Setup = {}) {
  const { country = 'US', biometric = 'accepted' } = o;
  onfido = createOnfidoEmulator({
    publicUrl: ONFIDO,
    processingSeconds: o.processingSeconds ?? 0,
    webhooks: [{ url: WEBHOOK_URL }],
    fetch: (async (url: RequestInfo | URL, init?: RequestInit) => bff.app.request(String(url), init)) as typeof fetch,
  });
  bff = await createTestBff({ ...ONFIDO_ENV, ...o.env }, abortableFetch(onfido.fetch));
  const s = await bff.createSession({
    requirements: { layer: 'identity', min_assurance: 'high', ...o.requirements },
    ...(o.person ? { person: o.person } : {}),
  });
  const widget = (method: string, path: string, body?: unknown) =>
    bff.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
  await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice'));
  await widget('POST', '/v1/identity/residence', { country });
  if (country === 'US' && biometric !== 'none') {
    await widget('POST', '/v1/identity/consents', consentAsShown(await noticeOf(widget, 'onfido'), biometric));
  }
  const initiate = () => widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
  const complete = (ref: string) => widget('POST', '/v1/identity/verify/complete', { provider_key: 'onfido', session_ref: ref });
  const host = (include = '') => bff.call('GET', `/v1/sessions/${s.id}${include ? `?include=${include}` : ''}`, { auth: TEST_API_KEY });
  const outcomesApplied = async () =>
    (await bff.store.auditTrail(s.id)).filter((a) => a.action === 'outcome.applied').map((a) => JSON.parse(a.detail).status);
  return { s, widget, initiate, complete, host, outcomesApplied };
}

/** What the Web SDK sends from the browser: a document and a selfie, with the SDK token, from the page it is bound to (its origin as the Referer). */
async function capture(sdkToken: string) {
  const send = async (path: string, fields: Record<string, string | Blob>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v === 'string') form.append(k, v);
      else form.append(k, v, 'capture.bin');
    }
    const r = await onfido.fetch(`${ONFIDO}${path}`, { method: 'POST', headers: { authorization: `Bearer ${sdkToken}`, referer: `${TEST_ORIGIN}/` }, body: form });
    expect(r.status).toBe(201);
  };
  await send('/v3.3/documents', { file: fakeImage('jpg', 4096), type: 'passport', side: 'front' });
  await send('/v3/live_photos', { file: fakeImage('png', 40 * 1024) });
}

/** Reports carry their verdicts and breakdown (whose leaves have Onfido's own `properties`), never the report's extracted fields. */
function expectNoExtractedFields(hostSession: { provider_result: { reports: object[] } }) {
  for (const report of hostSession.provider_result.reports) {
    expect(Object.keys(report).sort()).toEqual(['breakdown', 'id', 'name', 'result', 'status', 'sub_result']);
  }
}

/** Initiates, captures in the "browser" and completes: the whole widget path. */
async function verifyThroughWidget(t: Awaited<ReturnType<typeof setup>>) {
  const started = await t.initiate();
  expect(started.status).toBe(201);
  await capture(started.json.client.sdk_token);
  const completed = await t.complete(started.json.session_ref);
  return { started: started.json, completed };
}

afterEach(async () => {
  await onfido?.controls.flushWebhooks();
  await bff?.close();
});

describe('Onfido through the BFF', () => {
  it('lists Onfido with its US notice, creates a US applicant with consent and hands the widget a referrer-bound SDK token', async () => {
    const t = await setup({ person: { first_name: 'Jane', last_name: 'Doe' } });
    const providers = await t.widget('GET', '/v1/identity/providers');
    expect(providers.json.find((p: { provider_key: string }) => p.provider_key === 'onfido')).toMatchObject({
      flow: 'embedded_sdk',
      notices: ['onfido_biometric_us'],
    });
    const started = await t.initiate();
    expect(started.status).toBe(201);
    expect(started.json.client).toEqual({
      provider_key: 'onfido',
      flow: 'embedded_sdk',
      sdk_token: expect.any(String),
      sdk_url: null,
      face: 'standard',
      workflow_run_id: null,
    });
    const applicantId = started.json.session_ref;
    const applicant = await atOnfido(`/v3.6/applicants/${applicantId}`);
    expect(applicant).toMatchObject({ first_name: 'Jane', last_name: 'Doe', location: { country_of_residence: 'USA' } });
    expect(await atOnfido(`/v3.6/applicants/${applicantId}/consents`)).toEqual([
      { name: 'privacy_notices_read', granted: true, granted_at: expect.any(String) },
    ]);
    expect(sdkClaims(started.json.client.sdk_token).payload).toMatchObject({ app: applicantId, ref: `${TEST_ORIGIN}/*` });
    // The attempt lives as long as the session.
    expect(Date.parse(started.json.expires_at)).toBe(Date.parse(t.s.expires_at));
    const text = JSON.stringify(started.json);
    for (const secret of [ONFIDO_EMULATOR_API_TOKEN, ONFIDO_EMULATOR_WEBHOOK_TOKEN]) expect(text).not.toContain(secret);
  });

  it('keeps the attempt for the whole session, beyond one SDK token: an expired token is refreshed, not the attempt', async () => {
    const t = await setup({ env: { IDV_SESSION_TTL_SECONDS: '7200' } });
    const started = await t.initiate();
    expect(Date.parse(started.json.expires_at)).toBe(Date.parse(t.s.expires_at));
    expect(sdkClaims(started.json.client.sdk_token).exp * 1000 - bff.clock.now().getTime()).toBeLessThanOrEqual(90 * 60_000 + 1000);
  });

  it('verifies after the browser uploads and the widget completes: one check, read back, with the breakdown for the host and no extracted fields', async () => {
    const t = await setup({ person: { first_name: 'Jane', last_name: 'Doe' } });
    const { started, completed } = await verifyThroughWidget(t);
    expect(completed.status).toBe(200);
    expect(completed.json).toMatchObject({ status: 'verified', provider_key: 'onfido', claims: [{ type: 'verified_human', assurance_level: 'high' }, { type: 'verified_identity', assurance_level: 'high' }] });
    const created = onfido.controls.requests({ path: '/v3.6/checks', method: 'POST' });
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toEqual({
      applicant_id: started.session_ref,
      report_names: ['document', 'facial_similarity_photo'],
      privacy_notices_read_consent_given: true,
    });

    const host = await t.host();
    expect(host.json.status).toBe('verified');
    const result = host.json.provider_result;
    expect(result).toMatchObject({ provider_key: 'onfido', check_id: (created[0]!.response as { id: string }).id, workflow_run_id: null, status: 'complete', result: 'clear' });
    expect(result.reports.map((r: { name: string }) => r.name).sort()).toEqual(['document', 'facial_similarity_photo']);
    const document = result.reports.find((r: { name: string }) => r.name === 'document');
    expect(document).toMatchObject({ status: 'complete', result: 'clear', sub_result: 'clear' });
    expect(document.breakdown.visual_authenticity.result).toBe('clear');
    expectNoExtractedFields(host.json);
    expect(host.json).not.toHaveProperty('verified_outputs');

    // The names are the document's, as Onfido extracted them (sealed at rest, on request only).
    const reports = (await atOnfido(`/v3.6/reports?check_id=${result.check_id}`)).reports as OnfidoReport[];
    const named = await t.host('verified_outputs');
    expect(named.json.verified_outputs).toEqual(piiOf(reports));
    const row = await bff.store.getSession(t.s.id);
    expect(row?.pii_sealed).toBeTruthy();
    // A second complete finds the session decided and creates nothing more.
    expect((await t.complete(started.session_ref)).json.status).toBe('verified');
    expect(onfido.controls.requests({ path: '/v3.6/checks', method: 'POST' })).toHaveLength(1);
  });

  it('creates one check when the widget completes twice at once', async () => {
    const t = await setup();
    const started = (await t.initiate()).json;
    await capture(started.client.sdk_token);
    const [a, b] = await Promise.all([t.complete(started.session_ref), t.complete(started.session_ref)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(onfido.controls.requests({ path: '/v3.6/checks', method: 'POST' })).toHaveLength(1);
    expect(await t.outcomesApplied()).toEqual(['verified']);
  });

  it('sends no notice and no consent for a resident outside the US, and no consent flag on the check', async () => {
    const t = await setup({ country: 'GB', requirements: { face_check: 'video' } });
    const providers = await t.widget('GET', '/v1/identity/providers');
    expect(providers.json.find((p: { provider_key: string }) => p.provider_key === 'onfido').notices).toEqual([]);
    const started = await t.initiate();
    expect(started.status).toBe(201);
    expect(started.json.client.face).toBe('video');
    const applicant = onfido.controls.requests({ path: '/v3.6/applicants', method: 'POST' })[0]!;
    expect(applicant.body).not.toHaveProperty('consents');
    expect(applicant.body).toMatchObject({ location: { country_of_residence: 'GBR' } });
    expect(await atOnfido(`/v3.6/applicants/${started.json.session_ref}/consents`)).toEqual([]);
    // A video selfie only the SDK can record: stand in for it, then complete.
    onfido.controls.addSdkMedia(started.json.session_ref, 'live_video');
    const form = new FormData();
    form.append('file', fakeImage('jpg', 4096), 'doc.jpg');
    form.append('type', 'passport');
    await onfido.fetch(`${ONFIDO}/v3.3/documents`, { method: 'POST', headers: { authorization: `Bearer ${started.json.client.sdk_token}`, referer: `${TEST_ORIGIN}/` }, body: form });
    expect((await t.complete(started.json.session_ref)).json.status).toBe('verified');
    const check = onfido.controls.requests({ path: '/v3.6/checks', method: 'POST' })[0]!;
    expect(check.body).toEqual({ applicant_id: started.json.session_ref, report_names: ['document', 'facial_similarity_video'] });
  });

  it('uses neutral placeholder names when the host sent none, the last name binding the applicant to its attempt', async () => {
    const t = await setup({ country: 'SE' });
    const started = await t.initiate();
    const applicant = await atOnfido(`/v3.6/applicants/${started.json.session_ref}`);
    const [attempt] = await bff.store.attemptsOf(t.s.id);
    expect(applicant).toMatchObject({ first_name: 'Applicant', last_name: attempt!.id, location: { country_of_residence: 'SWE' } });
  });

  it('asks for review with the breakdown when Onfido says consider', async () => {
    const t = await setup({ person: { first_name: 'Jane', last_name: 'Consider' } });
    const { completed } = await verifyThroughWidget(t);
    expect(completed.json).toMatchObject({ status: 'needs_review', last_error: { code: 'document_unverified_other' }, claims: [] });
    const host = await t.host();
    expect(host.json.provider_result).toMatchObject({ status: 'complete', result: 'consider' });
    const document = host.json.provider_result.reports.find((r: { name: string }) => r.name === 'document');
    expect(document).toMatchObject({ result: 'consider', sub_result: 'suspected' });
    expect(document.breakdown.visual_authenticity.breakdown.original_document_present.result).toBe('consider');
    expectNoExtractedFields(host.json);
  });

  it('refuses a US face check without the biometric acceptance, and creates nothing at Onfido', async () => {
    const t = await setup({ biometric: 'none' });
    const r = await t.initiate();
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({ code: 'biometric_consent_required', details: { notices: ['onfido_biometric_us'] } });
    expect(onfido.controls.requests({ path: '/v3.6/applicants' })).toHaveLength(0);
  });

  it('refuses on its own too, whatever the caller forgot (defense in depth)', async () => {
    await setup({ biometric: 'none' });
    const adapter = createOnfidoAdapter(bff.config.providers.onfido!, { fetch: onfido.fetch, streamFetch: onfido.fetch, clock: bff.clock, timeoutMs: 1000, allowedHostnames: [], publicUrl: null, log: () => {} });
    const session = (await bff.store.getSession((await bff.createSession({ requirements: { layer: 'identity', min_assurance: 'high' } })).id))!;
    const ctx = {
      session: { ...session, country_of_residence: 'US' },
      attemptId: 'iva_test',
      requestedClaims: ['verified_identity' as const],
      returnUrl: null,
      person: null,
      acceptedNotices: ['privacy_notice' as const],
      hostOrigin: null,
      remoteIp: null,
    };
    await expect(adapter.initiate(ctx)).rejects.toMatchObject({ code: 'biometric_consent_required', status: 403 });
    expect(onfido.controls.requests({ path: '/v3.6/applicants' })).toHaveLength(0);
    // Every US resident accepts Onfido's policies: without a face check, its privacy notice.
    expect(adapter.requiredNotices!({ ...session.requirements, face_check: 'none' }, 'US')).toEqual(['onfido_privacy_us']);
    expect(adapter.requiredNotices!(session.requirements, 'CA')).toEqual([]);
  });

  it('stops offering Onfido once its notice is declined', async () => {
    const t = await setup({ biometric: 'declined' });
    const providers = await t.widget('GET', '/v1/identity/providers');
    expect(providers.json.map((p: { provider_key: string }) => p.provider_key)).not.toContain('onfido');
    expect((await t.initiate()).status).toBeGreaterThanOrEqual(400);
    expect(onfido.controls.requests({ path: '/v3.6/applicants' })).toHaveLength(0);
  });

  it('refreshes the SDK token for the same applicant and referrer', async () => {
    const t = await setup();
    const started = (await t.initiate()).json;
    const refreshed = await t.widget('POST', '/v1/identity/verify/refresh', { provider_key: 'onfido', session_ref: started.session_ref });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.client.sdk_token).not.toBe(started.client.sdk_token);
    expect(refreshed.json.client).toMatchObject({ ...started.client, sdk_token: expect.any(String) });
    expect(sdkClaims(refreshed.json.client.sdk_token).payload).toMatchObject({ app: started.session_ref, ref: `${TEST_ORIGIN}/*` });
    // The widget's next read resumes with the fresh token.
    expect((await t.widget('GET', '/v1/identity/session')).json.active_attempt.client.sdk_token).toBe(refreshed.json.client.sdk_token);
  });

  it('completes from the signed webhook once Onfido finishes the check, without the widget', async () => {
    const t = await setup({ processingSeconds: 60 });
    const { started, completed } = await verifyThroughWidget(t);
    expect(completed.json.status).toBe('processing');
    expect((await t.host()).json.provider_result).toMatchObject({ status: 'in_progress', reports: [] });
    await onfido.controls.flushWebhooks(); // check.started: nothing to apply yet
    expect((await t.host()).json.status).toBe('processing');

    onfido.controls.clock.advance(60);
    onfido.controls.settle();
    await onfido.controls.flushWebhooks();
    const deliveries = onfido.controls.deliveries();
    expect(deliveries.map((d) => d.action)).toEqual(['check.started', 'report.completed', 'report.completed', 'check.completed']);
    for (const d of deliveries) expect(d.status).toBe(200);
    const host = await t.host();
    expect(host.json).toMatchObject({ status: 'verified', provider_result: { status: 'complete', result: 'clear' } });
    expect(await t.outcomesApplied()).toEqual(['verified']);
    // The webhooks named a check and reports: the BFF found the applicant by asking Onfido.
    expect(onfido.controls.requests({ path: `/v3.6/checks/${host.json.provider_result.check_id}`, method: 'GET' }).length).toBeGreaterThan(0);
    expect(started.session_ref).toBe((await atOnfido(`/v3.6/checks/${host.json.provider_result.check_id}`)).applicant_id);
  });

  it('takes the same delivery twice as a duplicate that changes nothing', async () => {
    const t = await setup({ processingSeconds: 60 });
    await verifyThroughWidget(t);
    onfido.controls.clock.advance(60);
    onfido.controls.settle();
    await onfido.controls.flushWebhooks();
    const completedEvent = onfido.controls.deliveries({ action: 'check.completed' })[0]!;
    const reads = () => onfido.controls.requests({ method: 'GET' }).length;
    const before = reads();
    expect(await onfido.controls.resendDelivery(completedEvent.id)).toMatchObject({ status: 200, redelivery: true });
    const body = onfido.controls.deliveryBody(completedEvent.id)!;
    const again = await bff.call('POST', '/v1/webhooks/onfido', { body, headers: { 'x-sha2-signature': signOnfidoPayload(body, ONFIDO_EMULATOR_WEBHOOK_TOKEN) } });
    expect(again.json).toEqual({ received: true, duplicate: true });
    expect(reads()).toBe(before); // recognised by its hash: Onfido was not even asked again
    expect(await t.outcomesApplied()).toEqual(['verified']);
  });

  it('acknowledges a signed event it has no use for', async () => {
    await setup();
    const body = JSON.stringify({ payload: { resource_type: 'audit_log', action: 'audit_log.created', object: { id: 'x1', href: 'https://api.eu.onfido.com/v3.6/audit_logs/x1' } } });
    const r = await bff.call('POST', '/v1/webhooks/onfido', { body, headers: { 'x-sha2-signature': signOnfidoPayload(body, ONFIDO_EMULATOR_WEBHOOK_TOKEN) } });
    expect(r.json).toEqual({ received: true, duplicate: false });
  });

  it('refuses forged, missing and malformed signatures with webhook_signature_invalid and changes nothing', async () => {
    const t = await setup({ processingSeconds: 60 });
    const { started } = await verifyThroughWidget(t);
    // Onfido's own deliveries are stopped so that only the ones forged here reach the BFF.
    for (const w of onfido.controls.webhooks()) onfido.controls.removeWebhook(w.id);
    onfido.controls.clock.advance(60);
    const checkId = (await atOnfido(`/v3.6/checks?applicant_id=${started.session_ref}`)).checks[0].id;
    const body = JSON.stringify({ payload: { resource_type: 'check', action: 'check.completed', object: { id: checkId, status: 'complete', href: `${ONFIDO}/v3.6/checks/${checkId}` } } });
    const valid = signOnfidoPayload(body, ONFIDO_EMULATOR_WEBHOOK_TOKEN);
    for (const signature of [signOnfidoPayload(body, 'not_the_webhook_token_at_all'), undefined, 'abc', 'zz'.repeat(32), `${valid}00`, '']) {
      const r = await bff.call('POST', '/v1/webhooks/onfido', { body, headers: signature === undefined ? {} : { 'x-sha2-signature': signature } });
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('webhook_signature_invalid');
    }
    expect(await t.outcomesApplied()).toEqual([]);
    // The genuine one, in upper case as some proxies rewrite it, is taken.
    const genuine = await bff.call('POST', '/v1/webhooks/onfido', { body, headers: { 'x-sha2-signature': valid.toUpperCase() } });
    expect(genuine.json).toEqual({ received: true, duplicate: false });
    expect(await t.outcomesApplied()).toEqual(['verified']);
  });

  it('reads sensitive fields live and offers no image links', async () => {
    const t = await setup();
    await verifyThroughWidget(t);
    const r = await t.host('sensitive_outputs,images');
    expect(r.status).toBe(200);
    const checkId = r.json.provider_result.check_id;
    const reports = (await atOnfido(`/v3.6/reports?check_id=${checkId}`)).reports as OnfidoReport[];
    expect(r.json.sensitive_outputs).toEqual(sensitiveOf(reports));
    expect(r.json.images).toEqual([]);
    expect(onfido.controls.requests({ path: '/v3.6/reports', method: 'GET' }).at(-1)!.query).toEqual({ check_id: checkId });
    expect((await t.host()).json).not.toHaveProperty('sensitive_outputs');
  });

  it("reports the check's reports as the identity profile, read live: the document's fields never stored", async () => {
    const t = await setup({ person: { first_name: 'Jane', last_name: 'Doe' } });
    await verifyThroughWidget(t);
    const r = await t.host('identity_profile');
    expect(r.status).toBe(200);
    const reports = (await atOnfido(`/v3.6/reports?check_id=${r.json.provider_result.check_id}`)).reports as OnfidoReport[];
    const doc = reports.find((x) => x.name === 'document')!;
    const face = reports.find((x) => x.name === 'facial_similarity_photo')!;
    const { identity_assertion: assertion, verification_report: v } = r.json.identity_profile;
    expect(assertion.date_of_birth).toBe(doc.properties!.date_of_birth);
    expect(v).toMatchObject({ trust_framework: 'NONE', schemes_compliance: [], assurance_process: { level_of_assurance: 'HIGH', policy: 'ONFIDO', procedure: 'document+facial_similarity_photo' } });
    expect(v.evidence.documents).toEqual([
      expect.objectContaining({ evidence_id: doc.id, verifying_org: 'ONFIDO', passed_checks: [{ check: 'DOCUMENT_IN_DATE' }, { check: 'FRAUD_DOCUMENTS_LIST' }, { check: 'AUTOMATED_FACE_MATCH' }] }),
    ]);
    expect(v.evidence.face).toMatchObject({ evidence_id: face.id, initial_liveness: { type: 'STATIC' } });
    const row = await bff.store.getSession(t.s.id);
    expect(JSON.stringify(row)).not.toContain(String(doc.properties!.date_of_birth));
  });

  it('redacts: Onfido schedules the applicant for deletion and our copy is erased', async () => {
    const t = await setup();
    const { started } = await verifyThroughWidget(t);
    const redacted = await bff.call('POST', `/v1/sessions/${t.s.id}/redact`, { auth: TEST_API_KEY });
    expect(redacted.json).toMatchObject({ status: 'verified', redaction: { status: 'redacted' } });
    expect(onfido.controls.requests({ path: `/v3.6/applicants/${started.session_ref}`, method: 'DELETE' })).toHaveLength(1);
    expect((await atOnfido(`/v3.6/applicants/${started.session_ref}`)).error.type).toBe('resource_not_found');
    expect((await t.host('verified_outputs')).json.verified_outputs).toBeNull();
  });
});

describe('Onfido failures', () => {
  const leak = { error: { type: 'internal_server_error', message: 'Jane Doe, 1990-01-31, passport 123456789', fields: { last_name: ['Doe'] } } };

  it.each([
    [500, 502, 'provider_error'],
    [503, 502, 'provider_error'],
    [429, 503, 'provider_unavailable'],
  ])('answers Onfido %i as %i %s, with none of its body', async (status, ours, code) => {
    const t = await setup();
    onfido.controls.injectFault({ path: '/v3.6/applicants', method: 'POST', status, json: leak });
    const r = await t.initiate();
    expect(r.status).toBe(ours);
    expect(r.json.error.code).toBe(code);
    for (const word of ['Jane', 'Doe', '1990', '123456789']) expect(r.text).not.toContain(word);
  });

  it('answers a check refused for missing images as the person\'s next step (400), in our words, not a 502 (fuzz run, issue 15)', async () => {
    const t = await setup();
    const started = (await t.initiate()).json;
    // Completing before the browser uploaded anything: Onfido refuses the check (422 validation_error).
    const r = await t.complete(started.session_ref);
    expect([r.status, r.json.error.code]).toEqual([400, 'validation_failed']);
    expect(r.text).not.toContain('document is required');
    expect(r.text).not.toContain('There was a validation error');
    // Nothing was decided: after the uploads, the same attempt completes.
    await capture(started.client.sdk_token);
    expect((await t.complete(started.session_ref)).json.status).toBe('verified');
  });

  it('names the type of a 4xx but not its message or fields', async () => {
    const t = await setup();
    const started = (await t.initiate()).json;
    await capture(started.client.sdk_token);
    const refusal = { error: { type: 'authorization_error', message: 'Jane Doe may not', fields: { applicant: ['Jane Doe'] } } };
    onfido.controls.injectFault({ path: '/v3.6/checks', method: 'POST', status: 403, json: refusal, times: 1 });
    const r = await t.complete(started.session_ref);
    expect(r.status).toBe(502);
    expect(r.json.error).toMatchObject({ code: 'provider_error', message: expect.stringContaining('authorization_error') });
    expect(r.text).not.toContain('Jane');
    expect((await t.complete(started.session_ref)).json.status).toBe('verified');
  });

  it('answers 504 when Onfido does not answer in time', async () => {
    const t = await setup({ env: { IDV_PROVIDER_TIMEOUT_MS: '100' } });
    onfido.controls.injectFault({ path: '/v3.6/applicants', method: 'POST', delay_ms: 1000 });
    const r = await t.initiate();
    expect(r.status).toBe(504);
    expect(r.json.error.code).toBe('provider_timeout');
  });

  it('retries a read once after a 5xx', async () => {
    const t = await setup();
    const started = (await t.initiate()).json;
    await capture(started.client.sdk_token);
    onfido.controls.injectFault({ path: '/v3.6/checks', method: 'GET', status: 500, json: leak });
    expect((await t.complete(started.session_ref)).json.status).toBe('verified');
  });

  it('answers 502 when Onfido answers a body it does not document', async () => {
    const t = await setup();
    onfido.controls.injectFault({ path: '/v3.6/applicants', method: 'POST', status: 201, json: { applicant: 'not the shape' } });
    const r = await t.initiate();
    expect(r.status).toBe(502);
    expect(r.json.error.code).toBe('provider_error');
  });
});

describe('Onfido Studio workflows', () => {
  const workflowId = '2d3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b';

  it('runs the workflow instead of a check: the SDK completes the run, the BFF only reads it, and its webhook finishes the session', async () => {
    const t = await setup({ processingSeconds: 60, env: { ONFIDO_WORKFLOW_ID: workflowId } });
    const started = await t.initiate();
    expect(started.status).toBe(201);
    const created = onfido.controls.requests({ path: '/v3.6/workflow_runs', method: 'POST' });
    expect(created).toHaveLength(1);
    const [attempt] = await bff.store.attemptsOf(t.s.id);
    expect(created[0]!.body).toEqual({ workflow_id: workflowId, applicant_id: started.json.session_ref, tags: [`idv_attempt:${attempt!.id}`] });
    const runId = (created[0]!.response as { id: string }).id;
    expect(started.json.client).toMatchObject({ workflow_run_id: runId, face: 'standard' });

    // The browser: captures, then the SDK tells Onfido the run's input is complete.
    await capture(started.json.client.sdk_token);
    const sdkComplete = await onfido.fetch(`${ONFIDO}/v4/workflow_runs/${runId}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${started.json.client.sdk_token}`, referer: `${TEST_ORIGIN}/` },
    });
    expect(sdkComplete.status).toBe(200);
    const completed = await t.complete(started.json.session_ref);
    expect(completed.json.status).toBe('processing');
    expect(onfido.controls.requests({ path: '/v3.6/checks', method: 'POST' })).toHaveLength(0);

    onfido.controls.clock.advance(60);
    onfido.controls.settle();
    await onfido.controls.flushWebhooks();
    expect(onfido.controls.deliveries({ action: 'workflow_run.completed' })[0]).toMatchObject({ status: 200 });
    const host = await t.host();
    expect(host.json).toMatchObject({
      status: 'verified',
      provider_result: { provider_key: 'onfido', workflow_run_id: runId, status: 'approved', result: 'approved' },
    });
  });

  it('maps a run Onfido sends to review as needs_review', async () => {
    const t = await setup({ person: { first_name: 'Jane', last_name: 'Consider' }, env: { ONFIDO_WORKFLOW_ID: workflowId } });
    const started = (await t.initiate()).json;
    await capture(started.client.sdk_token);
    await onfido.fetch(`${ONFIDO}/v4/workflow_runs/${started.client.workflow_run_id}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${started.client.sdk_token}`, referer: `${TEST_ORIGIN}/` },
    });
    expect((await t.complete(started.session_ref)).json).toMatchObject({ status: 'needs_review', last_error: { code: 'verification_failed' } });
  });
});

describe('Onfido configuration', () => {
  const base = { IDV_MODE: 'development', IDV_DATA_DIR: ':memory:' };

  it('defaults to the EU region and Onfido CDN, and keeps the tokens secret', () => {
    const config = loadConfig({ ...base, ONFIDO_API_TOKEN: ONFIDO_EMULATOR_API_TOKEN, ONFIDO_WEBHOOK_TOKEN: ONFIDO_EMULATOR_WEBHOOK_TOKEN });
    expect(config.providers.onfido).toMatchObject({ region: 'eu', apiBase: 'https://api.eu.onfido.com/v3.6', sdkUrl: null, workflowId: null });
    expect(JSON.stringify(config)).not.toContain(ONFIDO_EMULATOR_API_TOKEN);
    expect(JSON.stringify(config)).not.toContain(ONFIDO_EMULATOR_WEBHOOK_TOKEN);
    const us = loadConfig({ ...base, ONFIDO_API_TOKEN: 'api_live_us.abcdefgh.ijklmnop', ONFIDO_WEBHOOK_TOKEN: ONFIDO_EMULATOR_WEBHOOK_TOKEN, ONFIDO_REGION: 'us' });
    expect(us.providers.onfido?.apiBase).toBe('https://api.us.onfido.com/v3.6');
  });

  it('has an Onfido country code for every country of residence the widget offers', () => {
    for (const alpha2 of COUNTRY_CODES) expect(countryOfResidence(alpha2)).toMatch(/^[A-Z]{3}$/);
    expect(countryOfResidence('US')).toBe('USA');
    expect(() => countryOfResidence('XX')).toThrow();
  });

  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join('\n');
      throw error;
    }
    return '';
  };

  it('refuses half a configuration, bad values and plain http in production', () => {
    expect(problems({ ONFIDO_API_TOKEN: ONFIDO_EMULATOR_API_TOKEN })).toContain('ONFIDO_API_TOKEN and ONFIDO_WEBHOOK_TOKEN');
    expect(problems({ ONFIDO_WORKFLOW_ID: '2d3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b' })).toContain('ONFIDO_WORKFLOW_ID');
    expect(problems({ ...ONFIDO_ENV, ONFIDO_API_TOKEN: 'sk_test_not_onfido' })).toContain('ONFIDO_API_TOKEN');
    expect(problems({ ...ONFIDO_ENV, ONFIDO_REGION: 'uk' })).toContain('ONFIDO_REGION');
    expect(problems({ ...ONFIDO_ENV, ONFIDO_WORKFLOW_ID: 'not-a-uuid' })).toContain('ONFIDO_WORKFLOW_ID');
    const production = { ...ONFIDO_ENV, IDV_MODE: 'production', IDV_API_KEYS: TEST_API_KEY, IDV_PII_KEY: Buffer.alloc(32).toString('base64'), ONFIDO_SDK_URL: 'http://cdn.test/onfido.js' };
    const found = problems(production);
    expect(found).toContain('ONFIDO_API_BASE: must be https in production');
    expect(found).toContain('ONFIDO_SDK_URL: must be https in production');
    expect(problems({ ...production, ONFIDO_API_BASE: 'https://api.eu.onfido.com/v3.6', ONFIDO_SDK_URL: 'https://cdn.test/onfido.js' })).toBe('');
  });
});
