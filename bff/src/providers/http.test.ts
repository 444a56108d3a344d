// What operators see of provider calls: a failure is one log line naming the provider, the
// operation, the HTTP status and the provider's own error code, with nothing of its body; every
// call shows in the metrics under its provider and operation. Against the emulators, with their
// faults answering as the providers document their errors.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createStripeEmulator,
  createTurnstileEmulator,
  TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_EMULATOR_SITEKEY,
} from '@identity-verify/emulators';
import { ProviderError } from '../errors.js';
import { createTestBff, STRIPE_TEST_ENV } from '../testing.js';
import { observedFetch, parseProviderJson, providerCodeOf, sendToProvider, type ProviderCallRecord } from './http.js';
import { z } from 'zod';

const CANARY = 'PII-CANARY-Jane-Doe-1970-01-01';
let bff: Awaited<ReturnType<typeof createTestBff>> | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

const failures = () => bff!.logs.filter((l) => l.msg === 'provider failure');

describe('a provider failure in the log', () => {
  it('Stripe: one line with provider, operation, status and error type/code, nothing of the body', async () => {
    const stripe = createStripeEmulator({ publicUrl: 'http://stripe.test' });
    bff = await createTestBff(
      {
        ...STRIPE_TEST_ENV,
      },
      stripe.fetch,
    );
    stripe.controls.injectFault({
      path: '/v1/identity/verification_sessions',
      method: 'POST',
      status: 400,
      json: { error: { type: 'invalid_request_error', code: 'parameter_invalid_empty', param: 'metadata', message: `Bad name ${CANARY}` } },
    });
    const s = await bff.readySession('SE', { requirements: { layer: 'identity', min_assurance: 'high' } });
    const r = await bff.call('POST', '/v1/identity/verify/initiate', { auth: s.client_secret, body: { provider_key: 'stripe_identity', requested_claims: ['verified_identity'] } });

    expect(r.status).toBe(502);
    expect(r.text).not.toContain(CANARY);
    expect(failures()).toEqual([
      expect.objectContaining({
        level: 'warn',
        provider: 'stripe_identity',
        operation: 'create_verification_session',
        status: 400,
        provider_code: 'invalid_request_error/parameter_invalid_empty',
        code: 'provider_error',
      }),
    ]);
    expect(JSON.stringify(bff.logs)).not.toContain(CANARY);
  });

  it('Turnstile: siteverify answering 500 is logged with its error-codes, and counted', async () => {
    const turnstile = createTurnstileEmulator();
    bff = await createTestBff(
      {
        TURNSTILE_SITEKEY: TURNSTILE_EMULATOR_SITEKEY,
        TURNSTILE_SECRET: TURNSTILE_EMULATOR_SECRET,
        TURNSTILE_SITEVERIFY_URL: 'http://turnstile.test/turnstile/v0/siteverify',
        TURNSTILE_SCRIPT_URL: 'http://turnstile.test/turnstile/v0/api.js?render=explicit',
      },
      turnstile.fetch,
    );
    // Twice: siteverify is retried once.
    turnstile.controls.injectFault({ path: '/turnstile/v0/siteverify', status: 500, json: { success: false, 'error-codes': ['internal-error'], note: CANARY }, times: 2 });
    const s = await bff.readySession('SE');
    const started = await bff.call('POST', '/v1/identity/verify/initiate', { auth: s.client_secret, body: { provider_key: 'turnstile', requested_claims: ['verified_human'] } });
    const r = await bff.call('POST', '/v1/identity/verify/token', {
      auth: s.client_secret,
      body: { provider_key: 'turnstile', session_ref: started.json.session_ref, token: 'XXXX.DUMMY.TOKEN' },
    });
    expect(r.status).toBe(502);
    expect(failures()).toEqual([expect.objectContaining({ provider: 'turnstile', operation: 'siteverify', status: 500, provider_code: 'internal-error' })]);
    expect(JSON.stringify(bff.logs)).not.toContain(CANARY);

    const scrape = await bff.metrics.registry.metrics();
    expect(scrape).toMatch(/idv_provider_request_duration_seconds_count\{provider="turnstile",operation="siteverify",result="server_error"\} 2/);
    expect(scrape).toMatch(/idv_provider_errors_total\{provider="turnstile",operation="siteverify",result="server_error"\} 2/);
  });
});

describe('sendToProvider and parseProviderJson', () => {
  const call = { provider: 'example', operation: 'get_thing' };

  it('name the operation and status on every failure they raise', async () => {
    const answer = (response: Response): typeof fetch => async () => response;
    const failed = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as ProviderError);

    const busy = await failed(sendToProvider(answer(Response.json({ error: { type: 'rate_limit', message: CANARY } }, { status: 429 })), { ...call, url: 'http://x.test', init: {}, timeoutMs: 1000 }));
    expect(busy).toMatchObject({ code: 'provider_unavailable', operation: 'get_thing', providerStatus: 429, providerCode: 'rate_limit' });
    expect(JSON.stringify(busy)).not.toContain(CANARY);

    const never: typeof fetch = (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    expect(await failed(sendToProvider(never, { ...call, url: 'http://x.test', init: {}, timeoutMs: 50 }))).toMatchObject({ code: 'provider_timeout', operation: 'get_thing' });

    const odd = await failed(parseProviderJson(call, Response.json({ name: CANARY }), z.object({ id: z.string() })));
    expect(odd).toMatchObject({ code: 'provider_error', operation: 'get_thing', providerStatus: 200 });
    expect(odd!.message).not.toContain(CANARY);
  });

  it("read only a provider's short machine codes from its error body", () => {
    expect(providerCodeOf({ error: { type: 'card_error', code: 'expired_card', message: CANARY } })).toBe('card_error/expired_card');
    expect(providerCodeOf({ error: { type: 'validation_error', fields: { name: [CANARY] } } })).toBe('validation_error');
    expect(providerCodeOf({ type: 'base:client-problem', title: 'Bad Request', detail: CANARY })).toBe('base:client-problem');
    expect(providerCodeOf({ error: 'invalid_client', error_description: CANARY })).toBe('invalid_client');
    expect(providerCodeOf({ success: false, 'error-codes': ['invalid-input-secret'] })).toBe('invalid-input-secret');
    // Free text where a code should be is not a code.
    expect(providerCodeOf({ error: { type: `Jane Doe's document ${CANARY}` } })).toBeUndefined();
    expect(providerCodeOf('oops')).toBeUndefined();
  });

  it('report each request under the provider call it runs in, unnamed ones too', async () => {
    const seen: ProviderCallRecord[] = [];
    const fetchImpl = observedFetch(async () => new Response(null, { status: 404 }), (r) => seen.push(r));
    await sendToProvider(fetchImpl, { ...call, url: 'http://x.test', init: {}, timeoutMs: 1000 });
    await fetchImpl('http://x.test');
    expect(seen.map(({ provider, operation, status, result }) => ({ provider, operation, status, result }))).toEqual([
      { provider: 'example', operation: 'get_thing', status: 404, result: 'not_found' },
      { provider: 'unknown', operation: 'unnamed', status: 404, result: 'not_found' },
    ]);
  });
});
