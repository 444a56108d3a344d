// Refusals and keys through stripe-node over a real port: Stripe's error objects for bad params,
// missing objects and unknown URLs; Bearer and Basic auth; credentials that expire and are renewed;
// a request log without secrets or personal data; reset; the factory's option checks.
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../shared/clock.js';
import { createStripeEmulator } from './app.js';
import { STRIPE_EMULATOR_PUBLISHABLE_KEY, STRIPE_EMULATOR_RESTRICTED_KEY, STRIPE_EMULATOR_SECRET_KEY } from './keys.js';
import { startStripe, stripeError, type RunningStripe } from './testing.js';

let run: RunningStripe;
afterEach(() => run.close());

describe('errors and keys', () => {
  beforeEach(async () => {
    run = await startStripe();
  });

  it('refuses unknown, missing and malformed params with the param named', async () => {
    const unknown = await stripeError(run.stripe.identity.verificationSessions.create({ type: 'document', colour: 'red' } as never));
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'colour', message: 'Received unknown parameter: colour' });
    const missing = await stripeError(run.stripe.identity.verificationSessions.create({}));
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'type' });
    const url = await stripeError(run.stripe.identity.verificationSessions.create({ type: 'document', return_url: 'not a url' }));
    expect(url).toMatchObject({ statusCode: 400, code: 'url_invalid', param: 'return_url' });
    const nested = await stripeError(run.stripe.identity.verificationSessions.create({ type: 'document', options: { document: { allowed_types: ['visa' as never] } } }));
    expect(nested).toMatchObject({ statusCode: 400, param: 'options[document][allowed_types][0]' });
  });

  it('answers 404 resource_missing for an unknown session', async () => {
    const missing = await stripeError(run.stripe.identity.verificationSessions.retrieve('vs_doesnotexist'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'session', message: "No such verificationsession: 'vs_doesnotexist'" });
    expect(missing.raw).toMatchObject({ doc_url: 'https://stripe.com/docs/error-codes/resource-missing' });
  });

  it('accepts Bearer and Basic auth with configured keys and answers 401 otherwise', async () => {
    const basic = await fetch(`${run.url}/v1/identity/verification_sessions`, {
      headers: { authorization: `Basic ${Buffer.from(`${STRIPE_EMULATOR_SECRET_KEY}:`).toString('base64')}` },
    });
    expect(basic.status).toBe(200);
    expect(basic.headers.get('request-id')).toMatch(/^req_/);
    const wrong = await stripeError(run.client('sk_test_51NotAKeyThisEmulatorKnowsAbout0000').identity.verificationSessions.list());
    expect(wrong).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.message).toMatch(/^Invalid API Key provided: sk_test_\*+0000$/);
    expect(wrong.message).not.toContain('NotAKey');
    const publishable = await stripeError(run.client(STRIPE_EMULATOR_PUBLISHABLE_KEY).identity.verificationSessions.list());
    expect(publishable.statusCode).toBe(401);
    const none = await fetch(`${run.url}/v1/identity/verification_sessions`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/^You did not provide an API key/);
  });

  it('only accepts the keys it is configured with', async () => {
    await run.close();
    run = await startStripe({ keys: { secret: ['sk_test_onlyThisOneWorks1234'] } });
    expect((await stripeError(run.stripe.identity.verificationSessions.list())).statusCode).toBe(401);
    expect((await run.client('sk_test_onlyThisOneWorks1234').identity.verificationSessions.list()).data).toEqual([]);
  });

  it('checks its options when built, naming the bad one', () => {
    expect(() => createStripeEmulator({ keys: { secret: ['sk_live_51RealLiveKeyNotAllowed'] } })).toThrow(/keys\.secret takes sk_test_/);
    expect(() => createStripeEmulator({ keys: { publishable: ['sk_test_wrongKindOfKey1234'] } })).toThrow(/keys\.publishable/);
    expect(() => createStripeEmulator({ processingSeconds: -1 })).toThrow(/processingSeconds/);
    expect(() => createStripeEmulator({ publicUrl: 'http://127.0.0.1:4242/' })).toThrow(/publicUrl/);
    expect(() => createStripeEmulator({ webhooks: [{ url: 'ftp://example.test/hook' }] })).toThrow(/http\(s\)/);
  });

  it('answers unknown URLs and methods the way Stripe does', async () => {
    const res = await fetch(`${run.url}/v1/identity/verification_sessions/vs_1/approve`, { method: 'POST', headers: { authorization: `Bearer ${STRIPE_EMULATOR_SECRET_KEY}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        message: 'Unrecognized request URL (POST: /v1/identity/verification_sessions/vs_1/approve). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
      },
    });
  });
});

describe('credentials, the request log and reset', () => {
  it('replaces an expired client_secret and url when the session is retrieved, and refuses the old ones', async () => {
    const clock = createClock();
    run = await startStripe({ clock });
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    clock.advance(24 * 3600 + 1);
    const fresh = await run.stripe.identity.verificationSessions.retrieve(s.id);
    expect(fresh.client_secret).toMatch(/_secret_test_/);
    expect(fresh.client_secret).not.toBe(s.client_secret);
    expect((await fetch(s.url as string)).status).toBe(404);
    const old = await fetch(`${run.url}/verify/modal/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: STRIPE_EMULATOR_PUBLISHABLE_KEY, client_secret: s.client_secret }),
    });
    expect(old.status).toBe(400);
    expect((await fetch(fresh.url as string)).status).toBe(200);
  });

  it('keeps keys, client secrets and personal results out of the request log', async () => {
    run = await startStripe();
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document', provided_details: { email: 'jenny@example.test' } });
    run.emu.controls.submitOutcome(s.id, 'verified');
    await run.restricted.identity.verificationSessions.retrieve(s.id, { expand: ['verified_outputs.dob', 'last_verification_report.document.number'] });
    const log = JSON.stringify(await (await fetch(`${run.url}/__emulator__/requests`)).json());
    expect(log).toContain('/v1/identity/verification_sessions');
    for (const secret of [STRIPE_EMULATOR_SECRET_KEY, STRIPE_EMULATOR_RESTRICTED_KEY, s.client_secret as string, 'jenny@example.test', 'Jenny', 'Rosen', '1901', '000000000', '1234 Main St.']) {
      expect(log).not.toContain(secret);
    }
  });

  it('forgets every session, event and idempotent result on reset, and lists its controls', async () => {
    run = await startStripe();
    await run.stripe.identity.verificationSessions.create({ type: 'document' }, { idempotencyKey: 'k' });
    expect((await fetch(`${run.url}/__emulator__/reset`, { method: 'POST' })).status).toBe(204);
    expect((await run.stripe.identity.verificationSessions.list()).data).toEqual([]);
    expect((await run.stripe.events.list()).data).toEqual([]);
    const again = await run.stripe.identity.verificationSessions.create({ type: 'id_number' }, { idempotencyKey: 'k' });
    expect(again.type).toBe('id_number');
    const index = (await (await fetch(`${run.url}/__emulator__/stripe`)).json()) as { controls: string[] };
    expect(index.controls).toContain('POST /__emulator__/stripe/verification_sessions/:id/outcome {outcome}');
  });
});
