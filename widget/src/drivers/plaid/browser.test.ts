// The Plaid driver in real Chromium, as the widget loads it: the chunk Vite builds from this
// source, imported by a page under a strict CSP whose only way to run a script from Link's origin
// is the page's nonce, with a stand-in link-initialize.js served from that second origin. The
// test plays Link: it calls the config's callbacks as Link would and reads what the driver reported.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtWidget } from '../../testing/built-widget.js';
import { driverPage, loopbackServers } from '../../testing/driver-page.js';
import type { ClientOf } from '../driver.js';

const CHROMIUM = '/usr/bin/chromium';
const NONCE = 'cGxhaWQtdGVzdA';
const CSP = `default-src 'self'; script-src 'self' 'nonce-${NONCE}'; img-src 'self'; style-src 'self'`;

// Link as the test drives it: create() records its config, the handler records what it is told.
const FAKE_LINK = `
window.linkCalls = [];
window.Plaid = {
  create(config) {
    window.linkCalls.push('create:' + config.token);
    window.link = config;
    return {
      open() { window.linkCalls.push('open'); },
      exit(options) { window.linkCalls.push('exit:' + JSON.stringify(options)); },
      destroy() { window.linkCalls.push('destroy'); },
      submit() {},
    };
  },
};`;

const HOST = (chunk: string) => `
import { mount } from '/w/${chunk}';
window.events = [];
window.start = (client, launch) => {
  window.handle?.destroy();
  const callbacks = Object.fromEntries(['token', 'complete', 'error', 'leave', 'refresh'].map((name) => [name, (arg) => window.events.push(arg ? name + ':' + arg : name)]));
  window.handle = mount(document.getElementById('mount'), client, callbacks, { theme: 'auto', language: 'en', requestedLanguage: 'en', nonce: '${NONCE}', presentation: 'on_request', launch, messages: {}, allowFileUpload: false, upload: async () => {}, follow: async () => {} });
};`;

let outDir: string;
const servers = loopbackServers();
const listen = servers.listen;
let origin: string;
let linkOrigin: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const built = await builtWidget();
  outDir = built.outDir;
  const manifest = built.manifest;
  const host = HOST(manifest['src/drivers/plaid/ui.ts']!.file);
  origin = await listen(driverPage({ outDir, csp: CSP, title: 'Plaid', body: '<main><h1>Verify with Plaid</h1><div id="mount"></div></main>', hostJs: host }));
  linkOrigin = await listen((req, res) => {
    if (req.url === '/link/v2/stable/link-initialize.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(FAKE_LINK);
    res.writeHead(404).end();
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await servers.closeAll();
});

type Client = ClientOf<'plaid'>;
const client = (script = '/link/v2/stable/link-initialize.js', token = 'link-sandbox-1'): Client => ({ provider_key: 'plaid', flow: 'sdk_modal', link_token: token, link_script_url: `${linkOrigin}${script}` });
const start = (page: Page, c: Client, launch: boolean) => page.evaluate(([c, l]) => (window as any).start(c, l), [c, launch] as const);
const read = <T>(page: Page, name: string) => page.evaluate((n) => (window as any)[n], name) as Promise<T>;
/** Link calling one of the config's callbacks, as the person's actions in Link make it. */
const opened = (page: Page, times: number) => page.waitForFunction((n) => (window as any).linkCalls.filter((c: string) => c === 'open').length === n, times);
const link = (page: Page, callback: string, ...args: unknown[]) => page.evaluate(([c, a]) => (window as any).link[c as string](...(a as unknown[])), [callback, args] as const);

describe.skipIf(!existsSync(CHROMIUM))('the Plaid driver in Chromium', () => {
  it('loads Link once with the nonce, opens it only when asked, and maps its callbacks; Link goes with the step', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    await page.addInitScript(`window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective));`);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'start' in window);

    // The step shows: Link's script loads (with the nonce, the only way this CSP runs it), nothing opens.
    await start(page, client(), false);
    await page.waitForFunction(() => 'Plaid' in window);
    expect(await page.evaluate(() => [...document.scripts].filter((s) => s.src.includes('link-initialize')).map((s) => s.nonce))).toEqual([NONCE]);
    expect(await read(page, 'linkCalls')).toEqual([]);
    // Link draws its own window (Plaid's, not ours to audit): the driver adds nothing to the widget.
    expect(await page.locator('#mount').innerHTML()).toBe('');

    // The person asks: Link is created with the attempt's token and opened. They close it: leave.
    await start(page, client(), true);
    await page.waitForFunction(() => (window as any).linkCalls.includes('open'));
    expect(await read(page, 'linkCalls')).toEqual(['create:link-sandbox-1', 'open']);
    await link(page, 'onEvent', 'IDENTITY_VERIFICATION_START_STEP', { view_name: 'KYC_CHECK', institution_search_query: 'Leslie Knope' });
    await link(page, 'onExit', null, { status: null, link_session_id: 'idv_1' });
    expect(await read(page, 'events')).toEqual(['leave']);

    // Opened again (a new mount): Link's error is a public code; its message never leaves Link.
    await start(page, client(), true);
    await opened(page, 2);
    await link(page, 'onExit', { error_type: 'RATE_LIMIT_EXCEEDED', error_code: 'RATE_LIMIT', error_message: 'Too many requests for Leslie', display_message: null }, {});
    expect(await read(page, 'events')).toEqual(['leave', 'error:rate_limited']);

    // An expired link token: a fresh one from the BFF, Link opened again with it; a second one at once is an error, not a loop.
    const invalidToken = { error_type: 'INVALID_INPUT', error_code: 'INVALID_LINK_TOKEN', error_message: 'expired', display_message: null };
    await start(page, client(), true);
    await opened(page, 3);
    await link(page, 'onExit', invalidToken, {});
    await start(page, client(), true);
    await opened(page, 4);
    await link(page, 'onExit', invalidToken, {});
    expect(await read(page, 'events')).toEqual(['leave', 'error:rate_limited', 'refresh', 'error:token_expired']);

    // A session Plaid ended, reported late, then a plain close: the BFF reads the verdict.
    await start(page, client(), true);
    await opened(page, 5);
    await link(page, 'onEvent', 'IDENTITY_VERIFICATION_FAIL_SESSION', { view_name: null });
    await link(page, 'onExit', null, {});
    expect((await read<string[]>(page, 'events')).slice(4)).toEqual(['complete']);

    // Finished in Link (even a failed verification): complete. Removed: Link is closed and destroyed, and says nothing more.
    await start(page, client(undefined, 'link-sandbox-2'), true);
    await opened(page, 6);
    await link(page, 'onSuccess', null, { institution: null, accounts: [], link_session_id: 'idv_1' });
    await page.evaluate(() => (window as any).handle.destroy());
    expect((await read<string[]>(page, 'linkCalls')).slice(-2)).toEqual(['exit:{"force":true}', 'destroy']);
    await link(page, 'onExit', null, {});
    expect((await read<string[]>(page, 'events')).slice(4)).toEqual(['complete', 'complete']);
    // Opened again on a token whose flow finished ("Try again" after a failed try): a fresh token from the BFF, Link not opened on the old one.
    await start(page, client(undefined, 'link-sandbox-2'), true);
    await page.waitForFunction(() => (window as any).events.length === 7);
    expect((await read<string[]>(page, 'events')).at(-1)).toBe('refresh');
    expect((await read<string[]>(page, 'linkCalls')).filter((c) => c === 'open').length).toBe(6);
    // One script element, one request for it, over all the mounts.
    expect(requests.filter((u) => u.includes('link-initialize')).length).toBe(1);

    // A Link that cannot be loaded: the step could not be loaded (the flow offers Try again).
    await page.evaluate(() => delete (window as any).Plaid);
    await start(page, client('/missing/link-initialize.js'), true);
    await page.waitForFunction(() => (window as any).events.length === 8);
    expect((await read<string[]>(page, 'events')).at(-1)).toBe('error:driver_failed');

        expect(await read(page, 'cspViolations')).toEqual([]);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`${linkOrigin}/`))).toEqual([]);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await context.close();
  });
});
