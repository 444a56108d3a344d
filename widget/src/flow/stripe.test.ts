// The flow with a provider that keeps its attempt (Stripe Identity): the modal opened on request,
// completed through the BFF, a failed try retried on the same attempt, a closed modal resumed or
// left, processing polled with backoff, and a reload or a return from Stripe's page resumed.
import { describe, expect, it } from 'vitest';
import { sampleStripeAttempt, stripeProvider } from '../api/fixtures.js';
import { FakeBff } from './fake-api.js';
import { expectStep, flush, ready, started } from './harness.js';
import type { FlowOptions } from './machine.js';
import { MAX_POLLS } from './tasks.js';

async function atStripeStep(options: Partial<FlowOptions> = {}) {
  const bff = new FakeBff(ready);
  bff.providers = [stripeProvider()];
  const run = await started(bff, options);
  run.flow.send({ type: 'provider', provider_key: 'stripe_identity' });
  await flush();
  return { bff, ...run };
}

/** A sleep the test releases by hand, recording how long each wait asked for. */
function manualSleep() {
  const waits: Array<{ ms: number; release: () => void }> = [];
  const sleep = (ms: number) => new Promise<void>((release) => waits.push({ ms, release }));
  return { waits, sleep };
}

describe('Stripe Identity in a modal', () => {
  it('waits for the click, opens the modal on a new mount, and confirms with the BFF', async () => {
    const { bff, flow, named } = await atStripeStep();
    const ready = expectStep(flow, 'provider_step');
    expect([ready.phase, ready.mount, ready.attempt?.client.provider_key]).toEqual(['ready', 0, 'stripe_identity']);
    expect(bff.callsTo('complete')).toEqual([]);

    flow.send({ type: 'launch' });
    expect(expectStep(flow, 'provider_step')).toMatchObject({ phase: 'open', mount: 1 });
    flow.send({ type: 'launch' }); // a second click while open changes nothing
    expect(expectStep(flow, 'provider_step').mount).toBe(1);

    flow.send({ type: 'completed' });
    expectStep(flow, 'submitting');
    await flush();
    expect(bff.callsTo('complete')).toEqual([['stripe_identity', 'ref_1']]);
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'verified' });
    expect(named('identity-verify-complete')).toEqual([{ session_id: 'ivs_test_1', status: 'verified' }]);
  });

  it('shows a failed try with its reason, and retries it on the same attempt with the fresh client secret', async () => {
    const { bff, flow, named } = await atStripeStep();
    bff.stripe = { failed: 'document_expired' };
    flow.send({ type: 'launch' });
    flow.send({ type: 'completed' });
    await flush();
    const failed = expectStep(flow, 'result');
    expect(failed.outcome).toEqual({ kind: 'failed', code: 'document_expired', retry: true });
    expect(failed.session.active_attempt?.session_ref).toBe('ref_1');
    expect(named('identity-verify-error')).toEqual([{ session_id: 'ivs_test_1', code: 'document_expired' }]);
    expect(named('identity-verify-complete')).toEqual([]);

    flow.send({ type: 'retry' });
    await flush();
    const reopened = expectStep(flow, 'provider_step');
    expect(reopened.phase).toBe('open'); // the click on "Try again" opens the modal again
    expect(reopened.attempt?.session_ref).toBe('ref_1');
    expect(reopened.attempt?.client).toMatchObject({ client_secret: 'vs_test_1_secret_test_first_again' });
    expect(reopened.provider?.name).toBe('Stripe Identity');
    expect(bff.callsTo('initiate')).toHaveLength(1);

    bff.stripe = 'verified';
    flow.send({ type: 'completed' });
    await flush();
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'verified' });
    expect(bff.callsTo('complete')).toEqual([['stripe_identity', 'ref_1'], ['stripe_identity', 'ref_1']]);
  });

  it('a failed try can be left for another way to verify', async () => {
    const { bff, flow } = await atStripeStep();
    bff.stripe = { failed: 'selfie_face_mismatch' };
    flow.send({ type: 'launch' });
    flow.send({ type: 'completed' });
    await flush();
    flow.send({ type: 'back' });
    await flush();
    expect(expectStep(flow, 'provider').providers?.map((p) => p.provider_key)).toEqual(['stripe_identity']);
  });

  it('closing the modal keeps the attempt: resume reopens it, "choose another way" goes to the list', async () => {
    const { bff, flow, named } = await atStripeStep();
    flow.send({ type: 'launch' });
    flow.send({ type: 'leave' });
    const left = expectStep(flow, 'provider_step');
    expect([left.phase, left.mount, left.attempt?.session_ref]).toEqual(['left', 1, 'ref_1']);
    expect(named('identity-verify-cancel')).toEqual([]);

    flow.send({ type: 'launch' });
    expect(expectStep(flow, 'provider_step')).toMatchObject({ phase: 'open', mount: 2 });
    flow.send({ type: 'leave' });
    flow.send({ type: 'back' });
    await flush();
    expectStep(flow, 'provider');
    expect(bff.callsTo('complete')).toEqual([]);
    expect(bff.callsTo('initiate')).toHaveLength(1);
  });

  it('a modal that cannot open shows an error whose retry reads the attempt again and reopens it', async () => {
    const { bff, flow } = await atStripeStep();
    flow.send({ type: 'launch' });
    flow.send({ type: 'driver_error', code: 'provider_error' });
    expect(expectStep(flow, 'provider_step').error).toEqual({ code: 'provider_error', retryable: true });
    const reads = bff.callsTo('getSession').length;
    flow.send({ type: 'retry' });
    await flush();
    expect(bff.callsTo('getSession')).toHaveLength(reads + 1);
    expect(expectStep(flow, 'provider_step')).toMatchObject({ phase: 'open', error: null, attempt: { session_ref: 'ref_1' } });
  });
});

describe('Stripe still processing', () => {
  it('polls sync with growing waits until Stripe decides', async () => {
    const { waits, sleep } = manualSleep();
    const { bff, flow } = await atStripeStep({ sleep, pollMs: 1_000 });
    bff.stripe = 'processing';
    flow.send({ type: 'launch' });
    flow.send({ type: 'completed' });
    await flush();
    expectStep(flow, 'submitting');
    for (let i = 0; i < 3; i++) {
      waits.at(-1)!.release();
      await flush();
      expectStep(flow, 'submitting');
    }
    bff.stripe = 'verified';
    waits.at(-1)!.release();
    await flush();
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'verified' });
    expect(waits.map((w) => w.ms)).toEqual([1_000, 1_500, 2_250, 3_375]);
    expect(bff.callsTo('sync')).toEqual(Array(4).fill(['stripe_identity']));
  });

  it('stops after a bounded number of reads, says so without a final event, and can check again', async () => {
    const { waits, sleep } = manualSleep();
    const { bff, flow, named } = await atStripeStep({ sleep });
    bff.stripe = 'processing';
    flow.send({ type: 'launch' });
    flow.send({ type: 'completed' });
    await flush();
    for (let i = 0; i < MAX_POLLS; i++) {
      waits.at(-1)!.release();
      await flush();
    }
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'processing' });
    expect(bff.callsTo('sync')).toHaveLength(MAX_POLLS);
    expect(waits.at(-1)!.ms).toBe(15_000);
    expect(named('identity-verify-complete')).toEqual([]);

    flow.send({ type: 'retry' });
    bff.stripe = 'verified';
    waits.at(-1)!.release();
    await flush();
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'verified' });
    expect(named('identity-verify-complete')).toHaveLength(1);
  });
});

describe('Stripe after a reload or a return from its hosted page', () => {
  const withAttempt = { ...ready, active_attempt: sampleStripeAttempt() };

  it.each([
    ['not finished: the button shows again', 'pending' as const, 'provider_step'],
    ['submitted and verified', 'verified' as const, 'result'],
    ['submitted and still processing', 'processing' as const, 'submitting'],
  ])('asks the BFF first (%s)', async (_, says, step) => {
    const bff = new FakeBff(withAttempt);
    bff.stripe = says;
    const { flow } = await started(bff, { sleep: () => new Promise(() => undefined) });
    expect(bff.callsTo('complete')).toEqual([['stripe_identity', 'vs_test_1']]);
    expect(flow.state.step).toBe(step);
    if (step === 'provider_step') expect(expectStep(flow, 'provider_step')).toMatchObject({ phase: 'ready', provider: null });
  });

  it('a try that failed on Stripe\'s page shows its reason, retried on the same attempt', async () => {
    const bff = new FakeBff(withAttempt);
    bff.stripe = { failed: 'document_expired' };
    const { flow } = await started(bff);
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'failed', code: 'document_expired', retry: true });
    flow.send({ type: 'retry' });
    await flush();
    expect(expectStep(flow, 'provider_step')).toMatchObject({ phase: 'open', attempt: { session_ref: 'vs_test_1' } });
    expect(bff.callsTo('initiate')).toEqual([]);
  });

  it('asks once per attempt, so an attempt the BFF no longer completes cannot loop', async () => {
    const bff = new FakeBff(withAttempt);
    bff.failNext('complete', 'no_pending_session', 404);
    const { flow } = await started(bff);
    expect(bff.callsTo('complete')).toHaveLength(1);
    expect(bff.callsTo('getSession')).toHaveLength(2);
    expect(expectStep(flow, 'provider_step').phase).toBe('ready');
  });
});

describe('the redirect flow', () => {
  it('starts the attempt with the page to come back to, when the page prefers a redirect', async () => {
    const { bff } = await atStripeStep({ returnUrl: () => 'https://shop.example/checkout' });
    expect(bff.callsTo('initiate')).toEqual([
      [{ provider_key: 'stripe_identity', requested_claims: ['verified_human'], return_url: 'https://shop.example/checkout' }],
    ]);
  });

  it('sends no return_url for the modal, nor for an inline check', async () => {
    const { bff } = await atStripeStep({ returnUrl: () => null });
    expect(bff.callsTo('initiate')[0]![0]).not.toHaveProperty('return_url');
    const turnstile = new FakeBff(ready);
    const { flow } = await started(turnstile, { returnUrl: () => 'https://shop.example/checkout' });
    flow.send({ type: 'provider', provider_key: 'turnstile' });
    await flush();
    expect(turnstile.callsTo('initiate')[0]![0]).not.toHaveProperty('return_url');
  });
});
