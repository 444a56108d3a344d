// oidc-provider set up as Login.gov: its paths, scopes and acr values, private_key_jwt with RS256,
// the scoped user claims in the id_token (with at_hash, c_hash, jti, nbf as Login.gov's
// IdTokenBuilder adds them), a pairwise subject per person and client, and the select_account
// prompt every request carries. What a sign-in reached is kept by grant for the claims.
import { createHash, randomBytes, type JsonWebKey } from 'node:crypto';
import { interactionPolicy, type AccountClaims, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { saveGrant, type FinishInput } from '../shared/oidc/index.js';
import { ACR_VALUES_SUPPORTED, parseAcrValues, resolveReachedLevel } from './acr.js';
import { LOGIN_GOV_SCOPES, parseVerifiedWithin } from './authorize.js';
import { LOGIN_GOV_EMULATOR_CLIENT_ID, LOGIN_GOV_EMULATOR_RP_PUBLIC_KEY } from './keys.js';
import { LOGIN_GOV_PEOPLE, LOGIN_GOV_USER_CLAIMS, userInfo, type LoginGovPerson, type LoginGovSignIn } from './people.js';

export const LOGIN_GOV_PATHS = {
  discovery: '/.well-known/openid-configuration',
  authorization: '/openid_connect/authorize',
  token: '/api/openid_connect/token',
  userinfo: '/api/openid_connect/userinfo',
  jwks: '/api/openid_connect/certs',
  logout: '/openid_connect/logout',
} as const;

export const AUTHORIZATION_CODE_TTL_SECONDS = 300;
/** Login.gov answers expires_in with what is left of the session (900 s by default), not 3600. */
export const ACCESS_TOKEN_TTL_SECONDS = 900;

/** The sign-ins behind live grants, and which person each pairwise subject is. */
export class LoginGovSignIns {
  readonly byGrant = new Map<string, LoginGovSignIn>();
  readonly personBySub = new Map<string, string>();
  clear(): void {
    this.byGrant.clear();
  }
}

/** A stable UUID per person and client, like Login.gov's agency identity (the value is ours). */
export function pairwiseSub(clientId: string, personId: string): string {
  const hex = createHash('sha256').update(`login_gov-emulator|${clientId}|${personId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function loginGovClients(redirectUris: readonly string[]): ClientMetadata[] {
  const jwk = LOGIN_GOV_EMULATOR_RP_PUBLIC_KEY.export({ format: 'jwk' });
  return [
    {
      client_id: LOGIN_GOV_EMULATOR_CLIENT_ID,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [{ ...jwk, use: 'sig', alg: 'RS256' }] },
      redirect_uris: [...redirectUris],
      // Login.gov checks a post-logout redirect against the same registered list.
      post_logout_redirect_uris: [...redirectUris],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ];
}

interface ConfigurationInput {
  issuer: string;
  signingKey: JsonWebKey;
  cookieKey: string;
  signIns: LoginGovSignIns;
  now: () => number;
}

export function loginGovConfiguration({ issuer, signingKey, cookieKey, signIns, now }: ConfigurationInput): Configuration {
  const policy = interactionPolicy.base();
  // Login.gov sends every request through its own page (prompt=select_account, the default there).
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);
  return {
    routes: {
      authorization: LOGIN_GOV_PATHS.authorization,
      token: LOGIN_GOV_PATHS.token,
      userinfo: LOGIN_GOV_PATHS.userinfo,
      jwks: LOGIN_GOV_PATHS.jwks,
    },
    jwks: { keys: [signingKey] },
    cookies: { keys: [cookieKey] },
    scopes: [...LOGIN_GOV_SCOPES],
    // The account's claims() already applies Login.gov's scope rules; oidc-provider passes them all.
    claims: { openid: [...LOGIN_GOV_USER_CLAIMS, 'acr', 'at_hash', 'c_hash', 'jti', 'nbf'] },
    conformIdTokenClaims: false,
    acrValues: [...ACR_VALUES_SUPPORTED],
    extraParams: ['locale', 'verified_within'],
    responseTypes: ['code'],
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: ['RS256'], idTokenSigningAlgValues: ['RS256'] },
    pkce: { required: () => false },
    // Login.gov's access tokens are 22 characters (128 bits).
    formats: { bitsOfOpaqueRandomness: (_ctx, token) => (token.kind === 'AccessToken' ? 128 : 256) },
    ttl: {
      AuthorizationCode: AUTHORIZATION_CODE_TTL_SECONDS,
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
      Grant: ACCESS_TOKEN_TTL_SECONDS,
      Session: ACCESS_TOKEN_TTL_SECONDS,
      Interaction: 3600,
    },
    interactions: { policy },
    // Logout is Login.gov's own (routes.ts): oidc-provider's skips the confirmation without a
    // session and submits its form with an inline script.
    features: { userinfo: { enabled: true }, rpInitiatedLogout: { enabled: false } },
    findAccount: (ctx, sub, token) => {
      const personId = signIns.personBySub.get(sub);
      const person = LOGIN_GOV_PEOPLE.find((p) => p.id === personId);
      if (!person) return undefined;
      const grantId = token?.grantId;
      const signIn = grantId ? signIns.byGrant.get(grantId) : undefined;
      return { accountId: sub, claims: (use, scope) => (signIn ? claimsFor(ctx, person, signIn, use, scope, issuer, now) : { sub }) };
    },
  };
}

function claimsFor(ctx: KoaContextWithOIDC, person: LoginGovPerson, signIn: LoginGovSignIn, use: string, scope: string, issuer: string, now: () => number): AccountClaims {
  const info = userInfo(person, signIn, scope, issuer);
  if (use !== 'id_token') return info;
  const { AccessToken: accessToken, AuthorizationCode: code } = ctx.oidc.entities;
  return {
    ...info,
    // Raw values: oidc-provider hashes at_hash and c_hash (left half of SHA-256) as it signs.
    ...(accessToken ? { at_hash: accessToken.jti } : {}),
    ...(code ? { c_hash: code.jti } : {}),
    jti: randomBytes(16).toString('base64url'),
    nbf: Math.floor(now() / 1000),
  };
}

/** The page's "Verified" / "Not verified at this level": what the person reached, kept by grant. */
export async function finishLoginGovSignIn(signIns: LoginGovSignIns, now: () => number, input: FinishInput<LoginGovPerson>) {
  const { provider, interaction, person, outcome } = input;
  const params = interaction.params as Record<string, string | undefined>;
  const clientId = String(params.client_id);
  const requested = parseAcrValues(params.acr_values);
  const reached = resolveReachedLevel(requested, person.proofing, outcome === 'verified');
  const nowSeconds = Math.floor(now() / 1000);
  const withinDays = params.verified_within ? parseVerifiedWithin(params.verified_within) : undefined;
  const stale = person.verifiedAt !== undefined && withinDays !== undefined && nowSeconds - person.verifiedAt > withinDays * 86_400;
  // A person who had to verify (again) during this sign-in is verified as of now.
  const verifiedNow = reached.proofing !== 'none' && (reached.proofing !== person.proofing || (requested.proofing && stale));
  const sub = pairwiseSub(clientId, person.id);
  const grantId = await saveGrant(provider, interaction, sub);
  signIns.personBySub.set(sub, person.id);
  signIns.byGrant.set(grantId, {
    personId: person.id,
    sub,
    acr: reached.acr,
    aal: requested.aal,
    proofingRequested: requested.proofing,
    proofing: reached.proofing,
    ...(verifiedNow ? { verifiedAt: nowSeconds } : person.verifiedAt !== undefined ? { verifiedAt: person.verifiedAt } : {}),
    locale: ['en', 'es', 'fr'].includes(params.locale ?? '') ? params.locale! : 'en',
  });
  // Without select_account in the result oidc-provider would ask that prompt again.
  return { select_account: {}, login: { accountId: sub, acr: reached.acr }, consent: { grantId } };
}
