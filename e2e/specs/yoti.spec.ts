// Yoti as a UK resident meets it in the demo's right-to-work check: the widget frames Yoti's user
// view (the emulator's, packages/emulators/src/yoti/web-client.ts), the person chooses a test
// person and the outcome to emulate there and finishes, and the BFF reads the verdict and the
// identity profile (UK_TFIDA, RTW) from Yoti's session result. Also: the profile not met, the
// person's camera refused (Yoti's error 4000) with Try again, and a message posted to the widget's
// window from another origin than Yoti's, which changes nothing.
import type { Page, Request } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, hostSession, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

const FRAME_TITLE = 'Yoti identity verification';
const VIEW_HEADING = 'Yoti identity verification (emulator)';
const CAMERA_REFUSED = "Yoti needs your camera, and access to it was refused. To allow it, select the camera or site settings icon in your browser's address bar and choose Allow.";

/** Yoti's user view, in the widget's frame. */
const yotiView = (page: Page) => widget(page).getByTitle(FRAME_TITLE).contentFrame();

/** The demo's form: the UK right-to-work preset (Yoti only), then consent, the United Kingdom and Yoti. */
async function startRightToWork(page: Page, stack: StackInfo) {
  await page.goto(stack.demoUrl);
  await page.getByRole('group', { name: 'What your product needs' }).getByRole('radio', { name: 'UK right to work' }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await acceptConsent(page);
  await chooseCountry(page, 'United Kingdom');
  await widget(page).getByRole('radio', { name: /^Yoti/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Verify with Yoti' })).toBeVisible();
  await expect(yotiView(page).getByRole('heading', { name: VIEW_HEADING })).toBeVisible();
}

/** In Yoti's view, as the person: the test person offered first (its default), the outcome to emulate, then Finish. */
async function finishInYoti(page: Page, outcome: string | RegExp) {
  const view = yotiView(page);
  await expect(view.getByText('The service asks for the identity profile UK_TFIDA RTW.')).toBeVisible();
  await expect(view.getByRole('group', { name: 'Test person and their document' }).getByRole('radio').first()).toBeChecked();
  await view.getByRole('group', { name: 'Outcome to emulate' }).getByRole('radio', { name: outcome }).check();
  await view.getByRole('button', { name: 'Finish' }).click();
}

const loopbackOnly = (requests: string[]) => {
  expect(requests.length).toBeGreaterThan(0);
  for (const url of requests.filter((u) => /^(https?|wss?):/.test(u))) expect(['127.0.0.1', 'localhost', '[::1]']).toContain(new URL(url).hostname);
};

test('a UK resident completes Yoti’s view for a right-to-work check and is verified; the host reads the UK_TFIDA RTW profile Yoti certified', async ({ page, stack }) => {
  const requests: string[] = [];
  page.on('request', (request: Request) => void requests.push(request.url()));
  await startRightToWork(page, stack);
  // The frame is Yoti's origin, and may ask for the camera.
  const frame = widget(page).getByTitle(FRAME_TITLE);
  await expect(frame).toHaveAttribute('allow', 'camera');
  expect(new URL((await frame.getAttribute('src'))!).origin).toBe(new URL(stack.emulatorUrls.yoti!).origin);

  await finishInYoti(page, 'Verified: the checks pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  const session = await hostSession(page, stack);
  expect(session).toMatchObject({ status: 'verified', provider_key: 'yoti' });
  // An identity Yoti established proves a human too: the claims of every layer it reached, at high.
  expect(session.claims.map((c) => [c.type, c.assurance_level]).sort()).toEqual([['verified_human', 'high'], ['verified_identity', 'high']]);
  expect(session.provider_result).toMatchObject({
    provider_key: 'yoti',
    identity_profile: { trust_framework: 'UK_TFIDA', scheme: 'RTW', result: 'DONE', failure_reason: null },
  });
  // The host reads the identity profile report Yoti certified: the right to work met under UK_TFIDA.
  const profile = await page.request.get(`${stack.bffUrl}/v1/sessions/${session.id}?include=identity_profile`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  expect(profile.status()).toBe(200);
  const report = (await profile.json()).identity_profile.verification_report;
  expect(report.trust_framework).toBe('UK_TFIDA');
  expect(report.schemes_compliance).toEqual([expect.objectContaining({ requirements_met: true, scheme: expect.objectContaining({ type: 'RTW' }) })]);
  await expect(page.getByText('verified_identity (yoti, assurance high)')).toBeVisible();
  // The demo's host panel shows how the person was verified, and names the personal fields without their values.
  await expect(page.getByText('Trust framework: UK_TFIDA; schemes: RTW: met')).toBeVisible();
  await expect(page.getByText(/^Personal fields in the report \(kept on the host's backend\): .*date_of_birth/)).toBeVisible();
  // The view's pages, its form post and the BFF's reads of Yoti all stayed on this machine.
  expect(requests.some((u) => u.startsWith(stack.emulatorUrls.yoti!))).toBe(true);
  loopbackOnly(requests);
});

test('the identity profile not met ends rejected with Yoti’s reason, shown in the widget and read by the host', async ({ page, stack, guard }) => {
  // The BFF answers the completion of a rejected verification 422, which the browser logs.
  guard.allowConsoleError(/status of 422/);
  await startRightToWork(page, stack);
  await finishInYoti(page, 'Identity profile not met: the document is rejected');
  await expect(widget(page).getByRole('heading', { name: 'The check did not pass' })).toBeVisible();
  await expect(widget(page).getByText('The provider could not verify you.')).toBeVisible();
  // Yoti decided: nothing invites the person to try the same check again.
  await expect(widget(page).getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toHaveCount(0);

  const session = await hostSession(page, stack);
  expect(session).toMatchObject({ status: 'rejected', provider_key: 'yoti', claims: [], last_error: { code: 'verification_failed' } });
  expect(session.last_error?.reason).toContain('Yoti: the identity profile was not met (FRAUD_DETECTED)');
  expect(session.provider_result).toMatchObject({
    provider_key: 'yoti',
    identity_profile: { trust_framework: 'UK_TFIDA', scheme: 'RTW', result: 'FAIL', failure_reason: 'FRAUD_DETECTED' },
  });
});

test('the person’s camera refused (Yoti’s error 4000) is explained with Try again, which loads Yoti’s view again, where they finish', async ({ page, stack }) => {
  await startRightToWork(page, stack);
  await finishInYoti(page, 'Error 4000: Camera permission not granted');
  const alert = widget(page).locator('identity-verify-yoti').getByRole('alert');
  await expect(alert).toContainText(CAMERA_REFUSED);
  await expect(alert).toContainText('Then select Try again.');
  await expect(widget(page).getByTitle(FRAME_TITLE)).toHaveCount(0);
  // Still Yoti's step, and nothing decided: the error is the person's to fix.
  await expect(widget(page).getByRole('heading', { name: 'Verify with Yoti' })).toBeVisible();
  expect((await hostSession(page, stack)).status).not.toBe('verified');

  const tryAgain = widget(page).getByRole('button', { name: 'Try again' });
  await expect(tryAgain).toBeFocused();
  await tryAgain.click();
  await expect(yotiView(page).getByRole('heading', { name: VIEW_HEADING })).toBeVisible();
  await expect(alert).toHaveText('');
  // The same Yoti session, its view fresh: the person allows the camera and finishes.
  await finishInYoti(page, 'Verified: the checks pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  expect(await hostSession(page, stack)).toMatchObject({ status: 'verified', provider_key: 'yoti' });
});

test('a SUCCESS message from another origin than Yoti’s is ignored: the widget stays on Yoti’s step and nothing is verified', async ({ page, stack }) => {
  await startRightToWork(page, stack);
  const completions: string[] = [];
  page.on('request', (request: Request) => {
    if (/\/v1\/identity\/verify\/(complete|sync)$/.test(request.url())) completions.push(request.url());
  });

  // The demo page (its own origin, not Yoti's) posts Yoti's success to the widget's window, in
  // both forms a listener might take; a marker posted after them arrives once the widget's
  // listener has seen them (messages to a window are delivered in order).
  const origin = await page.evaluate(async () => {
    const marker = new Promise<void>((resolve) => {
      window.addEventListener('message', function onMarker(event) {
        if ((event.data as { marker?: string } | null)?.marker !== 'after-forged') return;
        window.removeEventListener('message', onMarker);
        resolve();
      });
    });
    window.postMessage({ eventType: 'SUCCESS' }, '*');
    window.postMessage({ eventType: 'SUCCESS' }, window.location.origin);
    window.postMessage({ marker: 'after-forged' }, '*');
    await marker;
    return window.location.origin;
  });
  expect(origin).not.toBe(new URL(stack.emulatorUrls.yoti!).origin);

  await expect(widget(page).getByRole('heading', { name: 'Verify with Yoti' })).toBeVisible();
  await expect(widget(page).getByRole('heading', { name: 'Checking' })).toHaveCount(0);
  await expect(yotiView(page).getByRole('heading', { name: VIEW_HEADING })).toBeVisible();
  expect(completions).toEqual([]);
  const session = await hostSession(page, stack);
  expect(session.status).not.toBe('verified');
  expect(session.provider_result ?? null).toBeNull();

  // Yoti's own view is still heard: the person finishes there and is verified.
  await finishInYoti(page, 'Verified: the checks pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  expect(completions.length).toBeGreaterThan(0);
});
