import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import * as client from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestOpEmulator, TEST_OP_CLIENT_ID, TEST_OP_HIGH_ACR, TEST_OP_LOW_ACR, type TestOpEmulator } from './test-op.js';
import { redirectPageTarget } from './persona-page.js';

const REDIRECT_URI = 'https://rp.test/callback';
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => {
    s.close(() => resolve());
    s.closeAllConnections();
  })));
});

async function listen(emulator: TestOpEmulator): Promise<string> {
  const server = serve({ fetch: emulator.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function discover(issuer: string, fetchImpl?: typeof fetch) {
  return client.discovery(new URL(issuer), TEST_OP_CLIENT_ID, {}, client.None(), {
    execute: [client.allowInsecureRequests],
    ...(fetchImpl ? { [client.customFetch]: (url: string, init: client.CustomFetchOptions) => fetchImpl(url, init as RequestInit) } : {}),
  });
}

async function authorizationUrl(config: client.Configuration) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid email',
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { url, verifier, state };
}

describe('the OIDC emulator base', () => {
  it('answers in process: the issuer is the first request origin, and a sign-in ends in tokens', async () => {
    const op = createTestOpEmulator({ redirectUris: [REDIRECT_URI] });
    const config = await discover('http://op.test/', op.fetch);
    expect(config.serverMetadata().issuer).toBe('http://op.test/');
    const { url, verifier, state } = await authorizationUrl(config);

    const callback = await op.controls.signIn(url, { person: 'bo' });
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()).toMatchObject({ iss: 'http://op.test/', sub: 'bo', aud: TEST_OP_CLIENT_ID, acr: TEST_OP_HIGH_ACR, email: 'bo@example.test' });
  });

  it('serves over real HTTP, and its sign-in page form works as a browser posts it', async () => {
    const op = createTestOpEmulator({ redirectUris: [REDIRECT_URI] });
    const base = await listen(op);
    const config = await discover(`${base}/`);
    const { url, verifier, state } = await authorizationUrl(config);

    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const pageUrl = new URL(first.headers.get('location')!, base);
    const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const page = await fetch(pageUrl, { headers: { cookie } });
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('<h1>Test OP (emulator)</h1>');
    expect(html).not.toContain('<script');
    expect(html.match(/<legend>([^<]+)<\/legend>/g)).toEqual(['<legend>Test person</legend>', '<legend>Outcome</legend>']);
    const labels = [...html.matchAll(/<label for="outcome-[^"]+">([^<]+)<\/label>/g)].map((m) => m[1]);
    expect(labels).toEqual(['Verified', 'Not verified at this level', 'Cancel (access_denied)']);
    expect(html).toMatch(/<input type="radio" id="person-ada" name="person" value="ada" checked>/);
    expect(html).toMatch(/<input type="radio" id="outcome-verified" name="outcome" value="verified" checked>/);
    const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;

    // "Not verified at this level" for the first person, as a person would choose on the page.
    let next = await fetch(new URL(action, base), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ person: 'ada', outcome: 'not_verified' }),
    });
    // A page that navigates on, not a redirect: Chromium would hold the form's redirects to its form-action.
    expect(next.status).toBe(200);
    next = await fetch(new URL(redirectPageTarget(await next.text())!, base), { redirect: 'manual', headers: { cookie } });
    while (new URL(next.headers.get('location')!, base).origin === base) {
      next = await fetch(new URL(next.headers.get('location')!, base), { redirect: 'manual', headers: { cookie } });
    }
    const callback = new URL(next.headers.get('location')!);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()).toMatchObject({ sub: 'ada', acr: TEST_OP_LOW_ACR });
  });

  it('sends a cancel to the client as error=access_denied with its state', async () => {
    const op = createTestOpEmulator({ redirectUris: [REDIRECT_URI] });
    const config = await discover('http://op.test/', op.fetch);
    const { url, state } = await authorizationUrl(config);
    const callback = await op.controls.signIn(url, { outcome: 'cancel' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('refuses a redirect URI until it is registered at run time, over HTTP too', async () => {
    const op = createTestOpEmulator();
    const config = await discover('http://op.test/', op.fetch);
    const { url } = await authorizationUrl(config);
    await expect(op.controls.signIn(url)).rejects.toThrow(/HTTP 400.*redirect_uri/);

    const added = await op.fetch('http://op.test/__emulator__/test_op/redirect_uris', { method: 'POST', body: JSON.stringify({ uri: REDIRECT_URI }) });
    expect(added.status).toBe(201);
    const signIn = await op.fetch('http://op.test/__emulator__/test_op/sign_in', { method: 'POST', body: JSON.stringify({ authorization_url: url.href }) });
    const { callback_url } = (await signIn.json()) as { callback_url: string };
    expect(new URL(callback_url).searchParams.has('code')).toBe(true);
  });

  it('answers an unknown choice with the page again and an alert', async () => {
    const op = createTestOpEmulator({ redirectUris: [REDIRECT_URI] });
    const config = await discover('http://op.test/', op.fetch);
    const { url } = await authorizationUrl(config);
    const first = await op.fetch(url.href, { redirect: 'manual' });
    const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const posted = await op.fetch(new URL(first.headers.get('location')!, 'http://op.test').href, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'person=nobody&outcome=verified',
    });
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain('<p role="alert">Unknown test person &quot;nobody&quot;.</p>');
  });

  it('expires codes on the emulator clock, and reset forgets codes and the issuer', async () => {
    const op = createTestOpEmulator({ redirectUris: [REDIRECT_URI] });
    const config = await discover('http://op.test/', op.fetch);
    const { url, verifier, state } = await authorizationUrl(config);
    const callback = await op.controls.signIn(url);
    op.controls.clock.advance(61);
    await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state })).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    op.controls.reset();
    expect(op.core.issuer()).toBeUndefined();
    const again = await discover('http://elsewhere.test/', op.fetch);
    expect(again.serverMetadata().issuer).toBe('http://elsewhere.test/');
  });
});
