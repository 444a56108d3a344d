// How the BFF meets Turnstile failing: 5xx, timeouts, 429, bodies that are not JSON, a refused
// secret and tokens bound elsewhere. The provider is a hand-made fetch here because these are
// failures to inject; the working path runs against the emulator in turnstile.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBff } from '../../testing.js';

/** A scripted siteverify; `bound` holds the cdata of the attempt under test once it exists. */
type Reply = (bound: { cdata: string }) => Response | Promise<Response>;

function scriptedTurnstile(replies: Reply[]) {
  const calls: URLSearchParams[] = [];
  const bound = { cdata: '' };
  const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new URLSearchParams(String(init?.body)));
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)]!;
    // Like real fetch, give up when the caller's signal aborts.
    return new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true });
      Promise.resolve(reply(bound)).then(resolve, reject);
    });
  }) as typeof fetch;
  return { fetchImpl, calls, bound };
}

const ok = (fields: Record<string, unknown> = {}): Reply => (bound) =>
  Response.json({ success: true, 'error-codes': [], challenge_ts: new Date().toISOString(), hostname: '127.0.0.1', action: 'identity_verify', cdata: bound.cdata, ...fields });
const status = (code: number): Reply => () => new Response('<html>oops</html>', { status: code });

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function setup(replies: Reply[], env: Record<string, string> = {}) {
  const provider = scriptedTurnstile(replies);
  const bff = await createTestBff(
    { TURNSTILE_SITEKEY: '0x4AAAAAAAunitSiteKey', TURNSTILE_SECRET: '0x4AAAAAAAunitSecretKey', IDV_PROVIDER_TIMEOUT_MS: '200', ...env },
    provider.fetchImpl,
  );
  close = bff.close;
  const s = await bff.readySession();
  const attempt = await bff.call('POST', '/v1/identity/verify/initiate', {
    auth: s.client_secret,
    body: { provider_key: 'turnstile', requested_claims: ['verified_human'] },
  });
  provider.bound.cdata = attempt.json.client.cdata;
  const submit = (token = 'tok') =>
    bff.call('POST', '/v1/identity/verify/token', {
      auth: s.client_secret,
      body: { provider_key: 'turnstile', session_ref: attempt.json.session_ref, token },
    });
  return { bff, s, attempt: attempt.json, submit, calls: provider.calls };
}

describe('Turnstile adapter under provider failure', () => {
  it('retries a 5xx once with the same idempotency key, then verifies', async () => {
    const t = await setup([status(503), ok()]);
    const result = await t.submit();
    expect(result.status).toBe(200);
    expect(result.json.status).toBe('verified');
    expect(t.calls).toHaveLength(2);
    expect(t.calls[0]!.get('idempotency_key')).toBeTruthy();
    expect(t.calls[0]!.get('idempotency_key')).toBe(t.calls[1]!.get('idempotency_key'));
  });

  it('answers 502 after two 5xx and lets the same token be tried again', async () => {
    const t = await setup([status(500), status(500), ok()]);
    const failed = await t.submit();
    expect(failed.status).toBe(502);
    expect(failed.json.error.code).toBe('provider_error');
    expect(failed.text).not.toContain('oops'); // the provider's body never reaches the client
    const retried = await t.submit();
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ status: 'verified', claims: [{ type: 'verified_human', assurance_level: 'low' }] });
  });

  it('answers 504 when siteverify does not answer in time', async () => {
    const t = await setup([() => new Promise<Response>(() => {})]);
    const r = await t.submit();
    expect(r.status).toBe(504);
    expect(r.json.error.code).toBe('provider_timeout');
  }, 10_000);

  it('answers 503 when Turnstile rate limits us', async () => {
    const t = await setup([status(429)]);
    const r = await t.submit();
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('provider_unavailable');
  });

  it('answers 502 for a body that is not JSON or not siteverify-shaped', async () => {
    const notJson = await setup([() => new Response('not json', { status: 200 })]);
    expect((await notJson.submit()).json.error.code).toBe('provider_error');
    await close?.();
    const wrongShape = await setup([() => Response.json({ success: 'yes' })]);
    expect((await wrongShape.submit()).json.error.code).toBe('provider_error');
  });

  it('blames our configuration, not the person, for a refused secret', async () => {
    const t = await setup([() => Response.json({ success: false, 'error-codes': ['invalid-input-secret'] })]);
    const r = await t.submit();
    expect(r.status).toBe(502);
    const host = await t.bff.call('GET', '/v1/identity/session', { auth: t.s.client_secret });
    expect(host.json.last_error).toBeNull();
    expect(host.json.active_attempt?.session_ref).toBe(t.attempt.session_ref);
  });

  it('refuses a token issued for another action, host or attempt', async () => {
    const wrongAction = await setup([ok({ action: 'login' })]);
    expect((await wrongAction.submit()).json.error.code).toBe('token_mismatch');
    await close?.();
    const wrongAttempt = await setup([ok({ cdata: 'iva_someoneelse' })]);
    expect((await wrongAttempt.submit()).json.error.code).toBe('token_mismatch');
    await close?.();
    const wrongHost = await setup([ok({ hostname: 'evil.example' })]);
    const r = await wrongHost.submit();
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('token_mismatch');
    expect(r.json.error.details).toMatchObject({ session_status: 'requires_input', last_error: { code: 'human_check_failed' } });
    // The attempt is spent: the same session_ref cannot be replayed.
    expect((await wrongHost.submit()).json.error.code).toBe('no_pending_session');
  });
});
