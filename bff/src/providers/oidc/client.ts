// An OpenID Connect relying party on oauth4webapi: authorization code with PKCE S256, state and
// nonce per attempt, the token exchange with the configured client authentication, the
// id_token validated (signature by JWKS, iss, aud, exp/iat on the injected clock, nonce,
// at_hash, acr) and userinfo on request.
import * as oauth from 'oauth4webapi';
import { inProviderCall } from '../http.js';
import { OidcError } from './errors.js';
import { createClientAuth } from './client-auth.js';
import { resolveOptions, type OidcClientOptions } from './options.js';
import { callbackParams, readPending, sameState, stateRef, type OidcPending } from './pending.js';
import { checkAtHash, invalidIdToken, oauthErrorToOidcError, readTokenResponse, tokenErrorResponse } from './responses.js';
import { createMetadataSource, createProviderFetch, requestOptions } from './transport.js';

/** Parameters the client sets itself: extraParams may not replace them. */
const RESERVED = new Set([
  'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'acr_values', 'prompt',
]);

export interface StartAuthorizationRequest {
  /** acr_values, in order of preference (Login.gov: one service level plus AAL add-ons). */
  acrValues?: readonly string[];
  /** e.g. 'login'; replaces the configured default prompt. */
  prompt?: string;
  /** Replaces the configured scopes for this attempt (ID.me policy handles). Must include 'openid'. */
  scopes?: readonly string[];
  /** Provider-specific authorize parameters (Login.gov `locale`, `verified_within`). */
  extraParams?: Readonly<Record<string, string>>;
}

export interface OidcTokens {
  accessToken: string;
  tokenType: string;
  expiresIn?: number;
  refreshToken?: string;
  scope?: string;
  idToken: string;
}

export interface OidcSignIn {
  /** The id_token's `sub`. */
  subject: string;
  /** The acr the provider asserts it reached (map outcomes from this, never from what was asked). */
  acr: string | null;
  /** The acr_values the attempt asked for. */
  requestedAcr: string[];
  idTokenClaims: Readonly<oauth.IDToken>;
  /** The userinfo claims when asked for (`sub` checked against the id_token), else null. */
  userinfo: Readonly<oauth.UserInfoResponse> | null;
  /** Non-enumerable: the tokens never reach a log or JSON by accident. */
  readonly tokens: OidcTokens;
}

export interface OidcClient {
  readonly issuer: string;
  /** Builds the authorization URL; `pending` is stored with the attempt, `pending.ref` as its session_ref. */
  startAuthorization(request?: StartAuthorizationRequest): Promise<{ url: string; pending: OidcPending }>;
  /**
   * Completes the sign-in from the callback. `pending` is single use: the caller moves the attempt
   * out of pending atomically before calling, so a replayed callback never gets this far.
   */
  finishAuthorization(
    callback: URL | URLSearchParams | string | Record<string, string>,
    pending: OidcPending | Record<string, string>,
    options?: { userinfo?: boolean },
  ): Promise<OidcSignIn>;
  /** The provider's metadata (discovered and cached): lets the BFF check a provider at start. */
  metadata(): Promise<oauth.AuthorizationServer>;
}

export function createOidcClient(input: OidcClientOptions): OidcClient {
  const options = resolveOptions(input);
  const { name, clock } = options;
  const providerFetch = createProviderFetch(options);
  const http = requestOptions(options, providerFetch);
  const metadata = createMetadataSource(options, providerFetch);
  const clientAuth = createClientAuth(options);
  const jwks: oauth.JWKSCacheInput = {};

  // oauth4webapi reads time from Date.now(); the injected clock reaches it as a skew per call.
  const client = (): oauth.Client => ({
    client_id: options.clientId,
    ...(options.idTokenAlg ? { id_token_signed_response_alg: options.idTokenAlg } : {}),
    [oauth.clockSkew]: Math.round((clock.now().getTime() - Date.now()) / 1000),
    [oauth.clockTolerance]: options.clockToleranceSeconds,
  });

  async function startAuthorization(request: StartAuthorizationRequest = {}) {
    const scopes = request.scopes ?? options.scopes;
    if (!scopes.includes('openid')) throw new OidcError('oidc_misconfigured', 'startAuthorization: scopes must include openid');
    for (const key of Object.keys(request.extraParams ?? {})) {
      if (RESERVED.has(key)) throw new OidcError('oidc_misconfigured', `startAuthorization: extraParams may not set ${key}`);
    }
    const as = await metadata();
    const state = oauth.generateRandomState();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const pending: OidcPending = {
      ref: stateRef(state),
      state,
      nonce: oauth.generateRandomNonce(),
      codeVerifier,
      acrValues: (request.acrValues ?? []).join(' '),
      issuer: options.issuer,
      createdAt: String(clock.now().getTime()),
    };
    const url = new URL(as.authorization_endpoint!);
    const params = url.searchParams;
    params.set('client_id', options.clientId);
    params.set('redirect_uri', options.redirectUri);
    params.set('response_type', 'code');
    params.set('scope', scopes.join(' '));
    params.set('state', state);
    params.set('nonce', pending.nonce);
    params.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    params.set('code_challenge_method', 'S256');
    if (pending.acrValues) params.set('acr_values', pending.acrValues);
    const prompt = request.prompt ?? options.prompt;
    if (prompt) params.set('prompt', prompt);
    for (const [key, value] of Object.entries(request.extraParams ?? {})) params.set(key, value);
    return { url: url.href, pending };
  }

  async function finishAuthorization(
    callback: URL | URLSearchParams | string | Record<string, string>,
    pendingInput: OidcPending | Record<string, string>,
    finish: { userinfo?: boolean } = {},
  ): Promise<OidcSignIn> {
    const pending = readPending(pendingInput);
    const params = callbackParams(callback);
    const state = params.get('state');
    // Before anything else, error responses included: a forged callback must not cancel an attempt.
    if (state === null || !sameState(pending.state, state)) {
      throw new OidcError('oidc_state_mismatch', `The callback from ${name} is not for this attempt.`);
    }
    if (pending.issuer !== options.issuer) {
      throw new OidcError('oidc_expired', `The attempt was started with another ${name} configuration.`);
    }
    const as = await metadata();
    let validated: URLSearchParams;
    try {
      // Also checks RFC 9207's `iss` against the issuer when the provider sends it (mix-up defence).
      validated = oauth.validateAuthResponse(as, client(), params, pending.state);
    } catch (cause) {
      if (cause instanceof oauth.AuthorizationResponseError) {
        const description = params.get('error_description');
        throw oauthErrorToOidcError(name, 'callback', cause.error, { error: cause.error, error_description: description }, cause);
      }
      throw new OidcError('oidc_callback_invalid', `The callback from ${name} is not a valid authorization response.`, { cause });
    }
    if (!validated.get('code')) throw new OidcError('oidc_callback_invalid', `The callback from ${name} carries no code.`);
    if (clock.now().getTime() - Number(pending.createdAt) > options.pendingMaxAgeMs) {
      throw new OidcError('oidc_expired', `The sign-in at ${name} took too long; start again.`);
    }

    const auth = await clientAuth();
    const response = await inProviderCall({ provider: name, operation: 'token' }, () =>
      oauth.authorizationCodeGrantRequest(as, client(), auth, validated, options.redirectUri, pending.codeVerifier, http),
    ).catch((cause: unknown) => {
      if (cause instanceof OidcError) throw cause;
      throw new OidcError('oidc_misconfigured', `The token request to ${name} could not be built.`, { cause });
    });
    if (response.status !== 200) throw await tokenErrorResponse(name, response);
    const body = await readTokenResponse(name, response);

    let claims: oauth.IDToken;
    try {
      const processed = await oauth.processAuthorizationCodeResponse(as, client(), response, {
        expectedNonce: pending.nonce,
        requireIdToken: true,
      });
      // oauth4webapi checks the claims; the signature is checked against the JWKS on request only.
      await inProviderCall({ provider: name, operation: 'jwks' }, () => oauth.validateApplicationLevelSignature(as, response, { ...http, [oauth.jwksCache]: jwks }));
      const validated = oauth.getValidatedIdTokenClaims(processed);
      if (!validated) throw new TypeError('no id_token claims');
      claims = validated;
    } catch (cause) {
      throw invalidIdToken(name, cause);
    }
    checkAtHash(name, body.id_token, body.access_token, claims.at_hash);
    const acr = claims.acr === undefined ? null : claims.acr;
    if (acr !== null && typeof acr !== 'string') throw invalidIdToken(name, new TypeError('acr is not a string'));
    const requestedAcr = pending.acrValues ? pending.acrValues.split(' ') : [];
    if (options.requireRequestedAcr && requestedAcr.length && (acr === null || !requestedAcr.includes(acr))) {
      throw new OidcError('oidc_acr_not_satisfied', `${name} did not reach the level of assurance asked for.`);
    }

    const userinfo = (finish.userinfo ?? options.userinfo) ? await readUserinfo(as, body.access_token, claims.sub) : null;
    const result: Omit<OidcSignIn, 'tokens'> = { subject: claims.sub, acr, requestedAcr, idTokenClaims: claims, userinfo };
    const tokens: OidcTokens = {
      accessToken: body.access_token,
      tokenType: body.token_type,
      idToken: body.id_token,
      ...(body.expires_in !== undefined ? { expiresIn: body.expires_in } : {}),
      ...(body.refresh_token !== undefined ? { refreshToken: body.refresh_token } : {}),
      ...(body.scope !== undefined ? { scope: body.scope } : {}),
    };
    return Object.defineProperty(result, 'tokens', { value: tokens, enumerable: false }) as OidcSignIn;
  }

  async function readUserinfo(as: oauth.AuthorizationServer, accessToken: string, subject: string) {
    const response = await inProviderCall({ provider: name, operation: 'userinfo' }, () => oauth.userInfoRequest(as, client(), accessToken, http));
    try {
      return await oauth.processUserInfoResponse(as, client(), subject, response);
    } catch (cause) {
      if (cause instanceof oauth.WWWAuthenticateChallengeError || cause instanceof oauth.ResponseBodyError) {
        throw new OidcError('oidc_provider_error', `${name} refused the userinfo request.`, { cause, providerResponse: { status: cause.status } });
      }
      throw new OidcError('oidc_bad_response', `${name}'s userinfo response is not usable.`, { cause });
    }
  }

  return { issuer: options.issuer, startAuthorization, finishAuthorization, metadata };
}
