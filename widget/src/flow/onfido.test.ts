// The flow with Onfido: its US biometric notice shown after the person chooses it and before
// anything is started there, accept and decline, a token refreshed mid-flow, and the SDK's exit.
import { describe, expect, it } from 'vitest';
import { onfidoProvider, stripeProvider } from '../api/fixtures.js';
import { FakeBff } from './fake-api.js';
import { expectStep, flush, ready, started } from './harness.js';

const biometric = (decision: 'accepted' | 'declined') =>
  ({ type: 'consent', decision, version: 'onfido-us-2026-12', locale: 'en', text: 'Acme uses Onfido ...' }) as const;

async function chooseOnfido(others = [stripeProvider()], notices: Parameters<typeof onfidoProvider>[0] = ['onfido_biometric_us']) {
  const bff = new FakeBff({ ...ready, country_of_residence: 'US' });
  bff.providers = [onfidoProvider(notices), ...others];
  const run = await started(bff);
  run.flow.send({ type: 'provider', provider_key: 'onfido' });
  await flush();
  return { bff, ...run };
}

describe('Onfido and its US biometric notice', () => {
  it('shows the notice before anything starts, then starts Onfido once it is accepted', async () => {
    const { bff, flow, named } = await chooseOnfido();
    expect(expectStep(flow, 'notice')).toMatchObject({ notice: 'onfido_biometric_us', busy: null });
    expect(bff.callsTo('initiate')).toEqual([]);

    flow.send(biometric('accepted'));
    expect(expectStep(flow, 'notice').busy).toBe('accepted');
    await flush();
    expect(bff.callsTo('recordConsent')[0]?.[0]).toMatchObject({ notice: 'onfido_biometric_us', decision: 'accepted', version: 'onfido-us-2026-12' });
    expect(bff.callsTo('initiate')).toHaveLength(1);
    const step = expectStep(flow, 'provider_step');
    expect(step.attempt?.client).toMatchObject({ provider_key: 'onfido', flow: 'embedded_sdk' });
    expect(named('identity-verify-consent')).toEqual([{ session_id: 'ivs_test_1', notice: 'onfido_biometric_us', decision: 'accepted' }]);
  });

  it('skips the notice when it was accepted before, and when the provider needs none', async () => {
    const { bff, flow } = await chooseOnfido([], []);
    expectStep(flow, 'provider_step');
    expect(bff.callsTo('recordConsent')).toEqual([]);

    const again = new FakeBff({ ...ready, country_of_residence: 'US', consents: [...ready.consents!, { notice: 'onfido_biometric_us', version: 'v', decision: 'accepted' }] });
    again.providers = [onfidoProvider()];
    const run = await started(again);
    run.flow.send({ type: 'provider', provider_key: 'onfido' });
    await flush();
    expectStep(run.flow, 'provider_step');
  });

  it('on decline starts nothing and offers the ways that need no biometric consent', async () => {
    const { bff, flow } = await chooseOnfido();
    flow.send(biometric('declined'));
    await flush();
    expect(bff.callsTo('initiate')).toEqual([]);
    const list = expectStep(flow, 'provider');
    expect(list.providers?.map((p) => p.provider_key)).toEqual(['stripe_identity']);
  });

  it('on decline with no other way left ends with consent_declined', async () => {
    const { bff, flow, named } = await chooseOnfido([]);
    flow.send(biometric('declined'));
    await flush();
    expect(bff.callsTo('initiate')).toEqual([]);
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'canceled', reason: 'consent_declined' });
    expect(named('identity-verify-cancel')).toEqual([{ session_id: 'ivs_test_1', reason: 'consent_declined' }]);
  });

  it('goes back to the list from the notice without deciding', async () => {
    const { bff, flow } = await chooseOnfido();
    flow.send({ type: 'back' });
    await flush();
    expectStep(flow, 'provider');
    expect(bff.callsTo('recordConsent')).toEqual([]);
  });

  it('keeps the notice on screen with the error when recording fails, and records on the next try', async () => {
    const { bff, flow } = await chooseOnfido();
    bff.failNext('recordConsent', 'network_error', 0);
    flow.send(biometric('accepted'));
    await flush();
    expect(expectStep(flow, 'notice')).toMatchObject({ busy: null, error: { code: 'network_error', retryable: true } });
    flow.send(biometric('accepted'));
    await flush();
    expectStep(flow, 'provider_step');
  });
});

describe('Onfido SDK in the widget', () => {
  async function atSdk() {
    const run = await chooseOnfido();
    run.flow.send(biometric('accepted'));
    await flush();
    return run;
  }

  it('refreshes an expired SDK token and mounts the SDK again with the fresh one', async () => {
    const { bff, flow } = await atSdk();
    const before = expectStep(flow, 'provider_step');
    flow.send({ type: 'refresh' });
    await flush();
    expect(bff.callsTo('refresh')).toEqual([['onfido', 'ref_1']]);
    const after = expectStep(flow, 'provider_step');
    expect(after.mount).toBe(before.mount + 1);
    expect(after.attempt?.client).toMatchObject({ sdk_token: 'header.payload.signature.fresh' });
  });

  it('shows a retryable error when the refresh fails', async () => {
    const { bff, flow } = await atSdk();
    bff.failNext('refresh', 'provider_timeout', 504);
    flow.send({ type: 'refresh' });
    await flush();
    expect(expectStep(flow, 'provider_step').error).toEqual({ code: 'provider_timeout', retryable: true });
  });

  it('completes through the BFF when the SDK says it is done', async () => {
    const { bff, flow } = await atSdk();
    flow.send({ type: 'completed' });
    await flush();
    expect(bff.callsTo('complete')).toEqual([['onfido', 'ref_1']]);
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'verified' });
  });

  it('shows a rejection as final when the provider rejected the person (no "try again")', async () => {
    const { bff, flow } = await atSdk();
    bff.failNext('complete', 'provider_rejected', 422);
    bff.session.status = 'rejected';
    bff.session.last_error = { code: 'document_unverified_other', reason: 'The document could not be verified.' };
    flow.send({ type: 'completed' });
    await flush();
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'failed', code: 'document_unverified_other', retry: false });
  });

  it('goes back to the provider choice when the person exits the SDK', async () => {
    const { flow } = await atSdk();
    flow.send({ type: 'leave' });
    await flush();
    expectStep(flow, 'provider');
  });
});
