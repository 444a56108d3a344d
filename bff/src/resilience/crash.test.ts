// kill -9 at each boundary of starting a verification (issue 15): a replica process is killed
// outright (SIGKILL, from a crash point armed by IDV_TEST_CRASH_AT) right after Stripe answered
// and before our write, and right after our write and before our answer. After a restart the
// state converges, and Stripe holds no orphan: each of its sessions is known to an attempt of
// ours and is either that attempt's live one or ended.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { INTENT_REF_PREFIX } from '../store/schema.js';
import { TEST_API_KEY } from '../testing.js';
import { appliedOutcomes, call, crashingAt, replicaSuite, STRIPE_INITIATE, type Replica, type World } from './harness.js';

const postgresUrl = inject('postgresUrl');
const INTENT_TIMEOUT_PASSED = 3 * 60_000;

describe('IDV_TEST_CRASH_AT', () => {
  it('is a test setting: refused without test controls, and so in production', () => {
    const base = { IDV_MODE: 'development', IDV_DATA_DIR: ':memory:', IDV_TEST_CRASH_AT: 'after_write' };
    expect(() => loadConfig(base)).toThrow(/IDV_TEST_CRASH_AT: a test setting, only with IDV_TEST_CONTROLS/);
    expect(() => loadConfig({ ...base, IDV_MODE: 'production', IDV_TEST_CONTROLS: '1' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, IDV_TEST_CRASH_AT: 'before_lunch', IDV_TEST_CONTROLS: '1' })).toThrow(ConfigError);
    expect(loadConfig({ ...base, IDV_TEST_CONTROLS: '1' }).testCrashAt).toBe('after_write');
    expect(loadConfig({ IDV_MODE: 'development', IDV_DATA_DIR: ':memory:' }).testCrashAt).toBeNull();
  });
});

describe.skipIf(!postgresUrl)('kill -9 while starting a verification at Stripe', () => {
  const suite = replicaSuite(postgresUrl!);
  const replica = (env: Record<string, string>) => suite.replica(env);
  let world: World;
  beforeAll(() => {
    world = suite.world;
  });

  /** The person's initiate on a replica that dies on it: no answer comes back, and the process was killed, not closed. */
  async function initiateKilled(victim: Replica, person: Awaited<ReturnType<World['readySession']>>) {
    await expect(person.widget(victim, 'POST', '/v1/identity/verify/initiate', STRIPE_INITIATE)).rejects.toThrow();
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
  }

  /**
   * Stripe holds no orphan of this session: each of its verification sessions is known to an
   * attempt of ours, and one still waiting for the person (or being decided) is that attempt's
   * open one; every other is ended.
   */
  async function expectNoOrphans(sessionId: string) {
    const attempts = await world.store.attemptsOf(sessionId);
    for (const vs of await world.stripeSessionsOf(sessionId)) {
      const ours = attempts.find((a) => a.session_ref === vs.id);
      expect(ours, `${vs.id} (${vs.status}) is known to no attempt`).toBeDefined();
      if (vs.status === 'requires_input' || vs.status === 'processing') expect(['pending', 'submitted']).toContain(ours!.status);
    }
  }

  it('after Stripe answered, before our write: the swept intent finds its Stripe session, records it and cancels it there', async () => {
    const victim = await replica(crashingAt(world.env, 'after_provider_call'));
    const person = await world.readySession(victim);
    await initiateKilled(victim, person);

    // What the crash left: our intent with no reference, and Stripe's session created for it.
    const [intent, ...none] = await world.store.attemptsOf(person.id);
    expect(none).toEqual([]);
    expect(intent).toMatchObject({ status: 'starting', session_ref: `${INTENT_REF_PREFIX}${intent!.id}` });
    const [orphan, ...noMore] = await world.stripeSessionsOf(person.id);
    expect(noMore).toEqual([]);
    expect(orphan).toMatchObject({ status: 'requires_input', metadata: { idv_session: person.id, idv_attempt: intent!.id } });

    const restarted = await replica(world.env);
    // Until it is swept, the intent keeps the session to one verification at Stripe.
    const retried = await person.widget(restarted, 'POST', '/v1/identity/verify/initiate', STRIPE_INITIATE);
    expect([retried.status, retried.json.error.code]).toEqual([409, 'active_session_exists']);

    expect(await world.reconcileAfter(INTENT_TIMEOUT_PASSED)).toMatchObject({ swept: 1 });
    expect(await world.store.findAttemptById(intent!.id)).toMatchObject({ status: 'canceled', session_ref: orphan!.id });
    expect((await world.stripeSessionsOf(person.id)).map((s) => [s.id, s.status])).toEqual([[orphan!.id, 'canceled']]);
    const swept = (await world.store.auditTrail(person.id)).find((a) => a.action === 'attempt.intent_swept');
    expect(JSON.parse(swept!.detail)).toMatchObject({ attempt_id: intent!.id, found_at_provider: true });

    // The person starts again on the restarted replica and is verified there.
    const again = await person.widget(restarted, 'POST', '/v1/identity/verify/initiate', STRIPE_INITIATE);
    expect(again.status, JSON.stringify(again.json)).toBe(201);
    world.stripe.submitOutcome(again.json.session_ref, 'verified');
    await world.stripe.flushWebhooks();
    expect((await call(restarted.url, 'GET', `/v1/sessions/${person.id}`, { auth: TEST_API_KEY })).json.status).toBe('verified');
    expect(await appliedOutcomes(world, person.id)).toEqual(['verified']);
    await expectNoOrphans(person.id);
  });

  it('after our write, before the answer: the attempt is open and whole, and the person finishes it after the restart', async () => {
    const victim = await replica(crashingAt(world.env, 'after_write'));
    const person = await world.readySession(victim);
    await initiateKilled(victim, person);

    // Our write is whole: the attempt is open with Stripe's reference, and its audit entry is there.
    const [attempt, ...none] = await world.store.attemptsOf(person.id);
    expect(none).toEqual([]);
    const [atStripe] = await world.stripeSessionsOf(person.id);
    expect(attempt).toMatchObject({ status: 'pending', session_ref: atStripe!.id });
    expect((await world.store.auditTrail(person.id)).map((a) => a.action)).toContain('attempt.initiated');

    const restarted = await replica(world.env);
    // The person's retry is told which verification is open, rather than starting a second one.
    const retried = await person.widget(restarted, 'POST', '/v1/identity/verify/initiate', STRIPE_INITIATE);
    expect([retried.status, retried.json.error.code, retried.json.error.details?.session_ref]).toEqual([409, 'active_session_exists', atStripe!.id]);
    expect((await person.widget(restarted, 'GET', '/v1/identity/verify/sessions')).json.map((p: { session_ref: string }) => p.session_ref)).toEqual([atStripe!.id]);
    // Nothing for the reconciler to sweep or end: the attempt is live.
    expect(await world.reconcileAfter(INTENT_TIMEOUT_PASSED)).toMatchObject({ swept: 0 });
    expect(await world.store.findAttemptById(attempt!.id)).toMatchObject({ status: 'pending' });

    world.stripe.submitOutcome(atStripe!.id, 'verified');
    await world.stripe.flushWebhooks();
    expect((await call(restarted.url, 'GET', `/v1/sessions/${person.id}`, { auth: TEST_API_KEY })).json.status).toBe('verified');
    expect(await appliedOutcomes(world, person.id)).toEqual(['verified']);
    expect((await world.stripeSessionsOf(person.id)).map((s) => s.id)).toEqual([atStripe!.id]);
    await expectNoOrphans(person.id);
  });
  it('after our write, when the new choice superseded a Stripe attempt: the Stripe session is still canceled there', async () => {
    // The person started at Stripe, then chose Turnstile (the humanity layer offers both): the
    // Stripe attempt is superseded in the intent's transaction, and ended at Stripe after the
    // answer; the request dies between the two.
    const first = await replica(world.env);
    const person = await world.readySession(first, { layer: 'humanity', min_assurance: 'low' });
    const atStripe = await person.widget(first, 'POST', '/v1/identity/verify/initiate', STRIPE_INITIATE);
    expect(atStripe.status, JSON.stringify(atStripe.json)).toBe(201);
    const victim = await replica(crashingAt(world.env, 'after_write'));
    await expect(person.widget(victim, 'POST', '/v1/identity/verify/initiate', { provider_key: 'turnstile', requested_claims: ['verified_human'] })).rejects.toThrow();
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    world.webhooksTo(first);
    expect((await world.store.attemptsOf(person.id)).map((a) => [a.provider_key, a.status])).toEqual([
      ['turnstile', 'pending'],
      ['stripe_identity', 'superseded'],
    ]);

    // The reconciler (here with the first replica still serving), once the request would have
    // finished, ends at Stripe what the dead one did not.
    await world.reconcileAfter(INTENT_TIMEOUT_PASSED);
    expect((await world.stripeSessionsOf(person.id)).map((s) => [s.id, s.status])).toEqual([[atStripe.json.session_ref, 'canceled']]);
    await expectNoOrphans(person.id);
    // Nothing left pending for the host to wait on.
    expect(await world.store.pendingProviderJobs(person.id)).toEqual([]);
  });

  /** A session with an attempt open at Stripe, then `end` on a replica that dies right after its write: the reconciler still cancels it there. */
  async function endedByADyingRequest(end: (person: Awaited<ReturnType<World['readySession']>>, victim: Replica) => Promise<unknown>, status: string) {
    const first = await replica(world.env);
    const person = await world.readySession(first);
    const atStripe = await person.widget(first, 'POST', '/v1/identity/verify/initiate', STRIPE_INITIATE);
    expect(atStripe.status, JSON.stringify(atStripe.json)).toBe(201);
    const victim = await replica(crashingAt(world.env, 'after_ending_write'));
    await expect(end(person, victim)).rejects.toThrow();
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    world.webhooksTo(first);
    expect((await world.store.attemptsOf(person.id)).map((a) => [a.provider_key, a.status])).toEqual([['stripe_identity', status]]);
    expect((await world.stripeSessionsOf(person.id)).map((s) => s.status)).toEqual(['requires_input']);
    await world.reconcileAfter(INTENT_TIMEOUT_PASSED);
    expect((await world.stripeSessionsOf(person.id)).map((s) => [s.id, s.status])).toEqual([[atStripe.json.session_ref, 'canceled']]);
    await expectNoOrphans(person.id);
    expect(await world.store.pendingProviderJobs(person.id)).toEqual([]);
  }

  it('after our write of a host cancel: the Stripe session is still canceled there', async () => {
    await endedByADyingRequest((person, victim) => call(victim.url, 'POST', `/v1/sessions/${person.id}/cancel`, { auth: TEST_API_KEY }), 'canceled');
  });

  it('after our write of a move to another country: the Stripe session is still canceled there', async () => {
    await endedByADyingRequest((person, victim) => person.widget(victim, 'POST', '/v1/identity/residence', { country: 'GB' }), 'superseded');
  });
});
