// The API driven by the official `plaid` client over a real socket, every answer checked against
// Plaid's OpenAPI subset with ajv: link tokens, create (consent, idempotency), get, list with
// cursors, retry with each strategy, the verification key; credentials in headers or in the
// body; Plaid's error object for bad keys, missing and invalid fields, unknown ids, rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Strategy, type IdentityVerificationRetryRequest, type LinkTokenCreateRequest } from 'plaid';
import { LIST_PAGE_SIZE } from './api.js';
import { PLAID_EMULATOR_CLIENT_ID, PLAID_EMULATOR_SECRET, PLAID_EMULATOR_TEMPLATE_ID } from './keys.js';
import { validateAnswer } from './openapi.js';
import { plaidFailure, startPlaid, type RunningPlaid } from './testing.js';

let p: RunningPlaid;
beforeAll(async () => {
  p = await startPlaid();
});
afterAll(() => p.close());

const checked: string[] = [];
/** Asserts the answer conforms to the spec and records that the operation was covered. */
function conforms(path: string, status: number, body: unknown) {
  expect(validateAnswer(path, status, body), `${path} ${status}`).toEqual([]);
  checked.push(`${path} ${status}`);
  return body as any;
}

async function ok<T extends { status: number; data: unknown }>(path: string, call: Promise<T>) {
  const res = await call;
  return conforms(path, res.status, res.data);
}
async function refused(path: string, call: Promise<unknown>) {
  const { status, body } = await plaidFailure(call);
  conforms(path, status, body);
  expect(body.request_id).toEqual(expect.any(String));
  return { status, body };
}

const linkRequest = (clientUserId: string, extra: Partial<LinkTokenCreateRequest> = {}): LinkTokenCreateRequest =>
  ({
    client_name: 'identity-verify',
    language: 'en',
    country_codes: ['US'] as any,
    products: ['identity_verification'] as any,
    user: { client_user_id: clientUserId },
    identity_verification: { template_id: PLAID_EMULATOR_TEMPLATE_ID },
    ...extra,
  }) as LinkTokenCreateRequest;

describe('link tokens', () => {
  it('makes a sandbox link token for identity verification, with request_id and expiration', async () => {
    const body = await ok('/link/token/create', p.plaid.linkTokenCreate(linkRequest('user-link-1')));
    expect(body.link_token).toMatch(/^link-sandbox-[0-9a-f-]{36}$/);
    expect(Date.parse(body.expiration)).toBeGreaterThan(Date.now());
    expect(body.request_id).toMatch(/^[0-9A-Za-z]{15}$/);
  });

  it('refuses a missing template, another product beside IDV, and an unknown template', async () => {
    const missing = await refused('/link/token/create', p.plaid.linkTokenCreate(linkRequest('u', { identity_verification: undefined })));
    expect(missing.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'MISSING_FIELDS', status: 400 });
    expect(missing.body.error_message).toContain('identity_verification.template_id');
    const mixed = await refused('/link/token/create', p.plaid.linkTokenCreate(linkRequest('u', { products: ['identity_verification', 'auth'] as any })));
    expect(mixed.body.error_code).toBe('INVALID_FIELD');
    const unknown = await refused('/link/token/create', p.plaid.linkTokenCreate(linkRequest('u', { identity_verification: { template_id: 'idvtmp_nope' } })));
    expect(unknown.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_FIELD' });
  });
});

describe('credentials', () => {
  it('accepts them in the body instead of headers', async () => {
    const bare = p.client({});
    const body = await ok('/link/token/create', bare.linkTokenCreate({ ...linkRequest('user-body-creds'), client_id: PLAID_EMULATOR_CLIENT_ID, secret: PLAID_EMULATOR_SECRET }));
    expect(body.link_token).toMatch(/^link-sandbox-/);
  });

  it('answers INVALID_API_KEYS for a wrong secret and MISSING_FIELDS without credentials', async () => {
    const wrong = p.client({ 'PLAID-CLIENT-ID': PLAID_EMULATOR_CLIENT_ID, 'PLAID-SECRET': 'not-the-secret' });
    const bad = await refused('/identity_verification/get', wrong.identityVerificationGet({ identity_verification_id: 'idv_x' }));
    expect(bad).toMatchObject({ status: 400, body: { error_type: 'INVALID_INPUT', error_code: 'INVALID_API_KEYS', error_message: 'invalid client_id or secret provided', display_message: null } });
    const none = await refused('/identity_verification/get', p.client({}).identityVerificationGet({ identity_verification_id: 'idv_x' }));
    expect(none.body).toMatchObject({ error_code: 'MISSING_FIELDS', error_message: 'the following required fields are missing: client_id, secret' });
  });

  it('answers INVALID_BODY for a body that is not JSON', async () => {
    const res = await fetch(`${p.url}/identity_verification/get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    const body = conforms('/identity_verification/get', res.status, await res.json());
    expect(body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_BODY' });
  });
});

describe('identity verifications', () => {
  it('creates one with consent (accept_tos skipped) and the user data, and reads it back whole', async () => {
    const created = await ok(
      '/identity_verification/create',
      p.plaid.identityVerificationCreate({
        client_user_id: 'user-create-1',
        template_id: PLAID_EMULATOR_TEMPLATE_ID,
        gave_consent: true,
        is_shareable: true,
        user: { email_address: 'leslie@example.com', date_of_birth: '1975-01-18', name: { given_name: 'Leslie', family_name: 'Knope' }, address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' } },
      }),
    );
    expect(created.id).toMatch(/^idv_[0-9A-Za-z]{14}$/);
    expect(created.status).toBe('active');
    expect(created.steps).toEqual({
      accept_tos: 'skipped',
      verify_sms: 'active',
      kyc_check: 'waiting_for_prerequisite',
      documentary_verification: 'waiting_for_prerequisite',
      selfie_check: 'waiting_for_prerequisite',
      watchlist_screening: 'not_applicable',
      risk_check: 'waiting_for_prerequisite',
    });
    expect(created.shareable_url).toMatch(new RegExp(`/verify/${created.id}\\?key=`));
    expect(created.user.name).toEqual({ given_name: 'Leslie', family_name: 'Knope' });
    const got = await ok('/identity_verification/get', p.plaid.identityVerificationGet({ identity_verification_id: created.id }));
    expect({ ...got, request_id: undefined }).toEqual({ ...created, request_id: undefined });
  });

  it('returns the existing attempt with is_idempotent, and refuses a second one without it', async () => {
    const req = { client_user_id: 'user-idem', template_id: PLAID_EMULATOR_TEMPLATE_ID, gave_consent: false, is_shareable: false };
    const first = await ok('/identity_verification/create', p.plaid.identityVerificationCreate(req));
    expect(first.steps.accept_tos).toBe('active');
    const again = await ok('/identity_verification/create', p.plaid.identityVerificationCreate({ ...req, is_idempotent: true }));
    expect(again.id).toBe(first.id);
    const dup = await refused('/identity_verification/create', p.plaid.identityVerificationCreate(req));
    expect(dup.status).toBe(400);
  });

  it('refuses missing fields and invalid values, naming them', async () => {
    const missing = await refused('/identity_verification/create', p.plaid.identityVerificationCreate({ client_user_id: 'u', template_id: PLAID_EMULATOR_TEMPLATE_ID } as any));
    expect(missing.body.error_message).toBe('the following required fields are missing: is_shareable, gave_consent');
    const badDate = await refused(
      '/identity_verification/create',
      p.plaid.identityVerificationCreate({ client_user_id: 'u2', template_id: PLAID_EMULATOR_TEMPLATE_ID, gave_consent: true, is_shareable: false, user: { date_of_birth: '18/01/1975' } as any }),
    );
    expect(badDate.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
    expect(badDate.body.error_message).toContain('user.date_of_birth');
  });

  it('answers an unknown id with Plaid’s error object', async () => {
    const unknown = await refused('/identity_verification/get', p.plaid.identityVerificationGet({ identity_verification_id: 'idv_doesnotexist00' }));
    expect(unknown.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_FIELD', status: 400 });
  });

  it('lists a user’s attempts page by page with an opaque cursor', async () => {
    const user = 'user-list';
    const base = { client_user_id: user, template_id: PLAID_EMULATOR_TEMPLATE_ID, gave_consent: true, is_shareable: false };
    const first = await ok('/identity_verification/create', p.plaid.identityVerificationCreate(base));
    const ids = [first.id];
    for (let i = 0; i < LIST_PAGE_SIZE + 2; i++) {
      ids.push((await ok('/identity_verification/retry', p.plaid.identityVerificationRetry({ client_user_id: user, template_id: PLAID_EMULATOR_TEMPLATE_ID, strategy: Strategy.Reset }))).id);
    }
    const page1 = await ok('/identity_verification/list', p.plaid.identityVerificationList({ client_user_id: user, template_id: PLAID_EMULATOR_TEMPLATE_ID }));
    expect(page1.identity_verifications).toHaveLength(LIST_PAGE_SIZE);
    expect(page1.next_cursor).toEqual(expect.any(String));
    const page2 = await ok('/identity_verification/list', p.plaid.identityVerificationList({ client_user_id: user, template_id: PLAID_EMULATOR_TEMPLATE_ID, cursor: page1.next_cursor }));
    expect(page2.next_cursor).toBeNull();
    expect([...page1.identity_verifications, ...page2.identity_verifications].map((v: { id: string }) => v.id)).toEqual(ids);
    const bad = await refused('/identity_verification/list', p.plaid.identityVerificationList({ client_user_id: user, template_id: PLAID_EMULATOR_TEMPLATE_ID, cursor: 'garbage' }));
    expect(bad.body.error_code).toBe('INVALID_FIELD');
  });

  it('answers 429 RATE_LIMIT_EXCEEDED when a rate limit is planned', async () => {
    p.emu.controls.rateLimitNext('/identity_verification/get');
    const limited = await refused('/identity_verification/get', p.plaid.identityVerificationGet({ identity_verification_id: 'idv_x' }));
    expect(limited).toMatchObject({ status: 429, body: { error_type: 'RATE_LIMIT_EXCEEDED', error_code: 'RATE_LIMIT' } });
    const after = await plaidFailure(p.plaid.identityVerificationGet({ identity_verification_id: 'idv_x' }));
    expect(after.status).toBe(400);
  });
});

describe('retry', () => {
  async function failedAttempt(user: string) {
    const token = (await p.plaid.linkTokenCreate(linkRequest(user))).data.link_token;
    const run = p.emu.controls.completeLink(token, { person: { given_name: 'Ron', family_name: 'Swanson', date_of_birth: '1972-05-06' } });
    expect(run.status).toBe('failed');
    return run.link_session_id;
  }

  it('incomplete keeps the passed steps (skipped) and restarts at the failed one, linked by previous_attempt_id', async () => {
    const previous = await failedAttempt('user-retry-incomplete');
    const retried = await ok(
      '/identity_verification/retry',
      p.plaid.identityVerificationRetry({ client_user_id: 'user-retry-incomplete', template_id: PLAID_EMULATOR_TEMPLATE_ID, strategy: Strategy.Incomplete }),
    );
    expect(retried.previous_attempt_id).toBe(previous);
    expect(retried.status).toBe('active');
    expect(retried.steps).toMatchObject({ accept_tos: 'skipped', verify_sms: 'skipped', kyc_check: 'active', documentary_verification: 'waiting_for_prerequisite' });
  });

  it('infer retries a failed attempt as incomplete, and is refused while the latest is active', async () => {
    await failedAttempt('user-retry-infer');
    const retried = await ok('/identity_verification/retry', p.plaid.identityVerificationRetry({ client_user_id: 'user-retry-infer', template_id: PLAID_EMULATOR_TEMPLATE_ID, strategy: Strategy.Infer }));
    expect(retried.steps.verify_sms).toBe('skipped');
    const refusedInfer = await refused('/identity_verification/retry', p.plaid.identityVerificationRetry({ client_user_id: 'user-retry-infer', template_id: PLAID_EMULATOR_TEMPLATE_ID, strategy: Strategy.Infer }));
    expect(refusedInfer.body.error_message).toContain('infer');
  });

  it('custom asks for exactly the steps given, and needs all four flags', async () => {
    await failedAttempt('user-retry-custom');
    const req: IdentityVerificationRetryRequest = {
      client_user_id: 'user-retry-custom',
      template_id: PLAID_EMULATOR_TEMPLATE_ID,
      strategy: Strategy.Custom,
      steps: { verify_sms: false, kyc_check: true, documentary_verification: false, selfie_check: false },
    };
    const retried = await ok('/identity_verification/retry', p.plaid.identityVerificationRetry(req));
    expect(retried.steps).toMatchObject({ verify_sms: 'not_applicable', kyc_check: 'waiting_for_prerequisite', documentary_verification: 'not_applicable', selfie_check: 'not_applicable', risk_check: 'waiting_for_prerequisite' });
    const missing = await refused('/identity_verification/retry', p.plaid.identityVerificationRetry({ ...req, steps: { verify_sms: true } as any }));
    expect(missing.body.error_message).toContain('steps.kyc_check');
  });

  it('refuses an unknown strategy and a user with no attempt', async () => {
    const strategy = await refused('/identity_verification/retry', p.plaid.identityVerificationRetry({ client_user_id: 'x', template_id: PLAID_EMULATOR_TEMPLATE_ID, strategy: 'again' as any }));
    expect(strategy.body.error_code).toBe('INVALID_FIELD');
    const nobody = await refused('/identity_verification/retry', p.plaid.identityVerificationRetry({ client_user_id: 'nobody', template_id: PLAID_EMULATOR_TEMPLATE_ID, strategy: Strategy.Reset }));
    expect(nobody.body.error_type).toBe('INVALID_INPUT');
  });
});

describe('webhook verification key', () => {
  it('returns the current JWK for its kid, and refuses an unknown kid', async () => {
    const kid = p.emu.controls.webhookKey().kid;
    const body = await ok('/webhook_verification_key/get', p.plaid.webhookVerificationKeyGet({ key_id: kid }));
    expect(body.key).toMatchObject({ alg: 'ES256', crv: 'P-256', kty: 'EC', use: 'sig', kid, expired_at: null });
    expect(body.key.created_at).toEqual(expect.any(Number));
    await refused('/webhook_verification_key/get', p.plaid.webhookVerificationKeyGet({ key_id: 'bfbd5111-8e33-4643-8ced-b2e642a72f3c' }));
  });
});

describe('coverage', () => {
  it('checked successes and errors of every IDV path of the spec', () => {
    const paths = ['/link/token/create', '/identity_verification/create', '/identity_verification/get', '/identity_verification/list', '/identity_verification/retry', '/webhook_verification_key/get'];
    for (const path of paths) {
      expect(checked, path).toContain(`${path} 200`);
      expect(checked.some((c) => c.startsWith(`${path} 4`)), `${path} error`).toBe(true);
    }
  });
});
