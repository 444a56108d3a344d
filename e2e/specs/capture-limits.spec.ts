// Our capture within each provider's limits (issue 15), with Chromium's own fake camera: a plain,
// flat frame, whose selfie was 24 KB at the usual JPEG quality, under the 32 KB Onfido (and so
// Signicat Assure) takes, and the person read "Something in the request was not accepted" with no
// way on. Now the capture aims inside each side's window, and a photo the provider refuses is
// explained with a retake.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, assureDossierOf, attemptRef, chooseCountry, hostSession, widget } from '../flow.js';
import { chromiumWithFakeCamera } from '../fake-camera.js';
import type { StackInfo } from '../stack.js';

// The configuration's browser without its detailed camera picture: Chromium's default fake frame.
test.use({ launchOptions: chromiumWithFakeCamera() });

const ONFIDO_SELFIE_MIN_BYTES = 32 * 1024;

/** The demo's form: an identity check at high assurance (a selfie photo) through Signicat Assure, for a US resident, who accepts Onfido's notice. */
async function startCapture(page: Page, stack: StackInfo) {
  await page.goto(stack.demoUrl);
  // The demo's preset for a selfie photo at high assurance.
  await page.getByRole('radio', { name: 'Identity, high assurance' }).check();
  await page.getByRole('checkbox', { name: 'Signicat Assure (Onfido)', exact: true }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await acceptConsent(page);
  await chooseCountry(page, 'United States');
  await widget(page).getByRole('radio', { name: /Signicat Assure \(Onfido\)/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await widget(page).getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(widget(page).getByRole('heading', { name: 'Choose your document' })).toBeVisible();
  await widget(page).getByRole('radio', { name: 'Passport' }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
}

/**
 * One photo with the shutter (the plain frame is never sharp enough to be taken by itself), then
 * "Use this photo".
 */
async function shoot(page: Page) {
  await widget(page).getByRole('button', { name: 'Take photo' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Check your photo' })).toBeVisible({ timeout: 20_000 });
  await widget(page).getByRole('button', { name: 'Use this photo' }).click();
}

/** The size of each image the page uploads, by side. */
function watchUploads(page: Page, stack: StackInfo): Array<{ side: string; bytes: number }> {
  const seen: Array<{ side: string; bytes: number }> = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() !== 'POST' || !request.url().startsWith(stack.bffUrl) || url.pathname !== '/v1/identity/verify/uploads') return;
    seen.push({ side: url.searchParams.get('side') ?? '', bytes: request.postDataBuffer()?.length ?? 0 });
  });
  return seen;
}

test("regression: Signicat, United States, high assurance: the plain camera frame's selfie reaches Onfido's 32 KB and the person is verified", async ({ page, stack }) => {
  const uploads = watchUploads(page, stack);
  await startCapture(page, stack);
  await expect(widget(page).getByRole('heading', { name: 'Photograph the photo page of your passport' })).toBeVisible();
  await shoot(page);
  await expect(widget(page).getByRole('heading', { name: 'Take a selfie' })).toBeVisible();
  await shoot(page);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  expect(uploads.map((u) => u.side)).toEqual(['document_front', 'selfie']);
  expect(uploads[1]!.bytes).toBeGreaterThanOrEqual(ONFIDO_SELFIE_MIN_BYTES);
  expect(await hostSession(page, stack)).toMatchObject({ status: 'verified', provider_key: 'signicat_onfido' });
});

test('a selfie the provider refuses is explained, with a retake, and the next one is taken', async ({ page, stack, guard }) => {
  // The browser logs the BFF's 422 for the refused image.
  guard.allowConsoleError(/status of 422/);
  await startCapture(page, stack);
  await shoot(page);
  await expect(widget(page).getByRole('heading', { name: 'Take a selfie' })).toBeVisible();
  // Assure refuses the next selfie of this process, as it answers an image it cannot use (its words stay at the BFF).
  const processId = await attemptRef(page, stack);
  const path = `/assure/dossiers/${await assureDossierOf(page, stack, processId)}/processes/${processId}/files/SELFIE`;
  const refusal = { instance: path, method: 'POST', status: 400, type: 'base:client-problem', title: 'Invalid image', detail: 'SELFIE: no face found', traceId: 'e2e' };
  expect((await page.request.post(`${stack.signicatUrl}/__emulator__/faults`, { data: { path, method: 'POST', status: 400, json: refusal } })).ok()).toBe(true);

  await shoot(page);
  // The capture's live region (the widget has one of its own too) says why, and what to do differently.
  const reason = 'Your selfie was not accepted. Take another with your whole face in the oval, sharp and well lit.';
  await expect(widget(page).getByRole('status').filter({ hasText: reason })).toHaveText(reason);
  await expect(widget(page).getByText(/Something in the request|had a problem/)).toHaveCount(0);
  // Sending the same picture again cannot help: only a retake is offered.
  await expect(widget(page).getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await widget(page).getByRole('button', { name: 'Retake' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Take a selfie' })).toBeVisible();
  await shoot(page);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});

test("a selfie under the provider's minimum, refused by the BFF's own check, is explained with a retake", async ({ page, stack, guard }) => {
  // The browser logs the BFF's 422 (image_too_small) for the refused image.
  guard.allowConsoleError(/status of 422/);
  await startCapture(page, stack);
  await shoot(page);
  await expect(widget(page).getByRole('heading', { name: 'Take a selfie' })).toBeVisible();
  // What the capture sent before it aimed at each side's window: the first 24 KB of the selfie, under Onfido's 32 KB.
  let cut = 0;
  await page.route('**/v1/identity/verify/uploads?**', (route) => {
    const body = route.request().postDataBuffer();
    if (cut++ > 0 || !body || new URL(route.request().url()).searchParams.get('side') !== 'selfie') return route.fallback();
    return route.fallback({ postData: body.subarray(0, 24 * 1024) });
  });
  await shoot(page);
  const reason = 'This photo has too little detail to be accepted. Take another in good light, filling the frame.';
  await expect(widget(page).getByRole('status').filter({ hasText: reason })).toHaveText(reason);
  await expect(widget(page).getByText(/Something in the request/)).toHaveCount(0);
  await expect(widget(page).getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await widget(page).getByRole('button', { name: 'Retake' }).click();
  await shoot(page);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  expect(cut).toBe(2);
});
