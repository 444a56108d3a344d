// The ID.me emulator over real HTTP on a loopback port, driven by openid-client v6 as a relying
// party drives ID.me: discovery at both paths, a sign-in under an IAL2 policy, the id_token's
// acr, single-use access tokens, the refresh grant, attributes with fresh document tokens, then
// Document Passback (sizes, the rate limit on the emulator clock, expiry and token refresh).
import jpeg from 'jpeg-js';
import * as client from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../runner.js';
import { createClock } from '../shared/clock.js';
import { ID_ME_EMULATOR_CLIENT_ID, ID_ME_EMULATOR_CLIENT_SECRET, ID_ME_EMULATOR_PASSBACK_TOKEN } from './keys.js';
import { personById, type TestPerson } from './people.js';
import { ID_ME_POLICY } from './policies.js';

const REDIRECT_URI = 'https://rp.test/v1/providers/id_me/callback';
const veteran = personById('veteran') as TestPerson;

let running: RunningEmulators<'id_me'>;
let base: string;
const controls = () => running.controls.id_me;

beforeAll(async () => {
  // Emulated time stands still unless a test moves it, so Retry-After and expiries are exact even
  // when rendering a JPEG takes a while on a busy machine.
  const startedAt = Date.now();
  running = await startEmulators({ providers: ['id_me'], settings: { id_me: { clock: createClock(() => startedAt) } } });
  base = running.urls.id_me;
});
afterAll(() => running.stop());
beforeEach(() => {
  controls().reset();
  controls().addRedirectUri(REDIRECT_URI);
});

const discover = (auth: client.ClientAuth, issuer = `${base}/oidc`) =>
  client.discovery(new URL(issuer), ID_ME_EMULATOR_CLIENT_ID, {}, auth, { execute: [client.allowInsecureRequests] });

/** Authorization request → the persona page → the code exchanged for tokens. */
async function signIn(config: client.Configuration, scope: string, choice: { person?: string; outcome?: 'verified' | 'not_verified' | 'cancel' } = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  expect(url.pathname).toBe('/oauth/authorize');
  const callback = await controls().signIn(url, { person: 'veteran', outcome: 'verified', ...choice });
  return { callback, tokens: () => client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state }) };
}

async function attributes(accessToken: string) {
  const res = await fetch(`${base}/api/public/v3/attributes.json`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, body: (await res.json()) as { attributes: Array<{ handle: string; value: unknown }>; status: unknown[]; error?: string } };
}

const documentTokens = (body: { attributes: Array<{ handle: string; value: unknown }> }) =>
  body.attributes.find((a) => a.handle === 'document_tokens')?.value as { front: string; back: string } | undefined;

const passback = (documentToken: string, query = '') =>
  fetch(`${base}/api/public/v3/documents/${documentToken}?token=${ID_ME_EMULATOR_PASSBACK_TOKEN}${query}`, { method: 'POST' });

async function jpegSize(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  const image = jpeg.decode(new Uint8Array(await res.arrayBuffer()), { useTArray: true });
  return `${image.width}x${image.height}`;
}

describe('discovery', () => {
  it('serves one document at /.well-known and under the issuer /oidc, with ID.me’s endpoints', async () => {
    const config = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const metadata = config.serverMetadata();
    expect(metadata).toMatchObject({
      issuer: `${base}/oidc`,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      userinfo_endpoint: `${base}/api/public/v3/userinfo`,
      jwks_uri: `${base}/oidc/.well-known/jwks`,
      code_challenge_methods_supported: ['S256'],
    });
    expect([...(metadata.token_endpoint_auth_methods_supported ?? [])].sort()).toEqual(['client_secret_basic', 'client_secret_post']);
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', ID_ME_POLICY.ial1, ID_ME_POLICY.ial2, 'military']));
    const root = await (await fetch(`${base}/.well-known/openid-configuration`)).json();
    expect(root).toEqual(await (await fetch(`${base}/oidc/.well-known/openid-configuration`)).json());
    const jwks = (await (await fetch(`${base}/oidc/.well-known/jwks`)).json()) as { keys: Array<{ kty: string; alg: string }> };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256' })]);
  });
});

describe('sign-in under an IAL2 policy (client_secret_post)', () => {
  it('ends in an id_token whose acr is the IAL2 handle, with ID.me’s claims, a 300 s access token and a refresh token', async () => {
    const config = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const tokens = await (await signIn(config, `openid ${ID_ME_POLICY.ial2}`)).tokens();
    expect(tokens.expires_in).toBe(300);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.claims()).toMatchObject({
      iss: `${base}/oidc`,
      aud: ID_ME_EMULATOR_CLIENT_ID,
      sub: veteran.uuid,
      acr: ID_ME_POLICY.ial2,
      uuid: veteran.uuid,
      fname: 'Marisol',
      lname: 'Quintavalle',
      birth_date: '1979-11-03',
      zip: '23503',
    });
  });

  it('answers the IAL1 handle as acr, and only uuid and email, for "Not verified at this level"', async () => {
    const config = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const tokens = await (await signIn(config, `openid ${ID_ME_POLICY.ial2}`, { outcome: 'not_verified' })).tokens();
    const claims = tokens.claims() as Record<string, unknown>;
    expect(claims.acr).toBe(ID_ME_POLICY.ial1);
    expect(claims.email).toBe(veteran.email);
    expect(claims).not.toHaveProperty('birth_date');
    expect(documentTokens((await attributes(tokens.access_token)).body)).toBeUndefined();
  });

  it('shows the persona page in a browser’s place: ID.me’s heading, the test people, the outcomes and the policy asked for', async () => {
    const config = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: `openid ${ID_ME_POLICY.ial2}`, state: client.randomState() });
    const redirect = await fetch(url, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    const page = await fetch(new URL(redirect.headers.get('location') as string, base), { headers: { cookie: redirect.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') } });
    const html = await page.text();
    for (const text of ['ID.me (emulator)', 'Test person', 'Marisol Quintavalle', 'Tobias Ellingworth', 'Not verified at this level', 'Cancel (access_denied)', ID_ME_POLICY.ial2]) {
      expect(html).toContain(text);
    }
  });

  it('sends access_denied back to the relying party on "Cancel"', async () => {
    const config = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const { callback } = await signIn(config, `openid ${ID_ME_POLICY.ial2}`, { outcome: 'cancel' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
  });

  it('refuses a wrong client secret at the token endpoint with RFC 6749 invalid_client', async () => {
    const good = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const { callback } = await signIn(good, `openid ${ID_ME_POLICY.ial2}`);
    const bad = await discover(client.ClientSecretPost('not-the-secret'));
    const error = await client.authorizationCodeGrant(bad, callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: client.skipStateCheck }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' });
  });
});

describe('single-use access tokens', () => {
  it('answers userinfo once (claims, no status block); the second use is 401, and attributes.json refuses it too', async () => {
    const config = await discover(client.ClientSecretBasic(ID_ME_EMULATOR_CLIENT_SECRET));
    const tokens = await (await signIn(config, `openid ${ID_ME_POLICY.ial2} military`)).tokens();
    const info = await client.fetchUserInfo(config, tokens.access_token, veteran.uuid);
    expect(info).toMatchObject({ sub: veteran.uuid, email: veteran.email, city: 'Norfolk', state: 'VA' });
    expect(info).not.toHaveProperty('status');

    const again = await client.fetchUserInfo(config, tokens.access_token, veteran.uuid).catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 401 });
    const refused = await attributes(tokens.access_token);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_token');
  });

  it('spends the token on attributes.json, and expires an unused one after 300 s on the emulator clock', async () => {
    const config = await discover(client.ClientSecretBasic(ID_ME_EMULATOR_CLIENT_SECRET));
    const tokens = await (await signIn(config, `openid ${ID_ME_POLICY.ial2} military`)).tokens();
    const first = await attributes(tokens.access_token);
    expect(first.status).toBe(200);
    expect(first.body.status).toEqual([{ group: 'military', subgroups: ['Veteran'], verified: true }]);
    expect((await attributes(tokens.access_token)).status).toBe(401);

    const unused = (await client.refreshTokenGrant(config, tokens.refresh_token as string)).access_token;
    controls().clock.advance(301);
    expect((await attributes(unused)).status).toBe(401);
  });
});

describe('the refresh grant (client_secret_basic)', () => {
  it('gives new access tokens of the same sign-in; each attributes call mints new document tokens', async () => {
    const config = await discover(client.ClientSecretBasic(ID_ME_EMULATOR_CLIENT_SECRET));
    const tokens = await (await signIn(config, `openid ${ID_ME_POLICY.ial2}`)).tokens();
    const first = documentTokens((await attributes(tokens.access_token)).body);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.expires_in).toBe(300);
    expect(refreshed.claims()).toMatchObject({ sub: veteran.uuid, acr: ID_ME_POLICY.ial2 });
    const second = documentTokens((await attributes(refreshed.access_token)).body);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(new Set([first!.front, first!.back, second!.front, second!.back]).size).toBe(4);
  });

  it('refuses a refresh token older than 7 days with invalid_grant', async () => {
    const config = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const tokens = await (await signIn(config, `openid ${ID_ME_POLICY.ial2}`)).tokens();
    const refreshToken = tokens.refresh_token as string;
    controls().clock.advance(7 * 86_400 - 60);
    expect((await client.refreshTokenGrant(config, refreshToken)).access_token).toEqual(expect.any(String));
    controls().clock.advance(120);
    const error = await client.refreshTokenGrant(config, refreshToken).catch((e: unknown) => e);
    expect(error).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('Document Passback after a real sign-in', () => {
  it('serves the front at 250x200 for size=300x200, rate-limits the third fetch, and recovers as the clock moves', async () => {
    const config = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const tokens = await (await signIn(config, `openid ${ID_ME_POLICY.ial2}`, { person: 'civilian' })).tokens();
    const { front, back } = documentTokens((await attributes(tokens.access_token)).body)!;

    expect(await jpegSize(await passback(front, '&size=300x200'))).toBe('250x200');
    controls().clock.advance(10);
    expect(await jpegSize(await passback(front.replaceAll('-', '')))).toBe('500x400');
    controls().clock.advance(5);
    const limited = await passback(front);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(await limited.json()).toMatchObject({ error: 'rate_limit_exceeded' });
    expect(await jpegSize(await passback(back))).toBe('640x400');

    controls().clock.advance(45);
    expect(await jpegSize(await passback(front, '&size=100x100'))).toBe('100x80');
  });

  it('answers 410 for an expired document token, and the refresh endpoint gives one that works', async () => {
    const config = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const tokens = await (await signIn(config, `openid ${ID_ME_POLICY.ial2}`)).tokens();
    const { back } = documentTokens((await attributes(tokens.access_token)).body)!;
    controls().clock.advance(15 * 60);
    const expired = await passback(back);
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error: 'expired_token' });

    const res = await fetch(`${base}/api/public/v3/documents/${back}/refresh?token=${ID_ME_EMULATOR_PASSBACK_TOKEN}`, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expires_in: number };
    expect(body.expires_in).toBe(900);
    expect(await jpegSize(await passback(body.token, '&size=320x320'))).toBe('320x200');
  });

  it('refuses a wrong API token with 401 and keeps it, the client secret and tokens out of the request log', async () => {
    const config = await discover(client.ClientSecretPost(ID_ME_EMULATOR_CLIENT_SECRET));
    const tokens = await (await signIn(config, `openid ${ID_ME_POLICY.ial2}`)).tokens();
    const { front } = documentTokens((await attributes(tokens.access_token)).body)!;
    const res = await fetch(`${base}/api/public/v3/documents/${front}?token=wrong`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    await passback(front);

    const log = JSON.stringify(controls().requests());
    for (const secret of [ID_ME_EMULATOR_CLIENT_SECRET, ID_ME_EMULATOR_PASSBACK_TOKEN, tokens.access_token, tokens.refresh_token as string, veteran.birthDate]) {
      expect(log).not.toContain(secret);
    }
    expect(controls().requests({ path: '/oauth/token' })[0]?.body).toMatchObject({ client_secret: '[redacted]', code: '[redacted]' });
  });
});
