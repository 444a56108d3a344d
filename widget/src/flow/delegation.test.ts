// A delegation service's question (seed 003's layer 3) in the flow: asked once the person is
// verified, however they got there (a provider, a reload, claims reused), before the result; the
// words shown recorded with the decision; the result follows whatever they decide.
import { describe, expect, it } from 'vitest';
import { DELEGATION_NOTICE_VERSION } from '@identity-verify/contract/vocabulary';
import type { WidgetSession } from '@identity-verify/contract/schemas';
import { FakeBff, GOOD_TOKEN } from './fake-api.js';
import { expectStep, flush, ready, started } from './harness.js';

const asking: Partial<WidgetSession> = {
  ...ready,
  delegation: { scopes: [{ scope: 'tax:file', description: 'File your tax return' }, { scope: 'tax:read', description: null }], status: 'pending' },
};
const decide = (decision: 'accepted' | 'declined') =>
  ({ type: 'consent', decision, version: DELEGATION_NOTICE_VERSION, locale: 'en', text: 'Allow Acme to act for you?\n- File your tax return\n- tax:read' }) as const;

/** A flow whose person has just passed Turnstile for a delegation service. */
async function verified(bff: FakeBff) {
  const run = await started(bff);
  run.flow.send({ type: 'provider', provider_key: 'turnstile' });
  await flush();
  run.flow.send({ type: 'token', token: GOOD_TOKEN });
  await flush();
  return run;
}

describe('a delegation service', () => {
  it('asks once the person is verified, records the words shown with the decision, then shows the result', async () => {
    const bff = new FakeBff(asking);
    const { flow, named } = await verified(bff);
    expectStep(flow, 'delegation');
    // Not complete for the host page until the person answered.
    expect(named('identity-verify-complete')).toEqual([]);

    flow.send(decide('accepted'));
    expect(expectStep(flow, 'delegation').busy).toBe('accepted');
    flow.send(decide('declined')); // a second press while the first is on its way is ignored
    await flush();
    const { type: _, ...shown } = decide('accepted');
    expect(bff.callsTo('delegate')).toEqual([[{ delegated_scopes: ['tax:file', 'tax:read'], ...shown }]]);
    const result = expectStep(flow, 'result');
    expect(result.outcome).toEqual({ kind: 'verified' });
    expect(result.session.delegation?.status).toBe('granted');
    expect(named('identity-verify-consent').at(-1)).toEqual({ session_id: 'ivs_test_1', notice: 'delegation', decision: 'accepted' });
    expect(named('identity-verify-complete')).toEqual([{ session_id: 'ivs_test_1', status: 'verified' }]);
    expect(named('identity-verify-step').map((s) => s.step).slice(-3)).toEqual(['submitting', 'delegation', 'result']);
  });

  it('declining still ends verified, and says the organization will not act for them', async () => {
    const bff = new FakeBff(asking);
    const { flow } = await verified(bff);
    flow.send(decide('declined'));
    await flush();
    const result = expectStep(flow, 'result');
    expect(result.outcome).toEqual({ kind: 'verified' });
    expect(result.session.delegation?.status).toBe('declined');
  });

  it('a failed answer keeps the question with the error; the person answers again', async () => {
    const bff = new FakeBff(asking);
    const { flow } = await verified(bff);
    bff.failNext('delegate', 'network_error', 0);
    flow.send(decide('accepted'));
    await flush();
    expect(expectStep(flow, 'delegation')).toMatchObject({ busy: null, error: { code: 'network_error', retryable: true } });
    flow.send(decide('accepted'));
    await flush();
    expect(expectStep(flow, 'result').session.delegation?.status).toBe('granted');
  });

  it('is asked on a reload of a verified session still undecided, and after a verification by claims reused', async () => {
    const reloaded = await started(new FakeBff({ ...asking, status: 'verified' }));
    expectStep(reloaded.flow, 'delegation');
    const reused = await started(new FakeBff({ ...asking, status: 'verified', reused: true }));
    expect(expectStep(reused.flow, 'delegation').outcome).toEqual({ kind: 'verified', reused: true });
    // Decided before (or already held): the result at once.
    const decided = await started(new FakeBff({ ...asking, status: 'verified', delegation: { ...asking.delegation!, status: 'granted' } }));
    expectStep(decided.flow, 'result');
  });
});
