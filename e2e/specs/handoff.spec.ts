// Handing a verification to a phone (issue 17 part 5), as people do it: on a computer with no
// camera (a Chromium of its own, started without the fake camera: it has none), the widget offers
// the phone at once, with a QR code and the link as text to copy. A phone (the test's page: the
// fake camera, a phone's viewport) opens the link, photographs a passport and a selfie, and
// finishes; the computer shows the result without a reload. The same link opened again, in a
// third browser, is refused in words. A phone that went away is no dead end: the computer's new
// link takes the session back from it and gives it to the next phone.
import { chromium, type Browser, type Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, expectAccessible, hostSession, widget } from '../flow.js';

const PROVIDER = 'Signicat Assure (Onfido)';

/** What goes wrong on the computer's page (the fixture's guard watches only the test's own context). */
async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => void (message.type() === 'error' && problems.push(`console error: ${message.text()}`)));
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  await page.exposeBinding('__idvCspViolation', (_source, report: string) => void problems.push(`CSP violation: ${report}`));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) => (window as unknown as { __idvCspViolation: (r: string) => void }).__idvCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`), true),
  );
  return problems;
}

/** What the computer says once a phone has the session. */
const ON_PHONE = 'Continue on your phone. This page shows the result when you are done.';

/** A phone (a browser context of its own, at a phone's size) opens the link; the computer then says the person continues there. */
async function openOnPhone(browser: Browser, link: string, desktop: Page) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  await phone.goto(link);
  await expect(widget(phone).getByRole('heading', { name: 'Choose your document' })).toBeVisible();
  await expect(widget(desktop).getByText(ON_PHONE)).toBeVisible();
  return { phone, context };
}

async function shoot(page: Page) {
  await expect(widget(page).getByRole('heading', { name: 'Check your photo' })).toBeVisible({ timeout: 20_000 });
  await widget(page).getByRole('button', { name: 'Use this photo' }).click();
}

/** The demo's form, then consent and country: an identity check through Signicat Assure, which our own capture serves. */
async function startSignicat(page: Page, stack: { demoUrl: string }) {
  await page.goto(stack.demoUrl);
  await page.getByRole('radio', { name: 'Identity, high assurance' }).check();
  await page.getByRole('checkbox', { name: PROVIDER, exact: true }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await acceptConsent(page);
  await chooseCountry(page, 'Sweden');
  await widget(page).getByRole('radio', { name: /Signicat Assure \(Onfido\)/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
}

let computer: Browser;
test.beforeAll(async () => {
  // No --use-fake-device-for-media-stream: this browser finds no camera, as a computer without one.
  computer = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
});
test.afterAll(async () => computer?.close());

test('a computer with no camera hands the verification to a phone, which finishes it; the computer shows the result; the link works once', async ({ page, browser, stack }) => {
  const desktopContext = await computer.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const desktop = await desktopContext.newPage();
  const problems = await watchProblems(desktop);
  const bff: string[] = [];
  desktop.on('request', (request) => void (request.url().startsWith(stack.bffUrl) && bff.push(`${request.method()} ${new URL(request.url()).pathname}`)));

  await startSignicat(desktop, stack);

  // No camera here: the phone is offered at once, as a QR code and as a link to copy.
  await expect(widget(desktop).getByRole('heading', { name: 'Continue on your phone' })).toBeVisible();
  await expect(widget(desktop).getByText('No camera was found on this device.')).toBeVisible();
  await expect(widget(desktop).getByRole('img', { name: 'QR code that opens this verification on your phone' })).toBeVisible();
  const shown = widget(desktop).getByText(/#idv-handoff=/);
  await expect(shown).toBeVisible();
  const link = (await shown.textContent())!.trim();
  expect(new URL(link).origin + new URL(link).pathname).toBe(new URL(stack.demoUrl).origin + new URL(stack.demoUrl).pathname);
  // The token is only in the fragment, which no browser sends to a server.
  expect(new URL(link).search).toBe('');
  await expect(widget(desktop).getByRole('status').filter({ hasText: 'Waiting for your phone…' })).toBeVisible();
  await expectAccessible(desktop, 'handoff');

  // The phone: the test's own page (the fake camera), at a phone's size.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(link);
  // The token is out of the address bar once redeemed.
  await expect.poll(() => new URL(page.url()).hash).toBe('');
  await expect(widget(page).getByRole('heading', { name: 'Choose your document' })).toBeVisible();
  // The phone does not offer to hand the session on again.
  await expect(widget(page).getByRole('button', { name: 'Use your phone instead' })).toHaveCount(0);

  // The computer knows: the person continues on the phone.
  await expect(widget(desktop).getByText(ON_PHONE)).toBeVisible();
  await expect(widget(desktop).getByText(/#idv-handoff=/)).toHaveCount(0);

  await widget(page).getByRole('radio', { name: 'Passport' }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Photograph the photo page of your passport' })).toBeVisible();
  await shoot(page);
  await expect(widget(page).getByRole('heading', { name: 'Take a selfie' })).toBeVisible();
  await shoot(page);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();

  // The computer shows the result on its own, without a reload.
  await expect(widget(desktop).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  expect((await hostSession(desktop, stack)).status).toBe('verified');
  // The computer only followed: it uploaded nothing and completed nothing.
  expect(bff.filter((r) => /uploads|complete|initiate/.test(r))).toEqual(['POST /v1/identity/verify/initiate']);

  // The same link in a third browser: refused, in words.
  const third = await browser.newContext({ locale: 'en-US' });
  const again = await third.newPage();
  await again.goto(link);
  await expect(widget(again).getByText('This link has already been used. A verification can continue on one phone only.')).toBeVisible();
  await third.close();

  await desktopContext.close();
  expect(problems, 'the computer page misbehaved').toEqual([]);
});

test('with a camera, the phone is a choice: its link is withdrawn when the person stays on this device, and a phone that took it gives it back', async ({ page, browser, stack }) => {
  await startSignicat(page, stack);
  await expect(widget(page).getByRole('heading', { name: 'Choose your document' })).toBeVisible();
  await widget(page).getByRole('button', { name: 'Use your phone instead' }).click();
  // The person's focus moves with them, to the new view's heading.
  await expect(widget(page).getByRole('heading', { name: 'Continue on your phone' })).toBeFocused();
  await expect(widget(page).getByText('No camera was found on this device.')).toHaveCount(0);
  const link = (await widget(page).getByText(/#idv-handoff=/).textContent())!.trim();

  await widget(page).getByRole('button', { name: 'Use this device instead' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Choose your document' })).toBeVisible();
  // The link shown a moment ago no longer opens the session anywhere.
  const token = new URLSearchParams(new URL(link).hash.slice(1)).get('idv-handoff');
  await expect
    .poll(async () => (await page.request.post(`${stack.bffUrl}/v1/identity/handoff/redeem`, { data: { token } })).status())
    .toBe(404);

  // Once a phone has taken the session, this device can still take it back and capture here.
  await widget(page).getByRole('button', { name: 'Use your phone instead' }).click();
  const next = (await widget(page).getByText(/#idv-handoff=/).textContent())!.trim();
  const phone = await openOnPhone(browser, next, page);
  await widget(page).getByRole('button', { name: 'Use this device instead' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Choose your document' })).toBeVisible();
  await widget(page).getByRole('radio', { name: 'Passport' }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Photograph the photo page of your passport' })).toBeVisible();
  await phone.context.close();
});

test('a phone that went away: the computer gets a new link, which takes the session from the first phone and gives it to the next', async ({ page, browser, stack }) => {
  const desktopContext = await computer.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const desktop = await desktopContext.newPage();
  await startSignicat(desktop, stack);
  const shown = () => widget(desktop).getByText(/#idv-handoff=/);
  const first = (await shown().textContent())!.trim();

  // The first phone opens the link, then is put down (its tab closed, or lost): the computer waits on it.
  const { phone: lost, context: lostContext } = await openOnPhone(browser, first, desktop);

  // The way forward from the computer: a new link, which first takes the session back from that phone.
  await widget(desktop).getByRole('button', { name: 'Get a new link' }).click();
  await expect(shown()).toBeVisible();
  const second = (await shown().textContent())!.trim();
  expect(second).not.toBe(first);

  // The first phone, picked up again, can no longer capture for this session: it is told so.
  await widget(lost).getByRole('radio', { name: 'Passport' }).check();
  await widget(lost).getByRole('button', { name: 'Continue' }).click();
  await shoot(lost);
  await expect(widget(lost).getByText('This verification link is not valid. Start again from the page that sent you here.')).toBeVisible();
  await lostContext.close();

  // The next phone takes the new link, and the computer follows it.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(second);
  await expect(widget(page).getByRole('heading', { name: 'Choose your document' })).toBeVisible();
  await expect(widget(desktop).getByText(ON_PHONE)).toBeVisible();
  await desktopContext.close();
});
