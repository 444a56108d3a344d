// Stripe Identity through the BFF against the Stripe emulator, in one process: the adapter
// speaks to the emulator with the official client, and the emulator's signed webhooks are
// delivered straight into the BFF app.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createStripeEmulator,
  signStripePayload,
  STRIPE_EMULATOR_PUBLISHABLE_KEY,
  STRIPE_EMULATOR_RESTRICTED_KEY,
  STRIPE_EMULATOR_SECRET_KEY,
  STRIPE_EMULATOR_WEBHOOK_SECRET,
  TEST_PERSON,
  type StripeEmulator,
} from '@identity-verify/emulators';
import { createTestBff, TEST_API_KEY, TEST_ORIGIN, STRIPE_TEST_ENV } from '../../testing.js';

const WEBHOOK_URL = 'http://bff.test/v1/webhooks/stripe';
let bff: Awaited<ReturnType<typeof createTestBff>>;
let stripe: StripeEmulator;

async function setup({ restricted = true } = {}) {
  // Each side reaches the other through an in-process fetch; the closures resolve once both exist.
  stripe = createStripeEmulator({
    publicUrl: 'http://stripe.test',
    webhooks: [{ url: WEBHOOK_URL, secret: STRIPE_EMULATOR_WEBHOOK_SECRET }],
    fetch: (async (url: RequestInfo | URL, init?: RequestInit) => bff.app.request(String(url), init)) as typeof fetch,
  });
  bff = await createTestBff(
    {
      ...STRIPE_TEST_ENV,
      ...(restricted ? { STRIPE_RESTRICTED_KEY: STRIPE_EMULATOR_RESTRICTED_KEY } : {}),
    },
    stripe.fetch,
  );
  const s = await bff.readySession('SE', { requirements: { layer: 'identity', min_assurance: 'high' } });
  const started = await bff.call('POST', '/v1/identity/verify/initiate', {
    auth: s.client_secret,
    body: { provider_key: 'stripe_identity', requested_claims: ['verified_identity'], return_url: `${TEST_ORIGIN}/verify` },
  });
  expect(started.status).toBe(201);
  const vs = started.json.session_ref as string;
  const host = (include = '') => bff.call('GET', `/v1/sessions/${s.id}${include ? `?include=${include}` : ''}`, { auth: TEST_API_KEY });
  const widget = () => bff.call('GET', '/v1/identity/session', { auth: s.client_secret });
  const outcomesApplied = async () =>
    (await bff.store.auditTrail(s.id)).filter((a) => a.action === 'outcome.applied').map((a) => JSON.parse(a.detail).status);
  return { s, vs, started: started.json, host, widget, outcomesApplied };
}

afterEach(async () => {
  await stripe?.controls.flushWebhooks();
  await bff?.close();
});

describe('Stripe Identity through the BFF', () => {
  it('creates a VerificationSession from the requirements and hands the widget only browser-safe values', async () => {
    const t = await setup();
    expect(t.started.client).toMatchObject({
      provider_key: 'stripe_identity',
      flow: 'sdk_modal',
      publishable_key: STRIPE_EMULATOR_PUBLISHABLE_KEY,
      client_secret: expect.stringMatching(new RegExp(`^${t.vs}_secret_`)),
      stripe_js_url: 'http://stripe.test/v3/stripe.js',
    });
    const created = stripe.controls.requests({ path: '/v1/identity/verification_sessions', method: 'POST' })[0]!;
    expect(created.body).toMatchObject({
      type: 'document',
      client_reference_id: t.s.id,
      return_url: `${TEST_ORIGIN}/verify`,
      'options[document][require_matching_selfie]': 'true',
      'options[document][require_live_capture]': 'true',
      'metadata[idv_session]': t.s.id,
      'metadata[idv_attempt]': t.started.session_id,
    });
    expect(created.headers['idempotency-key']).toBe(t.started.session_id);
    const text = JSON.stringify(t.started);
    for (const secret of [STRIPE_EMULATOR_SECRET_KEY, STRIPE_EMULATOR_RESTRICTED_KEY, STRIPE_EMULATOR_WEBHOOK_SECRET]) expect(text).not.toContain(secret);
  });

  it('refuses a return_url off the allowed host origins (no open redirect)', async () => {
    const t = await setup();
    await bff.call('POST', `/v1/sessions/${t.s.id}/cancel`, { auth: TEST_API_KEY });
    const other = await bff.readySession('SE', { requirements: { layer: 'identity' } });
    const r = await bff.call('POST', '/v1/identity/verify/initiate', {
      auth: other.client_secret,
      body: { provider_key: 'stripe_identity', requested_claims: ['verified_identity'], return_url: 'https://evil.example/phish' },
    });
    expect(r.status).toBe(400);
    expect(r.json.error.details.issues[0].path).toBe('body.return_url');
  });

  it('becomes verified from the signed webhook, with the verified name for the host only on request', async () => {
    const t = await setup();
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.flushWebhooks();
    const host = await t.host();
    expect(host.json).toMatchObject({ status: 'verified', provider_key: 'stripe_identity' });
    expect(host.json.claims.map((c: { type: string; assurance_level: string }) => `${c.type}:${c.assurance_level}`).sort()).toEqual([
      'verified_human:high',
      'verified_identity:high',
    ]);
    expect(host.json).not.toHaveProperty('verified_outputs');
    const withNames = await t.host('verified_outputs');
    expect(withNames.json.verified_outputs).toMatchObject({ first_name: TEST_PERSON.first_name, last_name: TEST_PERSON.last_name });
    const widget = await t.widget();
    expect(widget.json.status).toBe('verified');
    expect(widget.text).not.toContain(TEST_PERSON.last_name);
    // At rest the name is sealed, not readable in the database.
    const row = await bff.store.getSession(t.s.id);
    expect(row?.pii_sealed).toBeTruthy();
    expect(row?.pii_sealed).not.toContain(TEST_PERSON.last_name);
  });

  it('keeps the attempt open after a failure and verifies on the same Stripe session', async () => {
    const t = await setup();
    stripe.controls.submitOutcome(t.vs, 'document_expired');
    await stripe.controls.flushWebhooks();
    const failed = await t.widget();
    expect(failed.json).toMatchObject({ status: 'requires_input', last_error: { code: 'document_expired' } });
    expect(failed.json.active_attempt.session_ref).toBe(t.vs);
    // Stripe's client secret serves one submission: the retry gets the fresh one Stripe issued.
    expect(failed.json.active_attempt.client.client_secret).toMatch(new RegExp(`^${t.vs}_secret_`));
    expect(failed.json.active_attempt.client.client_secret).not.toBe(t.started.client.client_secret);
    stripe.controls.submitOutcome(t.vs, 'verified');
    const completed = await bff.call('POST', '/v1/identity/verify/complete', {
      auth: t.s.client_secret,
      body: { provider_key: 'stripe_identity', session_ref: t.vs },
    });
    expect(completed.json).toMatchObject({ status: 'verified', last_error: null });
  });

  it('refuses a forged webhook and changes nothing', async () => {
    const t = await setup();
    const body = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'identity.verification_session.verified', data: { object: { id: t.vs, object: 'identity.verification_session' } } });
    const forged = await bff.call('POST', '/v1/webhooks/stripe', {
      body,
      headers: { 'stripe-signature': signStripePayload(body, 'whsec_not_the_secret', Math.floor(Date.now() / 1000)) },
    });
    expect(forged.status).toBe(400);
    expect(forged.json.error.code).toBe('webhook_signature_invalid');
    const stale = await bff.call('POST', '/v1/webhooks/stripe', {
      body,
      headers: { 'stripe-signature': signStripePayload(body, STRIPE_EMULATOR_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301) },
    });
    expect(stale.json.error.code).toBe('webhook_signature_invalid');
    const unsigned = await bff.call('POST', '/v1/webhooks/stripe', { body });
    expect(unsigned.status).toBe(400);
    expect((await t.host()).json.status).toBe('requires_input');
  });

  it('acknowledges a signed event of a shape it does not know, without a 500 (fuzz run, issue 15)', async () => {
    const t = await setup();
    for (const body of ['8', '{"id":"evt_no_type","object":"event"}', '{"id":"evt_no_data","object":"event","type":"identity.verification_session.verified"}', '{"object":"event","type":1,"data":null}']) {
      const r = await bff.call('POST', '/v1/webhooks/stripe', { body, headers: { 'stripe-signature': signStripePayload(body, STRIPE_EMULATOR_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) } });
      expect([body, r.status, r.json]).toEqual([body, 200, { received: true, duplicate: false }]);
    }
    expect((await t.host()).json.status).toBe('requires_input');
  });

  it("takes its events at /v1/providers/stripe_identity/webhook, at the legacy path and at STACK's path", async () => {
    const t = await setup();
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.flushWebhooks();
    const verifiedEvent = stripe.controls.deliveries({ event_type: 'identity.verification_session.verified' })[0]!;
    expect(verifiedEvent).toBeDefined();
    const retrieved = await stripe.fetch(`http://stripe.test/v1/events/${verifiedEvent.event_id}`, { headers: { authorization: `Bearer ${STRIPE_EMULATOR_SECRET_KEY}` } });
    const body = await retrieved.text();
    const signed = () => ({ body, headers: { 'stripe-signature': signStripePayload(body, STRIPE_EMULATOR_WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) } });
    for (const path of ['/v1/providers/stripe_identity/webhook', '/v1/identity/webhooks/stripe', '/v1/webhooks/stripe']) {
      const r = await bff.call('POST', path, signed());
      expect(r.status, path).toBe(200);
      expect(r.json, path).toEqual({ received: true, duplicate: true });
    }
    const forged = await bff.call('POST', '/v1/providers/stripe_identity/webhook', { body });
    expect(forged.json.error.code).toBe('webhook_signature_invalid');
    expect(await t.outcomesApplied()).toEqual(['verified']);
  });

  it('processes a replayed webhook once', async () => {
    const t = await setup();
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.flushWebhooks();
    const verifiedEvent = stripe.controls.deliveries({ event_type: 'identity.verification_session.verified' })[0]!;
    const reads = () => stripe.controls.requests({ path: `/v1/identity/verification_sessions/${t.vs}`, method: 'GET' }).length;
    const readsBefore = reads();
    const [replay] = await stripe.controls.resendEvent(verifiedEvent.event_id);
    expect(replay).toMatchObject({ status: 200, redelivery: true });
    expect(reads()).toBe(readsBefore); // recognised as a duplicate: Stripe was not even asked again
    expect(await t.outcomesApplied()).toEqual(['verified']);
    expect((await t.host()).json.claims).toHaveLength(2);
  });

  it('converges on the right state when events arrive out of order', async () => {
    const t = await setup();
    stripe.controls.pauseWebhooks();
    stripe.controls.submitOutcome(t.vs, 'document_expired');
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.releaseWebhooks('reverse');
    await stripe.controls.flushWebhooks();
    const host = await t.host();
    expect(host.json).toMatchObject({ status: 'verified', last_error: null });
    expect(await t.outcomesApplied()).toEqual(['verified']);
  });

  it('reads sensitive fields only with the restricted key, and never stores them', async () => {
    const t = await setup();
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.flushWebhooks();
    const sensitive = await t.host('sensitive_outputs');
    expect(sensitive.json.sensitive_outputs).toEqual({
      dob: TEST_PERSON.dob,
      id_number: null, // a document check without require_id_number reads no ID number
      document_number: TEST_PERSON.document.number,
      document_expiration_date: TEST_PERSON.document.expiration_date,
    });
    const restrictedCalls = stripe.controls.requests({ path: `/v1/identity/verification_sessions/${t.vs}`, method: 'GET' });
    expect(restrictedCalls.at(-1)!.query).toMatchObject({ 'expand[0]': 'verified_outputs' });
    const row = await bff.store.getSession(t.s.id);
    expect(JSON.stringify(bff.config.piiKey && row)).not.toContain(TEST_PERSON.id_number);
    expect((await t.host()).json).not.toHaveProperty('sensitive_outputs');
  });

  it('refuses sensitive fields without a restricted key', async () => {
    const t = await setup({ restricted: false });
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.flushWebhooks();
    const r = await t.host('sensitive_outputs');
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('forbidden');
  });

  it("reports Stripe's report as the identity profile, the date of birth read live with the restricted key and never stored", async () => {
    const t = await setup();
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.flushWebhooks();
    const r = await t.host('identity_profile');
    expect(r.status).toBe(200);
    const dob = TEST_PERSON.dob;
    expect(r.json.identity_profile.identity_assertion.date_of_birth).toBe(`${dob.year}-${String(dob.month).padStart(2, '0')}-${String(dob.day).padStart(2, '0')}`);
    const v = r.json.identity_profile.verification_report;
    expect(v).toMatchObject({ trust_framework: 'NONE', schemes_compliance: [], assurance_process: { policy: 'STRIPE_IDENTITY', procedure: 'DOCUMENT_SELFIE' } });
    expect(v.evidence.documents[0].passed_checks).toEqual([{ check: 'DOCUMENT_IN_DATE' }, { check: 'AUTOMATED_FACE_MATCH' }]);
    expect(v.evidence.documents[0].document_fields.document_number).toBe(TEST_PERSON.document.number);
    expect(v.evidence.face.initial_liveness.type).toBe('STATIC');
    const row = await bff.store.getSession(t.s.id);
    expect(JSON.stringify(row)).not.toContain(TEST_PERSON.document.number);
  });

  it('refuses the identity profile without a restricted key', async () => {
    const t = await setup({ restricted: false });
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.flushWebhooks();
    const r = await t.host('identity_profile');
    expect([r.status, r.json.error.code]).toEqual([403, 'forbidden']);
  });

  it('links images for at most 30 seconds', async () => {
    const t = await setup();
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.flushWebhooks();
    const r = await t.host('images');
    expect(r.json.images.length).toBeGreaterThanOrEqual(2);
    for (const image of r.json.images) {
      const seconds = (Date.parse(image.expires_at) - Date.now()) / 1000;
      expect(seconds).toBeLessThanOrEqual(30);
      expect(seconds).toBeGreaterThan(0);
      expect(image.url).toMatch(/^http/);
    }
    expect(r.json.images.map((i: { kind: string }) => i.kind)).toContain('selfie');
  });

  it('redacts at Stripe and erases our copy of the personal data', async () => {
    const t = await setup();
    stripe.controls.submitOutcome(t.vs, 'verified');
    await stripe.controls.flushWebhooks();
    const redacted = await bff.call('POST', `/v1/sessions/${t.s.id}/redact`, { auth: TEST_API_KEY });
    expect(redacted.json).toMatchObject({ status: 'verified', redaction: { status: 'redacted' } });
    expect((await t.host('verified_outputs')).json.verified_outputs).toBeNull();
    expect(stripe.controls.requests({ path: `/v1/identity/verification_sessions/${t.vs}/redact` })).toHaveLength(1);
    const consents = await bff.call('GET', `/v1/sessions/${t.s.id}/consents`, { auth: TEST_API_KEY });
    expect(consents.json[0]).toMatchObject({ decision: 'accepted', ip: null, user_agent: null });
  });
});
