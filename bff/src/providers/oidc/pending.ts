// What a sign-in leaves pending between the redirect to the provider and its callback: the
// attempt's state, nonce and PKCE verifier, as flat strings the BFF stores with the attempt.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { OidcError } from './errors.js';

/**
 * Stored by the BFF with the attempt (its private data, never sent to the widget) and handed
 * back to finishAuthorization exactly once: the caller consumes it, moving the attempt out of
 * its pending status atomically before (or while) finishing, so a replayed callback finds
 * nothing to finish. All strings, so it fits `Record<string, string>` private data as it is.
 *
 * It holds no secret of the client; `codeVerifier` is a secret of this one attempt.
 */
export interface OidcPending {
  /** Index for the callback: the attempt's session_ref. A hash of `state`, so the state itself need not be indexed. */
  ref: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The acr_values asked for, space separated ('' when none). */
  acrValues: string;
  /** The issuer the attempt started with: a changed configuration must not finish old attempts. */
  issuer: string;
  /** When it was created, epoch milliseconds as a decimal string. */
  createdAt: string;
}

export const pendingSchema = z.object({
  ref: z.string().min(1),
  state: z.string().min(22),
  nonce: z.string().min(22),
  codeVerifier: z.string().min(43).max(128),
  acrValues: z.string(),
  issuer: z.string().min(1),
  createdAt: z.string().regex(/^\d+$/),
});

/** The session_ref of the attempt a state belongs to. */
export function stateRef(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}

/** Constant-time: the digests have one length whatever the inputs, so nothing leaks through timing. */
export function sameState(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b) && expected.length === given.length;
}

/** The callback's parameters, from the URL the provider redirected to or its query. */
export function callbackParams(callback: URL | URLSearchParams | string | Record<string, string>): URLSearchParams {
  if (callback instanceof URLSearchParams) return new URLSearchParams(callback);
  if (callback instanceof URL) return new URLSearchParams(callback.search);
  if (typeof callback === 'string') {
    const query = /^https?:\/\//i.test(callback) ? new URL(callback).search : callback;
    return new URLSearchParams(query);
  }
  return new URLSearchParams(callback);
}

/**
 * The session_ref a callback names, so the route can find (and claim) its attempt before
 * finishing. A callback without a state cannot belong to any attempt.
 */
export function callbackRef(callback: URL | URLSearchParams | string | Record<string, string>): string {
  const state = callbackParams(callback).get('state');
  if (!state) throw new OidcError('oidc_state_mismatch', 'The callback carries no state.');
  return stateRef(state);
}

export function readPending(value: unknown): z.infer<typeof pendingSchema> {
  const parsed = pendingSchema.safeParse(value);
  if (!parsed.success) {
    throw new OidcError('oidc_misconfigured', 'finishAuthorization: pending is not what startAuthorization returned.', {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
