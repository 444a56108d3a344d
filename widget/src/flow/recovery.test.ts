// The flow when things go wrong (rejected tokens, provider errors, expired secrets, an
// unreachable BFF) and when a page reloads: every resume comes from the session alone.
import { describe, expect, it } from 'vitest';
import type { LiveState, WidgetSession } from '@identity-verify/contract/schemas';
import { ApiError } from '../api/errors.js';
import { sampleAttempt } from '../api/fixtures.js';
import { FakeBff, GOOD_TOKEN } from './fake-api.js';
import type { FlowState } from './types.js';
import { accepted, expectStep, flush, ready, started } from './harness.js';

describe('failures and retries', () => {
  it('a rejected token is a failure with retry, and the retry starts a new attempt with the same provider', async () => {
    const bff = new FakeBff(ready);
    const { flow, named } = await started(bff);
    flow.send({ type: 'provider', provider_key: 'turnstile' });
    await flush();
    flow.send({ type: 'token', token: 'forged' });
    await flush();
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'failed', code: 'token_invalid', retry: true });
    expect(named('identity-verify-error')).toEqual([{ session_id: 'ivs_test_1', code: 'token_invalid' }]);
    expect(named('identity-verify-complete')).toEqual([]);

    flow.send({ type: 'retry' });
    await flush();
    expect(expectStep(flow, 'provider_step').attempt?.session_ref).toBe('ref_2');
    flow.send({ type: 'token', token: GOOD_TOKEN });
    await flush();
    expect(expectStep(flow, 'result').outcome.kind).toBe('verified');
  });

  it("the provider's own check failing in the browser shows an error whose retry remounts the driver", async () => {
    const { flow, named } = await started(new FakeBff({ ...ready, active_attempt: sampleAttempt() }));
    flow.send({ type: 'driver_error', code: 'human_check_failed' });
    expect(expectStep(flow, 'provider_step').error).toEqual({ code: 'human_check_failed', retryable: true });
    expect(named('identity-verify-error')).toEqual([{ session_id: 'ivs_test_1', code: 'human_check_failed' }]);
    flow.send({ type: 'token', token: GOOD_TOKEN }); // a late token from the failed widget is ignored
    flow.send({ type: 'retry' });
    const s = expectStep(flow, 'provider_step');
    expect([s.mount, s.error, s.attempt?.session_ref]).toEqual([1, null, 'ref_1']);
  });

  it('an expired client secret ends the flow with an error no retry can fix', async () => {
    const bff = new FakeBff();
    bff.failNext('getSession', 'client_secret_expired', 401);
    const { flow, named } = await started(bff);
    expect(expectStep(flow, 'error').error).toEqual({ code: 'client_secret_expired', retryable: false });
    expect(named('identity-verify-error')).toEqual([{ session_id: null, code: 'client_secret_expired' }]);
    flow.send({ type: 'retry' });
    await flush();
    expect(bff.callsTo('getSession')).toHaveLength(1);
  });

  it('a client secret that expires mid-flow ends it there, keeping the session id for the host', async () => {
    const bff = new FakeBff({ consents: accepted });
    bff.failNext('setResidence', 'client_secret_expired', 401);
    const { flow, named } = await started(bff);
    flow.send({ type: 'country', country: 'SE' });
    await flush();
    expect(expectStep(flow, 'error').error).toEqual({ code: 'client_secret_expired', retryable: false });
    expect(named('identity-verify-error')).toEqual([{ session_id: 'ivs_test_1', code: 'client_secret_expired' }]);
  });

  it('an unreachable BFF on load is an error whose retry reads the session again', async () => {
    const bff = new FakeBff();
    bff.failNext('getSession', 'network_error', 0);
    const { flow } = await started(bff);
    expect(expectStep(flow, 'error').error).toEqual({ code: 'network_error', retryable: true });
    flow.send({ type: 'retry' });
    await flush();
    expectStep(flow, 'consent');
  });

  it('a failed step call keeps the person on the step with the error, and they can act again', async () => {
    const bff = new FakeBff({ consents: accepted });
    bff.failNext('setResidence', 'rate_limited', 429);
    const { flow, named } = await started(bff);
    flow.send({ type: 'country', country: 'SE' });
    await flush();
    const s = expectStep(flow, 'country');
    expect([s.busy, s.error]).toEqual([false, { code: 'rate_limited', retryable: true }]);
    expect(named('identity-verify-error').map((d) => d.code)).toEqual(['rate_limited']);
    flow.send({ type: 'country', country: 'SE' });
    await flush();
    expectStep(flow, 'provider');
  });

  it('a provider list that fails to load can be retried', async () => {
    const bff = new FakeBff(ready);
    bff.failNext('listProviders', 'internal_error', 500);
    const { flow } = await started(bff);
    expect(expectStep(flow, 'provider').error?.code).toBe('internal_error');
    flow.send({ type: 'retry' });
    await flush();
    expect(expectStep(flow, 'provider').providers).toHaveLength(1);
  });

  it('a session that moved on (session_closed) is re-read instead of shown as an error', async () => {
    const bff = new FakeBff({ ...ready, active_attempt: sampleAttempt() });
    const { flow } = await started(bff);
    bff.session.status = 'expired';
    bff.failNext('submitToken', 'session_closed', 409);
    flow.send({ type: 'token', token: GOOD_TOKEN });
    await flush();
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'expired' });
  });

  it('a refused token submission for a spent attempt re-reads the session (no_pending_session)', async () => {
    const bff = new FakeBff({ ...ready, active_attempt: sampleAttempt() });
    const { flow } = await started(bff);
    bff.session.active_attempt = null;
    bff.session.last_error = { code: 'token_expired', reason: 'x' };
    flow.send({ type: 'token', token: GOOD_TOKEN });
    await flush();
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'failed', code: 'token_expired', retry: true });
    expect(bff.callsTo('getSession')).toHaveLength(2);
  });

  it('a missing attribute is reported at start as a fatal error', async () => {
    const { flow, named } = await started(new FakeBff(), { api: new ApiError('missing_client_secret', 'none') });
    expect(expectStep(flow, 'error').error).toEqual({ code: 'missing_client_secret', retryable: false });
    expect(named('identity-verify-error')).toEqual([{ session_id: null, code: 'missing_client_secret' }]);
  });
});


describe('resume after a reload comes from the session alone', () => {
  it.each<[string, Partial<WidgetSession>, FlowState['step']]>([
    ['no consent yet', {}, 'consent'],
    ['consent but no country', { consents: accepted }, 'country'],
    ['a declined notice on a live session', { consents: [{ ...accepted[0]!, decision: 'declined' }] }, 'consent'],
    ['an acceptance later withdrawn', { consents: [accepted[0]!, { ...accepted[0]!, decision: 'declined' }] }, 'consent'],
    ['consent and country', ready, 'provider'],
    ['a pending attempt', { ...ready, active_attempt: sampleAttempt() }, 'provider_step'],
    ['a provider still processing', { ...ready, status: 'processing' }, 'submitting'],
  ])('%s', async (_, session, step) => {
    const bff = new FakeBff(session);
    const { flow } = await started(bff);
    expectStep(flow, step);
    expect(bff.callsTo('initiate')).toEqual([]);
  });

  it('picks the pending attempt up as it is, without initiating', async () => {
    const { flow } = await started(new FakeBff({ ...ready, active_attempt: sampleAttempt({ session_ref: 'ref_old' }) }));
    const s = expectStep(flow, 'provider_step');
    expect([s.provider_key, s.provider, s.attempt?.session_ref]).toEqual(['turnstile', null, 'ref_old']);
  });

  it.each<[string, Partial<WidgetSession>, unknown, string]>([
    ['verified', { status: 'verified' }, { kind: 'verified' }, 'identity-verify-complete'],
    ['verified with claims held before', { status: 'verified', reused: true }, { kind: 'verified', reused: true }, 'identity-verify-complete'],
    ['in review', { status: 'needs_review' }, { kind: 'review' }, 'identity-verify-complete'],
    ['rejected', { status: 'rejected', last_error: { code: 'selfie_face_mismatch', reason: 'x' } }, { kind: 'failed', code: 'selfie_face_mismatch', retry: false }, 'identity-verify-complete'],
    ['expired', { status: 'expired' }, { kind: 'expired' }, 'identity-verify-complete'],
    ['a status added later', { status: 'archived' }, { kind: 'ended', status: 'archived' }, 'identity-verify-complete'],
    ['declined', { status: 'canceled', last_error: { code: 'consent_declined', reason: 'x' } }, { kind: 'canceled', reason: 'consent_declined' }, 'identity-verify-cancel'],
    ['canceled by the host', { status: 'canceled' }, { kind: 'canceled', reason: 'user_canceled' }, 'identity-verify-cancel'],
  ])('a final session (%s) shows its result and reports it once', async (_, session, outcome, event) => {
    const { flow, named } = await started(new FakeBff(session));
    expect(expectStep(flow, 'result').outcome).toEqual(outcome);
    expect(named(event)).toHaveLength(1);
  });

  it('a spent attempt shows the failure; its retry goes to the provider list', async () => {
    const bff = new FakeBff({ ...ready, last_error: { code: 'token_expired', reason: 'x' } });
    const { flow } = await started(bff);
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'failed', code: 'token_expired', retry: true });
    flow.send({ type: 'retry' });
    await flush();
    expect(expectStep(flow, 'provider').providers).toHaveLength(1);
  });

  it('polls a processing session until the provider decides', async () => {
    const bff = new FakeBff({ ...ready, status: 'processing' });
    const waits: Array<() => void> = [];
    const sleep = (_ms: number) => new Promise<void>((resolve) => waits.push(resolve));
    const { flow } = await started(bff, { sleep });
    expect(waits).toHaveLength(1);
    waits.shift()!();
    await flush();
    expectStep(flow, 'submitting'); // still processing: wait again
    expect(waits).toHaveLength(1);
    bff.finishProcessing();
    waits.shift()!();
    await flush();
    expect(expectStep(flow, 'result').outcome.kind).toBe('verified');
  });
});

/** A BFF with the live events stream: the test pushes each state as the BFF would. */
class StreamingBff extends FakeBff {
  streams = 0;
  broken = false;
  #push: ((state: LiveState) => void) | null = null;

  async follow(onState: (state: LiveState) => void, signal: AbortSignal): Promise<void> {
    this.streams += 1;
    if (this.broken) throw new ApiError('not_found', 'No stream here.', { status: 404 });
    this.#push = onState;
    this.push();
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  }

  /** The session's state now, as the stream carries it. */
  push(): void {
    const { id, status, claims, last_error, active_attempt } = this.session;
    this.#push?.({ session_id: id, status, provider_key: active_attempt?.provider_key ?? null, claims, last_error, active_attempt });
  }
}

describe('following a session live', () => {
  it("follows a processing session over the stream: the verdict arrives with no request from the page", async () => {
    const bff = new StreamingBff({ ...ready, status: 'processing' });
    const sleep = () => Promise.reject(new Error('the page should not wait to ask'));
    const { flow } = await started(bff, { sleep });
    expectStep(flow, 'submitting');
    expect(bff.streams).toBe(1);
    const asked = bff.calls.length;
    bff.finishProcessing(); // a webhook's verdict, at the BFF
    bff.push();
    await flush();
    expect(expectStep(flow, 'result').outcome.kind).toBe('verified');
    expect(bff.calls.length).toBe(asked);
  });

  it('asks instead when there is no stream to follow', async () => {
    const bff = new StreamingBff({ ...ready, status: 'processing' });
    bff.broken = true;
    const waits: Array<() => void> = [];
    const { flow } = await started(bff, { sleep: () => new Promise<void>((resolve) => waits.push(resolve)) });
    expect(waits).toHaveLength(1);
    bff.finishProcessing();
    waits.shift()!();
    await flush();
    expect(expectStep(flow, 'result').outcome.kind).toBe('verified');
  });
});
