// oidc-provider set up as ID.me: its paths (issuer <origin>/oidc, discovery also under the issuer),
// policy handles as scopes, client_secret_post and client_secret_basic, access tokens of 300 s and
// refresh tokens of 7 days issued without offline_access (docs.id.me token expiration), the policy
// the person completed as acr, and ID.me's attribute handles as claims. What each sign-in
// established is kept by grant, so every token of it answers the same person and level.
import type { JsonWebKey } from 'node:crypto';
import type { ClientMetadata, Configuration, InteractionResults } from 'oidc-provider';
import { saveGrant, type FinishInput, type OidcInteraction } from '../shared/oidc/index.js';
import type { IdMeConsumer } from './keys.js';
import { identityClaims, personById, type TestPerson } from './people.js';
import { POLICY_HANDLES, RELEASED_HANDLES } from './policies.js';
import type { Verifications } from './verifications.js';

export const ID_ME_PATHS = {
  discovery: '/.well-known/openid-configuration',
  /** Where openid-client looks for the issuer <origin>/oidc; the iOS SDK uses the root one. */
  issuerDiscovery: '/oidc/.well-known/openid-configuration',
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  userinfo: '/api/public/v3/userinfo',
  jwks: '/oidc/.well-known/jwks',
} as const;

/** docs.id.me: "access tokens expire after 300 seconds by default … refresh tokens … 7 days". */
export const ACCESS_TOKEN_TTL_SECONDS = 300;
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 86_400;
/** Not published by ID.me; ours. */
export const AUTHORIZATION_CODE_TTL_SECONDS = 600;

const CLAIM_HANDLES = ['uuid', 'email', 'fname', 'lname', 'birth_date', 'street', 'city', 'state', 'zip'] as const;

export function idMeClients(consumers: readonly IdMeConsumer[], redirectUris: readonly string[]): ClientMetadata[] {
  return consumers.map((consumer) => ({
    client_id: consumer.clientId,
    client_secret: consumer.clientSecret,
    // oidc-provider accepts Basic and post alike for a client registered with either.
    token_endpoint_auth_method: 'client_secret_post',
    redirect_uris: [...redirectUris],
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
  }));
}

interface ConfigurationInput {
  signingKey: JsonWebKey;
  cookieKey: string;
  verifications: Verifications;
}

export function idMeConfiguration({ signingKey, cookieKey, verifications }: ConfigurationInput): Configuration {
  return {
    routes: {
      authorization: ID_ME_PATHS.authorization,
      token: ID_ME_PATHS.token,
      userinfo: ID_ME_PATHS.userinfo,
      jwks: ID_ME_PATHS.jwks,
    },
    jwks: { keys: [signingKey] },
    cookies: { keys: [cookieKey] },
    scopes: ['openid', ...POLICY_HANDLES],
    // claims() below releases what the completed policy allows; oidc-provider passes them on.
    claims: { openid: ['sub', 'acr', ...CLAIM_HANDLES] },
    // The claims ride in the id_token as well as userinfo, so a relying party can read them there
    // and keep its single-use access token for attributes.json [unconfirmed for ID.me].
    conformIdTokenClaims: false,
    acrValues: [...POLICY_HANDLES],
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_post', 'client_secret_basic'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    // PKCE (S256 only) is checked whenever sent, and required of public clients (oidc-provider's default).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Tokens live their own TTLs, not the browser session's.
    expiresWithSession: async () => false,
    ttl: {
      AuthorizationCode: AUTHORIZATION_CODE_TTL_SECONDS,
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      RefreshToken: REFRESH_TOKEN_TTL_SECONDS,
      IdToken: 3600,
      Grant: 30 * 86_400,
      Session: 86_400,
      Interaction: 3600,
    },
    features: { userinfo: { enabled: true } },
    findAccount: (_ctx, sub, token) => {
      const person = personById(sub);
      if (!person) return undefined;
      const verification = verifications.byGrant(token?.grantId);
      return {
        accountId: sub,
        claims: () => {
          if (!verification) return { sub };
          const released = new Set(RELEASED_HANDLES[verification.policy]);
          return { sub, ...Object.fromEntries(Object.entries(identityClaims(person)).filter(([handle]) => released.has(handle))) };
        },
      };
    },
  };
}

/** "Verified" / "Not verified at this level": records what the sign-in established and its acr. */
export async function finishIdMeSignIn(
  verifications: Verifications,
  consumers: readonly IdMeConsumer[],
  { provider, interaction, person, outcome }: FinishInput<TestPerson>,
): Promise<InteractionResults> {
  const clientId = String(interaction.params.client_id);
  const consumer = consumers.find((c) => c.clientId === clientId);
  if (!consumer) throw new Error(`no consumer ${clientId}`);
  const scopes = String(interaction.params.scope ?? '').split(' ').filter(Boolean);
  const verification = verifications.record({ person, consumer, scopes, outcome });
  const grantId = await saveGrant(provider, interaction, person.uuid);
  verifications.linkGrant(grantId, verification);
  return { login: { accountId: person.uuid, acr: verification.policy }, consent: { grantId } };
}

/** What the sign-in page says the relying party asked for. */
export function describeRequest(interaction: OidcInteraction): string[] {
  const scopes = String(interaction.params.scope ?? '').split(' ').filter(Boolean);
  const policies = scopes.filter((s) => POLICY_HANDLES.includes(s));
  return [
    `Policies asked for: ${policies.length ? policies.join(', ') : 'none (a plain sign-in, IAL1)'}.`,
    '"Verified" completes the strongest policy asked for that the person can pass; "Not verified at this level" signs in at IAL1.',
  ];
}
