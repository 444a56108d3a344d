// A real OpenID Provider for the OIDC base's tests (panva's certified oidc-provider) on a free
// loopback port, shaped like Login.gov or ID.me, with a scripted person who approves or cancels.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Provider, { errors, interactionPolicy, type ClientMetadata, type Configuration, type InteractionResults } from 'oidc-provider';

export const REDIRECT_URI = 'https://bff.test/v1/providers/oidc/callback';
export const LOGIN_GOV_CLIENT_ID = 'urn:gov:gsa:openidconnect.profiles:sp:sso:test:identity_verify';
export const LOGIN_GOV_ACR = {
  authOnly: 'urn:acr.login.gov:auth-only',
  verified: 'urn:acr.login.gov:verified',
  ial2: 'urn:acr.login.gov:verified-facial-match-required',
  aal2: 'http://idmanagement.gov/ns/assurance/aal/2',
} as const;
export const IDME_CLIENTS = {
  post: 'idme-post-client',
  basic: 'idme-basic-client',
  secret: 'idme-test-secret-0123456789',
  /** private_key_jwt with ES256, registered when the RP's public key is given. */
  es256: 'idme-es256-client',
} as const;

export type Person = { outcome: 'approve'; accountId: string; acr?: string } | { outcome: 'deny' };

export interface TestOp {
  origin: string;
  issuer: string;
  provider: Provider;
  /** The OP's id_token signing key (kid op-key-1), for tests that forge a token the OP could have signed. */
  signingKey: KeyObject;
  /** What the person does at the next sign-in. */
  person: Person;
  /** The person's browser: follows the authorization URL to the callback URL (which is not fetched). */
  signIn(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
}

export interface TestOpOptions {
  shape: 'login_gov' | 'idme';
  /** The RP's public key for private_key_jwt: RSA for the Login.gov shape, EC P-256 for the ID.me shape's extra client. */
  clientPublicKey?: KeyObject;
}

const PEOPLE: Record<string, Record<string, unknown>> = {
  'person-verified': { email: 'ada@example.test', email_verified: true, given_name: 'Ada', family_name: 'Lovelace', birthdate: '1815-12-10' },
};

function loginGovConfig(signingKey: KeyObject, clientPublicKey: KeyObject): Configuration {
  const policy = interactionPolicy.base();
  // Login.gov asks for prompt=select_account; oidc-provider refuses unknown prompts unless declared.
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);
  const client: ClientMetadata = {
    client_id: LOGIN_GOV_CLIENT_ID,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    jwks: { keys: [{ ...clientPublicKey.export({ format: 'jwk' }), kid: 'rp-key-1', use: 'sig' }] },
    redirect_uris: [REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  };
  return {
    clients: [client],
    routes: {
      authorization: '/openid_connect/authorize',
      token: '/api/openid_connect/token',
      userinfo: '/api/openid_connect/userinfo',
      jwks: '/api/openid_connect/certs',
      end_session: '/openid_connect/logout',
    },
    acrValues: Object.values(LOGIN_GOV_ACR),
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Login.gov puts the scoped user claims in the id_token too.
    conformIdTokenClaims: false,
    // Login.gov accepts only the token URL as the assertion's audience (REMAINING-PROVIDERS §1).
    async assertJwtClientAuthClaimsAndHeader(ctx, claims) {
      const token = ctx.oidc.urlFor('token');
      if (![claims.aud].flat().includes(token)) throw new errors.InvalidClientAuth(`aud must contain ${token}`);
    },
    ...common(signingKey),
  };
}

function idmeConfig(signingKey: KeyObject, clientPublicKey: KeyObject | undefined): Configuration {
  const base: Omit<ClientMetadata, 'client_id'> = { redirect_uris: [REDIRECT_URI], response_types: ['code'], grant_types: ['authorization_code'] };
  const jwtClient: ClientMetadata[] = clientPublicKey
    ? [{
        ...base,
        client_id: IDME_CLIENTS.es256,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        jwks: { keys: [{ ...clientPublicKey.export({ format: 'jwk' }), kid: 'rp-es256', use: 'sig' }] },
      }]
    : [];
  return {
    clients: [
      { ...base, client_id: IDME_CLIENTS.post, client_secret: IDME_CLIENTS.secret, token_endpoint_auth_method: 'client_secret_post' },
      { ...base, client_id: IDME_CLIENTS.basic, client_secret: IDME_CLIENTS.secret, token_endpoint_auth_method: 'client_secret_basic' },
      ...jwtClient,
    ],
    routes: { authorization: '/oauth/authorize', token: '/oauth/token', userinfo: '/api/public/v3/userinfo', jwks: '/oidc/.well-known/jwks' },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ...common(signingKey),
  };
}

function common(signingKey: KeyObject): Configuration {
  return {
    jwks: { keys: [{ ...signingKey.export({ format: 'jwk' }), kid: 'op-key-1', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['test-op-cookie-key-which-is-long-enough'] },
    scopes: ['openid', 'email', 'profile', 'login'],
    claims: { email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'birthdate'] },
    pkce: { required: () => true },
    ttl: { AccessToken: 300, AuthorizationCode: 300, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    features: { devInteractions: { enabled: false }, userinfo: { enabled: true } },
    async findAccount(_ctx, accountId) {
      const person = PEOPLE[accountId];
      if (!person) return undefined;
      return { accountId, claims: async () => ({ sub: accountId, ...person }) };
    },
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}

export async function startTestOp(options: TestOpOptions): Promise<TestOp> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handle(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const shape = options.shape;
  const issuer = shape === 'login_gov' ? `${origin}/` : `${origin}/oidc`;
  if (shape === 'login_gov' && !options.clientPublicKey) throw new Error('the Login.gov shape needs the RP public key');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const config = shape === 'login_gov' ? loginGovConfig(signingKey, options.clientPublicKey!) : idmeConfig(signingKey, options.clientPublicKey);
  const provider = new Provider(issuer, config);
  const callback = provider.callback();

  const op: TestOp = {
    origin,
    issuer,
    provider,
    signingKey,
    person: { outcome: 'approve', accountId: 'person-verified' },
    signIn: (url) => drive(origin, url),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };

  handle = (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      finishInteraction(provider, req, res, op.person, shape).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    // ID.me's discovery also answers under the issuer's path (REMAINING-PROVIDERS §3).
    if (req.url === '/oidc/.well-known/openid-configuration') req.url = '/.well-known/openid-configuration';
    callback(req, res);
  };
  return op;
}

async function finishInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse, person: Person, shape: TestOpOptions['shape']) {
  const details = await provider.interactionDetails(req, res);
  let result: InteractionResults;
  if (person.outcome === 'deny') {
    result = { error: 'access_denied', error_description: 'The person cancelled at the test OP.' };
  } else {
    const grant = new provider.Grant({ accountId: person.accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    result = {
      login: { accountId: person.accountId, ...(person.acr ? { acr: person.acr } : {}) },
      consent: { grantId },
      // Without it the select_account prompt would be asked again and again.
      ...(shape === 'login_gov' ? { select_account: {} } : {}),
    };
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

/** Follows redirects with a cookie jar until the browser would leave the OP: that URL is the callback. */
async function drive(origin: string, authorizationUrl: string): Promise<URL> {
  const jar = new Map<string, string>();
  let next = new URL(authorizationUrl);
  for (let hop = 0; hop < 10; hop += 1) {
    if (next.origin !== origin) return next;
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(next, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0]!;
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) jar.set(name, value);
      else jar.delete(name);
    }
    const location = response.headers.get('location');
    const body = await response.text();
    if (!location) throw new Error(`the test OP stopped at ${next.pathname} with HTTP ${response.status}: ${body.slice(0, 300)}`);
    next = new URL(location, next);
  }
  throw new Error('too many redirects at the test OP');
}
