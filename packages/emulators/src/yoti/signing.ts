// Yoti's signed requests: `X-Yoti-Auth-Digest` is base64(RSA-SHA256 PKCS#1 v1.5) over
// `METHOD&/path?query` plus `&base64(body)` when a POST, PUT or PATCH carries a body, where the path
// is relative to the API base (/sessions, not /idverify/v1/sessions) and the query ends with the
// SDK's `nonce` (UUID v4) and `timestamp` (ms; Yoti's docs show seconds, both are accepted). The
// query is taken exactly as sent, so the emulator checks the bytes the SDK signed (yoti@4.13.2
// request.builder.js). A nonce is accepted once within the freshness window; a timestamp outside
// it is refused (Yoti publishes neither the window nor the refusal: our choice [U]).
import { createSign, createVerify } from 'node:crypto';
import type { YotiErrorCode } from './errors.js';

export const DIGEST_HEADER = 'X-Yoti-Auth-Digest';
/** How far a request's timestamp may be from the emulator's clock, either way [U]. */
export const TIMESTAMP_WINDOW_MS = 5 * 60_000;
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The exact string Yoti signs: `METHOD&path?query[&base64(body)]`. */
export function digestMessage(method: string, pathWithQuery: string, body?: Uint8Array | string | null): string {
  const upper = method.toUpperCase();
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body ? Buffer.from(body) : null;
  const payload = bytes && bytes.length > 0 && PAYLOAD_METHODS.has(upper) ? `&${bytes.toString('base64')}` : '';
  return `${upper}&${pathWithQuery}${payload}`;
}

/** What the SDK sends in X-Yoti-Auth-Digest (for tests that sign by hand). */
export function signYotiMessage(message: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(message).sign(privateKeyPem).toString('base64');
}

export function verifyYotiDigest(message: string, digest: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message).verify(publicKeyPem, digest, 'base64');
  } catch {
    return false;
  }
}

/** A timestamp query value as ms since the epoch: a 10-digit value is read as seconds. */
export function timestampMs(value: string): number | null {
  if (!/^\d{1,16}$/.test(value)) return null;
  const n = Number(value);
  return n < 1e11 ? n * 1000 : n;
}

/** Nonces seen within the window; older ones are forgotten, as their timestamps are refused anyway. */
export class NonceLedger {
  #seen = new Map<string, number>();

  /** True the first time a nonce is used; false when it is a replay. */
  use(nonce: string, now: number): boolean {
    for (const [n, at] of this.#seen) if (now - at > 2 * TIMESTAMP_WINDOW_MS) this.#seen.delete(n);
    if (this.#seen.has(nonce)) return false;
    this.#seen.set(nonce, now);
    return true;
  }

  clear(): void {
    this.#seen.clear();
  }
}

export interface SignedRequestInput {
  method: string;
  /** Path relative to the API base, e.g. `/sessions/abc`. */
  path: string;
  /** The raw query string as received (no leading `?`). */
  rawQuery: string;
  body: Uint8Array | null;
  digest: string | null;
  /** The app whose key must have signed (the `sdkId` query, or the path of /apps/{sdkId}/…); null when none is named. */
  sdkId: string | null;
}

export type SignatureCheck = { ok: true; sdkId: string } | { ok: false; code: YotiErrorCode };

/** Checks one request's signature, nonce and timestamp, in the order a missing piece is noticed. */
export function checkSignedRequest(
  input: SignedRequestInput,
  publicKeyOf: (sdkId: string) => string | undefined,
  nonces: NonceLedger,
  now: number,
): SignatureCheck {
  const query = new URLSearchParams(input.rawQuery);
  if (!input.sdkId) return { ok: false, code: 'MISSING_APP_ID' };
  const nonce = query.get('nonce');
  const timestamp = query.get('timestamp');
  if (!nonce) return { ok: false, code: 'MISSING_NONCE' };
  if (!timestamp) return { ok: false, code: 'MISSING_TIMESTAMP' };
  if (!input.digest) return { ok: false, code: 'MISSING_DIGEST' };
  const publicKey = publicKeyOf(input.sdkId);
  if (!publicKey) return { ok: false, code: 'INVALID_APP_ID' };
  const message = digestMessage(input.method, `${input.path}?${input.rawQuery}`, input.body);
  if (!verifyYotiDigest(message, input.digest, publicKey)) return { ok: false, code: 'INVALID_DIGEST' };
  const at = timestampMs(timestamp);
  if (at === null || Math.abs(now - at) > TIMESTAMP_WINDOW_MS) return { ok: false, code: 'INVALID_TIMESTAMP' };
  if (!nonces.use(nonce, now)) return { ok: false, code: 'INVALID_NONCE' };
  return { ok: true, sdkId: input.sdkId };
}
