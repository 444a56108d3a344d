// Two BFF replicas, two OS processes, on one PostgreSQL (issue 15): the races a load balancer
// makes possible. Stripe's emulator is a real server whose signed events go to replica A while
// the person's and the host's requests go to replica B, at the same moment. Each race is run on
// several sessions at once, so the database sees the interleavings and not one lucky order.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_API_KEY } from '../testing.js';
import { appliedOutcomes, buildReplica, call, startReplica, startWorld, STRIPE_INITIATE, until, type Replica, type World } from './harness.js';

const postgresUrl = inject('postgresUrl');
// Sessions raced at once per test; IDV_RESILIENCE_RACES=20 (with a longer --testTimeout) for a stress run.
const RACES = Number(process.env.IDV_RESILIENCE_RACES ?? 6);

describe.skipIf(!postgresUrl)('two BFF replicas on one PostgreSQL', () => {
  let world: World;
  let a: Replica;
  let b: Replica;
  let dispose = () => {};

  beforeAll(async () => {
    const replica = await buildReplica();
    dispose = replica.dispose;
    world = await startWorld(postgresUrl!);
    [a, b] = await Promise.all([startReplica(replica.command, world.env), startReplica(replica.command, world.env)]);
    world.webhooksTo(a);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await world?.close();
    dispose();
  });

  /** Nothing either replica answered was a 5xx, and every event Stripe sent was taken. */
  async function expectNoServerErrors() {
    await world.stripe.flushWebhooks();
    const failed = world.stripe.deliveries().filter((d) => !d.dropped && (d.status === null || d.status >= 300));
    expect(failed, failures([])).toEqual([]);
  }

  /** What went wrong, for a failing assertion: the answers that were not 200, and both replicas' logs. */
  const failures = (answers: Array<{ status: number; json: unknown }>) =>
    `${JSON.stringify(answers.filter((r) => r.status !== 200))}\n${a.logs()}\n${b.logs()}`;

  /** A session with a verification started at Stripe through replica B. */
  async function started() {
    const person = await world.readySession(b);
    const r = await person.widget(b, 'POST', '/v1/identity/verify/initiate', STRIPE_INITIATE);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    return { ...person, ref: r.json.session_ref as string };
  }

  it('the same session started on both replicas at once: one verification at Stripe, the other told one exists', async () => {
    await Promise.all(
      Array.from({ length: RACES }, async () => {
        const person = await world.readySession(a);
        const answers = await Promise.all([a, b].map((replica) => person.widget(replica, 'POST', '/v1/identity/verify/initiate', STRIPE_INITIATE)));
        expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
        const winner = answers.find((r) => r.status === 201)!;
        expect(answers.find((r) => r.status === 409)!.json.error.code).toBe('active_session_exists');
        // One object at the provider, and it is the one our single attempt row holds.
        const atStripe = await world.stripeSessionsOf(person.id);
        expect(atStripe.map((s) => s.id)).toEqual([winner.json.session_ref]);
        const attempts = await world.store.attemptsOf(person.id);
        expect(attempts.map((x) => [x.status, x.session_ref])).toEqual([['pending', winner.json.session_ref]]);
      }),
    );
    await expectNoServerErrors();
  });

  it("complete on one replica racing Stripe's webhook on the other: the verdict is applied once", async () => {
    const people = await Promise.all(Array.from({ length: RACES }, started));
    // Stripe decides; its events are held so they arrive together with the person's complete.
    world.stripe.pauseWebhooks();
    for (const p of people) world.stripe.submitOutcome(p.ref, 'verified');
    const [, completes] = await Promise.all([
      world.stripe.releaseWebhooks(),
      Promise.all(people.map((p) => p.widget(b, 'POST', '/v1/identity/verify/complete', { provider_key: 'stripe_identity', session_ref: p.ref }))),
    ]);
    expect(completes.map((r) => r.status), failures(completes)).toEqual(people.map(() => 200));
    await expectNoServerErrors();
    for (const p of people) {
      expect(await appliedOutcomes(world, p.id)).toEqual(['verified']);
      const host = await call(b.url, 'GET', `/v1/sessions/${p.id}`, { auth: TEST_API_KEY });
      expect(host.json.status).toBe('verified');
      // Claims issued once each, not once per path that saw the verdict.
      const claims = (await world.store.listClaims(p.id)).map((c) => c.type).sort();
      expect(claims).toEqual([...new Set(claims)]);
      expect(claims).toContain('verified_identity');
    }
  });

  it("redact on one replica racing Stripe's verdict webhook on the other: the redaction holds", async () => {
    const people = await Promise.all(Array.from({ length: RACES }, started));
    // An event handled while Stripe erases the session (its metadata with it) must not be refused:
    // the redaction closes our attempts first, and a redacted Stripe session reads as ended.
    world.stripe.pauseWebhooks();
    for (const p of people) world.stripe.submitOutcome(p.ref, 'verified');
    const [, redactions] = await Promise.all([
      world.stripe.releaseWebhooks(),
      Promise.all(people.map((p) => call(b.url, 'POST', `/v1/sessions/${p.id}/redact`, { auth: TEST_API_KEY }))),
    ]);
    expect(redactions.map((r) => r.status), failures(redactions)).toEqual(people.map(() => 200));
    await expectNoServerErrors();
    // Whatever came later, nothing brings the person's data back: a duplicate event, a reconciler pass.
    const events = new Set(world.stripe.deliveries().map((d) => d.event_id));
    for (const id of events) await world.stripe.resendEvent(id);
    await world.reconcileAfter(5 * 60_000);
    await expectNoServerErrors();
    for (const p of people) {
      const row = (await world.store.getSession(p.id))!;
      expect(row.redacted_at).not.toBeNull();
      expect([row.pii_sealed, row.person_sealed]).toEqual([null, null]);
      // Either order is right (verified then erased, or canceled by the redaction first); applied at most once.
      expect(['verified', 'canceled']).toContain(row.status);
      expect((await appliedOutcomes(world, p.id)).length).toBeLessThanOrEqual(1);
      // Stripe erased its copy too (it was decided when the host asked), so it holds nothing of the person.
      const [atStripe] = await world.stripeSessionsOf(p.id);
      await until(`Stripe to redact ${p.ref}`, async () => ((await world.stripeSessionsOf(p.id))[0]?.redaction as { status?: string } | null)?.status === 'redacted');
      expect(atStripe!.id).toBe(p.ref);
    }
  });
});
