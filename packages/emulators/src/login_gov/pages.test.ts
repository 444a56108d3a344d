// The Login.gov emulator's pages as a browser uses them: the sign-in page's form posted with the
// person's choices, and the logout confirmation; and how the stack wires it to a BFF.
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_GOV_ACR } from './acr.js';
import { redirectPageTarget } from '../shared/oidc/index.js';
import { LOGIN_GOV_EMULATOR_CLIENT_ID, LOGIN_GOV_EMULATOR_RP_PRIVATE_KEY } from './keys.js';
import { RP_REDIRECT_URI, startLoginGovRp, type LoginGovRp } from './testing.js';
import { loginGovWiring } from './wiring.js';

let rp: LoginGovRp;
beforeAll(async () => {
  rp = await startLoginGovRp();
});
afterAll(() => rp.stop());

/** A browser's cookie jar, enough for one origin (the emulator scopes cookies by path). */
function browser() {
  const cookies = new Map<string, string>();
  return async (url: URL | string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (value) cookies.set(name, value);
      else cookies.delete(name);
    }
    return response;
  };
}

const radios = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`<input type="radio" id="([^"]+)" name="${name}" value="([^"]+)"( checked)?> <label for="\\1">(.+?)</label>`, 'g'))].map(
    (m) => ({ value: m[2]!, checked: Boolean(m[3]), label: m[4]!.replace(/<[^>]+>/g, '') }),
  );

describe('the Login.gov sign-in page', () => {
  it('names the emulator, offers the test people and outcomes, and its form completes the sign-in', async () => {
    const go = browser();
    const { url, verifier, state, nonce } = await rp.authorize({ scope: 'openid email profile:name', acr_values: LOGIN_GOV_ACR.verified });
    let response = await go(url);
    while (response.status !== 200) response = await go(new URL(response.headers.get('location')!, rp.url));
    const pageUrl = new URL(response.url);
    const html = await response.text();

    expect(html).toContain('<h1>Login.gov (emulator)</h1>');
    expect(html).not.toMatch(/<script|style=/);
    expect(radios(html, 'person').map((p) => p.label)).toEqual([
      'Marisol Testwell: identity verified with facial match',
      'Desmond Okafor-Test: identity verified without facial match',
      'Ines Accountonly: account only, identity not verified yet (verifies during the sign-in when asked)',
    ]);
    expect(radios(html, 'person')[0]!.checked).toBe(true);
    expect(radios(html, 'outcome')).toEqual([
      { value: 'verified', checked: true, label: 'Verified' },
      { value: 'not_verified', checked: false, label: 'Not verified at this level' },
      { value: 'cancel', checked: false, label: 'Cancel (access_denied)' },
    ]);
    expect(html).toContain('<button type="submit">Continue</button>');

    // The person picks Desmond and keeps "Verified", and the browser follows the redirects out.
    const action = new URL(/<form method="post" action="([^"]+)"/.exec(html)![1]!, pageUrl);
    const person = radios(html, 'person').find((p) => p.label.startsWith('Desmond'))!.value;
    response = await go(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ person, outcome: 'verified' }),
    });
    // The form's answer is a page that navigates on (as Login.gov's client-side redirect does).
    expect(response.status).toBe(200);
    const onward = redirectPageTarget(await response.text());
    expect(onward).not.toBeNull();
    let location = new URL(onward!, rp.url);
    while (location.origin === rp.url) {
      response = await go(location);
      location = new URL(response.headers.get('location')!, rp.url);
    }
    expect(`${location.origin}${location.pathname}`).toBe(RP_REDIRECT_URI);
    const tokens = await client.authorizationCodeGrant(rp.config, location, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    expect(tokens.claims()).toMatchObject({ acr: LOGIN_GOV_ACR.verified, given_name: 'Desmond', family_name: 'Okafor-Test' });
  });

  it('confirms a logout before sending the person back with the state', async () => {
    const go = browser();
    const state = client.randomState();
    const logout = new URL(`${rp.url}/openid_connect/logout`);
    logout.search = new URLSearchParams({ client_id: LOGIN_GOV_EMULATOR_CLIENT_ID, post_logout_redirect_uri: RP_REDIRECT_URI, state }).toString();
    const page = await go(logout);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<h2>Do you want to sign out of Login.gov?</h2>');
    expect(html).not.toContain('<script');
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html)!;
    const fields = Object.fromEntries([...form[2]!.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const confirmed = await go(new URL(form[1]!, rp.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    const back = new URL(confirmed.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(RP_REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe(state);
  });

  it('refuses a logout with id_token_hint, as Login.gov now does', async () => {
    const logout = `${rp.url}/openid_connect/logout?client_id=${encodeURIComponent(LOGIN_GOV_EMULATOR_CLIENT_ID)}&post_logout_redirect_uri=${encodeURIComponent(RP_REDIRECT_URI)}&id_token_hint=abc`;
    const html = await (await fetch(logout)).text();
    expect(html).toContain('Id token hint This application is misconfigured and should not be sending id_token_hint. Please send client_id instead.');
  });
});

describe('the Login.gov wiring', () => {
  it('gives the BFF the trailing-slash issuer, the client and its key, and registers the BFF callback', () => {
    const at = { url: 'http://127.0.0.1:4100', urlOf: () => 'unused' };
    expect(loginGovWiring.bffEnv(at)).toEqual({
      LOGIN_GOV_ISSUER: 'http://127.0.0.1:4100/',
      LOGIN_GOV_CLIENT_ID: LOGIN_GOV_EMULATOR_CLIENT_ID,
      LOGIN_GOV_PRIVATE_KEY: LOGIN_GOV_EMULATOR_RP_PRIVATE_KEY.trim().replace(/\n/g, '\\n'),
    });
    expect(Object.keys(loginGovWiring.secrets)).toEqual(['LOGIN_GOV_PRIVATE_KEY']);
    const emulator = loginGovWiring.create();
    const connected = loginGovWiring.connect!({ ...at, bffUrl: 'http://127.0.0.1:4000', controls: emulator.controls });
    expect(connected.webhooks).toEqual([]);
    expect(emulator.controls.redirectUris()).toEqual(['http://127.0.0.1:4000/v1/providers/login_gov/callback']);
  });
});
