// The OIDC base against a real OpenID Provider shaped like ID.me (client secret, issuer under
// /oidc, discovery at two paths), and the callbacks a sign-in must refuse.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../../clock.js';
import { Secret } from '../../security/secret.js';
import { createOidcClient, type OidcClient } from './client.js';
import { OidcError } from './errors.js';
import type { OidcClientOptions } from './options.js';
import { callbackRef } from './pending.js';
import { IDME_CLIENTS, REDIRECT_URI, startTestOp, type TestOp } from './test-op.js';

const ecKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
let op: TestOp;
let sent: { url: string; headers: Headers; body: string }[];
let clock: AdjustableClock;
let client: OidcClient;

const recordingFetch: typeof fetch = async (input, init) => {
  sent.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body ?? '') });
  return fetch(input, init);
};
const tokenCalls = () => sent.filter((call) => call.url === `${op.origin}/oauth/token`);

function idme(overrides: Partial<OidcClientOptions> = {}): OidcClient {
  return createOidcClient({
    name: 'ID.me',
    issuer: op.issuer,
    clientId: IDME_CLIENTS.post,
    redirectUri: REDIRECT_URI,
    scopes: ['openid', 'email', 'login'],
    clientAuth: { method: 'client_secret_post', secret: new Secret(IDME_CLIENTS.secret) },
    userinfo: true,
    allowInsecureHttp: true,
    fetch: recordingFetch,
    clock,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<OidcError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(OidcError);
  return error as OidcError;
}

beforeAll(async () => {
  op = await startTestOp({ shape: 'idme', clientPublicKey: ecKeys.publicKey });
});
afterAll(() => op.close());
beforeEach(() => {
  sent = [];
  clock = new AdjustableClock();
  op.person = { outcome: 'approve', accountId: 'person-verified' };
  client = idme();
});

describe('OIDC base, ID.me-shaped provider', () => {
  it('signs in with client_secret_post, discovering under the issuer path', async () => {
    const { url, pending } = await client.startAuthorization();
    expect(new URL(url).pathname).toBe('/oauth/authorize');
    expect(new URL(url).searchParams.get('scope')).toBe('openid email login');
    const callback = await op.signIn(url);
    expect(callbackRef(callback)).toBe(pending.ref);
    const signIn = await client.finishAuthorization(callback, pending);
    expect(signIn).toMatchObject({ subject: 'person-verified', acr: null, userinfo: { email: 'ada@example.test' } });
    expect(sent.some((call) => call.url === `${op.origin}/oidc/.well-known/openid-configuration`)).toBe(true);
    const form = new URLSearchParams(tokenCalls()[0]!.body);
    expect(form.get('client_id')).toBe(IDME_CLIENTS.post);
    expect(form.get('client_secret')).toBe(IDME_CLIENTS.secret);
  });

  it('signs in with client_secret_basic and the discovery document at the host root, as ID.me iOS SDK reads it', async () => {
    const basic = idme({
      clientId: IDME_CLIENTS.basic,
      clientAuth: { method: 'client_secret_basic', secret: IDME_CLIENTS.secret },
      discoveryUrl: `${op.origin}/.well-known/openid-configuration`,
    });
    const { url, pending } = await basic.startAuthorization();
    await expect(basic.finishAuthorization(await op.signIn(url), pending)).resolves.toMatchObject({ subject: 'person-verified' });
    const token = tokenCalls()[0]!;
    // RFC 6749 §2.3.1: each part is form-urlencoded before base64 (oauth4webapi encodes even '-').
    const [scheme, credentials] = token.headers.get('authorization')!.split(' ');
    expect(scheme).toBe('Basic');
    const [id, secret] = atob(credentials!).split(':').map(decodeURIComponent);
    expect([id, secret]).toEqual([IDME_CLIENTS.basic, IDME_CLIENTS.secret]);
    expect(new URLSearchParams(token.body).has('client_secret')).toBe(false);
  });

  it('signs in with private_key_jwt and an ES256 key given as a JWK', async () => {
    const jwk = { ...ecKeys.privateKey.export({ format: 'jwk' }), kid: 'rp-es256' };
    const es256 = idme({ clientId: IDME_CLIENTS.es256, clientAuth: { method: 'private_key_jwt', privateKey: jwk, alg: 'ES256' } });
    const { url, pending } = await es256.startAuthorization();
    await expect(es256.finishAuthorization(await op.signIn(url), pending)).resolves.toMatchObject({ subject: 'person-verified' });
    const assertion = new URLSearchParams(tokenCalls()[0]!.body).get('client_assertion')!;
    expect(JSON.parse(Buffer.from(assertion.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'ES256', kid: 'rp-es256' });
  });

  it('tells a person who declined (error=access_denied) from a failure, keeping the description off JSON', async () => {
    op.person = { outcome: 'deny' };
    const { url, pending } = await client.startAuthorization();
    const callback = await op.signIn(url);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const error = await failure(client.finishAuthorization(callback, pending));
    expect(error.code).toBe('oidc_access_denied');
    expect(error.oauthError).toBe('access_denied');
    expect(error.providerResponse).toMatchObject({ error_description: 'The person cancelled at the test OP.' });
    expect(JSON.stringify(error)).not.toContain('cancelled at the test OP');
    expect(tokenCalls()).toHaveLength(0);
  });

  it('refuses a callback whose state is not the attempt’s, error responses included, before any token request', async () => {
    const { url, pending } = await client.startAuthorization();
    const callback = await op.signIn(url);
    const tampered = new URL(callback);
    // One character changed (never to itself: a state ending in 'A' would otherwise be left intact).
    tampered.searchParams.set('state', `${pending.state.slice(0, -1)}${pending.state.endsWith('A') ? 'B' : 'A'}`);
    expect((await failure(client.finishAuthorization(tampered, pending))).code).toBe('oidc_state_mismatch');
    const stateless = new URL(callback);
    stateless.searchParams.delete('state');
    expect((await failure(client.finishAuthorization(stateless, pending))).code).toBe('oidc_state_mismatch');
    expect(() => callbackRef(stateless)).toThrow(OidcError);
    const forgedDenial = new URLSearchParams({ error: 'access_denied', state: 'x'.repeat(43) });
    expect((await failure(client.finishAuthorization(forgedDenial, pending))).code).toBe('oidc_state_mismatch');
    expect(tokenCalls()).toHaveLength(0);
    // The genuine callback still works: a refused forgery does not spend the attempt.
    await expect(client.finishAuthorization(callback, pending)).resolves.toMatchObject({ subject: 'person-verified' });
  });

  it('refuses a callback naming another issuer (RFC 9207 mix-up) or carrying no code', async () => {
    const { url, pending } = await client.startAuthorization();
    const callback = await op.signIn(url);
    expect(callback.searchParams.get('iss')).toBe(op.issuer);
    const mixedUp = new URL(callback);
    mixedUp.searchParams.set('iss', 'https://attacker.example.test');
    expect((await failure(client.finishAuthorization(mixedUp, pending))).code).toBe('oidc_callback_invalid');
    const codeless = new URL(callback);
    codeless.searchParams.delete('code');
    expect((await failure(client.finishAuthorization(codeless, pending))).code).toBe('oidc_callback_invalid');
    expect(tokenCalls()).toHaveLength(0);
  });

  it('passes on an OAuth error other than a refusal by the person, with its code', async () => {
    // This provider knows no prompt=select_account and says so on the redirect.
    const { url, pending } = await client.startAuthorization({ prompt: 'select_account' });
    const error = await failure(client.finishAuthorization(await op.signIn(url), pending));
    expect(error).toMatchObject({ code: 'oidc_provider_error', oauthError: 'invalid_request' });
    expect(error.message).toBe('ID.me refused the authorization with invalid_request.');
  });

  it('refuses a replayed callback: the provider will not take the code twice', async () => {
    const { url, pending } = await client.startAuthorization();
    const callback = await op.signIn(url);
    await client.finishAuthorization(callback, pending);
    const error = await failure(client.finishAuthorization(callback, pending));
    expect(error).toMatchObject({ code: 'oidc_code_rejected', oauthError: 'invalid_grant' });
  });

  it('refuses an id_token whose nonce is not the attempt’s', async () => {
    const { url, pending } = await client.startAuthorization();
    const callback = await op.signIn(url);
    const other = await client.startAuthorization();
    const error = await failure(client.finishAuthorization(callback, { ...pending, nonce: other.pending.nonce }));
    expect(error.code).toBe('oidc_invalid_id_token');
    expect(error.message).toContain('"nonce"');
  });

  it('refuses an id_token that has expired by the injected clock', async () => {
    const { url, pending } = await client.startAuthorization();
    const callback = await op.signIn(url);
    clock.advance(15 * 60_000); // the test OP's id_tokens live 10 minutes; the tolerance is 30 s
    const error = await failure(client.finishAuthorization(callback, pending));
    expect(error.code).toBe('oidc_invalid_id_token');
    expect(error.message).toContain('expired');
  });

  it('refuses a callback that comes after the attempt’s pending data has expired, before the token request', async () => {
    const { url, pending } = await client.startAuthorization();
    const callback = await op.signIn(url);
    clock.advance(61 * 60_000);
    expect((await failure(client.finishAuthorization(callback, pending))).code).toBe('oidc_expired');
    expect(tokenCalls()).toHaveLength(0);
  });

  it('names a wrong client secret as the provider’s invalid_client', async () => {
    const wrong = idme({ clientAuth: { method: 'client_secret_post', secret: 'not-the-secret' } });
    const { url, pending } = await wrong.startAuthorization();
    const error = await failure(wrong.finishAuthorization(await op.signIn(url), pending));
    expect(error).toMatchObject({ code: 'oidc_provider_error', oauthError: 'invalid_client' });
  });
});
