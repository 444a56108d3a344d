// Onfido with our own capture (ONFIDO_CAPTURE=native): the widget uploads each image to the BFF,
// which streams it on to Onfido's /documents and /live_photos and keeps nothing of it; a selfie of
// a US resident without the biometric acceptance is refused before a byte is read.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createOnfidoEmulator, ONFIDO_EMULATOR_API_TOKEN, ONFIDO_EMULATOR_WEBHOOK_TOKEN, type OnfidoEmulator } from '@identity-verify/emulators';
import { createTestBff, TEST_API_KEY, testPhoto, TEST_ORIGIN } from '../../testing.js';
import { consentAsShown, noticeOf } from '../../testing-consent.js';
import { newId } from '../../security/tokens.js';

const ONFIDO = 'http://onfido.test';
let bff: Awaited<ReturnType<typeof createTestBff>>;
let onfido: OnfidoEmulator;
let dataDir: string | null = null;

afterEach(async () => {
  await bff?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

async function setup(o: { country?: string; biometric?: boolean; env?: Record<string, string>; requirements?: Record<string, unknown> } = {}) {
  const { country = 'US', biometric = true } = o;
  onfido = createOnfidoEmulator({ publicUrl: ONFIDO });
  bff = await createTestBff(
    { ONFIDO_API_TOKEN: ONFIDO_EMULATOR_API_TOKEN, ONFIDO_WEBHOOK_TOKEN: ONFIDO_EMULATOR_WEBHOOK_TOKEN, ONFIDO_API_BASE: `${ONFIDO}/v3.6`, ONFIDO_CAPTURE: 'native', ...o.env },
    onfido.fetch,
  );
  const s = await bff.createSession({ requirements: { layer: 'identity', min_assurance: 'high', ...o.requirements }, person: { first_name: 'Jane', last_name: 'Doe' } });
  const widget = (method: string, path: string, body?: unknown) => bff.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
  await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice'));
  await widget('POST', '/v1/identity/residence', { country });
  if (country === 'US' && biometric) await widget('POST', '/v1/identity/consents', consentAsShown(await noticeOf(widget, 'onfido')));
  /** What the widget's capture sends: the image as the body, where it goes in the query. */
  const upload = async (ref: string, side: string, bytes: Uint8Array<ArrayBuffer>, type = 'image/jpeg', documentType: string | null = 'passport') => {
    const query = new URLSearchParams({ provider_key: 'onfido', session_ref: ref, side, ...(side !== 'selfie' && documentType ? { document_type: documentType } : {}) });
    const response = await bff.app.request(`/v1/identity/verify/uploads?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.client_secret}`, origin: TEST_ORIGIN, 'content-type': type, 'content-length': String(bytes.length) },
      body: bytes,
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  return { s, widget, upload };
}

const atOnfido = async (path: string) =>
  (await onfido.fetch(`${ONFIDO}${path}`, { headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` } })).json() as Promise<any>;

describe('Onfido with our own capture', () => {
  it('offers native capture, streams a document and a selfie on to Onfido, and verifies on completion', async () => {
    const t = await setup();
    const providers = await t.widget('GET', '/v1/identity/providers');
    expect(providers.json.find((p: { provider_key: string }) => p.provider_key === 'onfido')).toMatchObject({ flow: 'native_capture', notices: ['onfido_biometric_us'] });
    const started = await t.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
    expect(started.json.client).toEqual({
      provider_key: 'onfido',
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
    const marker = randomBytes(32);
    const front = await t.upload(ref, 'document_front', testPhoto('jpeg', 8 * 1024, marker));
    expect(front).toMatchObject({ status: 201, json: { side: 'document_front', bytes: 8 * 1024 } });
    expect((await t.upload(ref, 'selfie', testPhoto('png', 40 * 1024, marker), 'image/png')).status).toBe(201);

    const documents = (await atOnfido(`/v3.6/documents?applicant_id=${ref}`)).documents;
    expect(documents).toMatchObject([{ type: 'passport', side: 'front', file_size: 8 * 1024 }]);
    expect((await atOnfido(`/v3.6/live_photos?applicant_id=${ref}`)).live_photos).toHaveLength(1);

    const completed = await t.widget('POST', '/v1/identity/verify/complete', { provider_key: 'onfido', session_ref: ref });
    expect(completed.json).toMatchObject({ status: 'verified', claims: [{ type: 'verified_human', assurance_level: 'high' }, { type: 'verified_identity', assurance_level: 'high' }] });
    const host = await bff.call('GET', `/v1/sessions/${t.s.id}`, { auth: TEST_API_KEY });
    expect(host.json.provider_result.reports.map((r: { name: string }) => r.name).sort()).toEqual(['document', 'facial_similarity_photo']);
  });

  it('takes a US resident without a face check to a verdict: Onfido\'s privacy notice first, then privacy_notices_read on the applicant and the check', async () => {
    // Before: no notice was asked without a face check, and Onfido refused the check (the person read "had a problem").
    const t = await setup({ biometric: false, requirements: { min_assurance: 'low', face_check: 'none' } });
    const listed = (await t.widget('GET', '/v1/identity/providers')).json.find((p: { provider_key: string }) => p.provider_key === 'onfido');
    expect(listed.notices).toEqual(['onfido_privacy_us']);
    expect(listed.notice_texts.map((n: { locale: string }) => n.locale).sort()).toEqual(['en', 'es']);
    const refused = await t.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
    expect([refused.status, refused.json.error.details.notices]).toEqual([403, ['onfido_privacy_us']]);
    expect(onfido.controls.requests({ path: '/v3.6/applicants' })).toHaveLength(0);

    expect((await t.widget('POST', '/v1/identity/consents', consentAsShown('onfido_privacy_us', 'accepted', { locale: 'es' }))).status).toBe(201);
    const started = await t.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
    const ref = started.json.session_ref;
    expect(started.json.client.selfie).toBe(false);
    expect(await atOnfido(`/v3.6/applicants/${ref}/consents`)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'privacy_notices_read', granted: true })]));
    expect((await t.upload(ref, 'document_front', testPhoto('jpeg', 40 * 1024))).status).toBe(201);
    const completed = await t.widget('POST', '/v1/identity/verify/complete', { provider_key: 'onfido', session_ref: ref });
    expect(completed.json.status).toBe('verified');
  });

  it('takes no selfie for a session without a face check, whatever the provider and notices', async () => {
    const t = await setup({ country: 'SE', requirements: { min_assurance: 'low', face_check: 'none' } });
    const started = await t.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
    const refused = await t.upload(started.json.session_ref, 'selfie', testPhoto('jpeg', 40 * 1024));
    expect([refused.status, refused.json.error.code, refused.json.error.details.issues[0].path]).toEqual([400, 'validation_failed', 'query.side']);
    expect((await atOnfido(`/v3.6/live_photos?applicant_id=${started.json.session_ref}`)).live_photos).toHaveLength(0);
  });

  it("follows the session's capture preference over the configured one, and takes Onfido's SDK for a check our capture cannot do", async () => {
    const cases = [
      { env: { ONFIDO_CAPTURE: 'sdk' }, requirements: { capture: 'native' }, flow: 'native_capture' },
      { env: { ONFIDO_CAPTURE: 'native' }, requirements: { capture: 'sdk' }, flow: 'embedded_sdk' },
      { env: { ONFIDO_CAPTURE: 'sdk' }, requirements: {}, flow: 'embedded_sdk' },
      // A preference, not a filter: a video check is offered, in the SDK.
      { env: { ONFIDO_CAPTURE: 'native' }, requirements: { capture: 'native', face_check: 'video' }, flow: 'embedded_sdk' },
    ];
    for (const c of cases) {
      const t = await setup({ country: 'SE', env: c.env, requirements: c.requirements });
      const listed = (await t.widget('GET', '/v1/identity/providers')).json.find((p: { provider_key: string }) => p.provider_key === 'onfido');
      const started = await t.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
      expect([c, listed?.flow, started.json.client.flow]).toEqual([c, c.flow, c.flow]);
      if (c.flow === 'embedded_sdk') {
        expect(started.json.client).toMatchObject({ face: 'face_check' in c.requirements ? 'video' : 'standard', sdk_token: expect.any(String) });
        // No image by our upload route for an attempt in Onfido's SDK.
        const refused = await t.upload(started.json.session_ref, 'document_front', testPhoto('jpeg', 8 * 1024, randomBytes(8)));
        expect([refused.status, refused.json.error.code]).toEqual([400, 'validation_failed']);
      }
      await bff.close();
    }
  });

  it('keeps nothing of the images: not in the database, not on disk', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'idv-native-'));
    const t = await setup({ env: { IDV_DATA_DIR: dataDir } });
    const started = await t.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
    const marker = randomBytes(48);
    for (const [side, kind, size] of [['document_front', 'jpeg', 8 * 1024], ['selfie', 'jpeg', 40 * 1024]] as const) {
      expect((await t.upload(started.json.session_ref, side, testPhoto(kind, size, marker))).status).toBe(201);
    }
    await t.widget('POST', '/v1/identity/verify/complete', { provider_key: 'onfido', session_ref: started.json.session_ref });
    await bff.close();
    const files = readdirSync(dataDir, { recursive: true }).map(String).filter((f) => statSync(join(dataDir!, f)).isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = readFileSync(join(dataDir, file));
      expect(content.includes(marker.subarray(0, 16)), file).toBe(false);
      expect(content.includes(Buffer.from(marker.toString('base64').slice(0, 20))), file).toBe(false);
    }
    // The audit trail says what happened, with sizes: never the bytes.
    const reopened = await createTestBff({ IDV_DATA_DIR: dataDir });
    const uploads = (await reopened.store.auditTrail(t.s.id)).filter((a) => a.action === 'image.uploaded');
    expect(uploads.map((a) => JSON.parse(a.detail))).toEqual([
      expect.objectContaining({ side: 'document_front', bytes: 8 * 1024 }),
      expect.objectContaining({ side: 'selfie', bytes: 40 * 1024 }),
    ]);
    await reopened.close();
  });

  it('refuses a selfie of a US resident without the biometric acceptance before reading it, by any attempt', async () => {
    const t = await setup({ biometric: false });
    // An attempt planted in the store, as if one had slipped past initiate.
    const applicant = await onfido.fetch(`${ONFIDO}/v3.6/applicants`, {
      method: 'POST',
      headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ first_name: 'Jane', last_name: 'Doe', location: { country_of_residence: 'USA' } }),
    });
    const ref = ((await applicant.json()) as { id: string }).id;
    await bff.store.createAttempt({
      id: newId('iva'),
      session_id: t.s.id,
      provider_key: 'onfido',
      session_ref: ref,
      client: { provider_key: 'onfido', flow: 'native_capture', document_types: ['passport'], selfie: true, max_bytes: 3 << 20, min_long_edge: 1600 },
      private_data: { applicant_id: ref },
      expires_at: t.s.expires_at,
    });
    for (const side of ['selfie', 'document_front'] as const) {
      const refused = await t.upload(ref, side, testPhoto('jpeg', 40 * 1024, randomBytes(8)));
      expect([side, refused.status, refused.json.error.code]).toEqual([side, 403, 'biometric_consent_required']);
    }
    expect(onfido.controls.requests({ path: '/v3.6/live_photos', method: 'POST' })).toEqual([]);
    expect(onfido.controls.requests({ path: '/v3.6/documents', method: 'POST' })).toEqual([]);
  });

  it('answers clearly for an image too large, too small or not an image, for Onfido refusing or failing, and takes no upload for an SDK attempt', async () => {
    const t = await setup({ country: 'SE' });
    const started = await t.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
    const ref = started.json.session_ref;
    const big = await t.upload(ref, 'document_front', testPhoto('jpeg', 3 * 1024 * 1024 + 1, randomBytes(8)));
    expect([big.status, big.json.error.code]).toEqual([413, 'payload_too_large']);
    const pdf = await t.upload(ref, 'document_front', new TextEncoder().encode(`%PDF-1.7${'x'.repeat(4096)}`), 'application/pdf');
    expect([pdf.status, pdf.json.error.code]).toEqual([415, 'unsupported_media_type']);
    const noType = await t.upload(ref, 'document_front', testPhoto('jpeg', 4096, randomBytes(8)), 'image/jpeg', null);
    expect([noType.status, noType.json.error.details.issues[0].path]).toEqual([400, 'query.document_type']);
    // A document far too small for Onfido (its 2 KB minimum is ours too) never leaves the BFF.
    const tiny = await t.upload(ref, 'document_front', testPhoto('jpeg', 1024, randomBytes(8)));
    expect([tiny.status, tiny.json.error.code]).toEqual([422, 'image_too_small']);
    expect(onfido.controls.requests({ path: '/v3.6/documents', method: 'POST' })).toEqual([]);

    // Onfido refusing the picture (no face found) is the person's to retake; its fields stay out of our answer.
    onfido.controls.injectFault({
      path: '/v3.6/live_photos',
      method: 'POST',
      status: 422,
      json: { error: { type: 'validation_error', message: 'There was a validation error on this request', fields: { face_detection: ['no_face'] } } },
    });
    const noFace = await t.upload(ref, 'selfie', testPhoto('jpeg', 40 * 1024, randomBytes(8)));
    expect([noFace.status, noFace.json.error.code]).toEqual([422, 'image_rejected']);
    expect(JSON.stringify(noFace.json)).not.toContain('no_face');
    // Too large or a format Onfido does not take: the picture again, not "the provider had a problem".
    for (const status of [413, 415]) {
      onfido.controls.injectFault({ path: '/v3.6/documents', method: 'POST', status, json: { error: { type: 'validation_error', message: 'Refused' } } });
      const refused = await t.upload(ref, 'document_front', testPhoto('jpeg', 8 * 1024, randomBytes(8)));
      expect([status, refused.status, refused.json.error.code]).toEqual([status, 422, 'image_rejected']);
    }
    // Onfido failing is not the person's fault: a clear provider error.
    onfido.controls.injectFault({ path: '/v3.6/live_photos', method: 'POST', status: 503 });
    const down = await t.upload(ref, 'selfie', testPhoto('jpeg', 40 * 1024, randomBytes(8)));
    expect([down.status, down.json.error.code]).toEqual([502, 'provider_error']);
    onfido.controls.injectFault({ path: '/v3.6/live_photos', method: 'POST', status: 429 });
    const busy = await t.upload(ref, 'selfie', testPhoto('jpeg', 40 * 1024, randomBytes(8)));
    expect([busy.status, busy.json.error.code]).toEqual([503, 'provider_unavailable']);

    await bff.close();
    const sdk = await setup({ country: 'SE', env: { ONFIDO_CAPTURE: 'sdk' } });
    const sdkAttempt = await sdk.widget('POST', '/v1/identity/verify/initiate', { provider_key: 'onfido', requested_claims: ['verified_identity'] });
    const refused = await sdk.upload(sdkAttempt.json.session_ref, 'document_front', testPhoto('jpeg', 4096, randomBytes(8)));
    expect([refused.status, refused.json.error.code]).toEqual([400, 'validation_failed']);
  });
});
