// Every way an OpenID Connect sign-in can fail, as one error class with a stable code, and the
// public code (API error and session outcome) each one maps to.
import type { ApiErrorCode, OutcomeErrorCode } from '@identity-verify/contract/errors';
import { ApiError, ProviderError } from '../../errors.js';
import { currentProviderCall } from '../http.js';

export const OIDC_ERROR_CODES = [
  /** The options given to createOidcClient or to a call are wrong: a programming or config error. */
  'oidc_misconfigured',
  /** The discovery document could not be used: not found, not JSON, another issuer, an endpoint missing. */
  'oidc_discovery_failed',
  /** The callback's `state` is missing or is not the attempt's: tampered, or another attempt's. */
  'oidc_state_mismatch',
  /** The attempt's pending data is older than the client accepts. */
  'oidc_expired',
  /** The callback carries neither a code nor an error, or its `iss` names another issuer (mix-up). */
  'oidc_callback_invalid',
  /** The person declined or cancelled at the provider (`error=access_denied`). */
  'oidc_access_denied',
  /** The token endpoint refused the code: already used, expired, or the PKCE verifier does not match. */
  'oidc_code_rejected',
  /** The provider answered with an OAuth error (authorization or token endpoint) or an unexpected status. */
  'oidc_provider_error',
  /** The provider is busy or down (429, 503, `temporarily_unavailable`). */
  'oidc_provider_unavailable',
  /** The provider could not be reached (DNS, refused connection, TLS). */
  'oidc_unreachable',
  /** The provider did not answer within the per-call timeout. */
  'oidc_timeout',
  /** A response that is not JSON or lacks what the protocol requires (token response, userinfo). */
  'oidc_bad_response',
  /** The id_token fails validation: signature, iss, aud, exp/iat, nonce, at_hash, alg. */
  'oidc_invalid_id_token',
  /** The provider asserted an acr that was not among those requested (only when required). */
  'oidc_acr_not_satisfied',
] as const;
export type OidcErrorCode = (typeof OIDC_ERROR_CODES)[number];

export interface OidcErrorOptions {
  cause?: unknown;
  /** The OAuth `error` value when the provider sent a well-formed one (a protocol code, never PII). */
  oauthError?: string;
  /** What the provider sent (error_description, body, status): kept off logs and JSON. */
  providerResponse?: unknown;
}

export class OidcError extends Error {
  override readonly name = 'OidcError';
  readonly oauthError?: string;
  /** The call it failed in (discovery, token, jwks, userinfo), when raised inside one: for the operator's log line. */
  readonly operation?: string;
  /** The provider's HTTP status, when it answered one. */
  readonly status?: number;
  declare readonly providerResponse?: unknown;
  constructor(
    readonly code: OidcErrorCode,
    message: string,
    options: OidcErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.oauthError !== undefined) this.oauthError = options.oauthError;
    const operation = currentProviderCall()?.operation;
    if (operation) this.operation = operation;
    const status = (options.providerResponse as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number') this.status = status;
    if (options.providerResponse !== undefined) {
      // Non-enumerable: error_description and bodies may carry personal data or provider internals.
      Object.defineProperty(this, 'providerResponse', { value: options.providerResponse, enumerable: false });
    }
  }
  toJSON(): { name: string; code: OidcErrorCode; message: string; oauthError?: string } {
    return { name: this.name, code: this.code, message: this.message, ...(this.oauthError ? { oauthError: this.oauthError } : {}) };
  }
}

export const isOidcError = (error: unknown): error is OidcError => error instanceof OidcError;

/**
 * The closest public codes: `api` answers a request (the callback route, an API call);
 * `outcome` is the session's `last_error.code` when the failure ends the attempt. null: no
 * verdict to record (a callback that matches no attempt, or our own misconfiguration); the
 * route answers with `api` and leaves the session as it is.
 */
export const OIDC_PUBLIC_CODES = {
  oidc_misconfigured: { api: 'internal_error', outcome: null },
  oidc_discovery_failed: { api: 'provider_error', outcome: 'provider_error' },
  oidc_state_mismatch: { api: 'token_mismatch', outcome: null },
  oidc_expired: { api: 'token_expired', outcome: 'session_expired' },
  oidc_callback_invalid: { api: 'validation_failed', outcome: 'provider_error' },
  oidc_access_denied: { api: 'provider_rejected', outcome: 'abandoned' },
  oidc_code_rejected: { api: 'token_expired', outcome: 'token_expired' },
  oidc_provider_error: { api: 'provider_error', outcome: 'provider_error' },
  oidc_provider_unavailable: { api: 'provider_unavailable', outcome: 'provider_error' },
  oidc_unreachable: { api: 'provider_error', outcome: 'provider_error' },
  oidc_timeout: { api: 'provider_timeout', outcome: 'provider_error' },
  oidc_bad_response: { api: 'provider_error', outcome: 'provider_error' },
  oidc_invalid_id_token: { api: 'provider_error', outcome: 'provider_error' },
  oidc_acr_not_satisfied: { api: 'provider_rejected', outcome: 'verification_failed' },
} as const satisfies Record<OidcErrorCode, { api: ApiErrorCode; outcome: OutcomeErrorCode | null }>;

type ProviderSideCode = 'provider_error' | 'provider_timeout' | 'provider_unavailable';
const isProviderSide = (code: ApiErrorCode): code is ProviderSideCode =>
  code === 'provider_error' || code === 'provider_timeout' || code === 'provider_unavailable';

/**
 * The ApiError the BFF's error boundary answers with: a ProviderError (naming the provider) for
 * failures on the provider's side, a plain ApiError otherwise. The message is ours, never the
 * provider's text; the OidcError stays as `cause` for the log.
 */
export function oidcErrorToApiError(error: OidcError, provider: string): ApiError {
  const api: ApiErrorCode = OIDC_PUBLIC_CODES[error.code].api;
  if (isProviderSide(api)) {
    return new ProviderError(api, provider, error.message, {
      cause: error,
      ...(error.operation ? { operation: error.operation } : {}),
      ...(error.status ? { status: error.status } : {}),
      ...(error.oauthError ? { providerCode: error.oauthError } : {}),
    });
  }
  return new ApiError(api, undefined, { provider, reason: error.code }, { cause: error });
}
