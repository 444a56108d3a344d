// Stripe Identity as a person meets it in the demo: Stripe.js's modal (the emulator's stand-in,
// loaded through the real @stripe/stripe-js loader) and, on a phone, Stripe's hosted page.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, hostSession, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

const MODAL_TITLE = 'Stripe Identity verification (emulated)';
const VERIFIED = "Verify as Stripe's test person (verified)";

async function reachStripe(page: Page, stack: StackInfo): Promise<void> {
  await page.goto(stack.demoUrl);
  await page.getByRole('checkbox', { name: 'Stripe Identity' }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toBeVisible();
  await acceptConsent(page);
  await chooseCountry(page, 'United States');
  await widget(page).getByRole('radio', { name: /Stripe Identity/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Verify with Stripe Identity' })).toBeVisible();
}

const modal = (page: Page) => page.getByTitle(MODAL_TITLE).contentFrame();

async function hostReads(page: Page, stack: StackInfo, include = '') {
  const { id } = await hostSession(page, stack);
  const response = await page.request.get(`${stack.bffUrl}/v1/sessions/${id}${include ? `?include=${include}` : ''}`, {
    headers: { authorization: `Bearer ${stack.apiKey}` },
  });
  return response.json();
}

test('the modal verifies a person, and the host backend reads verified with the verified name', async ({ page, stack }) => {
  await reachStripe(page, stack);
  await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
  await modal(page).getByRole('button', { name: VERIFIED }).click();
  await expect(widget(page).getByRole('heading', { name: /verified/i })).toBeVisible();
  await expect.poll(async () => (await hostReads(page, stack)).status).toBe('verified');
  const withNames = await hostReads(page, stack, 'verified_outputs');
  expect(withNames.verified_outputs).toMatchObject({ first_name: 'Jenny', last_name: 'Rosen' });
  expect(withNames.claims.map((c: { type: string }) => c.type).sort()).toEqual(['verified_human', 'verified_identity']);
});

test('a failed check shows its reason and a retry on the same session verifies', async ({ page, stack }) => {
  await reachStripe(page, stack);
  await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
  await modal(page).getByRole('button', { name: /\(document_expired\)/ }).click();
  await expect(widget(page).getByRole('button', { name: 'Try again' })).toBeVisible();
  const failed = await hostReads(page, stack);
  expect(failed).toMatchObject({ status: 'requires_input', last_error: { code: 'document_expired' } });
  await widget(page).getByRole('button', { name: 'Try again' }).click();
  await modal(page).getByRole('button', { name: VERIFIED }).click();
  await expect.poll(async () => (await hostReads(page, stack)).status).toBe('verified');
  await expect(widget(page).getByRole('heading', { name: /verified/i })).toBeVisible();
});

test('closing the modal offers to resume or to choose another way', async ({ page, stack }) => {
  await reachStripe(page, stack);
  await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
  await expect(modal(page).getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(widget(page).getByRole('button', { name: 'Resume verification' })).toBeVisible();
  await expect(widget(page).getByRole('button', { name: 'Choose another way' })).toBeVisible();
  await widget(page).getByRole('button', { name: 'Resume verification' }).click();
  await modal(page).getByRole('button', { name: VERIFIED }).click();
  await expect.poll(async () => (await hostReads(page, stack)).status).toBe('verified');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the hosted page returns into the widget at the result", async ({ page, stack }) => {
    await reachStripe(page, stack);
    await widget(page).getByRole('link', { name: 'Continue to Stripe' }).click();
    await expect(page.getByRole('heading', { name: 'Verify your identity' })).toBeVisible();
    await page.getByRole('button', { name: VERIFIED }).click();
    await expect(page).toHaveURL(new RegExp(`^${stack.demoUrl}/?$`));
    await expect(widget(page).getByRole('heading', { name: /verified/i })).toBeVisible();
    expect((await hostReads(page, stack)).status).toBe('verified');
  });
});

test('results for the host: sensitive fields through the restricted key, 30-second image links, then redaction', async ({ page, stack }) => {
  await reachStripe(page, stack);
  await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
  await modal(page).getByRole('button', { name: VERIFIED }).click();
  await expect.poll(async () => (await hostReads(page, stack)).status).toBe('verified');

  const plain = await hostReads(page, stack);
  expect(plain).not.toHaveProperty('sensitive_outputs');
  expect(plain).not.toHaveProperty('verified_outputs');
  const sensitive = await hostReads(page, stack, 'sensitive_outputs,images');
  expect(sensitive.sensitive_outputs.dob).toEqual({ day: 1, month: 1, year: 1901 });
  expect(sensitive.images.length).toBeGreaterThan(0);
  for (const image of sensitive.images) expect(Date.parse(image.expires_at) - Date.now()).toBeLessThanOrEqual(30_000);

  const { id } = await hostSession(page, stack);
  const redacted = await page.request.post(`${stack.bffUrl}/v1/sessions/${id}/redact`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  expect(await redacted.json()).toMatchObject({ status: 'verified', redaction: { status: 'redacted' } });
  expect((await hostReads(page, stack, 'verified_outputs')).verified_outputs).toBeNull();
});

test('the BFF refuses a forged Stripe webhook', async ({ page, stack }) => {
  const body = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'identity.verification_session.verified', data: { object: { id: 'vs_x' } } });
  const t = Math.floor(Date.now() / 1000);
  const response = await page.request.post(`${stack.bffUrl}/v1/webhooks/stripe`, {
    headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${'0'.repeat(64)}` },
    data: body,
  });
  expect(response.status()).toBe(400);
  expect((await response.json()).error.code).toBe('webhook_signature_invalid');
});

// Document-side codes: the demo's session asks for no selfie, so Stripe offers no selfie outcomes.
for (const code of ['consent_declined', 'document_type_not_supported', 'document_unverified_other']) {
  test(`a "${code}" result reaches the widget and the host backend`, async ({ page, stack }) => {
    await reachStripe(page, stack);
    await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
    await modal(page).getByRole('button', { name: new RegExp(`\\(${code}\\)`) }).click();
    await expect(widget(page).getByRole('button', { name: 'Try again' })).toBeVisible();
    expect(await hostReads(page, stack)).toMatchObject({ status: 'requires_input', last_error: { code } });
  });
}

test.describe('webhooks against the running stack', () => {
  // These hold and replay the Stripe emulator's deliveries, which other tests share: one at a time.
  test.describe.configure({ mode: 'serial' });
  const control = (stack: StackInfo, path: string) => `${stack.stripeUrl}/__emulator__/stripe${path}`;

  test('events delivered out of order and replayed change nothing twice', async ({ page, stack }) => {
    await page.request.post(control(stack, '/webhooks/pause'));
    try {
      await reachStripe(page, stack);
      await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
      await modal(page).getByRole('button', { name: /\(document_expired\)/ }).click();
      await widget(page).getByRole('button', { name: 'Try again' }).click();
      await modal(page).getByRole('button', { name: VERIFIED }).click();
      await expect.poll(async () => (await hostReads(page, stack)).status).toBe('verified');
    } finally {
      // Newest first: "verified" arrives before the "requires_input" it followed.
      const released = await page.request.post(control(stack, '/webhooks/release'), { data: { order: 'reverse' } });
      for (const delivery of (await released.json()).deliveries) expect(delivery.status).toBe(200);
    }
    const afterReorder = await hostReads(page, stack);
    expect(afterReorder).toMatchObject({ status: 'verified', last_error: null });

    const verifiedEvents = await (await page.request.get(control(stack, '/deliveries?event_type=identity.verification_session.verified'))).json();
    for (const eventId of new Set<string>(verifiedEvents.deliveries.map((d: { event_id: string }) => d.event_id))) {
      const resent = await page.request.post(control(stack, `/events/${eventId}/resend`), { data: {} });
      for (const delivery of (await resent.json()).deliveries) expect(delivery.status).toBe(200);
    }
    const afterReplay = await hostReads(page, stack);
    expect(afterReplay.claims).toEqual(afterReorder.claims);
    expect(afterReplay.updated_at).toBe(afterReorder.updated_at);
  });
});
