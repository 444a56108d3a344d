// What the Login.gov emulator refuses, in Login.gov's words: authorization problems go back to the
// client as error=invalid_request with ActiveModel's full messages, token problems are HTTP 400
// {"error": "…"}, userinfo problems 401 {"error": "…"}.
import { generateKeyPairSync } from 'node:crypto';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_GOV_AAL, LOGIN_GOV_ACR } from './acr.js';
import { startLoginGovRp, tokenFields, type LoginGovRp } from './testing.js';

let rp: LoginGovRp;
beforeAll(async () => {
  rp = await startLoginGovRp();
});
afterAll(() => rp.stop());

/** A sign-in's code and PKCE verifier, before any token request. */
async function codeFor(params: Record<string, string> = {}) {
  const { url, verifier } = await rp.authorize(params);
  const callback = await rp.running.controls.login_gov.signIn(url);
  return { code: callback.searchParams.get('code')!, verifier };
}

/** Where the emulator sends the browser for this authorization request. */
async function authorizeRedirect(params: Record<string, string>) {
  const { url } = await rp.authorize(params);
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

describe('Login.gov authorization refusals', () => {
  it('drops unknown acr values and refuses a request left with none', async () => {
    const callback = await authorizeRedirect({ acr_values: 'urn:example:unknown http://example.test/loa/9', state: 'state-long-enough-for-login-gov' });
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toBe('Acr values can’t be blank Acr values No acceptable acr_values found');
    expect(callback.searchParams.get('state')).toBe('state-long-enough-for-login-gov');
  });

  it('refuses an AAL without an IAL (missing_ial)', async () => {
    const callback = await authorizeRedirect({ acr_values: LOGIN_GOV_AAL.aal2 });
    expect(callback.searchParams.get('error_description')).toBe('Acr values Missing a valid IAL level');
  });

  it('refuses state and nonce shorter than 22 characters', async () => {
    const callback = await authorizeRedirect({ state: 'short-state', nonce: 'short-nonce' });
    expect(callback.searchParams.get('error_description')).toBe(
      'State is too short (minimum is 22 characters) Nonce is too short (minimum is 22 characters)',
    );
    expect(callback.searchParams.get('state')).toBe('short-state');
  });

  it('refuses verified_within under 30 days and a prompt other than select_account', async () => {
    const callback = await authorizeRedirect({ verified_within: '7d', prompt: 'login' });
    expect(callback.searchParams.get('error_description')).toBe(
      'Prompt No valid prompt values found Verified within value must be at least 30 days or older',
    );
  });

  it('shows an error page, not a redirect, for a redirect URI that is not registered', async () => {
    const { url } = await rp.authorize({ redirect_uri: 'https://evil.test/callback' });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Redirect uri redirect_uri does not match registered redirect_uri');
  });

  it('takes a missing prompt as select_account, and a legacy acr alias as its value', async () => {
    const { url } = await rp.authorize({ prompt: '', acr_values: 'http://idmanagement.gov/ns/assurance/loa/1' });
    url.searchParams.delete('prompt');
    const callback = await rp.running.controls.login_gov.signIn(url);
    expect(callback.searchParams.has('code')).toBe(true);
    expect(callback.searchParams.has('iss')).toBe(false);
  });
});

describe('Login.gov token refusals (HTTP 400, {"error": "…"})', () => {
  it('issues tokens for a body without client_id, and without scope in the answer', async () => {
    const { code, verifier } = await codeFor();
    const answer = await rp.tokenRaw(tokenFields(rp, code, verifier));
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['access_token', 'token_type', 'expires_in', 'id_token']);
    expect(answer.body.token_type).toBe('Bearer');
  });

  it('refuses an assertion whose audience is the issuer', async () => {
    const { code, verifier } = await codeFor();
    const answer = await rp.tokenRaw(tokenFields(rp, code, verifier, { client_assertion: rp.assertion({ aud: rp.issuer }) }));
    expect(answer).toEqual({ status: 400, body: { error: `Client assertion Invalid audience claim, expected ${rp.tokenUrl}` } });
  });

  it('refuses openid-client’s default assertion (aud = issuer): the interop trap Login.gov sets', async () => {
    const key = await crypto.subtle.importKey('pkcs8', (await import('./testing.js')).RP_PRIVATE_KEY.export({ format: 'der', type: 'pkcs8' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    const naive = new client.Configuration(rp.config.serverMetadata(), rp.config.clientMetadata().client_id, {}, client.PrivateKeyJwt(key));
    client.allowInsecureRequests(naive);
    const { url, verifier, state } = await rp.authorize();
    const callback = await rp.running.controls.login_gov.signIn(url);
    await expect(client.authorizationCodeGrant(naive, callback, { pkceCodeVerifier: verifier, expectedState: state })).rejects.toMatchObject({
      status: 400,
      error: `Client assertion Invalid audience claim, expected ${rp.tokenUrl}`,
    });
  });

  it('refuses a wrong code_verifier', async () => {
    const { code } = await codeFor();
    const answer = await rp.tokenRaw(tokenFields(rp, code, client.randomPKCECodeVerifier()));
    expect(answer).toEqual({ status: 400, body: { error: 'Code verifier code_verifier did not match code_challenge' } });
  });

  it('refuses a code used before', async () => {
    const { code, verifier } = await codeFor();
    expect((await rp.tokenRaw(tokenFields(rp, code, verifier))).status).toBe(200);
    const again = await rp.tokenRaw(tokenFields(rp, code, verifier));
    // The used code no longer names a sign-in, so its challenge is gone too: Login.gov says both.
    expect(again).toEqual({
      status: 400,
      body: {
        error:
          'Code is invalid because doesn’t match any user. Please see our documentation at https://developers.login.gov/oidc/#token Code verifier code_verifier did not match code_challenge',
      },
    });
  });

  it('refuses a code older than 300 seconds on the emulator clock', async () => {
    const { code, verifier } = await codeFor();
    rp.running.controls.login_gov.clock.advance(301);
    try {
      const answer = await rp.tokenRaw(tokenFields(rp, code, verifier, { client_assertion: rp.assertion({ exp: Math.floor(Date.now() / 1000) + 900 }) }));
      expect(answer).toEqual({ status: 400, body: { error: 'Code is expired' } });
    } finally {
      rp.running.controls.login_gov.clock.reset();
    }
  });

  it('refuses an assertion signed by a key it does not know', async () => {
    const { code, verifier } = await codeFor();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const answer = await rp.tokenRaw(tokenFields(rp, code, verifier, { client_assertion: rp.assertion({}, stranger) }));
    expect(answer).toEqual({ status: 400, body: { error: 'Client assertion Signature verification failed' } });
  });

  it('refuses an expired assertion and one issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const first = await codeFor();
    const expired = await rp.tokenRaw(tokenFields(rp, first.code, first.verifier, { client_assertion: rp.assertion({ exp: now - 1 }) }));
    expect(expired.body).toEqual({ error: 'Client assertion Signature has expired' });
    const future = await rp.tokenRaw(tokenFields(rp, first.code, first.verifier, { client_assertion: rp.assertion({ iat: now + 60 }) }));
    expect(future.body).toEqual({ error: 'Client assertion iat must be an integer or floating point Unix timestamp representing a time in the past' });
  });

  it('keeps client assertions, verifiers and codes out of its request log', async () => {
    const { code, verifier } = await codeFor();
    await rp.tokenRaw(tokenFields(rp, code, verifier));
    const logged = rp.running.controls.login_gov.requests({ path: '/api/openid_connect/token' }).at(-1)!;
    expect(logged.body).toMatchObject({ code: '[redacted]', code_verifier: '[redacted]', client_assertion: '[redacted]' });
    expect(JSON.stringify(logged)).not.toContain(code);
  });
});

describe('Login.gov userinfo refusals (HTTP 401)', () => {
  it('names a missing header, a malformed one and an unknown or expired token', async () => {
    const userinfo = `${rp.url}/api/openid_connect/userinfo`;
    const ask = async (authorization?: string) => {
      const response = await fetch(userinfo, authorization ? { headers: { authorization } } : {});
      return { status: response.status, body: await response.json() };
    };
    expect(await ask()).toEqual({ status: 401, body: { error: 'No Authorization header provided' } });
    expect(await ask('Basic abc')).toEqual({ status: 401, body: { error: 'Malformed Authorization header' } });
    const notFound = { status: 401, body: { error: 'Could not find authorization for the contents of the provided access_token or it may have expired' } };
    expect(await ask('Bearer not-a-token')).toEqual(notFound);

    const { code, verifier } = await codeFor({ acr_values: LOGIN_GOV_ACR.authOnly });
    const { body } = await rp.tokenRaw(tokenFields(rp, code, verifier));
    expect((await ask(`Bearer ${String(body.access_token)}`)).status).toBe(200);
    rp.running.controls.login_gov.clock.advance(901);
    try {
      expect(await ask(`Bearer ${String(body.access_token)}`)).toEqual(notFound);
    } finally {
      rp.running.controls.login_gov.clock.reset();
    }
  });
});
