// Plaid's webhook signature (Plaid-Verification): a compact ES256 JWT whose header names the key
// (kid) and whose claims are the time of signing (iat) and the hex SHA-256 of the exact body. The
// key is Plaid's JWK from /webhook_verification_key/get, cached by kid; as Plaid's own example
// does, an unknown kid fetches it and refreshes every cached key not yet expired, so a rotation
// is learned the first time the new key signs. Checked with node:crypto (jose is not a runtime
// dependency of the BFF): ES256 only, raw r||s signature, constant-time body hash compare.
import { createHash, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../../errors.js';
import { PlaidRefusal, type WebhookKey } from './client.js';

/** Plaid: refuse a webhook signed more than 5 minutes ago (or, by our clock, as far ahead). */
export const MAX_WEBHOOK_AGE_S = 5 * 60;
/** Keys remembered at once; Plaid rotates rarely, so this bounds only a flood of forged kids. */
const MAX_CACHED_KEYS = 50;

interface CachedKey {
  publicKey: KeyObject;
  /** Unix seconds, or null while the key is current. */
  expiredAt: number | null;
}

/** What a signature that checked out vouches for. */
export interface SignedWebhook {
  /** The signature itself, hashed: one per delivery Plaid signed (a replay carries the same). */
  deliveryId: string;
}

const forged = () => new ApiError('webhook_signature_invalid');

function decodePart(part: string | undefined): Record<string, unknown> {
  if (!part || !/^[A-Za-z0-9_-]+$/.test(part)) throw forged();
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw forged();
    return value as Record<string, unknown>;
  } catch {
    throw forged();
  }
}

export function createWebhookVerifier(deps: { fetchKey: (kid: string) => Promise<WebhookKey>; nowSeconds: () => number }) {
  const cache = new Map<string, CachedKey>();

  async function load(kid: string): Promise<void> {
    let key: WebhookKey;
    try {
      key = await deps.fetchKey(kid);
    } catch (error) {
      // Plaid does not know the kid: forged. Plaid failing (5xx, timeout) is answered as such, so it sends again.
      if (error instanceof PlaidRefusal) {
        cache.delete(kid);
        return;
      }
      throw error;
    }
    if (key.alg !== 'ES256' || key.kty !== 'EC' || key.crv !== 'P-256' || key.kid !== kid) return;
    const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: key.x, y: key.y }, format: 'jwk' });
    cache.delete(kid);
    cache.set(kid, { publicKey, expiredAt: key.expired_at });
    for (const old of cache.keys()) {
      if (cache.size <= MAX_CACHED_KEYS) break;
      cache.delete(old);
    }
  }

  async function keyFor(kid: string): Promise<CachedKey | undefined> {
    if (!cache.has(kid)) {
      const current = [...cache].filter(([, k]) => k.expiredAt === null).map(([id]) => id);
      for (const id of [kid, ...current]) await load(id);
    }
    return cache.get(kid);
  }

  /** Checks `jwt` against the exact body received; throws webhook_signature_invalid when it does not hold. */
  return async function verifySignature(rawBody: string, jwt: string | null): Promise<SignedWebhook> {
    if (!jwt || jwt.length > 4096) throw forged();
    const parts = jwt.split('.');
    if (parts.length !== 3) throw forged();
    const header = decodePart(parts[0]);
    const claims = decodePart(parts[1]);
    if (header.alg !== 'ES256' || typeof header.kid !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(header.kid)) throw forged();
    const signature = Buffer.from(parts[2]!, 'base64url');
    if (signature.length !== 64) throw forged();

    // The claims are checked only once the signature holds; reading them first spares Plaid a key
    // lookup for a body that cannot pass anyway.
    const now = deps.nowSeconds();
    if (typeof claims.iat !== 'number' || Math.abs(now - claims.iat) > MAX_WEBHOOK_AGE_S) throw forged();
    const claimed = typeof claims.request_body_sha256 === 'string' ? claims.request_body_sha256 : '';
    const actual = createHash('sha256').update(rawBody, 'utf8').digest('hex');
    if (!/^[0-9a-f]{64}$/.test(claimed) || !timingSafeEqual(Buffer.from(claimed), Buffer.from(actual))) throw forged();

    const key = await keyFor(header.kid);
    if (!key) throw forged();
    if (key.expiredAt !== null && key.expiredAt <= now) throw forged();
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    if (!verify('sha256', signed, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)) throw forged();
    return { deliveryId: createHash('sha256').update(jwt).digest('hex') };
  };
}

/** What the BFF reads of a verified body: which IDV attempt it is about, if it is an IDV webhook. */
const WebhookBodySchema = z.object({
  webhook_type: z.string().max(64),
  webhook_code: z.string().max(64),
  identity_verification_id: z.string().min(1).max(100).optional(),
});

/** The event a verified body describes; one we do not know is acknowledged and left alone. */
export function readWebhook(rawBody: string): { type: string; identityVerificationId: string | null } {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { type: 'unknown', identityVerificationId: null };
  }
  const parsed = WebhookBodySchema.safeParse(body);
  if (!parsed.success) return { type: 'unknown', identityVerificationId: null };
  const { webhook_type, webhook_code, identity_verification_id } = parsed.data;
  const ours = webhook_type === 'IDENTITY_VERIFICATION' && identity_verification_id;
  return { type: `${webhook_type}.${webhook_code}`, identityVerificationId: ours ? identity_verification_id : null };
}
