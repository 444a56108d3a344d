// The emulated Onfido Web SDK in real Chromium, loaded the way a real integration loads it: the
// npm loader (onfido-sdk-ui@14) on a host page of another origin, under a strict CSP, given
// `sdkUrl` pointing at the emulator, with an SDK token bound to the host page's origin (the
// emulator checks the Referer Chromium sends). Driven as a person would (roles, labels, visible
// text) with Chromium's fake camera; callbacks, stored media, camera tracks and CSP reports are checked.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnfido, type RunningOnfido } from './testing.js';
import { WEB_SDK_PATH } from './web-sdk.js';

const CHROMIUM = '/usr/bin/chromium';
const LOADER = readFileSync(createRequire(import.meta.url).resolve('onfido-sdk-ui'), 'utf8');

// The host page's script: the real loader, callbacks recorded for the test to read.
const HOST_JS = `
import { Onfido } from '/loader.js';
window.events = [];
window.start = (config) => {
  window.handle = Onfido.init({
    ...config,
    containerEl: document.getElementById('mount'),
    onComplete: (data) => window.events.push({ kind: 'complete', data }),
    onError: (error) => window.events.push({ kind: 'error', error: { type: error.type, message: error.message } }),
    onUserExit: (reason) => window.events.push({ kind: 'exit', reason }),
  });
};`;

// Before any page script: CSP reports, object URLs made and revoked, and every camera stream kept
// so the test can see its tracks end.
const WATCH = `
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
window.objectUrls = { made: [], revoked: [] };
const make = URL.createObjectURL, revoke = URL.revokeObjectURL;
URL.createObjectURL = (o) => { const u = make(o); window.objectUrls.made.push(u); return u; };
URL.revokeObjectURL = (u) => { window.objectUrls.revoked.push(u); revoke(u); };
window.streams = [];
if (navigator.mediaDevices) {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => { const s = await original(constraints); window.streams.push(s); return s; };
}`;
const DENY_CAMERA = `navigator.mediaDevices.getUserMedia = async () => { throw new DOMException('Permission denied', 'NotAllowedError'); };`;

let onfido: RunningOnfido;
let host: Server;
let hostUrl: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  onfido = await startOnfido();
  // All the UI needs: its modules and API calls on the emulator's origin, blob: for photo previews.
  // No style-src (a constructable stylesheet), no media-src (the live preview is a MediaStream).
  const csp = `default-src 'none'; script-src 'self' ${onfido.url}; connect-src ${onfido.url}; img-src blob:`;
  host = createServer((req, res) => {
    if (req.url === '/loader.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(LOADER);
    if (req.url === '/host.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(HOST_JS);
    // The page lives below the root, so the origin-only Referer Chromium sends cross-origin differs from its URL.
    if (!req.url?.startsWith('/verify')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp });
    res.end(`<!doctype html><html lang="en"><title>Host</title><main><h1>Host page</h1><div id="mount"></div></main><script type="module" src="/host.js"></script></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
  await onfido?.close();
});

interface Session {
  page: Page;
  applicantId: string;
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
}

/**
 * A new applicant and SDK token, the host page open and Onfido.init called with `config`. The
 * token is bound to the host page's origin (`http://127.0.0.1:<port>/*`), which admits the
 * origin-only Referer Chromium sends cross-origin; `referrer` binds it to another pattern.
 */
async function open(
  config: Record<string, unknown> = {},
  { denyCamera = false, colorScheme = 'light' as 'light' | 'dark', referrer = '' } = {},
): Promise<Session> {
  const applicant = await onfido.call('POST', '/v3.6/applicants', { first_name: 'Jane', last_name: 'Doe', location: { country_of_residence: 'GBR' } });
  const token = config.token ?? (await onfido.call('POST', '/v3.6/sdk_token', { applicant_id: applicant.json.id, referrer: referrer || `${hostUrl}*` })).json.token;
  const page = await (await browser.newContext({ colorScheme })).newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  await page.addInitScript(WATCH);
  if (denyCamera) await page.addInitScript(DENY_CAMERA);
  await page.goto(`${hostUrl}verify?step=capture`);
  await page.waitForFunction(() => 'start' in window);
  await page.evaluate((c) => (window as any).start(c), { steps: ['document', 'face'], ...config, token, sdkUrl: `${onfido.url}${WEB_SDK_PATH}` });
  return { page, applicantId: applicant.json.id, errors, requests };
}

const eventOf = async (page: Page, kind: string) =>
  (await page.waitForFunction((k) => (window as any).events.find((e: { kind: string }) => e.kind === k), kind)).jsonValue();
const liveTracks = (page: Page) => page.evaluate(() => (window as any).streams.flatMap((s: MediaStream) => s.getTracks()).filter((t: MediaStreamTrack) => t.readyState === 'live').length);
const isFocused = (l: Locator) => l.evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el);
const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });
/** A JPEG of `size` bytes (the emulator checks the magic bytes and the size, not the picture). */
const jpeg = (name: string, size: number) => ({ name, mimeType: 'image/jpeg', buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size - 4, 7)]) });

async function choose(page: Page, document: string) {
  await heading(page, 'Choose your document').waitFor();
  expect(await isFocused(heading(page, 'Choose your document'))).toBe(true);
  await page.getByLabel(document).check();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function shoot(page: Page, title: string) {
  await heading(page, title).waitFor();
  expect(await isFocused(heading(page, title))).toBe(true);
  await page.getByRole('button', { name: 'Take photo' }).click();
  await heading(page, 'Check your photo').waitFor();
  await page.getByRole('button', { name: 'Use this photo' }).click();
}

async function upload(page: Page, title: string, file: ReturnType<typeof jpeg>) {
  await heading(page, title).waitFor();
  await page.getByLabel(/^Upload a photo/).setInputFiles(file);
  await page.getByRole('button', { name: 'Use this photo' }).click();
}

/**
 * No live camera track, no CSP report, every object URL revoked, nothing stored, no request off
 * this machine, no page error (Chromium's console line for an expected refusal is allowed).
 */
async function finish(s: Session, expectedStatus?: number) {
  expect(await liveTracks(s.page)).toBe(0);
  expect(await s.page.evaluate(() => (window as any).cspViolations)).toEqual([]);
  const urls = await s.page.evaluate(() => (window as any).objectUrls as { made: string[]; revoked: string[] });
  expect(urls.made.filter((u) => !urls.revoked.includes(u))).toEqual([]);
  expect(await s.page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  expect(s.requests.filter((u) => !u.startsWith(hostUrl) && !u.startsWith(`${onfido.url}/`) && !u.startsWith('blob:'))).toEqual([]);
  expect(s.errors.filter((e) => !(expectedStatus && e.includes(`status of ${expectedStatus}`)))).toEqual([]);
  await s.page.context().close();
}

describe.skipIf(!existsSync(CHROMIUM))('the emulated Web SDK in Chromium', () => {
  it('passport and selfie by camera: onComplete with the ids the emulator holds for the applicant', async () => {
    const s = await open();
    await choose(s.page, 'Passport');
    await shoot(s.page, 'Front of passport');
    await shoot(s.page, 'Take a selfie');
    const { data } = (await eventOf(s.page, 'complete')) as { data: Record<string, { id: string }> };
    expect(data).toEqual({ document_front: { id: expect.any(String), type: 'passport', side: 'front' }, face: { id: expect.any(String), variant: 'standard' } });
    const docs = (await onfido.call('GET', `/v3.6/documents?applicant_id=${s.applicantId}`)).json.documents;
    expect(docs).toMatchObject([{ id: data.document_front!.id, type: 'passport', side: 'front', file_type: 'jpg' }]);
    const photos = (await onfido.call('GET', `/v3.6/live_photos?applicant_id=${s.applicantId}`)).json.live_photos;
    expect(photos.map((p: { id: string }) => p.id)).toEqual([data.face!.id]);
    await heading(s.page, 'Photos submitted').waitFor();
    expect(onfido.emu.controls.requests({ path: '/v4/sdk/analytics', method: 'POST' }).length).toBeGreaterThan(0);
    await finish(s);
  });

  it('driving licence front and back, and the selfie, from files; the document chosen with the keyboard', async () => {
    const s = await open();
    await heading(s.page, 'Choose your document').waitFor();
    await s.page.keyboard.press('Tab');
    expect(await isFocused(s.page.getByLabel('Passport'))).toBe(true);
    await s.page.keyboard.press('ArrowDown');
    expect(await s.page.getByLabel('Driving licence').isChecked()).toBe(true);
    await s.page.keyboard.press('Enter');
    await upload(s.page, 'Front of driving licence', jpeg('front.jpg', 4096));
    await upload(s.page, 'Back of driving licence', jpeg('back.jpg', 4096));
    await upload(s.page, 'Take a selfie', jpeg('selfie.jpg', 40 * 1024));
    const { data } = (await eventOf(s.page, 'complete')) as { data: Record<string, unknown> };
    expect(data).toMatchObject({ document_front: { type: 'driving_licence', side: 'front' }, document_back: { type: 'driving_licence', side: 'back' }, face: { variant: 'standard' } });
    const docs = (await onfido.call('GET', `/v3.6/documents?applicant_id=${s.applicantId}`)).json.documents;
    expect(docs.map((d: { side: string }) => d.side)).toEqual(['front', 'back']);
    await finish(s);
  });

  it.each([
    ['video', 'Record a video selfie', 'live_videos'],
    ['motion', 'Record a motion capture', 'motion_captures'],
  ] as const)('a %s face capture, recorded from the camera', async (variant, title, plural) => {
    const s = await open({ steps: [{ type: 'face', options: { requestedVariant: variant } }] });
    await heading(s.page, title).waitFor();
    await s.page.getByRole('button', { name: 'Start recording', disabled: false }).click();
    await s.page.getByRole('status').filter({ hasText: 'Recording…' }).waitFor();
    await s.page.getByRole('button', { name: 'Stop recording' }).click();
    await heading(s.page, 'Check your video').waitFor();
    await s.page.getByRole('button', { name: 'Use this video' }).click();
    const { data } = (await eventOf(s.page, 'complete')) as { data: { face: { id: string; variant: string } } };
    expect(data.face.variant).toBe(variant);
    const listed = (await onfido.call('GET', `/v3.6/${plural}?applicant_id=${s.applicantId}`)).json[plural];
    expect(listed).toMatchObject([{ id: data.face.id, file_type: 'webm' }]);
    await finish(s);
  });

  it('shows a refused upload with a retry: a selfie file under 32 KB, then a valid one', async () => {
    const s = await open({ steps: ['face'] }, { denyCamera: true });
    await upload(s.page, 'Take a selfie', jpeg('small.jpg', 8 * 1024));
    await s.page.getByRole('alert').filter({ hasText: 'The photo was not accepted: file must be between 32KB and 10MB' }).waitFor();
    await s.page.getByRole('button', { name: 'Retake' }).click();
    await upload(s.page, 'Take a selfie', jpeg('selfie.jpg', 40 * 1024));
    expect(await eventOf(s.page, 'complete')).toMatchObject({ data: { face: { variant: 'standard' } } });
    await finish(s, 422);
  });

  it('with the camera refused, offers only the file picker', async () => {
    const s = await open({ steps: ['document'] }, { denyCamera: true });
    await choose(s.page, 'National identity card');
    await heading(s.page, 'Front of national identity card').waitFor();
    await s.page.locator('section').getByText('Camera access was denied. You can upload a photo instead.').waitFor();
    expect(await s.page.getByLabel('Upload a photo', { exact: true }).getAttribute('accept')).toBe('image/*');
    expect(await s.page.getByRole('button', { name: 'Take photo' }).count()).toBe(0);
    expect(await s.page.locator('video:visible').count()).toBe(0);
    await upload(s.page, 'Front of national identity card', jpeg('front.jpg', 4096));
    await upload(s.page, 'Back of national identity card', jpeg('back.jpg', 4096));
    expect(await eventOf(s.page, 'complete')).toMatchObject({ data: { document_back: { type: 'national_identity_card' } } });
    await finish(s);
  });

  it('calls onError expired_token when the token expires between two steps', async () => {
    const s = await open();
    await choose(s.page, 'Passport');
    await heading(s.page, 'Front of passport').waitFor();
    // Only this applicant's tokens: other sessions on the same emulator are untouched.
    const expire = await fetch(`${onfido.url}/__emulator__/onfido/sdk_tokens/expire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ applicant_id: s.applicantId }) });
    expect(await expire.json()).toEqual({ applicant_id: s.applicantId, expired_tokens: 1 });
    await s.page.getByRole('button', { name: 'Take photo' }).click();
    await s.page.getByRole('button', { name: 'Use this photo' }).click();
    expect(await eventOf(s.page, 'error')).toEqual({ kind: 'error', error: { type: 'expired_token', message: 'The token has expired, please request a new one' } });
    await heading(s.page, 'Your session has expired').waitFor();
    await finish(s, 401);
  });

  it('a page the token\'s referrer does not admit: the upload is refused, onError exception, nothing stored', async () => {
    const s = await open({ steps: ['document'] }, { referrer: 'https://app.example.com/*' });
    await choose(s.page, 'Passport');
    await upload(s.page, 'Front of passport', jpeg('front.jpg', 4096));
    expect(await eventOf(s.page, 'error')).toEqual({
      kind: 'error',
      error: { type: 'exception', message: 'This page is not allowed to use the SDK token: its address does not match the referrer the token was generated for.' },
    });
    await heading(s.page, 'Something went wrong').waitFor();
    const refused = onfido.emu.controls.requests({ path: '/v3.3/documents', method: 'POST' }).at(-1)!;
    // The page is at /verify?step=capture; the Referer is its origin alone.
    expect([refused.status, refused.headers.referer, (refused.response as { error: { type: string } }).error.type]).toEqual([401, hostUrl, 'bad_referrer']);
    expect((await onfido.call('GET', `/v3.6/documents?applicant_id=${s.applicantId}`)).json.documents).toEqual([]);
    await finish(s, 401);
  });

  it('an undecodable token: onError invalid_token, and no camera is opened', async () => {
    const s = await open({ token: 'not-a-jwt' });
    expect(await eventOf(s.page, 'error')).toEqual({ kind: 'error', error: { type: 'invalid_token', message: 'The token is invalid.' } });
    await heading(s.page, 'Something went wrong').waitFor();
    expect(await s.page.evaluate(() => (window as any).streams.length)).toBe(0);
    await finish(s);
  });

  it('Exit verification calls onUserExit("user_exit") and stops the camera', async () => {
    const s = await open();
    await choose(s.page, 'Passport');
    await s.page.getByRole('button', { name: 'Take photo', disabled: false }).waitFor();
    await s.page.getByRole('button', { name: 'Exit verification' }).click();
    expect(await eventOf(s.page, 'exit')).toEqual({ kind: 'exit', reason: 'user_exit' });
    await heading(s.page, 'Verification stopped').waitFor();
    await finish(s);
  });

  it('tearDown removes what it rendered and stops the camera', async () => {
    const s = await open();
    await choose(s.page, 'Passport');
    await s.page.getByRole('button', { name: 'Take photo' }).waitFor();
    await s.page.waitForFunction(() => (window as any).streams.length > 0);
    await s.page.evaluate(() => (window as any).handle.tearDown());
    expect(await s.page.locator('#mount').evaluate((el) => el.childElementCount)).toBe(0);
    await finish(s);
  });

  it.each(['light', 'dark'] as const)('has no axe violations on the choice, capture and review screens (%s scheme)', async (colorScheme) => {
    const s = await open({ steps: ['document'] }, { colorScheme });
    const axe = async () => (await new AxeBuilder({ page: s.page }).include('#mount').analyze()).violations.map((v) => v.id);
    await heading(s.page, 'Choose your document').waitFor();
    expect(await axe()).toEqual([]);
    await s.page.getByRole('button', { name: 'Continue' }).click();
    await s.page.getByRole('alert').filter({ hasText: 'Choose a document type to continue.' }).waitFor();
    await s.page.getByLabel('Passport').check();
    await s.page.getByRole('button', { name: 'Continue' }).click();
    await s.page.getByRole('button', { name: 'Take photo', disabled: false }).waitFor();
    expect(await axe()).toEqual([]);
    await s.page.getByRole('button', { name: 'Take photo' }).click();
    await heading(s.page, 'Check your photo').waitFor();
    expect(await axe()).toEqual([]);
    await s.page.getByRole('button', { name: 'Use this photo' }).click();
    await eventOf(s.page, 'complete');
    await finish(s);
  });

  it('a workflow run: captures, then /complete, then onComplete; the run is approved', async () => {
    const applicant = await onfido.call('POST', '/v3.6/applicants', { first_name: 'Jane', last_name: 'Doe' });
    const run = (await onfido.call('POST', '/v3.6/workflow_runs', { workflow_id: crypto.randomUUID(), applicant_id: applicant.json.id })).json;
    const s = await open({ token: run.sdk_token, workflowRunId: run.id, steps: undefined });
    await choose(s.page, 'Passport');
    await upload(s.page, 'Front of passport', jpeg('front.jpg', 4096));
    await upload(s.page, 'Take a selfie', jpeg('selfie.jpg', 40 * 1024));
    expect(await eventOf(s.page, 'complete')).toMatchObject({ data: { document_front: { type: 'passport' }, face: { variant: 'standard' } } });
    onfido.emu.controls.settle();
    expect((await onfido.call('GET', `/v3.6/workflow_runs/${run.id}`)).json.status).toBe('approved');
    await finish(s);
  });
});
