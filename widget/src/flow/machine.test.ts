// The flow against an in-memory BFF, step by step: consent, country, providers, the provider
// step and its result; back; and the widget events it reports.
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES } from '@identity-verify/contract/countries';
import { sampleProvider } from '../api/fixtures.js';
import { FakeBff, GOOD_TOKEN } from './fake-api.js';
import { accepted, consent, expectStep, flush, ready, started } from './harness.js';

describe('a fresh session, step by step', () => {
  it('asks for consent first and announces loading, the step and readiness', async () => {
    const { flow, named } = await started(new FakeBff());
    expectStep(flow, 'consent');
    expect(named('identity-verify-step')).toEqual([
      { session_id: null, step: 'loading', previous: null },
      { session_id: 'ivs_test_1', step: 'consent', previous: 'loading' },
    ]);
    expect(named('identity-verify-ready')).toEqual([{ session_id: 'ivs_test_1', step: 'consent' }]);
  });

  it('records the exact notice shown, then asks for the country among all countries', async () => {
    const bff = new FakeBff();
    const { flow, named } = await started(bff);
    flow.send(consent('accepted'));
    expect(expectStep(flow, 'consent').busy).toBe('accepted');
    await flush();
    expect(bff.callsTo('recordConsent')).toEqual([
      [{ notice: 'privacy_notice', version: '2026-11', locale: 'en', text: 'Acme uses identity-verify ...', decision: 'accepted' }],
    ]);
    expect(named('identity-verify-consent')).toEqual([{ session_id: 'ivs_test_1', notice: 'privacy_notice', decision: 'accepted' }]);
    expect(expectStep(flow, 'country').countries).toEqual(COUNTRY_CODES);
  });

  it("limits countries to the session's allow-list and ignores a country outside it", async () => {
    const bff = new FakeBff({ consents: accepted, allowed_countries: ['SE', 'NO'] });
    const { flow } = await started(bff);
    expect(expectStep(flow, 'country').countries).toEqual(['SE', 'NO']);
    flow.send({ type: 'country', country: 'US' });
    await flush();
    expect(bff.callsTo('setResidence')).toEqual([]);
  });

  it('declining ends calmly as canceled, with consent and cancel events and nothing else asked', async () => {
    const bff = new FakeBff();
    const { flow, named } = await started(bff);
    flow.send(consent('declined'));
    await flush();
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'canceled', reason: 'consent_declined' });
    expect(named('identity-verify-consent')).toEqual([{ session_id: 'ivs_test_1', notice: 'privacy_notice', decision: 'declined' }]);
    expect(named('identity-verify-cancel')).toEqual([{ session_id: 'ivs_test_1', reason: 'consent_declined' }]);
    expect(named('identity-verify-complete')).toEqual([]);
  });

  it('sets the country, lists only runnable active providers for it, and verifies with a good token', async () => {
    const bff = new FakeBff({ consents: accepted });
    bff.providers = [
      sampleProvider(),
      sampleProvider({ id: 'prv_bankid', provider_key: 'bankid_se', name: 'BankID', coverage: ['SE'], flow: 'qr_code' }),
      sampleProvider({ id: 'prv_yoti', provider_key: 'yoti', name: 'Yoti', active: false }),
    ];
    const { flow, named } = await started(bff, { canRun: (entry) => entry.provider_key !== 'bankid_se' });
    flow.send({ type: 'country', country: 'SE' });
    await flush();
    expect(bff.callsTo('setResidence')).toEqual([['SE']]);
    expect(bff.callsTo('listProviders')).toEqual([['SE']]);
    expect(expectStep(flow, 'provider').providers?.map((p) => p.provider_key)).toEqual(['turnstile']);

    flow.send({ type: 'provider', provider_key: 'turnstile' });
    expect(expectStep(flow, 'provider_step').attempt).toBeNull();
    await flush();
    expect(bff.callsTo('initiate')).toEqual([[{ provider_key: 'turnstile', requested_claims: ['verified_human'] }]]);
    expect(expectStep(flow, 'provider_step').attempt?.session_ref).toBe('ref_1');

    flow.send({ type: 'token', token: GOOD_TOKEN });
    expectStep(flow, 'submitting');
    await flush();
    expect(bff.callsTo('submitToken')).toEqual([[{ provider_key: 'turnstile', session_ref: 'ref_1', token: GOOD_TOKEN }]]);
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'verified' });
    expect(named('identity-verify-complete')).toEqual([{ session_id: 'ivs_test_1', status: 'verified' }]);
  });

  it('asks for verified_identity when the session requires the identity layer', async () => {
    const bff = new FakeBff({ ...ready, requirements: { layer: 'identity', min_assurance: 'substantial' } });
    const { flow } = await started(bff);
    flow.send({ type: 'provider', provider_key: 'turnstile' });
    await flush();
    expect(bff.callsTo('initiate')).toEqual([[{ provider_key: 'turnstile', requested_claims: ['verified_identity'] }]]);
  });

  it('explains nothing is available by leaving an empty list, not an error', async () => {
    const bff = new FakeBff(ready);
    bff.providers = [];
    const { flow } = await started(bff);
    const s = expectStep(flow, 'provider');
    expect(s.providers).toEqual([]);
    expect(s.error).toBeNull();
  });
});


describe('back', () => {
  it('goes from the provider step to the list and from the list to the country, keeping it', async () => {
    const bff = new FakeBff(ready);
    const { flow } = await started(bff);
    flow.send({ type: 'provider', provider_key: 'turnstile' });
    await flush();
    flow.send({ type: 'back' });
    expectStep(flow, 'provider');
    await flush();
    flow.send({ type: 'back' });
    expect(expectStep(flow, 'country').session.country_of_residence).toBe('SE');
  });

  it('choosing the same provider again picks up its pending attempt after the 409', async () => {
    const bff = new FakeBff(ready);
    const { flow } = await started(bff);
    flow.send({ type: 'provider', provider_key: 'turnstile' });
    await flush();
    flow.send({ type: 'leave' });
    await flush();
    flow.send({ type: 'provider', provider_key: 'turnstile' });
    await flush();
    expect(bff.callsTo('initiate')).toHaveLength(2);
    expect(expectStep(flow, 'provider_step').attempt?.session_ref).toBe('ref_1');
  });

  it('a provider list that arrives after the person went back to the country is dropped', async () => {
    const bff = new FakeBff({ consents: accepted, country_of_residence: null });
    const { flow } = await started(bff);
    const release = bff.hold('listProviders');
    flow.send({ type: 'country', country: 'SE' });
    await flush();
    expect(expectStep(flow, 'provider').providers).toBeNull();
    flow.send({ type: 'back' });
    release();
    await flush();
    expectStep(flow, 'country');
  });

  it('an old failure does not come back when the person changes country', async () => {
    const bff = new FakeBff({ ...ready, last_error: { code: 'token_invalid', reason: 'x' } });
    const { flow } = await started(bff);
    flow.send({ type: 'retry' });
    await flush();
    flow.send({ type: 'back' });
    flow.send({ type: 'country', country: 'NO' });
    await flush();
    expect(expectStep(flow, 'provider').country).toBe('NO');
  });

  it('back from a provider they left (a sign-in cancelled there) offers the ways to verify again', async () => {
    const bff = new FakeBff({ ...ready, last_error: { code: 'abandoned', reason: 'The person left the verification.' } });
    const { flow } = await started(bff);
    expect(expectStep(flow, 'result').outcome).toEqual({ kind: 'failed', code: 'abandoned', retry: true });
    flow.send({ type: 'back' });
    await flush();
    expect(expectStep(flow, 'provider').providers).toHaveLength(1);
  });

  it('an answer that arrives after the person went back is dropped', async () => {
    const bff = new FakeBff(ready);
    const { flow } = await started(bff);
    const release = bff.hold('initiate');
    flow.send({ type: 'provider', provider_key: 'turnstile' });
    await flush();
    flow.send({ type: 'back' });
    release();
    await flush();
    expect(expectStep(flow, 'provider').providers).toHaveLength(1);
  });
});


describe('events', () => {
  it('carry ids, steps, statuses and codes only', async () => {
    const bff = new FakeBff();
    const { flow, events } = await started(bff);
    flow.send(consent('accepted'));
    await flush();
    flow.send({ type: 'country', country: 'SE' });
    await flush();
    flow.send({ type: 'provider', provider_key: 'turnstile' });
    await flush();
    flow.send({ type: 'token', token: GOOD_TOKEN });
    await flush();
    const allowed = new Set(['session_id', 'step', 'previous', 'notice', 'decision', 'status', 'code', 'reason']);
    const keys = new Set(events.flatMap((e) => Object.keys(e.detail)));
    expect([...keys].filter((k) => !allowed.has(k))).toEqual([]);
    expect(JSON.stringify(events)).not.toContain(GOOD_TOKEN);
    expect(JSON.stringify(events)).not.toContain('SE');
    expect(events.filter((e) => e.name === 'identity-verify-step').map((e) => e.detail.step)).toEqual([
      'loading', 'consent', 'country', 'provider', 'provider_step', 'submitting', 'result',
    ]);
  });

  it('stop after destroy', async () => {
    const bff = new FakeBff(ready);
    const { flow, events } = await started(bff);
    const release = bff.hold('initiate');
    flow.send({ type: 'provider', provider_key: 'turnstile' });
    const count = events.length;
    flow.destroy();
    release();
    await flush();
    expect(events).toHaveLength(count);
  });
});
