// The browser half served over HTTP: api.js, the challenge page and its strict CSP, and the
// endpoint the page mints tokens with (whose tokens siteverify then judges).
import { beforeEach, describe, expect, it } from 'vitest';
import { createTurnstileEmulator, type TurnstileEmulator } from './app.js';
import {
  TURNSTILE_DUMMY_SITEKEYS,
  TURNSTILE_DUMMY_TOKEN,
  TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_EMULATOR_SITEKEY,
} from './keys.js';
import { WIDGET_BASE, WIDGET_TITLE } from './widget.js';

const BASE = 'http://127.0.0.1:4100';
const PARENT = 'http://127.0.0.1:5173';
const LOCKED = { sitekey: '0x4AAAAAAALockedS1teKey00', secret: '0x4AAAAAAALockedSecretKeyForTests000', hostnames: ['shop.example'] };

let emu: TurnstileEmulator;
beforeEach(() => {
  emu = createTurnstileEmulator({
    widgets: [{ sitekey: TURNSTILE_EMULATOR_SITEKEY, secret: TURNSTILE_EMULATOR_SECRET }, LOCKED],
  });
});

const page = (params: Record<string, string>) =>
  emu.app.request(`${BASE}${WIDGET_BASE}/if?${new URLSearchParams({ wid: 'cf-chl-widget-abc12', parent: PARENT, ...params })}`);

const solve = async (body: Record<string, unknown>, contentType = 'application/json') => {
  const res = await emu.app.request(`${BASE}${WIDGET_BASE}/token`, {
    method: 'POST',
    headers: { 'content-type': contentType, origin: BASE },
    body: JSON.stringify({ sitekey: TURNSTILE_EMULATOR_SITEKEY, action: 'identity_verify', cdata: 'att_1', parent: PARENT, ...body }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('api.js', () => {
  it('is a script that knows the emulator origin, the render mode and the onload callback', async () => {
    const res = await emu.app.request(`${BASE}/turnstile/v0/api.js?render=explicit&onload=onTurnstileReady`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js).toContain(`var ORIGIN = "${BASE}";`);
    expect(js).toContain('var RENDER = "explicit";');
    expect(js).toContain('var ONLOAD = "onTurnstileReady";');
    expect(js).not.toMatch(/postMessage\([^)]*'\*'\)/);
  });

  it('ignores an onload value that is not a plain function name', async () => {
    const js = await (await emu.app.request(`${BASE}/turnstile/v0/api.js?onload=alert(1)`)).text();
    expect(js).toContain('var ONLOAD = "";');
    expect(js).toContain('var RENDER = "";');
  });
});

describe('the challenge page', () => {
  it('is sent with a strict CSP and holds no inline script or style', async () => {
    const res = await page({ sitekey: TURNSTILE_EMULATOR_SITEKEY });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).toContain(`<title>${WIDGET_TITLE}</title>`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('shows the checkbox and the emulated outcomes for the emulator key', async () => {
    const html = await (await page({ sitekey: TURNSTILE_EMULATOR_SITEKEY, theme: 'dark' })).text();
    expect(html).toMatch(/<label class="cf-check"><input type="checkbox"[^>]*><span>Verify you are human<\/span><\/label>/);
    expect(html).toContain('<label for="cf-outcome">Emulated outcome</label>');
    const options = [...html.matchAll(/<option value="(\w+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options).toEqual([
      ['pass', 'Pass'],
      ['fail', 'Fail the challenge'],
      ['reject', 'Token rejected by siteverify'],
      ['expired', 'Token already expired'],
    ]);
    expect(html).toContain('class="theme-dark size-normal"');
    expect(html).toContain(`data-parent="${PARENT}"`);
  });

  it('behaves per dummy sitekey: 3x…FF asks, 1x…AA and 2x…AB do not, 1x…BB is invisible', async () => {
    const interactive = await (await page({ sitekey: TURNSTILE_DUMMY_SITEKEYS.forcesInteractive })).text();
    expect(interactive).toContain('Verify you are human');
    expect(interactive).not.toContain('Emulated outcome');
    for (const sitekey of [TURNSTILE_DUMMY_SITEKEYS.alwaysPassesVisible, TURNSTILE_DUMMY_SITEKEYS.alwaysBlocksVisible]) {
      const html = await (await page({ sitekey })).text();
      expect(html).toContain('data-mode="auto"');
      expect(html).not.toContain('type="checkbox"');
    }
    expect(await (await page({ sitekey: TURNSTILE_DUMMY_SITEKEYS.alwaysPassesInvisible })).text()).toContain('data-visible="false"');
    expect(await (await page({ sitekey: 'not-a-sitekey' })).text()).toContain('data-mode="invalid"');
  });

  it('refuses a widget id or parent origin it cannot trust, and escapes what it echoes', async () => {
    expect((await page({ sitekey: TURNSTILE_EMULATOR_SITEKEY, parent: 'javascript:alert(1)' })).status).toBe(400);
    expect((await page({ sitekey: TURNSTILE_EMULATOR_SITEKEY, wid: '"><script>' })).status).toBe(400);
    const html = await (await page({ sitekey: '"><img src=x>' })).text();
    expect(html).not.toContain('<img');
  });

  it('serves its script and style as files', async () => {
    const js = await emu.app.request(`${BASE}${WIDGET_BASE}/widget.js`);
    const css = await emu.app.request(`${BASE}${WIDGET_BASE}/widget.css`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain(':focus-visible');
  });
});

describe('solving the challenge', () => {
  const siteverify = async (response: string) => {
    const res = await emu.app.request(`${BASE}/turnstile/v0/siteverify`, {
      method: 'POST',
      body: new URLSearchParams({ secret: TURNSTILE_EMULATOR_SECRET, response }),
    });
    return (await res.json()) as Record<string, unknown>;
  };

  it('binds the token to sitekey, action, cdata and the host page hostname', async () => {
    const { status, body } = await solve({});
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(await siteverify(body.token as string)).toMatchObject({
      success: true,
      hostname: '127.0.0.1',
      action: 'identity_verify',
      cdata: 'att_1',
    });
  });

  it('maps each emulated outcome to what the page and siteverify see', async () => {
    expect((await solve({ outcome: 'fail' })).body).toEqual({ success: false, error_code: '600010' });
    const rejected = (await solve({ outcome: 'reject' })).body.token as string;
    const expired = (await solve({ outcome: 'expired' })).body.token as string;
    expect((await siteverify(rejected))['error-codes']).toEqual(['invalid-input-response']);
    expect((await siteverify(expired))['error-codes']).toEqual(['timeout-or-duplicate']);
  });

  it('gives dummy sitekeys the dummy token or a failure, as documented', async () => {
    expect((await solve({ sitekey: TURNSTILE_DUMMY_SITEKEYS.alwaysPassesVisible })).body).toEqual({ success: true, token: TURNSTILE_DUMMY_TOKEN });
    expect((await solve({ sitekey: TURNSTILE_DUMMY_SITEKEYS.forcesInteractive })).body).toEqual({ success: true, token: TURNSTILE_DUMMY_TOKEN });
    expect((await solve({ sitekey: TURNSTILE_DUMMY_SITEKEYS.alwaysBlocksVisible })).body).toEqual({ success: false, error_code: '600010' });
    expect((await solve({ sitekey: TURNSTILE_DUMMY_SITEKEYS.alwaysBlocksInvisible })).body).toEqual({ success: false, error_code: '600010' });
  });

  it('answers the client error codes for an unknown sitekey, a foreign host, a bad action or cData', async () => {
    expect((await solve({ sitekey: 'not-a-sitekey' })).body).toEqual({ success: false, error_code: '110100' });
    expect((await solve({ sitekey: LOCKED.sitekey })).body).toEqual({ success: false, error_code: '110200' });
    expect((await solve({ sitekey: LOCKED.sitekey, parent: 'https://shop.example' })).body.success).toBe(true);
    expect((await solve({ action: 'x'.repeat(33) })).body).toEqual({ success: false, error_code: '110420' });
    expect((await solve({ cdata: 'has spaces' })).body).toEqual({ success: false, error_code: '110430' });
  });

  it('takes JSON only, with a real parent origin', async () => {
    expect((await solve({}, 'text/plain')).status).toBe(415);
    expect((await solve({ parent: 'file://' })).status).toBe(400);
    expect((await solve({ outcome: 'bogus' })).status).toBe(400);
  });
});
