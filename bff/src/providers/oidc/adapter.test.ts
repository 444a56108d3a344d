// The redirect seam end to end, before Login.gov and ID.me use it: an adapter on the OIDC base
// against a real OpenID Provider (Login.gov-shaped), through the BFF's routes. The widget starts
// the attempt, the person's browser goes to the provider and comes back to the callback route,
// which applies the verdict once and sends the browser back to the page.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderClient } from '@identity-verify/contract/schemas';
import { createTestBff, TEST_API_KEY, TEST_ORIGIN } from '../../testing.js';
import type { AdapterDeps } from '../types.js';
import { createOidcAdapter } from './adapter.js';
import { defineOidcProvider } from './preset.js';
import { LOGIN_GOV_ACR, LOGIN_GOV_CLIENT_ID, REDIRECT_URI, startTestOp, type TestOp } from './test-op.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
let op: TestOp;
let bff: Awaited<ReturnType<typeof createTestBff>>;
beforeAll(async () => {
  op = await startTestOp({ shape: 'login_gov', clientPublicKey: publicKey });
});
afterAll(() => op.close());
afterEach(async () => bff?.close());

const signInAt = defineOidcProvider({
  name: 'Login.gov',
  scopes: ['openid', 'email'],
  prompt: 'select_account',
  tokenEndpoint: { assertionAudience: 'token_endpoint', sendClientId: false },
  userinfo: true,
});

async function setup() {
  const logs: Record<string, unknown>[] = [];
  const deps: AdapterDeps = { fetch, streamFetch: fetch, clock: { now: () => new Date() }, timeoutMs: 5000, allowedHostnames: [], publicUrl: null, log: (e) => void logs.push(e) };
  const oidc = signInAt({
    issuer: op.issuer,
    clientId: LOGIN_GOV_CLIENT_ID,
    redirectUri: REDIRECT_URI,
    clientAuth: { method: 'private_key_jwt', privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), alg: 'RS256', kid: 'rp-key-1' },
    allowInsecureHttp: true,
  });
  const adapter = createOidcAdapter(
    {
      key: 'login_gov',
      description: { name: 'Login.gov', supported_layers: ['identity'], claim_types: ['verified_identity'], assurance_level: 'substantial', coverage: ['US'], flow: 'hosted_redirect' },
      oidc,
      acrValues: () => [LOGIN_GOV_ACR.verified],
      outcomeOf: (signIn) =>
        signIn.acr === LOGIN_GOV_ACR.verified
          ? { status: 'verified', claims: ['verified_identity'], assurance: 'substantial' }
          : { status: 'requires_input', error: { code: 'verification_failed', reason: 'Not verified.' } },
      // Login.gov's own client shape arrives with its contract file; the seam only carries it.
      clientOf: (url) => ({ provider_key: 'login_gov', flow: 'hosted_redirect', url }) as unknown as ProviderClient,
    },
    deps,
  );
  bff = await createTestBff({}, fetch, [adapter]);
  const s = await bff.readySession('US', { requirements: { layer: 'identity', min_assurance: 'substantial' } });
  const started = await bff.call('POST', '/v1/identity/verify/initiate', {
    auth: s.client_secret,
    headers: { origin: TEST_ORIGIN },
    body: { provider_key: 'login_gov', requested_claims: ['verified_identity'], return_url: `${TEST_ORIGIN}/verify` },
  });
  expect(started.status).toBe(201);
  /** The provider's redirect back, delivered to our callback route (the test OP's registered URI names another path). */
  const callback = (back: URL) => bff.call('GET', `/v1/providers/login_gov/callback${back.search}`);
  const host = async () => (await bff.call('GET', `/v1/sessions/${s.id}`, { auth: TEST_API_KEY })).json;
  return { s, started: started.json, callback, host, logs };
}

describe('a redirect provider on the OIDC base', () => {
  it('sends the person to the provider and back: the callback applies the verdict once and returns the browser to the page', async () => {
    const t = await setup();
    const authorize = new URL(t.started.client.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(JSON.stringify(t.started)).not.toMatch(/codeVerifier|code_verifier/);
    op.person = { outcome: 'approve', accountId: 'person-verified', acr: LOGIN_GOV_ACR.verified };
    const back = await op.signIn(t.started.client.url);
    const answered = await t.callback(back);
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toBe(`${TEST_ORIGIN}/verify`);
    expect(await t.host()).toMatchObject({ status: 'verified', provider_key: 'login_gov', claims: [{ type: 'verified_human', assurance_level: 'substantial' }, { type: 'verified_identity', assurance_level: 'substantial' }] });

    // The same callback again (a reload, or someone replaying it): nothing more happens.
    const replayed = await t.callback(back);
    expect([replayed.status, replayed.json.error.code]).toEqual([404, 'no_pending_session']);
    expect((await bff.store.auditTrail(t.s.id)).filter((a) => a.action === 'outcome.applied')).toHaveLength(1);
  });

  it('a person who cancels at the provider comes back to a session waiting for another way', async () => {
    const t = await setup();
    op.person = { outcome: 'deny' };
    const answered = await t.callback(await op.signIn(t.started.client.url));
    expect(answered.status).toBe(303);
    expect(await t.host()).toMatchObject({ status: 'requires_input', last_error: { code: 'abandoned' } });
  });

  it('refuses a callback whose state was altered, and the real one still works after', async () => {
    const t = await setup();
    op.person = { outcome: 'approve', accountId: 'person-verified', acr: LOGIN_GOV_ACR.verified };
    const back = await op.signIn(t.started.client.url);
    const forged = new URL(back);
    forged.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const refused = await t.callback(forged);
    expect([refused.status, refused.json.error.code]).toEqual([404, 'no_pending_session']);
    const missing = await bff.call('GET', '/v1/providers/login_gov/callback?code=abc');
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeLessThan(500);
    expect((await t.callback(back)).status).toBe(303);
    expect((await t.host()).status).toBe('verified');
  });
});
