// The Yoti driver in real Chromium, as the widget loads it: the chunk Vite builds from this source,
// imported by a page under a strict CSP that may frame only Yoti's origin and a third one, with a
// stand-in of Yoti's user view served from Yoti's origin (a second local server) that posts to
// its parent as Yoti's does. Read as a person would: roles, names, focus; and what the driver
// reported, also while a frame of another origin (and another frame of Yoti's) post look-alikes.
import { existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtWidget } from '../../testing/built-widget.js';
import { driverPage, loopbackServers } from '../../testing/driver-page.js';
import type { ClientOf } from '../driver.js';

const CHROMIUM = '/usr/bin/chromium';
const VIEW_PATH = '/idverify/v1/web/index.html';
const TITLE = 'Yoti identity verification';

// Yoti's view as the test needs it: each button posts what Yoti posts, to the parent's origin only.
const VIEW_HTML = `<!doctype html><html lang="en"><head><title>Yoti (stand-in)</title><script src="/view.js" defer></script></head>
<body><main><h1>Yoti (stand-in)</h1><button data-post='{"eventType":"SUCCESS"}'>Finish</button>
<button data-post='{"eventType":"ERROR","eventCode":4000}'>Refuse the camera</button>
<button data-post='{"eventType":"ERROR","eventCode":7000}'>No documents</button>
<button data-post='{"eventType":"ERROR","eventCode":2002}'>Session expired</button></main></body></html>`;
const VIEW_JS = `
const parent = location.ancestorOrigins[0];
const post = (message) => window.parent.postMessage(message, parent);
document.querySelectorAll('[data-post]').forEach((b) => b.addEventListener('click', () => post(JSON.parse(b.dataset.post))));
const auto = new URLSearchParams(location.search).get('auto');
if (auto) JSON.parse(auto).forEach(post);`;

const HOST = (chunk: string) => `
import { mount } from '/w/${chunk}';
window.events = [];
window.seen = 0;
window.addEventListener('message', () => window.seen++);
window.start = (client, { language = 'en', theme = 'auto' } = {}) => {
  window.handle?.destroy();
  const callbacks = Object.fromEntries(['token', 'complete', 'error', 'leave', 'refresh'].map((name) => [name, (arg) => window.events.push(arg ? name + ':' + arg : name)]));
  window.handle = mount(document.getElementById('mount'), client, callbacks, { theme, language, requestedLanguage: language, nonce: null, presentation: 'inline', launch: false, messages: {}, allowFileUpload: false, upload: async () => {}, follow: async () => {} });
};
/** A frame that is not the driver's posts Yoti's messages to this page. */
window.impostor = (src) => { const f = document.createElement('iframe'); f.src = src; f.title = 'Another frame'; document.getElementById('others').append(f); };`;

let outDir: string;
const servers = loopbackServers();
const listen = servers.listen;
let origin: string;
let yotiOrigin: string;
let otherOrigin: string;
let browser: Browser;

/** Yoti's origin and the other one serve the same stand-in: only the origin tells them apart. */
const view: RequestListener = (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const csp = "default-src 'none'; script-src 'self'; frame-ancestors *";
  if (path === VIEW_PATH) return void res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp }).end(VIEW_HTML);
  if (path === '/view.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(VIEW_JS);
  res.writeHead(404).end();
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const built = await builtWidget();
  outDir = built.outDir;
  const manifest = built.manifest;
  const host = HOST(manifest['src/drivers/yoti/ui.ts']!.file);
  yotiOrigin = await listen(view);
  otherOrigin = await listen(view);
  const csp = `default-src 'self'; script-src 'self'; img-src 'self'; style-src 'self'; frame-src ${yotiOrigin} ${otherOrigin}`;
  origin = await listen(driverPage({ outDir, csp: csp, title: 'Yoti', body: '<main><h1>Verify with Yoti</h1><div id="mount"></div></main><aside id="others"></aside>', hostJs: host }));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await servers.closeAll();
});

type Client = ClientOf<'yoti'>;
const client = (): Client => ({ provider_key: 'yoti', flow: 'embedded_sdk', iframe_url: `${yotiOrigin}${VIEW_PATH}?sessionID=s1&sessionToken=t1`, origin: yotiOrigin });
const start = (page: Page, c: Client, language = 'en') => page.evaluate(([c, l]) => (window as any).start(c, { language: l }), [c, language] as const);
const read = <T>(page: Page, name: string) => page.evaluate((n) => (window as any)[n], name) as Promise<T>;
const yotiView = (page: Page) => page.frameLocator(`iframe[title="${TITLE}"]`);
const isFocused = (page: Page, selector: string) => page.evaluate((s) => document.querySelector('identity-verify-yoti')?.shadowRoot?.activeElement?.matches(s) ?? false, selector);
/** The driver's part of the page, without Yoti's view (Yoti's to audit; and axe's run into frames is most of the time). */
const axe = async (page: Page) => expect((await new AxeBuilder({ page }).include('#mount').options({ iframes: false }).analyze()).violations).toEqual([]);

interface Opened { page: Page; errors: string[]; requests: string[] }

async function open(options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<Opened> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: options.width ?? 1024, height: options.width ? 667 : 800 } });
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
  return { page, errors, requests };
}

async function finish(o: Opened) {
  await o.page.evaluate(() => (window as any).handle.destroy());
  expect(await o.page.locator('identity-verify-yoti').count()).toBe(0);
  expect(await read(o.page, 'cspViolations')).toEqual([]);
  expect(o.requests.filter((u) => ![origin, yotiOrigin, otherOrigin].some((allowed) => u.startsWith(`${allowed}/`)))).toEqual([]);
  expect(o.errors).toEqual([]);
  await o.page.context().close();
}

describe.skipIf(!existsSync(CHROMIUM))('the Yoti driver in Chromium', () => {
  it("frames Yoti's view; look-alikes from another origin or frame are ignored; the camera refused, explained, Try again; SUCCESS completes once", async () => {
    const o = await open();
    const { page } = o;
    await start(page, client());
    const frame = page.locator(`iframe[title="${TITLE}"]`);
    expect(await frame.getAttribute('allow')).toBe('camera');
    await yotiView(page).getByRole('button', { name: 'Finish' }).waitFor();

    // Another origin's frame, and another frame of Yoti's own origin, post SUCCESS and errors: nothing happens.
    const lookAlikes = encodeURIComponent(JSON.stringify([{ eventType: 'SUCCESS' }, { eventType: 'ERROR', eventCode: 4000 }]));
    await page.evaluate((src) => (window as any).impostor(src), `${otherOrigin}${VIEW_PATH}?auto=${lookAlikes}`);
    await page.evaluate((src) => (window as any).impostor(src), `${yotiOrigin}${VIEW_PATH}?auto=${lookAlikes}`);
    await page.waitForFunction(() => (window as any).seen === 4);
    expect(await read(page, 'events')).toEqual([]);
    expect(await page.getByRole('alert').textContent()).toBe('');
    await page.evaluate(() => document.getElementById('others')!.replaceChildren());

    // The person refuses the camera in Yoti's view: what to do, and Try again under their focus.
    await yotiView(page).getByRole('button', { name: 'Refuse the camera' }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: /^Yoti needs your camera, and access to it was refused\. To allow it, select the camera or site settings icon/ }).waitFor();
    expect(await frame.count()).toBe(0);
    expect(await isFocused(page, 'button.retry')).toBe(true);
    await axe(page);
    await page.keyboard.press('Enter');
    await yotiView(page).getByRole('button', { name: 'Finish' }).waitFor();
    expect(await isFocused(page, 'iframe')).toBe(true);
    expect(await alert.textContent()).toBe('');
    expect(await read(page, 'events')).toEqual([]);

    await yotiView(page).getByRole('button', { name: 'Finish' }).click();
    await page.waitForFunction(() => (window as any).events.length > 0);
    await yotiView(page).getByRole('button', { name: 'Finish' }).click();
    expect(await read(page, 'events')).toEqual(['complete']);
    await finish(o);
  });

  it('on a phone, in Spanish and the dark theme: sized for the screen; no documents says another way is needed; an expired session and a frame of another origin are the flow\'s errors', async () => {
    const o = await open({ width: 375, colorScheme: 'dark' });
    const { page } = o;
    await start(page, client(), 'es');
    const frame = page.locator('iframe[title="Verificación de identidad de Yoti"]');
    await frame.waitFor();
    const box = (await frame.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(375);
    expect(box.height).toBeGreaterThanOrEqual(450);
    expect(box.height).toBeLessThanOrEqual(667);
    await page.frameLocator('iframe[title="Verificación de identidad de Yoti"]').getByRole('button', { name: 'No documents' }).click();
    await page.getByRole('alert').filter({ hasText: 'Esta comprobación necesita un documento de identidad que Yoti acepte. Vuelve atrás y elige otra forma de verificarte.' }).waitFor();
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await isFocused(page, '.message')).toBe(true);
    await axe(page);
    expect(await read(page, 'events')).toEqual([]);

    await start(page, client(), 'es');
    await page.frameLocator('iframe[title="Verificación de identidad de Yoti"]').getByRole('button', { name: 'Session expired' }).click();
    await page.waitForFunction(() => (window as any).events.length > 0);
    // A view whose origin is not the one named: not framed at all.
    await start(page, { ...client(), origin: otherOrigin });
    expect(await read(page, 'events')).toEqual(['error:session_expired', 'error:driver_failed']);
    expect(await page.locator('iframe').count()).toBe(0);
    await finish(o);
  });
});
