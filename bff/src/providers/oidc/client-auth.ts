// Client authentication at the token endpoint, with the quirks providers need (the assertion's
// audience, no client_id in the body) applied on top of oauth4webapi's own methods.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { Secret } from '../../security/secret.js';
import { OidcError } from './errors.js';
import type { OidcClientAuth, ResolvedOidcOptions } from './options.js';

const misconfigured = (message: string, cause?: unknown) =>
  new OidcError('oidc_misconfigured', `createOidcClient: clientAuth.privateKey: ${message}`, { cause });

/** Reads the key synchronously so a wrong key fails when the client is built, not at the first callback. */
export function readPrivateKey(input: Secret | string | JsonWebKey, alg: 'RS256' | 'ES256'): { jwk: JsonWebKey; kid?: string } {
  const raw = input instanceof Secret ? input.reveal() : input;
  let key: KeyObject;
  try {
    if (typeof raw === 'string' && raw.trimStart().startsWith('{')) {
      key = createPrivateKey({ key: JSON.parse(raw) as JsonWebKey & Record<string, unknown>, format: 'jwk' });
    } else if (typeof raw === 'string') {
      key = createPrivateKey(raw);
    } else {
      key = createPrivateKey({ key: raw as JsonWebKey & Record<string, unknown>, format: 'jwk' });
    }
  } catch (cause) {
    // The cause may quote key material; it stays on the error, never in the message.
    throw misconfigured('not a readable private key (PEM or JWK)', cause);
  }
  const details = key.asymmetricKeyDetails;
  if (alg === 'RS256' && (key.asymmetricKeyType !== 'rsa' || (details?.modulusLength ?? 0) < 2048)) {
    throw misconfigured('RS256 needs an RSA key of at least 2048 bits');
  }
  if (alg === 'ES256' && (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1')) {
    throw misconfigured('ES256 needs an EC P-256 key');
  }
  const jwk = key.export({ format: 'jwk' });
  const kid = typeof raw === 'object' && !(raw instanceof Secret) ? (raw as { kid?: unknown }).kid : undefined;
  return { jwk, ...(typeof kid === 'string' ? { kid } : {}) };
}

const IMPORT_PARAMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
} as const;

/**
 * Builds oauth4webapi's ClientAuth for the configured method. The private key is imported into
 * WebCrypto once, on first use, as a non-extractable signing key.
 */
export function createClientAuth(options: ResolvedOidcOptions): () => Promise<oauth.ClientAuth> {
  const auth: OidcClientAuth = options.clientAuth;
  const { assertionAudience, sendClientId } = options.tokenEndpoint;
  if (auth.method !== 'private_key_jwt') {
    const secret = auth.secret instanceof Secret ? auth.secret.reveal() : auth.secret;
    const method = auth.method === 'client_secret_basic' ? oauth.ClientSecretBasic(secret) : oauth.ClientSecretPost(secret);
    return async () => method;
  }
  const { jwk, kid: jwkKid } = readPrivateKey(auth.privateKey, auth.alg);
  const kid = auth.kid ?? jwkKid;
  let imported: Promise<CryptoKey> | undefined;
  return async () => {
    const key = await (imported ??= crypto.subtle.importKey('jwk', jwk, IMPORT_PARAMS[auth.alg], false, ['sign']));
    return async (as, client, body, headers) => {
      const method = oauth.PrivateKeyJwt(kid ? { key, kid } : key, {
        [oauth.modifyAssertion]: (_header, payload) => {
          // Login.gov refuses the library's `aud = issuer`; the token URL is what RFC 7523 names.
          if (assertionAudience === 'token_endpoint' && as.token_endpoint) payload.aud = as.token_endpoint;
        },
      });
      await method(as, client, body, headers);
      if (!sendClientId) body.delete('client_id');
    };
  };
}
