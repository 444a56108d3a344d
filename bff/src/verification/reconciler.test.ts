// Nothing lost, nothing orphaned: intents written before the provider is called (one open attempt
// per session and provider, whoever asks twice), the reconciler finishing what no request is left
// to finish, and provider clean-up retried until the provider takes it. Against the Stripe
// emulator through the conformance harness (webhooks held to play a lost delivery).
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness } from '../providers/conformance-kit.js';
import { conformance as stripeKit } from '../providers/stripe_identity/conformance.js';
import type { ProviderAdapter } from '../providers/types.js';
import { createTestBff, TEST_API_KEY } from '../testing.js';
import { MAX_JOB_TRIES } from './provider-jobs.js';

type Harness = Awaited<ReturnType<typeof startHarness>>;
let harness: Harness | undefined;
let bff: Awaited<ReturnType<typeof createTestBff>> | undefined;

afterEach(async () => {
  await harness?.close();
  await bff?.close();
  harness = bff = undefined;
});

const HOUR = 3600_000;

async function stripeHarness(processingSeconds = 0) {
  harness = await startHarness('stripe_identity', { ...stripeKit, emulatorOptions: { stripe: { processingSeconds } } });
  const stripe = harness.emulators.stripe!;
  return { h: harness, stripe, clock: stripe.controls.clock };
}

const hostStatus = async (h: Harness, id: string) => (await h.bff.call('GET', `/v1/sessions/${id}`, { auth: TEST_API_KEY })).json;

describe('intents: one open attempt per session and provider', () => {
  it('two clicks at once start one verification at Stripe; the other is told one exists', async () => {
    const { h } = await stripeHarness();
    const { widget } = await h.session(stripeKit.offered);
    const body = { provider_key: 'stripe_identity', requested_claims: ['verified_identity'] };
    const answers = await Promise.all([widget('POST', '/v1/identity/verify/initiate', body), widget('POST', '/v1/identity/verify/initiate', body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.json.error.code).toBe('active_session_exists');
    const created = h.toProviders.filter((r) => r.method === 'POST' && r.url.endsWith('/v1/identity/verification_sessions'));
    expect(created).toHaveLength(1);
  });

  it('an intent whose request died is swept, and the person can start again', async () => {
    bff = await createTestBff({}, fetch, [hangingProvider()]);
    const s = await bff.readySession('SE', { requirements: { layer: 'identity' } });
    const widget = (method: string, path: string, body?: unknown) => bff!.call(method, path, { auth: s.client_secret, body });
    const body = { provider_key: 'onfido', requested_claims: ['verified_identity'] };
    // The first request never comes back (its process died after writing the intent).
    void widget('POST', '/v1/identity/verify/initiate', body);
    await until(async () => (await bff!.store.openAttempts(s.id)).length === 1);
    expect((await widget('POST', '/v1/identity/verify/initiate', body)).json.error.code).toBe('active_session_exists');
    bff.clock.advance(3 * 60_000);
    expect(await bff.verification.reconcile()).toMatchObject({ swept: 1 });
    expect(await bff.store.openAttempts(s.id)).toEqual([]);
    expect((await bff.store.auditTrail(s.id)).map((a) => a.action)).toContain('attempt.intent_swept');
  });
});

describe('the reconciler', () => {
  it("lands a verdict whose webhook never came, after the session's TTL: a session waiting on its provider does not expire", async () => {
    const { h, stripe, clock } = await stripeHarness(24 * 3600);
    const t = await h.started();
    stripe.controls.submitOutcome(t.ref, 'verified');
    await stripe.controls.flushWebhooks();
    expect((await hostStatus(h, t.session.id)).status).toBe('processing');
    // The verdict's webhook is lost; the session's hour passes while Stripe reviews.
    stripe.controls.pauseWebhooks();
    h.bff.clock.advance(2 * HOUR);
    expect((await hostStatus(h, t.session.id)).status).toBe('processing');
    clock.advance(24 * 3600);
    stripe.controls.settle();
    expect(await h.bff.verification.reconcile()).toMatchObject({ applied: 1 });
    expect(await hostStatus(h, t.session.id)).toMatchObject({ status: 'verified', claims: expect.arrayContaining([expect.objectContaining({ type: 'verified_identity' })]) });
    // Applied once: the late webhook changes nothing.
    await stripe.controls.releaseWebhooks();
    await stripe.controls.flushWebhooks();
    const applied = (await h.bff.store.auditTrail(t.session.id)).filter((a) => a.action === 'outcome.applied');
    expect(applied.map((a) => JSON.parse(a.detail).status)).toEqual(['verified']);
  });

  it('expires a session whose provider never decides, once the grace is over', async () => {
    const { h, stripe } = await stripeHarness(365 * 24 * 3600);
    const t = await h.started();
    stripe.controls.submitOutcome(t.ref, 'verified');
    await stripe.controls.flushWebhooks();
    h.bff.clock.advance(8 * 24 * HOUR);
    expect(await hostStatus(h, t.session.id)).toMatchObject({ status: 'expired', last_error: { code: 'session_expired', reason: 'The provider did not decide in time.' } });
  });
});

describe('retention', () => {
  it('purges a session 90 days after it ended: redacted at Stripe, gone from our store but for its audit trail', async () => {
    const { h } = await stripeHarness();
    const t = await h.started();
    await stripeKit.finish!(t);
    expect((await hostStatus(h, t.session.id)).status).toBe('verified');
    h.bff.clock.advance(89 * 24 * HOUR);
    expect(await h.bff.verification.reconcile()).toMatchObject({ purged: 0 });
    h.bff.clock.advance(2 * 24 * HOUR);
    expect(await h.bff.verification.reconcile()).toMatchObject({ purged: 1 });
    expect(await stripeKit.held!(t)).toEqual([]);
    expect((await h.bff.call('GET', `/v1/sessions/${t.session.id}`, { auth: TEST_API_KEY })).status).toBe(404);
    expect(await h.bff.store.listConsents(t.session.id)).toEqual([]);
    expect((await h.bff.store.auditTrail(t.session.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['session.redacted', 'session.purged']));
  });
});

describe('provider clean-up', () => {
  it('a cancel Stripe cannot take now is retried until it is, and the host sees it pending meanwhile', async () => {
    const { h, stripe } = await stripeHarness();
    const t = await h.started();
    const unavailable = { path: `/v1/identity/verification_sessions/${t.ref}/cancel`, status: 503, times: 1000 };
    stripe.controls.injectFault(unavailable);
    expect((await h.bff.call('POST', `/v1/sessions/${t.session.id}/cancel`, { auth: TEST_API_KEY })).status).toBe(200);
    const failed = { provider_key: 'stripe_identity', action: 'abandon', last_error_code: expect.stringMatching(/^provider_/) };
    expect((await hostStatus(h, t.session.id)).provider_cleanup).toEqual([{ ...failed, tries: 1 }]);
    expect(await stripeKit.held!(t)).toEqual(['a verification session in requires_input']);
    // Retried with backoff: not before its time, and again while Stripe still fails.
    expect((await h.bff.verification.reconcile()).jobs).toMatchObject({ done: 0, retried: 0 });
    h.bff.clock.advance(HOUR);
    expect((await h.bff.verification.reconcile()).jobs).toMatchObject({ done: 0, retried: 1 });
    expect((await hostStatus(h, t.session.id)).provider_cleanup).toEqual([{ ...failed, tries: 2 }]);
    stripe.controls.clearFaults();
    h.bff.clock.advance(HOUR);
    expect((await h.bff.verification.reconcile()).jobs).toMatchObject({ done: 1 });
    expect(await stripeKit.held!(t)).toEqual([]);
    expect((await hostStatus(h, t.session.id)).provider_cleanup).toEqual([]);
  });

  it('redacts a session Stripe is still processing once Stripe decides, and says redaction is processing until then', async () => {
    const { h, stripe, clock } = await stripeHarness(3600);
    const t = await h.started();
    stripe.controls.submitOutcome(t.ref, 'verified');
    await stripe.controls.flushWebhooks();
    const redacted = await h.bff.call('POST', `/v1/sessions/${t.session.id}/redact`, { auth: TEST_API_KEY });
    expect(redacted.json).toMatchObject({ redaction: { status: 'processing' }, provider_cleanup: [{ provider_key: 'stripe_identity', action: 'redact', last_error_code: 'not_ready' }] });
    // Before, our row read redacted while Stripe kept the images of a processing session.
    expect(await stripeKit.held!(t)).toEqual(['a verification session in processing']);
    expect(h.bff.logs.filter((l) => l.msg === 'provider redact failed')).toEqual([]);
    clock.advance(3600);
    stripe.controls.settle();
    h.bff.clock.advance(HOUR);
    expect((await h.bff.verification.reconcile()).jobs).toMatchObject({ done: 1 });
    expect(await stripeKit.held!(t)).toEqual([]);
    expect(await hostStatus(h, t.session.id)).toMatchObject({ redaction: { status: 'redacted' }, provider_cleanup: [] });
  });

  it('gives a job up after its last try and says so in the log', async () => {
    const { h, stripe } = await stripeHarness();
    const t = await h.started();
    // A refusal Stripe's client does not retry on its own keeps the test quick.
    stripe.controls.injectFault({ path: `/v1/identity/verification_sessions/${t.ref}/cancel`, status: 400, json: { error: { type: 'api_error', message: 'Stripe keeps refusing.' } }, times: 1000 });
    await h.bff.call('POST', `/v1/sessions/${t.session.id}/cancel`, { auth: TEST_API_KEY });
    for (let i = 0; i < MAX_JOB_TRIES + 1; i++) {
      h.bff.clock.advance(2 * HOUR);
      await h.bff.verification.reconcile();
    }
    expect(h.bff.logs.filter((l) => l.msg === 'provider abandon given up')).toHaveLength(1);
    expect((await hostStatus(h, t.session.id)).provider_cleanup).toEqual([]);
  });
});

/** A provider whose start never answers: a request that died after writing its intent. */
function hangingProvider(): ProviderAdapter {
  return {
    key: 'onfido',
    faceChecks: ['none', 'photo'],
    description: { name: 'Hanging', supported_layers: ['identity'], claim_types: ['verified_identity'], assurance_level: 'high', coverage: 'global', flow: 'embedded_sdk' },
    initiate: () => new Promise(() => {}),
  };
}

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition never held');
}
