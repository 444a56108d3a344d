// The emulated user view in real Chromium, framed by a host page of another origin under a strict
// CSP, as the widget will frame it: finishing posts SUCCESS or ERROR 4000 to the host with the
// emulator's origin; the bare launch announces STARTED and starts on the host's INIT_SESSION, and
// ignores an INIT_SESSION from any other window; no CSP report, and no axe violation.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Frame, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { digestMessage, signYotiMessage } from './signing.js';
import { serveYoti, type ServedYoti } from './testing.js';

const CHROMIUM = '/usr/bin/chromium';
const run = existsSync(CHROMIUM) ? describe : describe.skip;

// The host page records every message with its origin; in bare mode it answers STARTED, from the
// Yoti origin only, with INIT_SESSION targeted at that origin.
const HOST_JS = `
const params = new URLSearchParams(location.search);
const yoti = params.get('yoti');
window.messages = [];
window.addEventListener('message', (event) => {
  window.messages.push({ origin: event.origin, data: event.data });
  if (event.origin === yoti && event.data && event.data.eventType === 'STARTED' && params.get('session')) {
    document.querySelector('iframe').contentWindow.postMessage({ eventType: 'INIT_SESSION', sessionID: params.get('session'), sessionToken: params.get('token') }, yoti);
  }
});
const frame = document.createElement('iframe');
frame.title = 'Yoti identity verification';
frame.allow = 'camera';
frame.src = params.get('src');
document.querySelector('main').append(frame);
if (params.get('intruder')) {
  const other = document.createElement('iframe');
  other.title = 'Another site';
  other.src = params.get('intruder');
  document.querySelector('main').append(other);
}`;
// A frame of a third origin trying to start the view with its own session.
const INTRUDER_JS = `window.parent.frames[0].postMessage({ eventType: 'INIT_SESSION', sessionID: 'forged', sessionToken: 'forged' }, '*');`;
const WATCH = `window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective));`;

let yoti: ServedYoti;
let host: Server;
let hostPort: number;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  yoti = await serveYoti();
  const csp = `default-src 'none'; script-src 'self'; frame-src ${yoti.url} http://localhost:*`;
  host = createServer((req, res) => {
    if (req.url === '/host.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(HOST_JS);
    if (req.url === '/intruder.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(INTRUDER_JS);
    if (req.url?.startsWith('/intruder')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html lang="en"><title>Other</title><script src="/intruder.js"></script></html>');
    if (!req.url?.startsWith('/verify')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp });
    res.end('<!doctype html><html lang="en"><title>Host</title><main><h1>Host page</h1></main><script src="/host.js"></script></html>');
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostPort = (host.address() as AddressInfo).port;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
  await yoti?.close();
});

async function createSession(spec: Record<string, unknown>) {
  const { sdkId, privateKeyPem } = yoti.emulator.controls.app;
  const query = new URLSearchParams({ sdkId, nonce: randomUUID(), timestamp: String(Date.now()) });
  const body = JSON.stringify(spec);
  const digest = signYotiMessage(digestMessage('POST', `/sessions?${query}`, body), privateKeyPem);
  const res = await fetch(`${yoti.url}/idverify/v1/sessions?${query}`, { method: 'POST', headers: { 'X-Yoti-Auth-Digest': digest, 'content-type': 'application/json' }, body });
  return (await res.json()) as { session_id: string; client_session_token: string };
}

async function openHost(params: Record<string, string>): Promise<{ page: Page; view: () => Frame; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(WATCH);
  await page.goto(`http://127.0.0.1:${hostPort}/verify?${new URLSearchParams({ yoti: yoti.url, ...params })}`);
  const view = () => page.frames().find((f) => f.url().startsWith(yoti.url))!;
  await page.waitForFunction((origin) => [...document.querySelectorAll('iframe')].some((f) => f.src.startsWith(origin)), yoti.url);
  return { page, view, errors };
}

const messages = (page: Page) => page.evaluate(() => (window as any).messages as Array<{ origin: string; data: unknown }>);
const messageFromYoti = async (page: Page, eventType: string) =>
  (await page.waitForFunction(([origin, type]) => (window as any).messages.find((m: any) => m.origin === origin && m.data?.eventType === type), [yoti.url, eventType] as const)).jsonValue();

run('the user view in Chromium', () => {
  it('verified: the host hears SUCCESS from the Yoti origin, the session completes, no CSP report, no axe violation', async () => {
    const s = await createSession({ identity_profile_requirements: { trust_framework: 'UK_TFIDA', scheme: { type: 'RTW' } } });
    const { page, view, errors } = await openHost({ src: `${yoti.url}/idverify/v1/web/index.html?sessionID=${s.session_id}&sessionToken=${s.client_session_token}` });
    await view().getByRole('heading', { name: 'Your document' }).waitFor();
    expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
    await view().getByLabel(/Oliver James Pemberton/).check();
    // Keyboard only: focus the chosen outcome, then Tab to Finish and press Enter.
    await view().getByLabel('Verified: the checks pass').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await messageFromYoti(page, 'SUCCESS')).toEqual({ origin: yoti.url, data: { eventType: 'SUCCESS' } });
    expect(yoti.emulator.controls.session(s.session_id)).toMatchObject({ state: 'COMPLETED', personId: 'oliver' });
    expect(await view().evaluate(() => (window as any).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('camera refused: the host hears ERROR 4000 and the session stays ongoing', async () => {
    const s = await createSession({});
    const { page, view } = await openHost({ src: `${yoti.url}/idverify/v1/web/index.html?sessionID=${s.session_id}&sessionToken=${s.client_session_token}` });
    await view().getByLabel('Error 4000: Camera permission not granted').check();
    await view().getByRole('button', { name: 'Finish' }).click();
    expect((await messageFromYoti(page, 'ERROR')).data).toEqual({ eventType: 'ERROR', eventCode: 4000 });
    await expect(view().getByRole('status').textContent()).resolves.toContain('Error 4000');
    expect(yoti.emulator.controls.session(s.session_id)!.state).toBe('ONGOING');
  });

  it('bare launch: STARTED to the host, an INIT_SESSION from another window ignored, the host\'s accepted', async () => {
    const s = await createSession({});
    const intruder = `http://localhost:${hostPort}/intruder`;
    const { page, view } = await openHost({ src: `${yoti.url}/idverify/v1/web/index.html`, session: s.session_id, token: s.client_session_token, intruder });
    await messageFromYoti(page, 'STARTED');
    await view().getByRole('heading', { name: 'Your document' }).waitFor();
    expect(new URL(view().url()).searchParams.get('sessionID')).toBe(s.session_id);
    await view().getByRole('button', { name: 'Finish' }).click();
    await messageFromYoti(page, 'SUCCESS');
    // Every message the host got came from the Yoti origin; the forged session never loaded.
    expect(new Set((await messages(page)).map((m) => m.origin))).toEqual(new Set([yoti.url]));
    expect(yoti.emulator.controls.requests({ path: '/idverify/v1/web/index.html' }).some((r) => r.query.sessionID === 'forged')).toBe(false);
  });
});
