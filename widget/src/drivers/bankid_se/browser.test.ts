// The BankID driver in real Chromium, as the widget loads it: the chunk Vite builds from this
// source, imported by a page under a strict CSP and mounted with a fake `follow` that pushes the
// session's states as the BFF would. Read as a person (and a phone's camera) would: the QR code
// decoded from a screenshot, roles and names, what the live region said.
import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from '@playwright/test';
import { decode } from 'fast-png';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { builtWidget } from '../../testing/built-widget.js';
import { driverPage, loopbackServers } from '../../testing/driver-page.js';
import type { ClientOf } from '../driver.js';

const CHROMIUM = '/usr/bin/chromium';
const CSP = "default-src 'self'; script-src 'self'; img-src 'self'; style-src 'self'";

// The page's script: mounts the driver with a follow the test pushes states through.
const HOST = (chunk: string) => `
import { mount } from '/w/${chunk}';
window.events = [];
window.said = [];
window.streams = [];
const follow = (onState, signal) => new Promise((resolve) => {
  const stream = { onState, open: true };
  window.streams.push(stream);
  signal.addEventListener('abort', () => { stream.open = false; resolve(); });
});
window.push = (state) => window.streams.filter((s) => s.open).forEach((s) => s.onState(state));
window.start = (client, { language = 'en', theme = 'auto' } = {}) => {
  window.handle?.destroy();
  const callbacks = Object.fromEntries(['token', 'complete', 'error', 'leave', 'refresh'].map((name) => [name, (arg) => window.events.push(arg ? name + ':' + arg : name)]));
  const container = document.getElementById('mount');
  window.handle = mount(container, client, callbacks, { theme, language: 'en', requestedLanguage: language, nonce: null, presentation: 'inline', launch: false, messages: {}, allowFileUpload: false, upload: async () => {}, follow });
  const root = container.firstElementChild.shadowRoot;
  new MutationObserver(() => {
    const text = root.querySelector('[role=status]')?.textContent ?? '';
    if (text && text !== window.said.at(-1)) window.said.push(text);
  }).observe(root, { subtree: true, childList: true, characterData: true });
};`;

let outDir: string;
const servers = loopbackServers();
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const built = await builtWidget();
  outDir = built.outDir;
  const manifest = built.manifest;
  const host = HOST(manifest['src/drivers/bankid_se/ui.ts']!.file);
  origin = await servers.listen(driverPage({ outDir, csp: CSP, title: 'BankID', body: '<main><h1>Verify with BankID</h1><div id="mount"></div></main>', hostJs: host }));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await servers.closeAll();
});

type Client = ClientOf<'bankid_se'>;
const TOKEN = '67df3917-fa0d-44e5-b327-edcc928297f8';
const qrAt = (t: number) => `bankid.${TOKEN}.${t}.${(t + 1).toString(16).repeat(64).slice(0, 64)}`;
const pending = (t: number, hint_code: string | null = 'outstandingTransaction', app_url = 'bankid:///'): Client => ({
  provider_key: 'bankid_se', flow: 'qr_code', order: 'pending', qr: qrAt(t), auto_start_token: `auto-${t}`, app_url, hint_code,
});
const failed = (hint_code: string): Client => ({ provider_key: 'bankid_se', flow: 'qr_code', order: 'failed', qr: null, auto_start_token: null, app_url: 'bankid:///', hint_code });
const live = (client: Client | null, status = 'requires_input') => ({
  session_id: 'ivs_1', status, provider_key: 'bankid_se', claims: [], last_error: null,
  active_attempt: client && { session_id: 'iva_1', provider_key: 'bankid_se', session_ref: 'ref_1', status: 'pending', created_at: '2026-12-07T00:00:00Z', expires_at: '2026-12-07T01:00:00Z', client },
});

interface Opened { page: Page; errors: string[]; requests: string[] }

async function open(client: Client, options: { language?: string; colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<Opened> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: options.width ?? 1024, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  const errors: string[] = [];
  const requests: string[] = [];
  onTestFailed(async () => console.log('bankid at failure:', JSON.stringify(await page.evaluate(() => [document.querySelector('identity-verify-bankid')?.shadowRoot?.textContent, (window as any).said, (window as any).events]).catch(String))));
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  await page.addInitScript(`window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective));`);
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'start' in window);
  await start(page, client, options.language);
  return { page, errors, requests };
}
const start = (page: Page, client: Client, language = 'en') => page.evaluate(([c, l]) => (window as any).start(c, { language: l }), [client, language] as const);
const push = (page: Page, state: unknown) => page.evaluate((s) => (window as any).push(s), state);
const read = <T>(page: Page, name: string) => page.evaluate((n) => (window as any)[n], name) as Promise<T>;
const isFocused = (page: Page, selector: string) => page.evaluate((s) => document.querySelector('identity-verify-bankid')?.shadowRoot?.activeElement?.matches(s) ?? false, selector);

/** What a phone's camera reads from the QR code on the screen. */
async function scan(page: Page, name: string): Promise<string | undefined> {
  const png = decode(await page.getByRole('img', { name }).screenshot());
  const rgba = new Uint8ClampedArray(png.width * png.height * 4);
  for (let i = 0; i < png.width * png.height; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = png.data[i * png.channels + c]!;
    rgba[i * 4 + 3] = 255;
  }
  return jsQR(rgba, png.width, png.height)?.data;
}

/** The driver's part of the page only: axe's whole-page run is most of this suite's time. */
async function axe(page: Page) {
  expect((await new AxeBuilder({ page }).include('#mount').analyze()).violations).toEqual([]);
}

async function finish(o: Opened) {
  await o.page.evaluate(() => (window as any).handle.destroy());
  expect(await o.page.locator('identity-verify-bankid').count()).toBe(0);
  expect(await o.page.evaluate(() => (window as any).streams.filter((s: { open: boolean }) => s.open).length)).toBe(0);
  expect(await read(o.page, 'cspViolations')).toEqual([]);
  expect(o.requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
  expect(o.errors).toEqual([]);
  await o.page.context().close();
}

describe.skipIf(!existsSync(CHROMIUM))('the BankID driver in Chromium', () => {
  it('on a computer: a QR code that scans to each new frame, the hint messages once each, Try again and the switch restart, complete once', async () => {
    const o = await open(pending(0, null));
    const { page } = o;
    const status = page.getByRole('status');
    await status.filter({ hasText: 'Start your BankID app.' }).waitFor();
    expect(await scan(page, 'QR code for the BankID app')).toBe(qrAt(0));
    await axe(page);
    for (const t of [1, 2, 3]) {
      await push(page, live(pending(t)));
      expect(await scan(page, 'QR code for the BankID app')).toBe(qrAt(t));
    }
    await push(page, live(pending(4, 'userSign')));
    await status.filter({ hasText: 'Enter your security code in the BankID app and select Identify or Sign.' }).waitFor();
    // Three new codes said nothing new: each message once.
    expect(await read(page, 'said')).toEqual(['Start your BankID app.', 'Enter your security code in the BankID app and select Identify or Sign.']);

    // The order fails under the person's focus: the QR code goes, the reason shows, Try again takes the focus.
    await page.getByRole('button', { name: 'Open BankID on this device' }).focus();
    await push(page, live(failed('expiredTransaction')));
    await status.filter({ hasText: /^The BankID app is not responding/ }).waitFor();
    expect(await page.getByRole('img').count()).toBe(0);
    expect(await isFocused(page, 'button.retry')).toBe(true);
    await axe(page);
    await page.keyboard.press('Enter');
    expect(await read(page, 'events')).toEqual(['refresh']);
    // Waiting for the new order: the controls say so, and a second press asks for nothing more.
    const retry = page.getByRole('button', { name: 'Try again' });
    expect(await retry.getAttribute('aria-disabled')).toBe('true');
    await retry.dispatchEvent('click');
    expect(await read(page, 'events')).toEqual(['refresh']);

    // Mounted again on the new order; the switch restarts it too.
    await start(page, pending(0));
    await page.getByRole('button', { name: 'Open BankID on this device' }).click();
    expect(await read(page, 'events')).toEqual(['refresh', 'refresh']);
    await start(page, pending(0));
    await page.getByRole('link', { name: 'Open BankID on this device' }).waitFor();

    await push(page, live(null, 'verified'));
    await push(page, live(null, 'verified'));
    expect(await read(page, 'events')).toEqual(['refresh', 'refresh', 'complete']);
    await finish(o);
  });

  it('on a phone-sized screen, in Swedish and the dark theme: the autostart link first, the chosen way kept after a switch', async () => {
    const o = await open(pending(0, 'outstandingTransaction', 'http://127.0.0.1:9/bankid/app'), { language: 'sv-SE', colorScheme: 'dark', width: 375 });
    const { page } = o;
    const link = page.getByRole('link', { name: 'Öppna BankID på den här enheten' });
    expect([await link.getAttribute('href'), await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual([
      'http://127.0.0.1:9/bankid/app?autostarttoken=auto-0&redirect=null',
      '_blank',
      'noopener',
    ]);
    await page.getByRole('status').filter({ hasText: 'Försöker starta BankID-appen.' }).waitFor();
    expect(await page.getByRole('img').count()).toBe(0);
    await axe(page);
    await page.getByRole('button', { name: 'Använd BankID på en annan enhet' }).click();
    expect(await read(page, 'events')).toEqual(['refresh']);
    // The new order opens on the way chosen, the QR code focused in place of the button that went.
    await start(page, pending(7), 'sv-SE');
    await push(page, live(pending(7)));
    expect(await scan(page, 'QR-kod för BankID-appen')).toBe(qrAt(7));
    expect(await isFocused(page, 'svg.qr')).toBe(true);
    await page.getByRole('status').filter({ hasText: 'Starta BankID-appen.' }).waitFor();
    // No order could be started: BankID's reason, and Try again.
    await push(page, live(failed('alreadyInProgress')));
    await page.getByRole('status').filter({ hasText: 'En identifiering eller underskrift pågår redan för ditt personnummer. Försök igen.' }).waitFor();
    await page.getByRole('button', { name: 'Försök igen' }).waitFor();
    await finish(o);
  });
});
