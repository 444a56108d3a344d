// Identifiers, client secrets and API-key checks. Client secrets are stored only as SHA-256
// hashes and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string; 24 characters carry about 143 bits. */
export function randomId(length = 24): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte < 248) out += ALPHABET[byte % 62]; // 248 = 62*4: rejection keeps it unbiased
  }
  return out.length === length ? out : out + randomId(length - out.length);
}

export const newId = (prefix: string) => `${prefix}_${randomId()}`;

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(sha256Hex(a), 'hex');
  const right = Buffer.from(sha256Hex(b), 'hex');
  return timingSafeEqual(left, right);
}

/** `<session id>_secret_<random>`, like Stripe's client secrets: the id is not the secret part. */
export function newClientSecret(sessionId: string): string {
  return `${sessionId}_secret_${randomId(32)}`;
}

export function sessionIdFromClientSecret(secret: string): string | null {
  const match = /^(ivs_[0-9A-Za-z]{24})_secret_[0-9A-Za-z]{32}$/.exec(secret);
  return match ? match[1]! : null;
}

export function newApiKey(): string {
  return `sk_test_${randomId(32)}`;
}
