// The sweeper's search for what a dead request created at Stripe (findStarted): Stripe lists a
// session's verification sessions by client_reference_id, not by metadata, so the swept intent's
// own is told apart by metadata.idv_attempt, and nothing else of the session is touched.
import { afterEach, expect, it } from 'vitest';
import {
  createStripeEmulator,
  STRIPE_EMULATOR_PUBLISHABLE_KEY,
  STRIPE_EMULATOR_SECRET_KEY,
  STRIPE_EMULATOR_WEBHOOK_SECRET,
  type StripeEmulator,
} from '@identity-verify/emulators';
import { INTENT_REF_PREFIX } from '../store/schema.js';
import { createTestBff } from '../testing.js';

let bff: Awaited<ReturnType<typeof createTestBff>> | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

it("finds the swept intent's own Stripe session among the session's others, and cancels only that one", async () => {
  const stripe: StripeEmulator = createStripeEmulator({ publicUrl: 'http://stripe.test' });
  bff = await createTestBff(
    {
      STRIPE_SECRET_KEY: STRIPE_EMULATOR_SECRET_KEY,
      STRIPE_PUBLISHABLE_KEY: STRIPE_EMULATOR_PUBLISHABLE_KEY,
      STRIPE_WEBHOOK_SECRET: STRIPE_EMULATOR_WEBHOOK_SECRET,
      STRIPE_API_BASE: 'http://stripe.test',
      STRIPE_JS_URL: 'http://stripe.test/v3/stripe.js',
    },
    stripe.fetch,
  );
  const s = await bff.readySession('SE', { requirements: { layer: 'identity', min_assurance: 'high' } });
  const createAtStripe = async (attemptId: string) => {
    const body = new URLSearchParams({ type: 'document', client_reference_id: s.id, 'metadata[idv_session]': s.id, 'metadata[idv_attempt]': attemptId });
    const r = await stripe.fetch('http://stripe.test/v1/identity/verification_sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${STRIPE_EMULATOR_SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': attemptId },
      body,
    });
    return ((await r.json()) as { id: string }).id;
  };
  const statusAtStripe = async (id: string) =>
    ((await (await stripe.fetch(`http://stripe.test/v1/identity/verification_sessions/${id}`, { headers: { authorization: `Bearer ${STRIPE_EMULATOR_SECRET_KEY}` } })).json()) as { status: string })
      .status;

  // Others of the same session at Stripe (more than a default page of ten), and the dead request's own among them.
  const others = [];
  for (let i = 0; i < 6; i++) others.push(await createAtStripe(`iva_other${i}`));
  const intentId = 'iva_deadrequest';
  const orphan = await createAtStripe(intentId);
  for (let i = 6; i < 12; i++) others.push(await createAtStripe(`iva_other${i}`));
  const row = (await bff.store.getSession(s.id))!;
  await bff.store.createAttempt({ id: intentId, session_id: s.id, provider_key: 'stripe_identity', session_ref: `${INTENT_REF_PREFIX}${intentId}`, client: {} as never, private_data: {}, status: 'starting', expires_at: row.expires_at });

  bff.clock.advance(3 * 60_000);
  expect(await bff.verification.reconcile()).toMatchObject({ swept: 1 });
  expect(await bff.store.findAttemptById(intentId)).toMatchObject({ status: 'canceled', session_ref: orphan });
  expect(await statusAtStripe(orphan)).toBe('canceled');
  for (const id of others) expect(await statusAtStripe(id)).toBe('requires_input');
});

it('sweeps an intent whose request died before Stripe created anything: nothing found, nothing recorded', async () => {
  const stripe: StripeEmulator = createStripeEmulator({ publicUrl: 'http://stripe.test' });
  bff = await createTestBff(
    {
      STRIPE_SECRET_KEY: STRIPE_EMULATOR_SECRET_KEY,
      STRIPE_PUBLISHABLE_KEY: STRIPE_EMULATOR_PUBLISHABLE_KEY,
      STRIPE_WEBHOOK_SECRET: STRIPE_EMULATOR_WEBHOOK_SECRET,
      STRIPE_API_BASE: 'http://stripe.test',
      STRIPE_JS_URL: 'http://stripe.test/v3/stripe.js',
    },
    stripe.fetch,
  );
  const s = await bff.readySession('SE', { requirements: { layer: 'identity', min_assurance: 'high' } });
  const row = (await bff.store.getSession(s.id))!;
  const intentId = 'iva_neverreached';
  await bff.store.createAttempt({ id: intentId, session_id: s.id, provider_key: 'stripe_identity', session_ref: `${INTENT_REF_PREFIX}${intentId}`, client: {} as never, private_data: {}, status: 'starting', expires_at: row.expires_at });
  bff.clock.advance(3 * 60_000);
  expect(await bff.verification.reconcile()).toMatchObject({ swept: 1 });
  expect(await bff.store.findAttemptById(intentId)).toMatchObject({ status: 'canceled', session_ref: `${INTENT_REF_PREFIX}${intentId}` });
  expect((await bff.store.auditTrail(s.id)).filter((a) => a.action === 'attempt.intent_swept').map((a) => JSON.parse(a.detail).found_at_provider)).toEqual([false]);
});
