// The OIDC base's checks that need no provider: options refused when the client is built, the
// pending data, the state comparison, and the public codes its errors map to.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_ERRORS, OUTCOME_ERRORS } from '@identity-verify/contract/errors';
import { ProviderError } from '../../errors.js';
import { Secret } from '../../security/secret.js';
import { createOidcClient } from './client.js';
import { OIDC_ERROR_CODES, OIDC_PUBLIC_CODES, OidcError, oidcErrorToApiError } from './errors.js';
import type { OidcClientOptions } from './options.js';
import { defineOidcProvider } from './preset.js';
import { sameState, stateRef } from './pending.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const noFetch: typeof fetch = () => Promise.reject(new Error('no request expected'));
const base: OidcClientOptions = {
  issuer: 'https://idp.example.test/',
  clientId: 'client-1',
  redirectUri: 'https://bff.example.test/v1/providers/x/callback',
  scopes: ['openid', 'email'],
  clientAuth: { method: 'client_secret_post', secret: 's3cret' },
  fetch: noFetch,
};
const metadata = {
  issuer: 'https://idp.example.test/',
  authorization_endpoint: 'https://idp.example.test/authorize?tenant=a',
  token_endpoint: 'https://idp.example.test/token',
  jwks_uri: 'https://idp.example.test/jwks',
};

function misconfigured(options: OidcClientOptions): OidcError {
  try {
    createOidcClient(options);
  } catch (error) {
    expect(error).toBeInstanceOf(OidcError);
    expect((error as OidcError).code).toBe('oidc_misconfigured');
    return error as OidcError;
  }
  throw new Error('createOidcClient accepted the options');
}

describe('createOidcClient options', () => {
  it('names the bad option', () => {
    expect(misconfigured({ ...base, issuer: 'http://idp.example.test/' }).message).toContain('issuer');
    expect(misconfigured({ ...base, scopes: ['email'] }).message).toContain('scopes');
    expect(misconfigured({ ...base, clientId: '' }).message).toContain('clientId');
    expect(misconfigured({ ...base, timeoutMs: 0 }).message).toContain('timeoutMs');
    expect(misconfigured({ ...base, clientAuth: { method: 'client_secret_basic', secret: '' } }).message).toContain('secret');
    expect(misconfigured({ ...base, metadata: { ...metadata, issuer: 'https://other.example.test/' } }).message).toContain('issuer');
    expect(() => createOidcClient({ ...base, issuer: 'http://127.0.0.1:4000/', allowInsecureHttp: true })).not.toThrow();
  });

  it('reads the private key at once, and refuses one that does not fit the algorithm, without quoting it', () => {
    const jwt = (privateKey: Secret | string | JsonWebKey, alg: 'RS256' | 'ES256' = 'RS256'): OidcClientOptions => ({
      ...base,
      clientAuth: { method: 'private_key_jwt', privateKey, alg },
    });
    expect(() => createOidcClient(jwt(new Secret(pem)))).not.toThrow();
    expect(() => createOidcClient(jwt(new Secret(JSON.stringify(rsa.privateKey.export({ format: 'jwk' })))))).not.toThrow();
    const garbage = misconfigured(jwt('-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----'));
    expect(garbage.message).not.toContain('bm90IGEga2V5');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(misconfigured(jwt(small)).message).toContain('2048');
    expect(misconfigured(jwt(pem, 'ES256')).message).toContain('P-256');
    expect(misconfigured(jwt(rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString())).message).toContain('not a readable private key');
  });

  it('builds the authorization URL from static metadata without a request, keeping the endpoint’s own query', async () => {
    const client = createOidcClient({ ...base, metadata });
    const { url, pending } = await client.startAuthorization({ extraParams: { verified_within: '30d' } });
    const params = new URL(url).searchParams;
    expect(params.get('tenant')).toBe('a');
    expect(params.get('verified_within')).toBe('30d');
    expect(params.get('redirect_uri')).toBe(base.redirectUri);
    expect(params.get('response_type')).toBe('code');
    expect(pending.ref).toBe(stateRef(pending.state));
    await expect(client.startAuthorization({ extraParams: { state: 'mine' } })).rejects.toMatchObject({ code: 'oidc_misconfigured' });
    await expect(client.startAuthorization({ scopes: ['email'] })).rejects.toMatchObject({ code: 'oidc_misconfigured' });
  });

  it('gives every attempt its own state, nonce and verifier', async () => {
    const client = createOidcClient({ ...base, metadata });
    const [a, b] = await Promise.all([client.startAuthorization(), client.startAuthorization()]);
    expect(new Set([a.pending.state, a.pending.nonce, a.pending.codeVerifier, b.pending.state, b.pending.nonce]).size).toBe(5);
  });

  it('refuses pending data that is not what startAuthorization returned', async () => {
    const client = createOidcClient({ ...base, metadata });
    await expect(client.finishAuthorization('?code=a&state=b', { state: 'b' })).rejects.toMatchObject({ code: 'oidc_misconfigured' });
  });
});

describe('defineOidcProvider', () => {
  it('leaves the deployment’s settings required, by type and at run time', () => {
    const provider = defineOidcProvider({ name: 'Example', scopes: ['openid', 'email'], tokenEndpoint: { sendClientId: false } });
    // @ts-expect-error clientId, redirectUri and clientAuth belong to the deployment and are missing
    expect(() => provider({ issuer: 'https://idp.example.test/' })).toThrow(OidcError);
    const { scopes: _fixed, ...deployment } = base;
    expect(provider({ ...deployment, metadata }).issuer).toBe(base.issuer);
  });
});

describe('state comparison', () => {
  it('matches only the same string', () => {
    const state = 'a'.repeat(43);
    expect(sameState(state, state)).toBe(true);
    expect(sameState(state, `${state}a`)).toBe(false);
    expect(sameState(state, 'b'.repeat(43))).toBe(false);
    expect(sameState(state, '')).toBe(false);
  });
});

describe('OIDC errors', () => {
  it('map every code onto a public API code and outcome that exist', () => {
    for (const code of OIDC_ERROR_CODES) {
      const mapped = OIDC_PUBLIC_CODES[code];
      expect(API_ERRORS).toHaveProperty(mapped.api);
      if (mapped.outcome !== null) expect(OUTCOME_ERRORS).toHaveProperty(mapped.outcome);
    }
  });

  it('become the ApiError the error boundary answers with, the provider’s text left behind', () => {
    const raw = { error_description: 'Ada Lovelace, born 1815-12-10, was not found' };
    const timeout = oidcErrorToApiError(new OidcError('oidc_timeout', 'Login.gov did not answer within 10000 ms.'), 'login_gov');
    expect(timeout).toBeInstanceOf(ProviderError);
    expect(timeout).toMatchObject({ code: 'provider_timeout', status: 504 });
    const forged = new OidcError('oidc_state_mismatch', 'The callback is not for this attempt.', { providerResponse: raw });
    const api = oidcErrorToApiError(forged, 'login_gov');
    expect(api).toMatchObject({ code: 'token_mismatch', status: 422, details: { provider: 'login_gov', reason: 'oidc_state_mismatch' } });
    expect(api.cause).toBe(forged);
    expect(JSON.stringify(forged)).not.toContain('Ada');
    expect(Object.keys(forged)).not.toContain('providerResponse');
    expect(forged.providerResponse).toBe(raw);
  });
});
