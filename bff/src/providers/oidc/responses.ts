// Reading what the provider answers: OAuth error responses (on the callback or from the token
// endpoint) as typed errors, the token response's shape, and the id_token checks oauth4webapi
// leaves to its caller (at_hash, acr).
import { createHash } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { OidcError, type OidcErrorCode } from './errors.js';

/** RFC 6749 error codes are short tokens; anything else (Login.gov's sentences) is provider text, kept off the message. */
const OAUTH_ERROR_CODE = /^[a-z0-9_.-]{1,64}$/i;

function codeForOAuthError(error: string, where: 'callback' | 'token'): OidcErrorCode {
  if (error === 'access_denied') return 'oidc_access_denied';
  if (error === 'temporarily_unavailable') return 'oidc_provider_unavailable';
  if (error === 'invalid_grant' && where === 'token') return 'oidc_code_rejected';
  return 'oidc_provider_error';
}

const MESSAGES: Partial<Record<OidcErrorCode, string>> = {
  oidc_access_denied: 'The person declined or cancelled the sign-in at {name}.',
  oidc_provider_unavailable: '{name} is temporarily unavailable.',
  oidc_code_rejected: '{name} refused the authorization code: it was already used, has expired, or the PKCE verifier does not match.',
};

/** An OAuth error response as an OidcError; the description and body stay non-enumerable. */
export function oauthErrorToOidcError(
  name: string,
  where: 'callback' | 'token',
  error: string,
  providerResponse: unknown,
  cause?: unknown,
): OidcError {
  const wellFormed = OAUTH_ERROR_CODE.test(error);
  const code = wellFormed ? codeForOAuthError(error, where) : 'oidc_provider_error';
  const place = where === 'callback' ? 'the authorization' : 'the token request';
  const message =
    MESSAGES[code]?.replace('{name}', name) ?? `${name} refused ${place}${wellFormed ? ` with ${error}` : ''}.`;
  return new OidcError(code, message, { cause, providerResponse, ...(wellFormed ? { oauthError: error } : {}) });
}

const oauthErrorBody = z.object({ error: z.string().min(1), error_description: z.string().optional() });

/** A token endpoint answer other than 200: an OAuth error when its body says so. */
export async function tokenErrorResponse(name: string, response: Response): Promise<OidcError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new OidcError('oidc_provider_error', `${name} answered the token request with HTTP ${response.status}.`, {
      providerResponse: { status: response.status, body: text.slice(0, 2_000) },
    });
  }
  const parsed = oauthErrorBody.safeParse(body);
  if (!parsed.success) {
    return new OidcError('oidc_provider_error', `${name} answered the token request with HTTP ${response.status}.`, {
      providerResponse: { status: response.status, body },
    });
  }
  return oauthErrorToOidcError(name, 'token', parsed.data.error, { status: response.status, body });
}

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  id_token: z.string().min(1),
  expires_in: z.number().optional(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** The 200 token response's shape, checked before oauth4webapi so a bad body is told from a bad id_token. */
export async function readTokenResponse(name: string, response: Response): Promise<TokenResponse> {
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch (cause) {
    throw new OidcError('oidc_bad_response', `${name} answered the token request with a body that is not JSON.`, { cause });
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new OidcError('oidc_bad_response', `${name}'s token response lacks ${parsed.error.issues[0]!.path.join('.')}.`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Errors of oauth4webapi while it validates an id_token: all of them mean the token is not to be trusted. */
export function invalidIdToken(name: string, cause: unknown): OidcError {
  if (cause instanceof OidcError) return cause;
  const reason =
    cause instanceof oauth.OperationProcessingError && cause.code === oauth.JWT_TIMESTAMP_CHECK
      ? 'it has expired or is not valid yet'
      : cause instanceof oauth.OperationProcessingError && cause.code === oauth.JWT_CLAIM_COMPARISON
        ? `its ${claimOf(cause)} is not the expected one`
        : 'it does not validate';
  return new OidcError('oidc_invalid_id_token', `${name}'s id_token was refused: ${reason}.`, { cause });
}

function claimOf(error: oauth.OperationProcessingError): string {
  const claim = (error.cause as { claim?: unknown } | undefined)?.claim;
  return typeof claim === 'string' && /^[a-z_]{2,20}$/.test(claim) ? `"${claim}"` : 'claim';
}

const HASH_BY_SUFFIX: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/** OIDC Core 3.1.3.8: at_hash is the left half of the access token's hash, by the id_token's alg. */
export function checkAtHash(name: string, idToken: string, accessToken: string, atHash: unknown): void {
  if (atHash === undefined) return;
  const header = decodeHeader(idToken);
  const alg = typeof header?.alg === 'string' ? header.alg : '';
  const hash = alg === 'EdDSA' || alg === 'Ed25519' ? 'sha512' : HASH_BY_SUFFIX[alg.slice(-3)];
  if (!hash) throw new OidcError('oidc_invalid_id_token', `${name}'s id_token uses an alg whose at_hash cannot be checked.`);
  const digest = createHash(hash).update(accessToken, 'ascii').digest();
  const expected = digest.subarray(0, digest.length / 2).toString('base64url');
  if (atHash !== expected) {
    throw new OidcError('oidc_invalid_id_token', `${name}'s id_token was refused: its "at_hash" does not match the access token.`);
  }
}

function decodeHeader(jwt: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
