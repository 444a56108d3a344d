// The OIDC base against a real OpenID Provider shaped like Login.gov: private_key_jwt (RS256,
// aud = token URL, no client_id), PKCE required, acr values, the issuer with its trailing slash.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOidcClient, type OidcClient } from './client.js';
import { OidcError } from './errors.js';
import { defineOidcProvider } from './preset.js';
import { LOGIN_GOV_ACR, LOGIN_GOV_CLIENT_ID, REDIRECT_URI, startTestOp, type TestOp } from './test-op.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

let op: TestOp;
let sent: { url: string; body: string }[];
let client: OidcClient;

const recordingFetch: typeof fetch = async (input, init) => {
  sent.push({ url: String(input), body: init?.body instanceof URLSearchParams ? init.body.toString() : String(init?.body ?? '') });
  return fetch(input, init);
};

const decodeJwtPayload = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

// What a Login.gov module declares: the protocol settings, fixed once.
const loginGov = defineOidcProvider({
  name: 'Login.gov',
  scopes: ['openid', 'email', 'profile'],
  prompt: 'select_account',
  tokenEndpoint: { assertionAudience: 'token_endpoint', sendClientId: false },
  userinfo: true,
});

beforeAll(async () => {
  op = await startTestOp({ shape: 'login_gov', clientPublicKey: publicKey });
});
afterAll(() => op.close());

beforeEach(() => {
  sent = [];
  op.person = { outcome: 'approve', accountId: 'person-verified', acr: LOGIN_GOV_ACR.verified };
  // ...and what the deployment gives it.
  client = loginGov({
    issuer: op.issuer,
    clientId: LOGIN_GOV_CLIENT_ID,
    redirectUri: REDIRECT_URI,
    clientAuth: { method: 'private_key_jwt', privateKey: privatePem, alg: 'RS256', kid: 'rp-key-1' },
    allowInsecureHttp: true,
    fetch: recordingFetch,
  });
});

describe('OIDC base, Login.gov-shaped provider', () => {
  it('signs a person in: PKCE S256, state and nonce of 22+ characters, acr asked and reached, userinfo read', async () => {
    const { url, pending } = await client.startAuthorization({
      acrValues: [LOGIN_GOV_ACR.verified, LOGIN_GOV_ACR.aal2],
      extraParams: { locale: 'es' },
    });
    const authorize = new URL(url);
    expect(authorize.origin + authorize.pathname).toBe(`${op.origin}/openid_connect/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('acr_values')).toBe(`${LOGIN_GOV_ACR.verified} ${LOGIN_GOV_ACR.aal2}`);
    expect(authorize.searchParams.get('prompt')).toBe('select_account');
    expect(authorize.searchParams.get('locale')).toBe('es');
    expect(authorize.searchParams.get('state')).toBe(pending.state);
    expect(pending.state.length).toBeGreaterThanOrEqual(22);
    expect(pending.nonce.length).toBeGreaterThanOrEqual(22);
    expect(pending.state).not.toBe(pending.nonce);
    // Plain JSON, nothing of the client's own secrets.
    expect(JSON.parse(JSON.stringify(pending))).toEqual(pending);
    expect(JSON.stringify(pending)).not.toContain('PRIVATE KEY');

    const callback = await op.signIn(url);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    const signIn = await client.finishAuthorization(callback, pending);

    expect(signIn.subject).toBe('person-verified');
    expect(signIn.acr).toBe(LOGIN_GOV_ACR.verified);
    expect(signIn.requestedAcr).toEqual([LOGIN_GOV_ACR.verified, LOGIN_GOV_ACR.aal2]);
    expect(signIn.idTokenClaims.iss).toBe(op.issuer);
    expect(signIn.idTokenClaims.email).toBe('ada@example.test');
    expect(signIn.userinfo).toMatchObject({ sub: 'person-verified', given_name: 'Ada', family_name: 'Lovelace' });
    expect(signIn.tokens.accessToken).toEqual(expect.any(String));
    // The tokens never reach a log or JSON by accident.
    expect(Object.keys(signIn)).not.toContain('tokens');
    expect(JSON.stringify(signIn)).not.toContain(signIn.tokens.accessToken);
  });

  it('sends the token request as Login.gov reads it: an RS256 assertion whose aud is the token URL, no client_id', async () => {
    const { url, pending } = await client.startAuthorization({ acrValues: [LOGIN_GOV_ACR.authOnly] });
    await client.finishAuthorization(await op.signIn(url), pending);

    const tokenUrl = `${op.origin}/api/openid_connect/token`;
    const token = sent.find((call) => call.url === tokenUrl);
    expect(token).toBeDefined();
    const form = new URLSearchParams(token!.body);
    expect(form.has('client_id')).toBe(false);
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.get('code_verifier')).toBe(pending.codeVerifier);
    const header = JSON.parse(Buffer.from(form.get('client_assertion')!.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header).toMatchObject({ alg: 'RS256', kid: 'rp-key-1' });
    expect(decodeJwtPayload(form.get('client_assertion')!)).toMatchObject({ aud: tokenUrl, iss: LOGIN_GOV_CLIENT_ID, sub: LOGIN_GOV_CLIENT_ID });
  });

  it('is refused by Login.gov when the assertion names the issuer as its audience', async () => {
    const issuerAudience = createOidcClient({
      issuer: op.issuer,
      clientId: LOGIN_GOV_CLIENT_ID,
      redirectUri: REDIRECT_URI,
      scopes: ['openid'],
      clientAuth: { method: 'private_key_jwt', privateKey: privatePem, alg: 'RS256', kid: 'rp-key-1' },
      tokenEndpoint: { assertionAudience: 'issuer', sendClientId: false },
      allowInsecureHttp: true,
    });
    const { url, pending } = await issuerAudience.startAuthorization({ acrValues: [LOGIN_GOV_ACR.authOnly] });
    const error = await issuerAudience.finishAuthorization(await op.signIn(url), pending).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OidcError);
    expect(error).toMatchObject({ code: 'oidc_provider_error', oauthError: 'invalid_client' });
  });

  it('reports the acr actually reached, and refuses a lower one when the client requires the one asked for', async () => {
    op.person = { outcome: 'approve', accountId: 'person-verified', acr: LOGIN_GOV_ACR.authOnly };
    const { url, pending } = await client.startAuthorization({ acrValues: [LOGIN_GOV_ACR.ial2] });
    const reached = await client.finishAuthorization(await op.signIn(url), pending);
    expect(reached.acr).toBe(LOGIN_GOV_ACR.authOnly);

    const strict = createOidcClient({
      issuer: op.issuer,
      clientId: LOGIN_GOV_CLIENT_ID,
      redirectUri: REDIRECT_URI,
      scopes: ['openid'],
      clientAuth: { method: 'private_key_jwt', privateKey: privatePem, alg: 'RS256', kid: 'rp-key-1' },
      tokenEndpoint: { sendClientId: false },
      requireRequestedAcr: true,
      allowInsecureHttp: true,
    });
    const second = await strict.startAuthorization({ acrValues: [LOGIN_GOV_ACR.ial2] });
    const error = await strict.finishAuthorization(await op.signIn(second.url), second.pending).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'oidc_acr_not_satisfied' });
  });

  it('takes the issuer configured without the trailing slash, and checks id_tokens against the slash Login.gov writes', async () => {
    const slashless = loginGov({
      issuer: op.issuer.replace(/\/$/, ''),
      clientId: LOGIN_GOV_CLIENT_ID,
      redirectUri: REDIRECT_URI,
      clientAuth: { method: 'private_key_jwt', privateKey: privatePem, alg: 'RS256', kid: 'rp-key-1' },
      allowInsecureHttp: true,
    });
    expect(op.issuer.endsWith('/')).toBe(true);
    const { url, pending } = await slashless.startAuthorization({ acrValues: [LOGIN_GOV_ACR.authOnly] });
    const signIn = await slashless.finishAuthorization(await op.signIn(url), pending);
    expect(signIn.idTokenClaims.iss).toBe(op.issuer);
  });
});
