// The Plaid client's failures, each a ProviderError with Plaid's codes and none of its words:
// a timeout, a refusal, a body that is not Plaid's, a network failure; reads tried once more.
import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../clock.js';
import { ProviderError } from '../../errors.js';
import { Secret } from '../../security/secret.js';
import { callPlaid, createPlaidApi, PlaidRefusal, VerificationSchema } from './client.js';
import type { PlaidConfig } from './module.js';

const config: PlaidConfig = {
  apiBase: 'http://plaid.test',
  clientId: '65e0a1b2c3d4e5f6a7b8c9d0',
  secret: new Secret('e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4'),
  templateId: 'idvtmp_x',
  templateSelfie: true,
  clientName: 'Acme',
  linkScriptUrl: 'http://plaid.test/link.js',
};

function apiOn(answer: (call: number) => Response | 'hang' | 'fail') {
  let calls = 0;
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const next = answer(++calls);
    if (next === 'fail') return Promise.reject(new TypeError('fetch failed'));
    if (next === 'hang') return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    return Promise.resolve(next);
  }) as typeof globalThis.fetch;
  const api = createPlaidApi(config, { fetch, streamFetch: fetch, clock: new AdjustableClock(), timeoutMs: 50, allowedHostnames: [], publicUrl: null, log: () => {} });
  const get = (retry = false) => callPlaid('identity_verification_get', VerificationSchema, () => api.identityVerificationGet({ identity_verification_id: 'idv_1' }), { retry });
  return { get, calls: () => calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const failure = async (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a failure'), (error: unknown) => error as ProviderError);

describe('calls to Plaid', () => {
  it('a timeout is provider_timeout, not tried again', async () => {
    const plaid = apiOn(() => 'hang');
    const error = await failure(plaid.get(true));
    expect([error.code, error.operation, plaid.calls()]).toEqual(['provider_timeout', 'identity_verification_get', 1]);
  });

  it("a refusal names Plaid's status and codes but never its message", async () => {
    const plaid = apiOn(() => json(400, { error_type: 'INVALID_INPUT', error_code: 'INVALID_FIELD', error_message: 'Leslie Knope is not a valid id', display_message: null }));
    const error = await failure(plaid.get(true));
    expect(error).toBeInstanceOf(PlaidRefusal);
    expect(error.logFields()).toEqual({ provider: 'plaid', operation: 'identity_verification_get', status: 400, provider_code: 'INVALID_INPUT/INVALID_FIELD', code: 'provider_error' });
    expect(JSON.stringify(error) + error.message).not.toContain('Knope');
    expect(plaid.calls()).toBe(1);
  });

  it('a body that is not JSON, or not an identity verification, is provider_error', async () => {
    for (const body of [new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } }), json(200, { id: 42 })]) {
      const error = await failure(apiOn(() => body).get());
      expect([error.code, error.message]).toEqual(['provider_error', 'Plaid answered with an unexpected body.']);
    }
  });

  it('a read is tried once more after a 5xx or a network failure, a write is not', async () => {
    const ok = { id: 'idv_1', client_user_id: 'iva_1', created_at: '2026-12-07T10:00:00Z', status: 'active', steps: {}, template: { id: 'idvtmp_x' }, user: null };
    const flaky = apiOn((n) => (n === 1 ? 'fail' : json(200, ok)));
    expect((await flaky.get(true)).id).toBe('idv_1');
    const busy = apiOn((n) => (n === 1 ? json(503, { error_type: 'API_ERROR', error_code: 'PLANNED_MAINTENANCE' }) : json(200, ok)));
    expect((await busy.get(true)).status).toBe('active');
    const once = apiOn(() => json(500, {}));
    expect((await failure(once.get(false))).code).toBe('provider_error');
    expect(once.calls()).toBe(1);
  });
});
