// The sweeper's search for what a dead request created at Stripe (findStarted): Stripe lists a
// session's verification sessions by client_reference_id, not by metadata, so the swept intent's
// own is told apart by metadata.idv_attempt, and nothing else of the session is touched.
import { afterEach, expect, it } from 'vitest';
import { STRIPE_EMULATOR_SECRET_KEY } from '@identity-verify/emulators';
import { startHarness } from '../providers/conformance-kit.js';
import { conformance as stripeKit } from '../providers/stripe_identity/conformance.js';
import { INTENT_REF_PREFIX } from '../store/schema.js';

let harness: Awaited<ReturnType<typeof startHarness>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Stripe wired as the stack wires it, a ready session, and an intent of it that its request never finished. */
async function withDeadIntent(intentId: string) {
  harness = await startHarness('stripe_identity', stripeKit);
  const { bff, emulators } = harness;
  const stripe = emulators.stripe!;
  const { s } = await harness.session(stripeKit.offered);
  const atStripe = (path: string, init: RequestInit = {}) =>
    stripe.fetch(`http://stripe.test/v1/identity/verification_sessions${path}`, { ...init, headers: { authorization: `Bearer ${STRIPE_EMULATOR_SECRET_KEY}`, ...init.headers } });
  /** A verification session of this session at Stripe, as the adapter creates one for an attempt. */
  const createAtStripe = async (attemptId: string) => {
    const body = new URLSearchParams({ type: 'document', client_reference_id: s.id, 'metadata[idv_session]': s.id, 'metadata[idv_attempt]': attemptId });
    const r = await atStripe('', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': attemptId }, body });
    return ((await r.json()) as { id: string }).id;
  };
  const statusAtStripe = async (id: string) => ((await (await atStripe(`/${id}`)).json()) as { status: string }).status;
  const writeIntent = async () => {
    const row = (await bff.store.getSession(s.id))!;
    await bff.store.createAttempt({ id: intentId, session_id: s.id, provider_key: 'stripe_identity', session_ref: `${INTENT_REF_PREFIX}${intentId}`, client: {} as never, private_data: {}, status: 'starting', expires_at: row.expires_at });
  };
  const sweep = async () => {
    bff.clock.advance(3 * 60_000);
    return bff.verification.reconcile();
  };
  return { bff, s, createAtStripe, statusAtStripe, writeIntent, sweep };
}

it("finds the swept intent's own Stripe session among the session's others, and cancels only that one", async () => {
  const intentId = 'iva_deadrequest';
  const t = await withDeadIntent(intentId);
  // Others of the same session at Stripe (more than a default page of ten), and the dead request's own among them.
  const others = [];
  for (let i = 0; i < 6; i++) others.push(await t.createAtStripe(`iva_other${i}`));
  const orphan = await t.createAtStripe(intentId);
  for (let i = 6; i < 12; i++) others.push(await t.createAtStripe(`iva_other${i}`));
  await t.writeIntent();

  expect(await t.sweep()).toMatchObject({ swept: 1 });
  expect(await t.bff.store.findAttemptById(intentId)).toMatchObject({ status: 'canceled', session_ref: orphan });
  expect(await t.statusAtStripe(orphan)).toBe('canceled');
  for (const id of others) expect(await t.statusAtStripe(id)).toBe('requires_input');
});

it('sweeps an intent whose request died before Stripe created anything: nothing found, nothing recorded', async () => {
  const intentId = 'iva_neverreached';
  const t = await withDeadIntent(intentId);
  await t.writeIntent();
  expect(await t.sweep()).toMatchObject({ swept: 1 });
  expect(await t.bff.store.findAttemptById(intentId)).toMatchObject({ status: 'canceled', session_ref: `${INTENT_REF_PREFIX}${intentId}` });
  expect((await t.bff.store.auditTrail(t.s.id)).filter((a) => a.action === 'attempt.intent_swept').map((a) => JSON.parse(a.detail).found_at_provider)).toEqual([false]);
});
