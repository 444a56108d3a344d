// BankID as a resident of Sweden meets it in the demo. On a laptop: the widget shows a QR code
// that changes every second, read here from the screen as a phone's camera would (jsQR) and
// pasted into the emulated BankID app (the tester's phone); on a phone-sized screen: "Open BankID
// on this device" opens the app from the autostart link. BankID's own guidance is shown and
// announced, in Swedish on a Swedish page. The app's pages are the emulator's
// (packages/emulators/src/bankid/app-page.ts).
//
// The tests of this file run one after another in one worker: one moves the emulator's clock and
// one makes BankID refuse the next order, which would reach another test's order if they ran side by side.
import { decode } from 'fast-png';
import jsQR from 'jsqr';
import type { Page, Request } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { hostSession, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

test.describe.configure({ mode: 'default' });

const QR = 'QR code for the BankID app';
/** BankID's guidance: the live region of the BankID driver's part of the step (the widget has its own announcer too). */
const guidance = (page: Page) => widget(page).locator('identity-verify-bankid').getByRole('status');
/** The emulator's pages and controls over plain HTTP (its RP API is mutual TLS only). */
const emulator = (stack: StackInfo) => stack.emulatorUrls.bankid!.replace(/^https:/, 'http:');

/** The widget's words on the way to BankID, in the languages these tests choose in the demo. */
const WORDS = {
  English: { accept: 'Accept and continue', where: 'Where do you live?', country: 'Country of residence', sweden: 'Sweden', continue: 'Continue', heading: 'Verify with BankID' },
  Svenska: { accept: 'Godkänn och fortsätt', where: 'Var bor du?', country: 'Bosättningsland', sweden: 'Sverige', continue: 'Fortsätt', heading: 'Verifiera med BankID' },
};

async function startBankId(page: Page, stack: StackInfo, preset = 'Identity, high assurance', language: keyof typeof WORDS = 'English') {
  const t = WORDS[language];
  await page.goto(stack.demoUrl);
  await page.getByRole('group', { name: 'What your product needs' }).getByRole('radio', { name: preset }).check();
  await page.getByLabel('Language').selectOption({ label: language });
  await page.getByRole('group', { name: 'Providers to offer' }).getByRole('checkbox', { name: 'BankID (Sweden)', exact: true }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await widget(page).getByRole('button', { name: t.accept }).click();
  await expect(widget(page).getByRole('heading', { name: t.where })).toBeVisible();
  await widget(page).getByLabel(t.country).selectOption({ label: t.sweden });
  await widget(page).getByRole('button', { name: t.continue, exact: true }).click();
  await widget(page).getByRole('radio', { name: /^BankID/ }).check();
  await widget(page).getByRole('button', { name: t.continue, exact: true }).click();
  await expect(widget(page).getByRole('heading', { name: t.heading })).toBeVisible();
}

/** What a phone's camera reads from the QR code on the screen now (named in the page's language). */
async function readQr(page: Page, name = QR): Promise<string> {
  const png = decode(await widget(page).getByRole('img', { name }).screenshot());
  const rgba = new Uint8ClampedArray(png.width * png.height * 4);
  for (let i = 0; i < png.width * png.height; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = png.data[i * png.channels + c]!;
    rgba[i * 4 + 3] = 255;
  }
  const read = jsQR(rgba, png.width, png.height)?.data;
  if (!read) throw new Error('The QR code on the screen could not be read.');
  return read;
}

/** Whether BankID takes this code for its order now: the order's secret, for its second (the emulator checks without acting). */
async function checkQr(page: Page, stack: StackInfo, payload: string): Promise<{ valid: boolean; orderRef: string | null; second: number | null }> {
  const response = await page.request.post(`${emulator(stack)}/__emulator__/bankid/qr-check`, { data: { payload } });
  return response.json();
}

/**
 * The tester's phone: the emulated BankID app, given the code on the screen, then what the person
 * does there. A device of its own, so a browser context of its own: closing a second tab of the
 * widget's context sometimes never returns in Chromium, while a context closes reliably.
 */
async function scanWithApp(page: Page, stack: StackInfo, action: 'Identify' | 'Cancel' = 'Identify', qrName = QR) {
  const device = await page.context().browser()!.newContext();
  try {
    const phone = await device.newPage();
    await phone.goto(`${emulator(stack)}/app`);
    await expect(phone.getByRole('heading', { name: 'BankID (emulator)' })).toBeVisible();
    // A phone's camera scans the code shown now, continuously. Here a read and a scan can take
    // over a second on a busy machine, and the app then refuses the code as of an earlier second
    // (as BankID does); the tester scans the code on the screen again, as a person would.
    const order = phone.getByRole('button', { name: action });
    for (let tries = 0; tries < 5 && !(await order.isVisible()); tries++) {
      await phone.getByLabel('QR code contents').fill(await readQr(page, qrName));
      await phone.getByRole('button', { name: 'Scan' }).click();
      await expect(order.or(phone.getByRole('alert').filter({ hasText: 'scan the code shown now' }))).toBeVisible();
    }
    await order.click();
  } finally {
    await device.close();
  }
}

const loopbackOnly = (requests: string[]) => {
  for (const url of requests.filter((u) => /^https?:/.test(u))) expect(['127.0.0.1', 'localhost']).toContain(new URL(url).hostname);
};

test('on a laptop: the QR code changes every second, the BankID app scans it, the person is verified; the personal number only on request', async ({ page, stack }) => {
  const requests: string[] = [];
  page.on('request', (request: Request) => void requests.push(request.url()));
  await startBankId(page, stack);
  await expect(guidance(page)).toHaveText('Start your BankID app.');

  // At least three distinct codes over three seconds, each BankID's own for its order and second.
  const seen = new Map<string, { valid: boolean; orderRef: string | null; second: number | null }>();
  const readNew = async () => {
    const payload = await readQr(page);
    if (!seen.has(payload)) seen.set(payload, await checkQr(page, stack, payload));
    return seen.size;
  };
  await expect.poll(readNew, { timeout: 8_000 }).toBeGreaterThanOrEqual(3);
  const checks = [...seen.values()];
  expect(checks.length).toBeGreaterThanOrEqual(3);
  for (const check of checks) expect(check).toMatchObject({ valid: true, orderRef: checks[0]!.orderRef });
  expect(new Set(checks.map((c) => c.second)).size).toBe(checks.length);
  for (const payload of seen.keys()) expect(payload).toMatch(/^bankid\.[0-9a-f-]+\.\d+\.[0-9a-f]{64}$/);

  await scanWithApp(page, stack);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  const session = await hostSession(page, stack);
  expect(session).toMatchObject({ status: 'verified', provider_key: 'bankid_se' });
  expect(JSON.stringify(session)).not.toMatch(/\d{12}/);
  const withOutputs = await page.request.get(`${stack.bffUrl}/v1/sessions/${session.id}?include=verified_outputs`, {
    headers: { authorization: `Bearer ${stack.apiKey}` },
  });
  expect((await withOutputs.json()).verified_outputs).toMatchObject({ first_name: 'Anna', last_name: 'Testsson', id_number: '199908072391', dob: { year: 1999, month: 8, day: 7 } });
  // The QR codes' secret and the person stayed off every URL, and the journey on this machine.
  for (const url of requests) expect(url).not.toMatch(/199908072391|qr_start_secret/i);
  loopbackOnly(requests);
});

test.describe('on a Swedish page', () => {
  test.use({ locale: 'sv-SE' });

  test('a cancel in the app shows "Åtgärden avbröts.", and Försök igen starts a new order', async ({ page, stack }) => {
    await startBankId(page, stack, 'Identity, high assurance', 'Svenska');
    await expect(guidance(page)).toHaveText('Starta BankID-appen.');
    const first = await checkQr(page, stack, await readQr(page, 'QR-kod för BankID-appen'));
    await scanWithApp(page, stack, 'Cancel', 'QR-kod för BankID-appen');
    await expect(guidance(page)).toHaveText('Åtgärden avbröts.');
    await expect(widget(page).getByRole('img', { name: 'QR-kod för BankID-appen' })).toHaveCount(0);
    expect(await hostSession(page, stack)).toMatchObject({ status: 'requires_input', last_error: { code: 'abandoned' } });

    await widget(page).getByRole('button', { name: 'Försök igen' }).click();
    await expect(guidance(page)).toHaveText('Starta BankID-appen.');
    const second = await checkQr(page, stack, await readQr(page, 'QR-kod för BankID-appen'));
    expect(second.valid).toBe(true);
    expect(second.orderRef).not.toBe(first.orderRef);
  });
});

test('an order nobody scans expires: BankID’s "not responding" message, and Try again shows a new code', async ({ page, stack }) => {
  await startBankId(page, stack, 'Identity, low assurance');
  const first = await checkQr(page, stack, await readQr(page));
  // Thirty seconds pass at BankID: the order was not scanned in time.
  await page.request.post(`${emulator(stack)}/__emulator__/clock`, { data: { advance_seconds: 31 } });
  await expect(guidance(page)).toHaveText(/^The BankID app is not responding\./);
  await expect(widget(page).getByRole('img', { name: QR })).toHaveCount(0);
  await widget(page).getByRole('button', { name: 'Try again' }).click();
  await expect(guidance(page)).toHaveText('Start your BankID app.');
  const second = await checkQr(page, stack, await readQr(page));
  expect(second.valid).toBe(true);
  expect(second.orderRef).not.toBe(first.orderRef);
});

test('BankID refusing the order (alreadyInProgress) is explained, and Try again starts one', async ({ page, stack }) => {
  await page.request.post(`${emulator(stack)}/__emulator__/faults`, {
    data: { path: '/rp/v6.0/auth', method: 'POST', status: 400, json: { errorCode: 'alreadyInProgress', details: 'Order already in progress for pno' }, times: 1 },
  });
  await startBankId(page, stack);
  await expect(guidance(page)).toHaveText('An identification or signature is already in progress for your personal identity number. Please try again.');
  await widget(page).getByRole('button', { name: 'Try again' }).click();
  await expect(guidance(page)).toHaveText('Start your BankID app.');
  expect((await checkQr(page, stack, await readQr(page))).valid).toBe(true);
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('"Open BankID on this device" opens the app from the autostart link, and the person is verified', async ({ page, stack }) => {
    const requests: string[] = [];
    page.on('request', (request: Request) => void requests.push(request.url()));
    await startBankId(page, stack);
    await expect(widget(page).getByRole('img', { name: QR })).toHaveCount(0);
    await expect(guidance(page)).toHaveText('Trying to start your BankID app.');
    const [app] = await Promise.all([page.waitForEvent('popup'), widget(page).getByRole('link', { name: 'Open BankID on this device' }).click()]);
    await expect(app.getByRole('heading', { name: 'BankID (emulator)' })).toBeVisible();
    // The app's tab is left open, as a person leaves the BankID app: closing this noopener popup
    // in Chromium sometimes never returns, which hung the test rather than checking anything.
    await app.getByRole('button', { name: 'Identify' }).click();
    await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
    expect(await hostSession(page, stack)).toMatchObject({ status: 'verified', provider_key: 'bankid_se' });
    loopbackOnly(requests);
  });

  test('a humanity check proves a human (and the identity BankID established) at high, and keeps nothing of who the person is', async ({ page, stack }) => {
    await startBankId(page, stack, 'Humanity check');
    const [app] = await Promise.all([page.waitForEvent('popup'), widget(page).getByRole('link', { name: 'Open BankID on this device' }).click()]);
    // The app's tab is left open, as a person leaves the BankID app: closing this noopener popup
    // in Chromium sometimes never returns, which hung the test rather than checking anything.
    await app.getByRole('button', { name: 'Identify' }).click();
    await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
    const session = await hostSession(page, stack);
    expect(session.claims.map((c) => [c.type, c.assurance_level]).sort()).toEqual([['verified_human', 'high'], ['verified_identity', 'high']]);
    const withOutputs = await page.request.get(`${stack.bffUrl}/v1/sessions/${session.id}?include=verified_outputs`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
    expect((await withOutputs.json()).verified_outputs).toBeNull();
  });
});
