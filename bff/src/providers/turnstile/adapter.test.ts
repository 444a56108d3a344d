// The Turnstile path end to end inside one process: the BFF's adapter talks to the Turnstile
// emulator (wire-faithful siteverify) through an in-process fetch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTurnstileEmulator,
  TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_EMULATOR_SITEKEY,
  type TurnstileEmulator,
} from '@identity-verify/emulators';
import { createTestBff, TEST_API_KEY } from '../../testing.js';

let emulator: TurnstileEmulator;
let bff: Awaited<ReturnType<typeof createTestBff>>;

beforeEach(async () => {
  emulator = createTurnstileEmulator();
  bff = await createTestBff(
    {
      TURNSTILE_SITEKEY: TURNSTILE_EMULATOR_SITEKEY,
      TURNSTILE_SECRET: TURNSTILE_EMULATOR_SECRET,
      TURNSTILE_SITEVERIFY_URL: 'http://turnstile.test/turnstile/v0/siteverify',
      TURNSTILE_SCRIPT_URL: 'http://turnstile.test/turnstile/v0/api.js?render=explicit',
    },
    emulator.fetch,
  );
});
afterEach(async () => bff.close());

async function start() {
  const s = await bff.readySession('SE');
  const r = await bff.call('POST', '/v1/identity/verify/initiate', {
    auth: s.client_secret,
    body: { provider_key: 'turnstile', requested_claims: ['verified_human'] },
  });
  expect(r.status).toBe(201);
  const client = r.json.client;
  const token = (outcome: 'pass' | 'reject' | 'expired' = 'pass', cdata = client.cdata) =>
    emulator.controls.mintToken({ sitekey: client.sitekey, action: client.action, cdata, hostname: '127.0.0.1', outcome });
  const submit = (t: string, ref = r.json.session_ref) =>
    bff.call('POST', '/v1/identity/verify/token', { auth: s.client_secret, body: { provider_key: 'turnstile', session_ref: ref, token: t } });
  return { s, attempt: r.json, token, submit };
}

const siteverifyCalls = () => emulator.controls.requests({ path: '/turnstile/v0/siteverify' }).length;

describe('Turnstile through the BFF', () => {
  it('hands the widget only what it needs to render the challenge', async () => {
    const { attempt } = await start();
    expect(attempt.client).toEqual({
      provider_key: 'turnstile',
      flow: 'inline_token',
      script_url: 'http://turnstile.test/turnstile/v0/api.js?render=explicit',
      sitekey: TURNSTILE_EMULATOR_SITEKEY,
      action: 'identity_verify',
      cdata: attempt.session_id,
    });
  });

  it('verifies a passed challenge into a verified_human claim the host can read', async () => {
    const { s, token, submit } = await start();
    const r = await submit(token());
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ session_id: s.id, status: 'verified', provider_key: 'turnstile', last_error: null });
    const host = await bff.call('GET', `/v1/sessions/${s.id}`, { auth: TEST_API_KEY });
    expect(host.json).toMatchObject({
      status: 'verified',
      provider_key: 'turnstile',
      claims: [{ type: 'verified_human', provider_key: 'turnstile', assurance_level: 'low' }],
    });
    expect(host.json.completed_at).toEqual(expect.any(String));
    expect(siteverifyCalls()).toBe(1);
  });

  it('answers a rejected token with 422 and takes a fresh attempt afterwards', async () => {
    const first = await start();
    const rejected = await first.submit(first.token('reject'));
    expect(rejected.status).toBe(422);
    expect(rejected.json.error.code).toBe('token_invalid');
    const view = await bff.call('GET', '/v1/identity/session', { auth: first.s.client_secret });
    expect(view.json).toMatchObject({ status: 'requires_input', last_error: { code: 'human_check_failed' }, active_attempt: null });
    const retry = await bff.call('POST', '/v1/identity/verify/initiate', {
      auth: first.s.client_secret,
      body: { provider_key: 'turnstile', requested_claims: ['verified_human'] },
    });
    const token = emulator.controls.mintToken({ action: 'identity_verify', cdata: retry.json.client.cdata, hostname: '127.0.0.1' });
    const ok = await first.submit(token, retry.json.session_ref);
    expect(ok.json).toMatchObject({ status: 'verified', last_error: null });
  });

  it('answers an expired or spent token with token_expired', async () => {
    const t = await start();
    expect((await t.submit(t.token('expired'))).json.error.code).toBe('token_expired');
    const again = await start();
    const token = again.token();
    emulator.controls.clock.advance(301);
    expect((await again.submit(token)).json.error.code).toBe('token_expired');
  });

  it('refuses a token solved for another attempt, even a valid one', async () => {
    const a = await start();
    const b = await start();
    const r = await a.submit(b.token());
    expect(r.json.error.code).toBe('token_mismatch');
    // The token was spent at siteverify; the other attempt cannot use it either.
    expect((await b.submit(b.token())).json.status).toBe('verified');
  });

  it('processes two concurrent submissions of one attempt once', async () => {
    const t = await start();
    const token = t.token();
    const [x, y] = await Promise.all([t.submit(token), t.submit(token)]);
    expect([x.status, y.status].sort()).toEqual([200, 404]);
    expect(siteverifyCalls()).toBe(1);
    const claims = (await bff.call('GET', `/v1/sessions/${t.s.id}`, { auth: TEST_API_KEY })).json.claims;
    expect(claims).toHaveLength(1);
  });

  it('refuses to start again once verified', async () => {
    const t = await start();
    await t.submit(t.token());
    const again = await bff.call('POST', '/v1/identity/verify/initiate', {
      auth: t.s.client_secret,
      body: { provider_key: 'turnstile', requested_claims: ['verified_human'] },
    });
    expect(again.json.error.code).toBe('session_closed');
  });

  it('lists the pending attempt, resumes it, and conflicts on a second initiate', async () => {
    const t = await start();
    const pending = await bff.call('GET', '/v1/identity/verify/sessions', { auth: t.s.client_secret });
    expect(pending.json).toEqual([expect.objectContaining({ session_ref: t.attempt.session_ref, provider_key: 'turnstile', status: 'pending' })]);
    expect(pending.json[0]).not.toHaveProperty('client');
    const view = await bff.call('GET', '/v1/identity/session', { auth: t.s.client_secret });
    expect(view.json.active_attempt).toEqual(t.attempt);
    const second = await bff.call('POST', '/v1/identity/verify/initiate', {
      auth: t.s.client_secret,
      body: { provider_key: 'turnstile', requested_claims: ['verified_human'] },
    });
    expect(second.status).toBe(409);
    expect(second.json.error).toMatchObject({ code: 'active_session_exists', details: { session_ref: t.attempt.session_ref } });
  });

  it('never sends a secret to the widget', async () => {
    const t = await start();
    const bodies = [
      (await bff.call('GET', '/v1/identity/session', { auth: t.s.client_secret })).text,
      (await bff.call('GET', '/v1/identity/providers', { auth: t.s.client_secret })).text,
      (await bff.call('GET', '/v1/identity/verify/sessions', { auth: t.s.client_secret })).text,
      (await t.submit(t.token('reject'))).text,
      (await bff.call('POST', '/v1/identity/verify/sync', { auth: t.s.client_secret, body: { provider_key: 'turnstile' } })).text,
    ];
    for (const body of bodies) {
      expect(body).not.toContain(TURNSTILE_EMULATOR_SECRET);
      expect(body).not.toContain(TEST_API_KEY);
      expect(body).not.toContain(bff.config.piiKey.reveal());
    }
  });
});
