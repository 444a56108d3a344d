// Our own document and selfie capture, as a person meets it in the demo with Signicat Assure
// (Onfido through Assure) and with Onfido directly (its direct upload): the fake camera, a review,
// the upload's progress, and each of Assure's five final statuses; the file picker when the
// camera is refused; an upload that fails on the network and is tried again with the same photo.
// Beside it, Assure's other way (use case 2): Onfido's own SDK in the widget with the process's
// authorization, for a host that prefers it and for a video selfie (documentVideo).
import type { Page } from '@playwright/test';
import { ONFIDO_EMULATOR_API_TOKEN } from '@identity-verify/emulators';
import { expect, test } from '../fixtures.js';
import { acceptConsent, assureDossierOf, attemptRef, captureInOnfidoSdk, chooseCountry, hostSession, onfidoSdk, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

/**
 * The demo's form: an identity check with a selfie through `provider` (Signicat Assure unless
 * said), captured the way the form's Capture choice says, for a resident of `country`. A US
 * resident accepts Onfido's biometric notice on the way.
 */
async function startCapture(
  page: Page,
  stack: StackInfo,
  { provider = 'Signicat Assure (Onfido)', capture = 'Default (as each provider is configured)', country = 'Sweden', faceCheck = 'Default (a selfie photo when assurance is high)' } = {},
) {
  await page.goto(stack.demoUrl);
  // The demo's presets: a selfie photo at high assurance, or a video selfie.
  await page.getByRole('radio', { name: faceCheck === 'Selfie video' ? 'Identity with video selfie' : 'Identity, high assurance' }).check();
  await page.getByLabel('Capture').selectOption({ label: capture });
  await page.getByRole('checkbox', { name: provider, exact: true }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await acceptConsent(page);
  await chooseCountry(page, country);
  await widget(page).getByRole('radio', { name: new RegExp(provider.replace(/[()]/g, '\\$&')) }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  if (country === 'United States') await widget(page).getByRole('button', { name: 'Accept', exact: true }).click();
  // Our capture starts with the document's kind; Onfido's SDK asks it in its own UI.
  const first = capture === SDK ? onfidoSdk(page).getByRole('heading', { name: 'Choose your document' }) : widget(page).getByRole('heading', { name: 'Choose your document' });
  await expect(first).toBeVisible();
}
const SDK = "The provider's SDK";

/** Tells the Assure emulator how this attempt's process ends, and how long it processes first (a test scenario, per dossier). */
async function planOutcome(page: Page, stack: StackInfo, status: string, processingSeconds?: number) {
  const dossierId = await assureDossierOf(page, stack, await attemptRef(page, stack));
  const planned = await page.request.post(`${stack.signicatUrl}/__emulator__/signicat/dossiers/${dossierId}/scenario`, {
    data: { status, ...(processingSeconds === undefined ? {} : { processing_seconds: processingSeconds }) },
  });
  expect(planned.ok()).toBe(true);
}

/**
 * One photo by the camera. The fake camera plays a still, sharp, well-lit frame, so the capture
 * takes it by itself once it is steady (the manual shutter is tested in the widget's own browser
 * test, on a frame that is never good enough to be taken alone); then "Use this photo".
 */
async function shoot(page: Page) {
  await expect(widget(page).getByRole('heading', { name: 'Check your photo' })).toBeVisible({ timeout: 20_000 });
  await widget(page).getByRole('button', { name: 'Use this photo' }).click();
}

/** What the capture asks to photograph for each document, side by side (widget/src/capture/ui/text.ts). */
const SIDES = {
  Passport: ['the photo page of your passport'],
  'Driving licence': ['the front of your driving licence', 'the back of your driving licence'],
};

/** Chooses the document, photographs each of its sides, then the selfie. */
async function documentAndSelfie(page: Page, document: keyof typeof SIDES) {
  await widget(page).getByRole('radio', { name: document }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  for (const subject of SIDES[document]) {
    await expect(widget(page).getByRole('heading', { name: `Photograph ${subject}` })).toBeVisible();
    await shoot(page);
  }
  await expect(widget(page).getByRole('heading', { name: 'Take a selfie' })).toBeVisible();
  await shoot(page);
}

async function hostReads(page: Page, stack: StackInfo) {
  const { id } = await hostSession(page, stack);
  return (await page.request.get(`${stack.bffUrl}/v1/sessions/${id}`, { headers: { authorization: `Bearer ${stack.apiKey}` } })).json();
}

const OUTCOMES: Array<[string, string, string]> = [
  ['accepted', 'verified', 'You are verified'],
  ['inconclusive', 'needs_review', 'Your verification is being reviewed'],
  ['rejected', 'rejected', 'The check did not pass'],
  ['canceled', 'canceled', 'This verification was canceled'],
  ['failed', 'failed', 'The check did not pass'],
];

for (const [assure, ours, heading] of OUTCOMES) {
  const documents = assure === 'accepted' ? 'a driving licence front and back' : 'a passport';
  test(`Assure "${assure}": ${documents} and a selfie by the camera end ${ours}, and the host reads Assure's verdict`, async ({ page, stack, guard }) => {
    // The BFF answers the completion of a rejected verification 422 provider_rejected, which the browser logs.
    if (assure === 'rejected') guard.allowConsoleError(/status of 422/);
    await startCapture(page, stack);
    await planOutcome(page, stack, assure);
    // Both kinds of document: the two-sided one where it ends verified.
    await documentAndSelfie(page, assure === 'accepted' ? 'Driving licence' : 'Passport');
    await expect(widget(page).getByRole('heading', { name: heading })).toBeVisible();
    // A rejection or failure Assure decided is final: nothing invites the person to try again.
    if (ours === 'rejected' || ours === 'failed') await expect(widget(page).getByRole('button', { name: 'Try again' })).toHaveCount(0);
    const session = await hostReads(page, stack);
    expect(session).toMatchObject({ status: ours, provider_key: 'signicat_onfido' });
    expect(session.provider_result).toMatchObject({ provider_key: 'signicat_onfido', status: assure, process_type: 'documentSelfie' });
    // What Onfido analysed; a canceled or failed process reports no analysis (seed 001's examples).
    const analysed = { accepted: ['front', 'back', 'selfie'], inconclusive: ['front', 'selfie'], rejected: ['front', 'selfie'] }[assure] ?? [];
    expect(session.provider_result.depictions).toEqual(analysed);
  });
}

test("while Assure decides, its event's verdict reaches the open page with no request from the page", async ({ page, stack }) => {
  await startCapture(page, stack);
  // This dossier's process stays processing for a minute of the emulator's clock.
  await planOutcome(page, stack, 'accepted', 60);
  const fromPage: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(stack.bffUrl)) fromPage.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  await documentAndSelfie(page, 'Passport');
  await expect(widget(page).getByRole('heading', { name: 'Checking' })).toBeVisible();
  // The page follows the session over the live stream rather than asking.
  await expect.poll(() => fromPage.filter((r) => r === 'GET /v1/identity/verify/events').length).toBe(1);
  const before = fromPage.length;

  // Assure finishes: the emulator's clock moves past the processing time, its signed event goes to the BFF.
  expect((await page.request.post(`${stack.signicatUrl}/__emulator__/clock`, { data: { advance_seconds: 61 } })).ok()).toBe(true);
  expect((await page.request.post(`${stack.signicatUrl}/__emulator__/signicat/settle`)).ok()).toBe(true);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  expect(fromPage.slice(before)).toEqual([]);
  expect(await hostReads(page, stack)).toMatchObject({ status: 'verified', provider_key: 'signicat_onfido' });
});

test('a person whose camera is refused chooses photos from the device instead', async ({ page, stack }) => {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await startCapture(page, stack);
  await widget(page).getByRole('radio', { name: 'Passport' }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByText(/Camera access was refused/)).toBeVisible();
  await expect(widget(page).getByRole('button', { name: 'Take photo' })).toHaveCount(0);
  const photo = await noisyJpeg(page);
  await widget(page).getByLabel('Choose a photo from your device').setInputFiles({ name: 'passport.jpg', mimeType: 'image/jpeg', buffer: photo });
  await widget(page).getByRole('button', { name: 'Use this photo' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Take a selfie' })).toBeVisible();
  await widget(page).getByLabel('Choose a photo from your device').setInputFiles({ name: 'selfie.jpg', mimeType: 'image/jpeg', buffer: photo });
  await widget(page).getByRole('button', { name: 'Use this photo' }).click();
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});

test('an upload that fails on the network is tried again with the same photo', async ({ page, stack, guard }) => {
  guard.allowConsoleError(/ERR_FAILED|Failed to load resource/);
  await startCapture(page, stack);
  await widget(page).getByRole('radio', { name: 'Passport' }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  // The first upload's connection drops; the next one goes through.
  let dropped = 0;
  await page.route('**/v1/identity/verify/uploads?**', (route) => (dropped++ === 0 ? route.abort('failed') : route.fallback()));
  await shoot(page);
  await widget(page).getByRole('button', { name: 'Try again' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Take a selfie' })).toBeVisible();
  expect(dropped).toBe(2);
  await shoot(page);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});

test('Onfido direct upload: a US resident accepts the notice, captures a driving licence front and back and a selfie with our capture, and is verified', async ({ page, stack }) => {
  await startCapture(page, stack, { provider: 'Onfido', capture: "The widget's own capture", country: 'United States' });
  await documentAndSelfie(page, 'Driving licence');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();

  const session = await hostReads(page, stack);
  expect(session).toMatchObject({ status: 'verified', provider_key: 'onfido', requirements: { capture: 'native' } });
  expect(session.provider_result.reports.map((r: { name: string }) => r.name).sort()).toEqual(['document', 'facial_similarity_photo']);
  // Onfido holds what our capture took, uploaded by the BFF: both sides and the selfie.
  const atOnfido = async (path: string) =>
    (await page.request.get(`${stack.onfidoUrl}/v3.6${path}`, { headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` } })).json();
  const applicantId = (await atOnfido(`/checks/${session.provider_result.check_id}`)).applicant_id as string;
  const { documents } = await atOnfido(`/documents?applicant_id=${applicantId}`);
  expect(documents.map((d: { type: string; side: string }) => `${d.type} ${d.side}`).sort()).toEqual(['driving_licence back', 'driving_licence front']);
  expect((await atOnfido(`/live_photos?applicant_id=${applicantId}`)).live_photos).toHaveLength(1);
});

const SDK_CASES = [
  { title: 'a host that prefers the provider\'s SDK', faceCheck: 'Selfie photo', processType: 'documentSelfie', video: false },
  { title: 'a video selfie, which only the SDK takes (documentVideo)', faceCheck: 'Selfie video', processType: 'documentVideo', video: true },
];
for (const c of SDK_CASES) {
  test(`Signicat with Onfido's SDK for ${c.title}: the SDK runs with Assure's authorization, sends the images to Onfido itself, and the person is verified`, async ({ page, stack }) => {
    await startCapture(page, stack, { capture: SDK, faceCheck: c.faceCheck, country: 'United States' });
    // The SDK token the widget was given names, as Onfido's do, the applicant Assure opened at Onfido.
    const { session: demoSession } = await (await page.request.get(`${stack.demoUrl}/api/session`)).json();
    const view = await (await page.request.get(`${stack.bffUrl}/v1/identity/session`, { headers: { authorization: `Bearer ${demoSession.client_secret}` } })).json();
    expect(view.active_attempt.client).toMatchObject({ provider_key: 'signicat_onfido', flow: 'embedded_sdk', face: c.video ? 'video' : 'standard' });
    const applicantId = JSON.parse(Buffer.from(view.active_attempt.client.sdk_token.split('.')[1], 'base64url').toString()).payload.app as string;
    await captureInOnfidoSdk(page, { face: c.video ? 'video' : 'photo' });
    await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
    const session = await hostReads(page, stack);
    expect(session).toMatchObject({ status: 'verified', provider_key: 'signicat_onfido', requirements: { capture: 'sdk' } });
    expect(session.provider_result).toMatchObject({ status: 'accepted', process_type: c.processType, depictions: ['front', 'selfie'] });
    // Onfido received the captures from the page, under the applicant Assure opened with the person's location and consent.
    const atOnfido = async (path: string) =>
      (await page.request.get(`${stack.onfidoUrl}/v3.6${path}`, { headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` } })).json();
    expect(await atOnfido(`/applicants/${applicantId}`)).toMatchObject({ location: { country_of_residence: 'USA' } });
    expect(await atOnfido(`/applicants/${applicantId}/consents`)).toContainEqual(expect.objectContaining({ name: 'privacy_notices_read', granted: true }));
    expect((await atOnfido(`/documents?applicant_id=${applicantId}`)).documents).toMatchObject([{ type: 'passport', side: 'front' }]);
    const face = c.video ? 'live_videos' : 'live_photos';
    expect((await atOnfido(`/${face}?applicant_id=${applicantId}`))[face]).toHaveLength(1);
  });
}

/** A detailed 1600×1200 JPEG made in the page (random noise compresses poorly: well above Onfido's 32 KB selfie minimum). */
async function noisyJpeg(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(1600, 1200);
    const context = canvas.getContext('2d')!;
    const pixels = context.createImageData(1600, 1200);
    for (let i = 0; i < pixels.data.length; i += 4) {
      const v = (i * 2654435761) >>> 24;
      pixels.data.set([v, (v * 7) & 255, (v * 13) & 255, 255], i);
    }
    context.putImageData(pixels, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  });
  return Buffer.from(base64, 'base64');
}
