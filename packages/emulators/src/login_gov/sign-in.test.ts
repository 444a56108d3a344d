// The Login.gov emulator driven as a relying party drives Login.gov: openid-client over real HTTP,
// private_key_jwt and PKCE, and what the id_token and userinfo then say.
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_GOV_AAL, LOGIN_GOV_ACR, LEGACY_ACR } from './acr.js';
import { LOGIN_GOV_EMULATOR_CLIENT_ID } from './keys.js';
import { b64urlHalfSha256, startLoginGovRp, type LoginGovRp } from './testing.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let rp: LoginGovRp;

beforeAll(async () => {
  rp = await startLoginGovRp();
});
afterAll(() => rp.stop());

async function signIn(params: Record<string, string>, choice: { person?: string; outcome?: 'verified' | 'not_verified' } = {}) {
  const { url, verifier, state, nonce } = await rp.authorize(params);
  const callback = await rp.running.controls.login_gov.signIn(url, choice);
  const tokens = await client.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  return { tokens, claims: tokens.claims()!, nonce };
}

describe('the Login.gov emulator, as a relying party sees it', () => {
  it('publishes discovery with the trailing-slash issuer, Login.gov endpoints and private_key_jwt only', async () => {
    const metadata = rp.config.serverMetadata();
    expect(metadata.issuer).toBe(`${rp.url}/`);
    expect(metadata).toMatchObject({
      authorization_endpoint: `${rp.url}/openid_connect/authorize`,
      token_endpoint: `${rp.url}/api/openid_connect/token`,
      userinfo_endpoint: `${rp.url}/api/openid_connect/userinfo`,
      jwks_uri: `${rp.url}/api/openid_connect/certs`,
      end_session_endpoint: `${rp.url}/openid_connect/logout`,
      subject_types_supported: ['pairwise'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(metadata.acr_values_supported).toContain(LOGIN_GOV_ACR.facialMatchRequired);
    const jwks = (await (await fetch(metadata.jwks_uri!)).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]!.kid).toBeTruthy();
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs a facial-match person in at IAL2: the acr reached, at_hash, nonce, scoped claims in the id_token and userinfo', async () => {
    const scope = 'openid email profile social_security_number address phone';
    const acr = `${LOGIN_GOV_ACR.facialMatchRequired} ${LOGIN_GOV_AAL.aal2}`;
    const { tokens, claims, nonce } = await signIn({ scope, acr_values: acr }, { person: 'facial-match' });

    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBeUndefined();
    expect(tokens.access_token).toMatch(/^[\w-]{22}$/);
    const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()) as Record<string, string>;
    const jwks = (await (await fetch(`${rp.url}/api/openid_connect/certs`)).json()) as { keys: Array<{ kid: string }> };
    expect(header).toMatchObject({ alg: 'RS256', kid: jwks.keys[0]!.kid });
    expect(claims).toMatchObject({
      iss: `${rp.url}/`,
      aud: LOGIN_GOV_EMULATOR_CLIENT_ID,
      acr: LOGIN_GOV_ACR.facialMatchRequired,
      nonce,
      at_hash: b64urlHalfSha256(tokens.access_token),
      email: 'marisol.testwell@example.test',
      email_verified: true,
      given_name: 'Marisol',
      family_name: 'Testwell',
      birthdate: '1984-07-19',
      social_security_number: '900123456',
      phone: '+12025550143',
      phone_verified: true,
      verified_at: 1_735_725_600,
      ial: LOGIN_GOV_ACR.facialMatchRequired,
      aal: LOGIN_GOV_AAL.aal2,
    });
    expect(claims.sub).toMatch(UUID);
    expect(claims.address).toMatchObject({ locality: 'Washington', region: 'DC', postal_code: '20001' });

    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: claims.sub, iss: `${rp.url}/`, given_name: 'Marisol', social_security_number: '900123456', ial: LOGIN_GOV_ACR.facialMatchRequired });
    expect(userinfo).not.toHaveProperty('acr');
  });

  it('shares by scope only: without profile or social_security_number there is no name or SSN', async () => {
    const { tokens, claims } = await signIn({ scope: 'openid email', acr_values: LOGIN_GOV_ACR.verified }, { person: 'verified' });
    expect(claims).toMatchObject({ acr: LOGIN_GOV_ACR.verified, email: 'desmond.okafor@example.test', aal: LOGIN_GOV_AAL.default });
    expect(claims).not.toHaveProperty('given_name');
    expect(claims).not.toHaveProperty('social_security_number');
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    expect(Object.keys(userinfo).sort()).toEqual(['aal', 'email', 'email_verified', 'ial', 'iss', 'sub']);
  });

  it('drops proofing scopes from an auth-only request, and reaches auth-only', async () => {
    const { claims } = await signIn({ scope: 'openid email profile social_security_number', acr_values: LOGIN_GOV_ACR.authOnly }, { person: 'facial-match' });
    expect(claims.acr).toBe(LOGIN_GOV_ACR.authOnly);
    expect(claims).not.toHaveProperty('given_name');
    expect(claims).not.toHaveProperty('social_security_number');
  });

  it('answers a legacy IAL2 request (a verified alias) in the legacy vocabulary', async () => {
    const { claims } = await signIn({ scope: 'openid profile:name', acr_values: LEGACY_ACR.ial2 }, { person: 'verified' });
    expect(claims).toMatchObject({ acr: LEGACY_ACR.ial2, ial: LEGACY_ACR.ial2, given_name: 'Desmond' });
  });

  it('lets a verified person meet "facial match preferred" with their earlier verification', async () => {
    const { claims } = await signIn({ scope: 'openid profile', acr_values: LOGIN_GOV_ACR.facialMatchPreferred }, { person: 'verified' });
    expect(claims).toMatchObject({ acr: LOGIN_GOV_ACR.verified, verified_at: 1_704_103_200 });
  });

  it('"Not verified at this level" reaches auth-only with no identity attributes', async () => {
    const { tokens, claims } = await signIn(
      { scope: 'openid email profile social_security_number address', acr_values: LOGIN_GOV_ACR.verified },
      { person: 'facial-match', outcome: 'not_verified' },
    );
    expect(claims).toMatchObject({ acr: LOGIN_GOV_ACR.authOnly, ial: LOGIN_GOV_ACR.authOnly, verified_at: null, email: 'marisol.testwell@example.test' });
    for (const claim of ['given_name', 'family_name', 'birthdate', 'social_security_number', 'address', 'phone']) expect(claims).not.toHaveProperty(claim);
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    expect(userinfo).not.toHaveProperty('social_security_number');
  });

  it('gives each person one stable pairwise subject', async () => {
    const first = await signIn({}, { person: 'verified' });
    const again = await signIn({}, { person: 'verified' });
    const other = await signIn({}, { person: 'account-only' });
    expect(again.claims.sub).toBe(first.claims.sub);
    expect(other.claims.sub).not.toBe(first.claims.sub);
  });

  it('verifies an account-only person during the sign-in when proofing is asked, as of now', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { claims } = await signIn({ scope: 'openid profile', acr_values: LOGIN_GOV_ACR.verified }, { person: 'account-only' });
    expect(claims).toMatchObject({ acr: LOGIN_GOV_ACR.verified, given_name: 'Ines' });
    expect(claims.verified_at).toBeGreaterThanOrEqual(before);
  });

  it('sends a cancel back as error=access_denied with the state', async () => {
    const { url, state } = await rp.authorize();
    const callback = await rp.running.controls.login_gov.signIn(url, { outcome: 'cancel' });
    expect(`${callback.origin}${callback.pathname}`).toBe('https://rp.test/v1/providers/login_gov/callback');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.has('code')).toBe(false);
  });
});
