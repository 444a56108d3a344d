// Test helper: the Login.gov emulator on a real loopback port (through the runner) and a relying
// party on panva's openid-client, set up as Login.gov asks: private_key_jwt with the token URL as
// the assertion's audience, PKCE, 22+ character state and nonce. Raw token calls sign their own
// assertions, for the refusals a library would never send.
import { createHash, createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import * as client from 'openid-client';
import { startEmulators, type RunningEmulators } from '../runner.js';
import { LOGIN_GOV_ACR } from './acr.js';
import { LOGIN_GOV_EMULATOR_CLIENT_ID, LOGIN_GOV_EMULATOR_RP_PRIVATE_KEY } from './keys.js';
import { LOGIN_GOV_PATHS } from './provider.js';

export const RP_REDIRECT_URI = 'https://rp.test/v1/providers/login_gov/callback';
export const RP_PRIVATE_KEY: KeyObject = createPrivateKey(LOGIN_GOV_EMULATOR_RP_PRIVATE_KEY);

export interface LoginGovRp {
  running: RunningEmulators<'login_gov'>;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  issuer: string;
  tokenUrl: string;
  config: client.Configuration;
  authorize(params?: Record<string, string>): Promise<{ url: URL; verifier: string; state: string; nonce: string }>;
  /** A signed RS256 client assertion: Login.gov's claims unless overridden. */
  assertion(claims?: Record<string, unknown>, key?: KeyObject): string;
  /** POSTs a token request as Login.gov documents it (no client_id); returns status and JSON. */
  tokenRaw(fields: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export const b64urlHalfSha256 = (value: string) => createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');

export async function startLoginGovRp(): Promise<LoginGovRp> {
  const running = await startEmulators({ providers: ['login_gov'] });
  running.controls.login_gov.addRedirectUri(RP_REDIRECT_URI);
  const url = running.urls.login_gov;
  const tokenUrl = `${url}${LOGIN_GOV_PATHS.token}`;
  const key = await crypto.subtle.importKey(
    'pkcs8',
    RP_PRIVATE_KEY.export({ format: 'der', type: 'pkcs8' }),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  // openid-client's default audience is the issuer, which Login.gov refuses: send the token URL.
  const auth = client.PrivateKeyJwt(key, {
    [client.modifyAssertion]: (_header, payload) => {
      payload.aud = tokenUrl;
    },
  });
  const config = await client.discovery(new URL(`${url}/`), LOGIN_GOV_EMULATOR_CLIENT_ID, {}, auth, { execute: [client.allowInsecureRequests] });

  const assertion = (claims: Record<string, unknown> = {}, signingKey: KeyObject = RP_PRIVATE_KEY) => {
    const now = Math.floor(Date.now() / 1000);
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        iss: LOGIN_GOV_EMULATOR_CLIENT_ID,
        sub: LOGIN_GOV_EMULATOR_CLIENT_ID,
        aud: tokenUrl,
        jti: randomBytes(16).toString('hex'),
        exp: now + 300,
        iat: now,
        ...claims,
      }),
    ).toString('base64url');
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), signingKey).toString('base64url');
    return `${header}.${payload}.${signature}`;
  };

  return {
    running,
    url,
    issuer: `${url}/`,
    tokenUrl,
    config,
    async authorize(params = {}) {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const authorizationUrl = client.buildAuthorizationUrl(config, {
        redirect_uri: RP_REDIRECT_URI,
        scope: 'openid email',
        acr_values: LOGIN_GOV_ACR.verified,
        prompt: 'select_account',
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        ...params,
      });
      return { url: authorizationUrl, verifier, state, nonce };
    },
    assertion,
    async tokenRaw(fields) {
      const response = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    stop: () => running.stop(),
  };
}

/** The token request fields Login.gov documents for private_key_jwt with PKCE. */
export function tokenFields(rp: LoginGovRp, code: string, verifier: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: rp.assertion(),
    ...overrides,
  };
}
