// Events the BFF sends to a host backend's webhook endpoints, and how the host checks them: each
// POST carries one event as JSON and an `IDV-Signature` header, `t=<unix seconds>,v1=<hex
// HMAC-SHA256(endpoint secret, "<t>.<body>")>`, as Stripe signs its webhooks. No PII: an event
// names the session and what happened; the host reads the rest with its API key.
// Plain WebCrypto, so the verifier runs on Node, Deno, Bun and edge runtimes alike.

export const HOST_EVENT_TYPES = [
  'session.verified',
  'session.needs_review',
  'session.rejected',
  'session.canceled',
  'session.expired',
  'claim.revoked',
  'passport.revoked',
] as const;
export type HostEventType = (typeof HOST_EVENT_TYPES)[number];

/** What a session.* event tells: the session's new status. */
export interface SessionEventData {
  session_id: string;
  status: string;
  provider_key: string | null;
  /** The reason code when the session did not verify. */
  last_error_code: string | null;
}

/** What claim.revoked tells: which claim, of which subject, no longer counts. Never its personal data. */
export interface ClaimEventData {
  claim_id: string;
  /** The session whose verification issued the claim. */
  session_id: string;
  subject: string | null;
  claim_type: string;
  provider_key: string;
  revoked_at: string;
}

/** What passport.revoked tells: which passport of which subject no longer counts, and why. */
export interface PassportEventData {
  passport_id: string;
  subject: string;
  /** 'revoked' by the host, or 'claim_revoked' when a claim it carried was (claim_id). */
  reason: 'revoked' | 'claim_revoked';
  claim_id: string | null;
  revoked_at: string;
}

export interface HostEvent {
  id: string;
  object: 'event';
  type: HostEventType;
  created_at: string;
  data: SessionEventData | ClaimEventData | PassportEventData;
}

export const SIGNATURE_HEADER = 'IDV-Signature';
/** How old a signature may be before it is refused: a replayed delivery from long ago. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The `IDV-Signature` value for `body` at `timestamp` (unix seconds). The BFF's signer, and the test signer for hosts. */
export async function signHostEvent(secret: string, body: string, timestamp: number): Promise<string> {
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

export class HostEventSignatureError extends Error {
  override readonly name = 'HostEventSignatureError';
}

/**
 * Checks an event as it arrived (the raw body, as bytes decoded to text, before any JSON parse)
 * against the endpoint's secret, and returns it parsed. Refuses a missing or malformed header, a
 * signature by another secret or over another body, and one older than `toleranceSeconds`.
 */
export async function verifyHostEvent(
  secret: string,
  body: string,
  header: string | null | undefined,
  { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now() }: { toleranceSeconds?: number; now?: number } = {},
): Promise<HostEvent> {
  const parts = new Map((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/.test(given)) throw new HostEventSignatureError(`No valid ${SIGNATURE_HEADER} header.`);
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) throw new HostEventSignatureError('The signature is too old (or from the future).');
  const expected = await hmacHex(secret, `${timestamp}.${body}`);
  // Compared in full whatever differs first, so the time taken says nothing of the signature.
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (difference !== 0) throw new HostEventSignatureError('The signature does not match this body and secret.');
  return JSON.parse(body) as HostEvent;
}
