// The OIDC base: the relying party every redirect provider (Login.gov, ID.me) is a short
// configuration of. Authorization code with PKCE S256, state and nonce per attempt, the token
// exchange by private_key_jwt or client secret, the id_token and userinfo checked on oauth4webapi.
//
// A provider declares its protocol settings once...
//
//   export const loginGovOidc = defineOidcProvider({
//     name: 'Login.gov',
//     scopes: ['openid', 'email', 'profile'],
//     prompt: 'select_account',
//     // Login.gov: the assertion's aud is the token URL, and no client_id in the token body.
//     tokenEndpoint: { assertionAudience: 'token_endpoint', sendClientId: false },
//     userinfo: true,
//   });
//
// ...its adapter builds the client from the deployment's settings (the issuer exactly as the
// provider writes it: Login.gov's ends in '/', so do not pass it through a slash-trimming schema)...
//
//   const oidc = loginGovOidc({
//     issuer: config.issuer, clientId: config.clientId,
//     redirectUri: `${config.publicUrl}/v1/providers/login_gov/callback`,
//     clientAuth: { method: 'private_key_jwt', privateKey: config.privateKey, alg: 'RS256' },
//     allowInsecureHttp: !production, fetch: deps.fetch, clock: deps.clock,
//   });
//
// ...initiate starts the redirect and keeps `pending` with the attempt:
//
//   const { url, pending } = await oidc.startAuthorization({ acrValues, extraParams: { locale } });
//   return { sessionRef: pending.ref, privateData: { ...pending }, client: { redirect_url: url }, ... };
//
// ...and the callback route (GET /v1/providers/<key>/callback) finishes it, single use:
//
//   const ref = callbackRef(c.req.url);                        // oidc_state_mismatch without state
//   const attempt = await store.findAttemptByRef(key, ref);     // none: refuse (replayed or forged)
//   if (!attempt || !(await store.moveAttempt(attempt.id, ['pending'], 'processing'))) refuse();
//   const signIn = await oidc.finishAuthorization(c.req.url, attempt.privateData);
//   // map signIn.acr / signIn.userinfo to the outcome; on OidcError use OIDC_PUBLIC_CODES[code]
//   // (outcome null: a forged callback leaves the attempt as it was), then redirect the browser back.
export { createOidcClient } from './client.js';
export type { OidcClient, OidcSignIn, OidcTokens, StartAuthorizationRequest } from './client.js';
export { OIDC_ERROR_CODES, OIDC_PUBLIC_CODES, OidcError, isOidcError, oidcErrorToApiError } from './errors.js';
export type { OidcErrorCode } from './errors.js';
export type { OidcClientAuth, OidcClientOptions, OidcProviderPreset, OidcProviderSettings, OidcServerMetadata } from './options.js';
export { callbackRef, stateRef } from './pending.js';
export type { OidcPending } from './pending.js';
export { defineOidcProvider } from './preset.js';
