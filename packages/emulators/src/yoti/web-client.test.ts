// The emulated user view as served: a strict CSP, no inline script or style, every control
// labelled, the 2000-series launch refusals, and finishing: SUCCESS completes the session, an
// error code leaves it ongoing, success_url / error_url replace the message with a link.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createYotiEmulator, type YotiEmulator } from './app.js';
import { signedCall } from './testing.js';
import { USER_VIEW_CSP, WEB_LABELS } from './web-client.js';

const API = 'https://api.yoti.com/idverify/v1';
const HOST = 'https://shop.example';
let emu: YotiEmulator;
beforeEach(() => {
  emu = createYotiEmulator();
});

async function createSession(spec: Record<string, unknown> = {}) {
  return (await signedCall(emu, 'POST', '/sessions', spec)).json as { session_id: string; client_session_token: string };
}

async function open(query: string, referer = `${HOST}/checkout`) {
  const res = await emu.fetch(`${API}/web/index.html${query}`, { headers: { referer } });
  return { res, html: await res.text() };
}

async function finish(session: { session_id: string; client_session_token: string }, fields: Record<string, string>) {
  const form = new URLSearchParams({ sessionID: session.session_id, sessionToken: session.client_session_token, parentOrigin: HOST, person: 'amelia', outcome: 'verified', ...fields });
  const res = await emu.fetch(`${API}/web/complete`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  return { res, html: await res.text() };
}

const dataOf = (html: string) => Object.fromEntries([...(/<main([^>]*)>/.exec(html)?.[1] ?? '').matchAll(/data-([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

describe('the user view page', () => {
  it('runs under a strict CSP with its script and style as files, and labels every control', async () => {
    const s = await createSession({ identity_profile_requirements: { trust_framework: 'UK_TFIDA', scheme: { type: 'RTW' } } });
    const { res, html } = await open(`?sessionID=${s.session_id}&sessionToken=${s.client_session_token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(USER_VIEW_CSP);
    expect(USER_VIEW_CSP).toMatch(/script-src 'self'(;|$)/);
    expect(USER_VIEW_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/);
    const ids = [...html.matchAll(/<input type="radio" id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain(`<legend>${WEB_LABELS.person}</legend>`);
    expect(html).toContain(`<legend>${WEB_LABELS.outcome}</legend>`);
    expect(html).toContain(WEB_LABELS.profileNotMet);
    expect(html).toContain('UK_TFIDA RTW');
    expect(html).toContain('<h2>Your face</h2>');
    expect(html).toMatch(/<button type="submit">Finish<\/button>/);
    expect(dataOf(html)['parent-origin']).toBe(HOST);
  });

  it('serves its script, which posts only to the parent origin and never to "*"', async () => {
    const js = await (await emu.fetch(`${API}/web/assets/user-view.js`)).text();
    expect(js).toContain('window.parent.postMessage(message, origin)');
    expect(js).not.toMatch(/postMessage\([^)]*['"]\*['"]/);
    expect(js).toMatch(/event\.source !== window\.parent \|\| event\.origin !== origin/);
    expect(js).not.toMatch(/\beval\(|new Function/);
    expect(js).toBe(readFileSync(new URL('./assets/user-view.js', import.meta.url), 'utf8'));
  });

  it('refuses a launch with the web client codes 2000-2004', async () => {
    const s = await createSession();
    const code = async (query: string) => dataOf((await open(query)).html)['event-code'];
    expect(await code(`?sessionToken=${s.client_session_token}`)).toBe('2004');
    expect(await code(`?sessionID=${s.session_id}`)).toBe('2003');
    expect(await code(`?sessionID=${randomUUID()}&sessionToken=${s.client_session_token}`)).toBe('2001');
    expect(await code(`?sessionID=${s.session_id}&sessionToken=${randomUUID()}`)).toBe('2000');
    emu.controls.clock.advance(601);
    const expired = await open(`?sessionID=${s.session_id}&sessionToken=${s.client_session_token}`);
    expect(expired.res.status).toBe(400);
    expect(dataOf(expired.html)).toMatchObject({ 'event-type': 'ERROR', 'event-code': '2002' });
    expect(expired.html).toContain('role="alert"');
  });

  it('loaded bare, waits for INIT_SESSION', async () => {
    const { html } = await open('');
    expect(dataOf(html)).toEqual({ mode: 'await-init', 'parent-origin': HOST });
  });
});

describe('finishing the view', () => {
  it('verified: the result page carries SUCCESS for the parent and the session is complete', async () => {
    const s = await createSession({ requested_checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY' }] });
    const { html } = await finish(s, { person: 'lucia' });
    expect(dataOf(html)).toEqual({ 'parent-origin': HOST, 'event-type': 'SUCCESS' });
    const view = emu.controls.session(s.session_id)!;
    expect(view.state).toBe('COMPLETED');
    expect(view.personId).toBe('lucia');
    // The token is spent: opening the view again is refused.
    expect(dataOf((await open(`?sessionID=${s.session_id}&sessionToken=${s.client_session_token}`)).html)['event-code']).toBe('2000');
  });

  it('camera refused: ERROR 4000, and the session stays ongoing for a retry', async () => {
    const s = await createSession();
    const { html } = await finish(s, { outcome: 'error_4000' });
    expect(dataOf(html)).toEqual({ 'parent-origin': HOST, 'event-type': 'ERROR', 'event-code': '4000' });
    expect(html).toContain('Error 4000: Camera permission not granted');
    expect(emu.controls.session(s.session_id)!.state).toBe('ONGOING');
  });

  it('profile not met: the identity profile fails, and the parent still hears SUCCESS (the view finished)', async () => {
    const s = await createSession({ identity_profile_requirements: { trust_framework: 'UK_TFIDA', scheme: { type: 'RTR' } } });
    expect(dataOf((await finish(s, { outcome: 'profile_not_met' })).html)['event-type']).toBe('SUCCESS');
    expect(emu.controls.session(s.session_id)!.result.identity_profile).toMatchObject({ result: 'FAIL', failure_reason: { reason_code: 'FRAUD_DETECTED' } });
  });

  it('with success_url set, offers the link instead of posting a message', async () => {
    const s = await createSession({ sdk_config: { success_url: 'https://shop.example/done', error_url: 'https://shop.example/error' } });
    const { html } = await finish(s, {});
    expect(dataOf(html)).toEqual({ 'parent-origin': HOST });
    expect(html).toContain('<a href="https://shop.example/done">Continue</a>');
  });

  it('ignores a claimed parent origin that is not an http(s) origin', async () => {
    const s = await createSession();
    const { html } = await finish(s, { parentOrigin: 'javascript:alert(1)' });
    expect(dataOf(html)['parent-origin']).toBe('');
  });
});
