// api.js and the challenge iframe in real Chromium, on a host page with a strict CSP (only
// script-src/frame-src for the emulator origin, no inline anything): the widget must render,
// be operable by keyboard, deliver tokens siteverify accepts, and ignore forged messages.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../runner.js';
import { TURNSTILE_DUMMY_SITEKEYS, TURNSTILE_DUMMY_TOKEN, TURNSTILE_EMULATOR_SECRET, TURNSTILE_EMULATOR_SITEKEY } from './keys.js';
import { WIDGET_TITLE } from './widget.js';

const CHROMIUM = '/usr/bin/chromium';

// The host page's own script, a file like everything else under its CSP.
const HOST_JS = `
window.events = [];
window.onTurnstile = function () { window.apiReady = true; };
window.onImplicitToken = function (t) { events.push(['callback', t]); };
window.renderWidget = function (options) {
  return turnstile.render('#slot', Object.assign({
    callback: function (t) { events.push(['callback', t]); },
    'error-callback': function (c) { events.push(['error', c]); return true; },
    'expired-callback': function (t) { events.push(['expired', t]); }
  }, options));
};`;

let emulators: RunningEmulators<'turnstile'>;
let host: Server;
let hostUrl: string;
let browser: Browser;

function startHost(emulatorOrigin: string): Promise<Server> {
  const csp = `default-src 'none'; script-src 'self' ${emulatorOrigin}; frame-src ${emulatorOrigin}; style-src 'self'; base-uri 'none'`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script src="/host.js"></script>
<script src="${emulatorOrigin}/turnstile/v0/api.js?render=explicit&onload=onTurnstile" async></script>
</head><body><form><div id="slot"></div></form></body></html>`;
  // Implicit rendering: api.js without ?render=explicit renders every .cf-turnstile on its own.
  const implicit = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script src="/host.js"></script><script src="${emulatorOrigin}/turnstile/v0/api.js" defer></script></head>
<body><form><div class="cf-turnstile" data-sitekey="${TURNSTILE_DUMMY_SITEKEYS.alwaysPassesVisible}" data-callback="onImplicitToken"
data-response-field-name="human"></div></form></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/implicit') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp }).end(implicit);
    } else if (req.url === '/host.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(HOST_JS);
    } else {
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp }).end(html);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!existsSync(CHROMIUM))('Turnstile widget in Chromium', () => {
  beforeAll(async () => {
    emulators = await startEmulators({ providers: ['turnstile'] });
    host = await startHost(emulators.urls.turnstile);
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => host?.close(r));
    await emulators?.stop();
  });

  let problems: string[];
  beforeEach(() => {
    problems = [];
  });

  async function openHost(options: { fakeClock?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext();
    await context.exposeBinding('__cspViolation', (_source, report: string) => problems.push(report));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __cspViolation(r: string): void }).__cspViolation(`${e.effectiveDirective} ${e.blockedURI}`);
      });
    });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    if (options.fakeClock) await page.clock.install();
    await page.goto(hostUrl);
    await page.waitForFunction(() => (window as unknown as { apiReady?: boolean }).apiReady === true);
    return page;
  }

  const events = (page: Page) => page.evaluate(() => (window as unknown as { events: string[][] }).events);
  const waitForEvent = (page: Page, kind: string) =>
    page.waitForFunction((k) => (window as unknown as { events: string[][] }).events.some((e) => e[0] === k), kind);
  const render = (page: Page, options: Record<string, unknown>) =>
    page.evaluate((o) => (window as unknown as { renderWidget(o: unknown): string }).renderWidget(o), options);
  const frame = (page: Page) => page.frameLocator(`iframe[title="${WIDGET_TITLE}"]`);

  it('emulator key: keyboard-ticked checkbox yields a token bound to action, cdata and hostname', async () => {
    const page = await openHost();
    const id = await render(page, { sitekey: TURNSTILE_EMULATOR_SITEKEY, action: 'identity_verify', cData: 'att_42' });
    expect(id).toMatch(/^cf-chl-widget-/);
    const checkbox = frame(page).getByRole('checkbox', { name: 'Verify you are human' });
    const outcome = frame(page).getByRole('combobox', { name: 'Emulated outcome' });
    await expect.poll(() => outcome.locator('option').allTextContents()).toEqual([
      'Pass',
      'Fail the challenge',
      'Token rejected by siteverify',
      'Token already expired',
    ]);
    await checkbox.focus();
    const outline = await checkbox.evaluate((el) => getComputedStyle(el).outlineStyle);
    await page.keyboard.press('Space');
    await waitForEvent(page, 'callback');
    await frame(page).getByText('Success!').waitFor();
    expect(outline).not.toBe('none');

    const [[, token]] = (await events(page)) as [[string, string]];
    expect(await page.inputValue('input[name="cf-turnstile-response"]')).toBe(token);
    expect(await page.evaluate((w) => (window as unknown as { turnstile: { getResponse(w: string): string } }).turnstile.getResponse(w), id)).toBe(token);

    const verdict = await fetch(`${emulators.urls.turnstile}/turnstile/v0/siteverify`, {
      method: 'POST',
      body: new URLSearchParams({ secret: TURNSTILE_EMULATOR_SECRET, response: token }),
    }).then((r) => r.json());
    expect(verdict).toMatchObject({ success: true, hostname: '127.0.0.1', action: 'identity_verify', cdata: 'att_42' });

    // reset() is a fresh challenge: no token, the checkbox unticked and usable again.
    await page.evaluate((w) => (window as unknown as { turnstile: { reset(w: string): void } }).turnstile.reset(w), id);
    await expect.poll(() => checkbox.isEnabled()).toBe(true);
    expect(await checkbox.isChecked()).toBe(false);
    expect(await page.inputValue('input[name="cf-turnstile-response"]')).toBe('');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('"Fail the challenge" calls error-callback with a 600xxx code and leaves no token', async () => {
    const page = await openHost();
    await render(page, { sitekey: TURNSTILE_EMULATOR_SITEKEY, retry: 'never', theme: 'dark' });
    await frame(page).getByLabel('Emulated outcome').selectOption('fail');
    await frame(page).getByRole('checkbox', { name: 'Verify you are human' }).click();
    await waitForEvent(page, 'error');
    expect(await events(page)).toEqual([['error', '600010']]);
    expect(await page.inputValue('input[name="cf-turnstile-response"]')).toBe('');
    expect(await frame(page).locator('body').getAttribute('class')).toContain('theme-dark');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('dummy sitekeys: 1x…AA passes at once with the dummy token, 2x…AB fails', async () => {
    const page = await openHost();
    await render(page, { sitekey: TURNSTILE_DUMMY_SITEKEYS.alwaysPassesVisible });
    await waitForEvent(page, 'callback');
    expect(await events(page)).toEqual([['callback', TURNSTILE_DUMMY_TOKEN]]);
    await page.evaluate(() => (window as unknown as { turnstile: { remove(): void } }).turnstile.remove());
    expect(await page.locator('iframe').count()).toBe(0);
    await page.evaluate(() => ((window as unknown as { events: unknown[] }).events.length = 0));
    await render(page, { sitekey: TURNSTILE_DUMMY_SITEKEYS.alwaysBlocksVisible, retry: 'never' });
    await waitForEvent(page, 'error');
    expect(await events(page)).toEqual([['error', '600010']]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('execution "execute" waits for turnstile.execute(); implicit rendering reads data-* attributes', async () => {
    const page = await openHost();
    await render(page, { sitekey: TURNSTILE_DUMMY_SITEKEYS.alwaysPassesVisible, execution: 'execute' });
    await frame(page).getByText('Waiting for the page to start the check').waitFor();
    expect(await events(page)).toEqual([]);
    await page.evaluate(() => (window as unknown as { turnstile: { execute(c: string): void } }).turnstile.execute('#slot'));
    await waitForEvent(page, 'callback');

    await page.goto(new URL('/implicit', hostUrl).href);
    await waitForEvent(page, 'callback');
    expect(await events(page)).toEqual([['callback', TURNSTILE_DUMMY_TOKEN]]);
    expect(await page.inputValue('input[name="human"]')).toBe(TURNSTILE_DUMMY_TOKEN);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('ignores a forged "complete" message from the host page itself', async () => {
    const page = await openHost();
    const id = await render(page, { sitekey: TURNSTILE_EMULATOR_SITEKEY });
    await frame(page).getByRole('checkbox', { name: 'Verify you are human' }).waitFor();
    await page.evaluate((widgetId) => {
      window.postMessage({ source: 'cf-turnstile-emulator', widgetId, event: 'complete', token: 'forged' }, '*');
    }, id);
    await page.waitForTimeout(200);
    expect(await events(page)).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('calls expired-callback when the token passes 300 s', async () => {
    const page = await openHost({ fakeClock: true });
    await render(page, { sitekey: TURNSTILE_DUMMY_SITEKEYS.forcesInteractive, 'refresh-expired': 'never' });
    await frame(page).getByRole('checkbox', { name: 'Verify you are human' }).click();
    await waitForEvent(page, 'callback');
    await page.clock.fastForward('04:59');
    expect((await events(page)).map((e) => e[0])).toEqual(['callback']);
    await page.clock.fastForward('00:02');
    await waitForEvent(page, 'expired');
    expect(await events(page)).toEqual([['callback', TURNSTILE_DUMMY_TOKEN], ['expired', TURNSTILE_DUMMY_TOKEN]]);
    expect(await page.evaluate(() => (window as unknown as { turnstile: { isExpired(): boolean } }).turnstile.isExpired())).toBe(true);
    await frame(page).getByText('Expired').waitFor();
    await page.context().close();
  }, 30_000);
});
