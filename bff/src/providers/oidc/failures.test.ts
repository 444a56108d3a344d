// How the OIDC base fails when the provider does: 5xx, a timeout, bodies that are not what the
// protocol says, a forged signature, a discovery that cannot be used (and is not cached).
import { createHash, createSign, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOidcClient, type OidcClient } from './client.js';
import { ProviderError } from '../../errors.js';
import { OidcError, oidcErrorToApiError, type OidcErrorCode } from './errors.js';
import { serverMetadataSchema, type OidcClientOptions } from './options.js';
import { IDME_CLIENTS, REDIRECT_URI, startTestOp, type TestOp } from './test-op.js';

let op: TestOp;
/** Answers instead of the provider for the URLs it returns a Response for. */
let intercept: (url: string, init: RequestInit | undefined) => Promise<Response> | undefined;
let calls: string[];

const interceptingFetch: typeof fetch = (input, init) => {
  calls.push(String(input));
  return intercept(String(input), init) ?? fetch(input, init);
};

function idme(overrides: Partial<OidcClientOptions> = {}): OidcClient {
  return createOidcClient({
    name: 'ID.me',
    issuer: op.issuer,
    clientId: IDME_CLIENTS.post,
    redirectUri: REDIRECT_URI,
    scopes: ['openid', 'email'],
    clientAuth: { method: 'client_secret_post', secret: IDME_CLIENTS.secret },
    allowInsecureHttp: true,
    fetch: interceptingFetch,
    ...overrides,
  });
}

async function finishWith(
  onToken: (url: string, init: RequestInit | undefined) => Promise<Response>,
  client = idme(),
): Promise<OidcError> {
  const { url, pending } = await client.startAuthorization();
  const callback = await op.signIn(url);
  intercept = (target, init) => (target === `${op.origin}/oauth/token` ? onToken(target, init) : undefined);
  const error = await client.finishAuthorization(callback, pending).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(OidcError);
  return error as OidcError;
}

const expectCode = (error: OidcError, code: OidcErrorCode) => expect(error.code, error.message).toBe(code);

beforeAll(async () => {
  op = await startTestOp({ shape: 'idme' });
});
afterAll(() => op.close());
beforeEach(() => {
  intercept = () => undefined;
  calls = [];
});

describe('OIDC base: the token endpoint fails', () => {
  it('a 500 is a provider error, its body kept only off the error’s enumerable fields', async () => {
    const error = await finishWith(async () => new Response('<h1>Internal error for ada@example.test</h1>', { status: 500 }));
    expectCode(error, 'oidc_provider_error');
    expect(error.providerResponse).toMatchObject({ status: 500 });
    expect(JSON.stringify(error)).not.toContain('ada@example.test');
    expect(error.message).not.toContain('ada@example.test');
  });

  it('names the call and the status for the operator: a ProviderError with operation token and status 500', async () => {
    const error = await finishWith(async () => new Response('{"error":"server_error"}', { status: 500, headers: { 'content-type': 'application/json' } }));
    expect([error.operation, error.status]).toEqual(['token', 500]);
    const api = oidcErrorToApiError(error, 'id_me');
    expect(api).toBeInstanceOf(ProviderError);
    expect((api as ProviderError).logFields()).toMatchObject({ provider: 'id_me', operation: 'token', status: 500 });
  });

  it('a 503 or 429 means the provider is busy', async () => {
    expectCode(await finishWith(async () => new Response('busy', { status: 503 })), 'oidc_provider_unavailable');
    expectCode(await finishWith(async () => new Response('slow down', { status: 429 })), 'oidc_provider_unavailable');
  });

  it('no answer within the timeout is oidc_timeout', async () => {
    const hang = (_url: string, init: RequestInit | undefined) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true });
      });
    // Static metadata: only the token request runs under the short timeout, however busy the machine.
    const metadata = await idme().metadata();
    const error = await finishWith(hang, idme({ timeoutMs: 200, metadata: serverMetadataSchema.parse(metadata) }));
    expectCode(error, 'oidc_timeout');
    expect(error.message).toContain('200 ms');
  });

  it('a 200 that is not JSON, or JSON without an id_token, is a bad response', async () => {
    const html = async () => new Response('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    expectCode(await finishWith(html), 'oidc_bad_response');
    const noIdToken = async (url: string, init: RequestInit | undefined) => {
      const body = (await (await fetch(url, init)).json()) as Record<string, unknown>;
      delete body.id_token;
      return Response.json(body);
    };
    expectCode(await finishWith(noIdToken), 'oidc_bad_response');
  });

  it('a 400 whose body is not an OAuth error is still a provider error, with its status', async () => {
    const error = await finishWith(async () => Response.json({ message: 'nope' }, { status: 400 }));
    expectCode(error, 'oidc_provider_error');
    expect(error.oauthError).toBeUndefined();
    expect(error.providerResponse).toMatchObject({ status: 400 });
  });

  it('a Login.gov-style error sentence stays out of the message and of oauthError', async () => {
    const sentence = 'Code is invalid because doesn’t match any user. Please see our developer documentation';
    const error = await finishWith(async () => Response.json({ error: sentence }, { status: 400 }));
    expectCode(error, 'oidc_provider_error');
    expect(error.oauthError).toBeUndefined();
    expect(error.message).not.toContain('Code is invalid');
  });
});

describe('OIDC base: the id_token does not hold', () => {
  // oidc-provider puts no at_hash in token-endpoint id_tokens; Login.gov does. Re-sign with the OP's key to add one.
  const withAtHash = (atHash: (accessToken: string) => string) => async (url: string, init: RequestInit | undefined) => {
    const body = (await (await fetch(url, init)).json()) as Record<string, unknown>;
    const [header, payload] = String(body.id_token).split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    const input = [header, { ...payload, at_hash: atHash(String(body.access_token)) }]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.');
    const signature = createSign('RSA-SHA256').update(input).sign(op.signingKey).toString('base64url');
    return Response.json({ ...body, id_token: `${input}.${signature}` });
  };
  const leftHalfSha256 = (token: string) => createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url');

  it('an at_hash that does not match the access token is refused; a matching one passes', async () => {
    const error = await finishWith(withAtHash((token) => leftHalfSha256(`${token}-swapped`)));
    expectCode(error, 'oidc_invalid_id_token');
    expect(error.message).toContain('at_hash');

    const client = idme();
    const { url, pending } = await client.startAuthorization();
    const callback = await op.signIn(url);
    intercept = (target, init) => (target === `${op.origin}/oauth/token` ? withAtHash(leftHalfSha256)(target, init) : undefined);
    await expect(client.finishAuthorization(callback, pending)).resolves.toMatchObject({ subject: 'person-verified' });
  });

  it('an id_token not signed by a key of the provider’s JWKS is refused', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { url, pending } = await idme().startAuthorization();
    const callback = await op.signIn(url);
    const client = idme();
    intercept = (target) =>
      target === `${op.origin}/oidc/.well-known/jwks`
        ? Promise.resolve(Response.json({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'op-key-1', use: 'sig', alg: 'RS256' }] }))
        : undefined;
    const error = await client.finishAuthorization(callback, pending).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'oidc_invalid_id_token' });
  });
});

describe('OIDC base: userinfo', () => {
  async function userinfoFailure(answer: () => Promise<Response>): Promise<unknown> {
    const client = idme({ userinfo: true });
    const { url, pending } = await client.startAuthorization();
    const callback = await op.signIn(url);
    intercept = (target) => (target === `${op.origin}/api/public/v3/userinfo` ? answer() : undefined);
    return client.finishAuthorization(callback, pending).then(() => null, (e: unknown) => e);
  }

  it('userinfo about another subject is refused', async () => {
    expect(await userinfoFailure(async () => Response.json({ sub: 'someone-else', email: 'eve@example.test' }))).toMatchObject({
      code: 'oidc_bad_response',
    });
  });

  it('a userinfo refused with 401 is a provider error', async () => {
    const refused = async () =>
      new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    expect(await userinfoFailure(refused)).toMatchObject({ code: 'oidc_provider_error' });
  });
});

describe('OIDC base: discovery', () => {
  it('an unreachable provider is oidc_unreachable', async () => {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as { port: number };
    probe.close();
    await once(probe, 'close');
    const error = await idme({ issuer: `http://127.0.0.1:${port}/oidc` }).startAuthorization().then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'oidc_unreachable' });
  });

  it('a failed discovery is not cached; a good one is reused', async () => {
    const client = idme();
    let failures = 1;
    intercept = (url) =>
      url.endsWith('/.well-known/openid-configuration') && failures-- > 0 ? Promise.resolve(new Response('not here', { status: 404 })) : undefined;
    const error = await client.startAuthorization().then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'oidc_discovery_failed' });
    await client.startAuthorization();
    await client.startAuthorization();
    expect(calls.filter((url) => url.endsWith('/.well-known/openid-configuration'))).toHaveLength(2);
  });

  it('a discovery document of another issuer cannot be used', async () => {
    const error = await idme({ issuer: `${op.origin}/elsewhere`, discoveryUrl: `${op.origin}/.well-known/openid-configuration` })
      .startAuthorization()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'oidc_discovery_failed' });
    expect((error as Error).message).toContain(`${op.origin}/elsewhere`);
  });

  it('a discovery document that is not JSON, or lacks the token endpoint, cannot be used', async () => {
    intercept = (url) => (url.endsWith('/openid-configuration') ? Promise.resolve(new Response('<html/>', { status: 200 })) : undefined);
    expect(await idme().startAuthorization().catch((e: unknown) => e)).toMatchObject({ code: 'oidc_discovery_failed' });
    intercept = (url) =>
      url.endsWith('/openid-configuration')
        ? Promise.resolve(Response.json({ issuer: op.issuer, authorization_endpoint: `${op.origin}/oauth/authorize`, jwks_uri: `${op.origin}/jwks` }))
        : undefined;
    const error = await idme().startAuthorization().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'oidc_discovery_failed' });
    expect((error as Error).message).toContain('token_endpoint');
  });
});
