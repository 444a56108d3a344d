// Signing keys for an OIDC emulator's id_tokens: made when the emulator is created, so its JWKS
// stays the same across reset() while no key material is committed for the provider side.
import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';

/** RFC 7638 thumbprint of an RSA public key: a stable `kid` derived from the key itself. */
export function rsaThumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** A new RSA 2048 private JWK for RS256 signing, with its thumbprint as `kid` unless one is given. */
export function generateRs256SigningJwk(kid?: string): JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: kid ?? rsaThumbprint(jwk), alg: 'RS256', use: 'sig' };
}
