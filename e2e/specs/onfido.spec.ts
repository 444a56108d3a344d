// Onfido as a person meets it in the demo: the US biometric notice before anything reaches Onfido,
// the real onfido-sdk-ui loader importing the emulated UI (sdkUrl), document and selfie by the
// fake camera, and the result the host backend reads; a decline, a non-US resident, a "consider"
// result, forged and repeated webhooks, and an SDK token that expires mid-flow.
import type { Page } from '@playwright/test';
import { ONFIDO_EMULATOR_API_TOKEN, ONFIDO_EMULATOR_WEBHOOK_TOKEN, signOnfidoPayload } from '@identity-verify/emulators';
import { expect, test } from '../fixtures.js';
import { acceptConsent, attemptRef, captureInOnfidoSdk, chooseCountry, expectAccessible, hostSession, onfidoSdk, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

const NOTICE_HEADING = 'Your face scan and Onfido';
const POLICIES = ['Onfido Facial Scan Policy and Release', 'Onfido Privacy Policy', 'Onfido Terms of Service'];

interface Start {
  country?: string;
  /** Providers ticked in the demo's form besides Onfido. */
  also?: string[];
  person?: { first: string; last: string };
  /** The demo form's minimum assurance: High asks for a selfie. */
  assurance?: 'Low' | 'High';
}

/** The demo's form: an identity check with a selfie (high assurance), then consent and country. */
async function startOnfido(page: Page, stack: StackInfo, { country = 'United States', also = [], person, assurance = 'High' }: Start = {}) {
  await page.goto(stack.demoUrl);
  await page.getByRole('radio', { name: `Identity, ${assurance.toLowerCase()} assurance` }).check();
  for (const name of ['Onfido', ...also]) await page.getByRole('checkbox', { name, exact: true }).check();
  if (person) {
    await page.getByLabel('First name').fill(person.first);
    await page.getByLabel('Last name').fill(person.last);
  }
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toBeVisible();
  await acceptConsent(page);
  await chooseCountry(page, country);
  await widget(page).getByRole('radio', { name: /Onfido/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
}

/** Onfido's public API, as the integrator's dashboard would read it. */
async function atOnfido(page: Page, stack: StackInfo, path: string) {
  const response = await page.request.get(`${stack.onfidoUrl}/v3.6${path}`, { headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` } });
  expect(response.status()).toBe(200);
  return response.json();
}

async function hostReads(page: Page, stack: StackInfo, path = '') {
  const { id } = await hostSession(page, stack);
  const response = await page.request.get(`${stack.bffUrl}/v1/sessions/${id}${path}`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  return response.json();
}

const uniqueLastName = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 10)}`;

test('a US resident accepts the biometric notice, captures a passport and a selfie, and is verified; the host reads the receipt and the outcome', async ({ page, stack }) => {
  await startOnfido(page, stack, { person: { first: 'Jane', last: 'Doe' } });
  await expect(widget(page).getByRole('heading', { name: NOTICE_HEADING })).toBeVisible();
  for (const name of POLICIES) await expect(widget(page).getByRole('link', { name })).toHaveAttribute('href', /^https:\/\/onfido\.com\//);
  await expect(widget(page).getByText(/Onfido, a third-party provider/)).toBeVisible();
  // Nothing pre-ticked: two equal buttons, no checkbox.
  await expect(widget(page).getByRole('checkbox')).toHaveCount(0);
  await widget(page).getByRole('button', { name: 'Accept', exact: true }).click();

  await expect(widget(page).getByRole('heading', { name: 'Verify with Onfido' })).toBeVisible();
  await captureInOnfidoSdk(page);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();

  const session = await hostReads(page, stack);
  expect(session).toMatchObject({ status: 'verified', provider_key: 'onfido', claims: [{ type: 'verified_human', assurance_level: 'high' }, { type: 'verified_identity', assurance_level: 'high' }] });
  expect(session.provider_result).toMatchObject({ provider_key: 'onfido', status: 'complete', result: 'clear' });
  expect(session.provider_result.reports.map((r: { name: string }) => r.name).sort()).toEqual(['document', 'facial_similarity_photo']);
  const consents = await hostReads(page, stack, '/consents');
  expect(consents.map((c: { notice: string; decision: string }) => [c.notice, c.decision])).toEqual([
    ['privacy_notice', 'accepted'],
    ['onfido_biometric_us', 'accepted'],
  ]);
  expect(consents[1]).toMatchObject({ version: 'onfido-us-2026-12', locale: 'en', text_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

  // Onfido holds the consent and the location the API asks for.
  const checkId = session.provider_result.check_id;
  const check = await atOnfido(page, stack, `/checks/${checkId}`);
  const applicant = await atOnfido(page, stack, `/applicants/${check.applicant_id}`);
  expect(applicant.location).toMatchObject({ country_of_residence: 'USA' });
  expect(await atOnfido(page, stack, `/applicants/${check.applicant_id}/consents`)).toEqual([
    expect.objectContaining({ name: 'privacy_notices_read', granted: true }),
  ]);
  // The demo's host view shows the receipt and the verdict, as the host backend sees them.
  await expect(page.getByText(/Onfido US biometric notice onfido-us-2026-12: accepted/)).toBeVisible();
});

test('a US resident without a face check accepts Onfido\'s privacy notice, captures a passport and is verified', async ({ page, stack }) => {
  // Before: no notice without a face check, Onfido refused the check, and the person read "had a problem".
  await startOnfido(page, stack, { assurance: 'Low' });
  await expect(widget(page).getByRole('heading', { name: 'Your document and Onfido' })).toBeVisible();
  await expect(widget(page).getByRole('link', { name: 'Onfido Facial Scan Policy and Release' })).toHaveCount(0);
  await widget(page).getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(widget(page).getByRole('heading', { name: 'Verify with Onfido' })).toBeVisible();
  await captureInOnfidoSdk(page, { face: 'none' });
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  const consents = await hostReads(page, stack, '/consents');
  expect(consents.map((c: { notice: string; decision: string }) => [c.notice, c.decision])).toEqual([
    ['privacy_notice', 'accepted'],
    ['onfido_privacy_us', 'accepted'],
  ]);
  const session = await hostReads(page, stack);
  const check = await atOnfido(page, stack, `/checks/${session.provider_result.check_id}`);
  expect(await atOnfido(page, stack, `/applicants/${check.applicant_id}/consents`)).toEqual([expect.objectContaining({ name: 'privacy_notices_read', granted: true })]);
});

test('a US resident who declines creates nothing at Onfido and is offered the other way', async ({ page, stack }) => {
  const last = uniqueLastName('Declines');
  await startOnfido(page, stack, { also: ['Stripe Identity'], person: { first: 'Jane', last } });
  await widget(page).getByRole('button', { name: 'Decline' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Choose how to verify' })).toBeVisible();
  await expect(widget(page).getByRole('radio', { name: /Stripe Identity/ })).toBeVisible();
  await expect(widget(page).getByRole('radio', { name: /Onfido/ })).toHaveCount(0);
  const { applicants } = await atOnfido(page, stack, '/applicants?per_page=500');
  expect(applicants.filter((a: { last_name?: string }) => a.last_name === last)).toEqual([]);
  expect((await hostReads(page, stack, '/consents')).at(-1)).toMatchObject({ notice: 'onfido_biometric_us', decision: 'declined' });
});

test('a US resident who declines with no other way left ends with consent_declined', async ({ page, stack }) => {
  await startOnfido(page, stack);
  await widget(page).getByRole('button', { name: 'Decline' }).click();
  await expect(widget(page).getByRole('heading', { name: 'You chose not to continue' })).toBeVisible();
  expect(await hostReads(page, stack)).toMatchObject({ status: 'canceled', last_error: { code: 'consent_declined' } });
});

test('a resident of Sweden sees no US notice; the sandbox "Consider" applicant ends in review with the breakdown for the host', async ({ page, stack }) => {
  await startOnfido(page, stack, { country: 'Sweden', person: { first: 'Jane', last: 'Consider' } });
  await expect(widget(page).getByRole('heading', { name: 'Verify with Onfido' })).toBeVisible();
  await expect(widget(page).getByRole('heading', { name: NOTICE_HEADING })).toHaveCount(0);
  await captureInOnfidoSdk(page);
  await expect(widget(page).getByRole('heading', { name: 'Your verification is being reviewed' })).toBeVisible();
  const session = await hostReads(page, stack);
  expect(session.status).toBe('needs_review');
  expect(session.provider_result.result).toBe('consider');
  const document = session.provider_result.reports.find((r: { name: string }) => r.name === 'document');
  expect(document).toMatchObject({ result: 'consider' });
  expect(Object.keys(document.breakdown).length).toBeGreaterThan(0);
  expect(document).not.toHaveProperty('properties');
  const consents = await hostReads(page, stack, '/consents');
  expect(consents.map((c: { notice: string }) => c.notice)).toEqual(['privacy_notice']);
});

test('an SDK token that expires mid-flow is refreshed, and the person finishes', async ({ page, stack, guard }) => {
  // The upload with the expired token is answered 401, which the browser logs.
  guard.allowConsoleError(/status of 401/);
  await startOnfido(page, stack);
  await widget(page).getByRole('button', { name: 'Accept', exact: true }).click();
  await onfidoSdk(page).getByRole('radio', { name: 'Passport' }).check();
  await onfidoSdk(page).getByRole('button', { name: 'Continue' }).click();
  await onfidoSdk(page).getByRole('button', { name: 'Take photo' }).click();
  await onfidoSdk(page).getByRole('button', { name: 'Use this photo' }).click();
  await expect(onfidoSdk(page).getByRole('heading', { name: 'Take a selfie' })).toBeVisible();

  // Only this applicant's tokens expire, so tests running beside this one are untouched.
  const applicantId = await attemptRef(page, stack);
  const expired = await page.request.post(`${stack.onfidoUrl}/__emulator__/onfido/sdk_tokens/expire`, { data: { applicant_id: applicantId } });
  expect(expired.ok()).toBe(true);

  const refreshed = page.waitForResponse((r) => r.url().endsWith('/v1/identity/verify/refresh') && r.status() === 200);
  await onfidoSdk(page).getByRole('button', { name: 'Take photo' }).click();
  await onfidoSdk(page).getByRole('button', { name: 'Use this photo' }).click();
  await refreshed;
  // The SDK starts again with the fresh token: the person captures once more and finishes.
  await captureInOnfidoSdk(page);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});

for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 812 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test('the biometric notice and the Onfido step are accessible, and work from the keyboard', async ({ page, stack }) => {
      test.slow(); // three axe scans
      await startOnfido(page, stack);
      await expect(widget(page).getByRole('heading', { name: NOTICE_HEADING })).toBeFocused();
      await expectAccessible(page, 'Onfido notice');
      // From the heading, Tab reaches each policy, then Decline, then Accept: taken with the keyboard.
      for (const name of POLICIES) {
        await page.keyboard.press('Tab');
        await expect(widget(page).getByRole('link', { name })).toBeFocused();
      }
      await page.keyboard.press('Tab');
      await expect(widget(page).getByRole('button', { name: 'Decline' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(widget(page).getByRole('button', { name: 'Accept', exact: true })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(onfidoSdk(page).getByRole('heading', { name: 'Choose your document' })).toBeVisible();
      await expectAccessible(page, 'Onfido document choice');
      await onfidoSdk(page).getByRole('radio', { name: 'Passport' }).check();
      await onfidoSdk(page).getByRole('button', { name: 'Continue' }).click();
      await expect(onfidoSdk(page).getByRole('button', { name: 'Take photo' })).toBeEnabled();
      await expectAccessible(page, 'Onfido capture');
    });
  });
}

test.describe('webhooks', () => {
  test('a forged Onfido webhook is refused', async ({ page, stack }) => {
    const body = JSON.stringify({ payload: { resource_type: 'check', action: 'check.completed', object: { id: 'forged', status: 'complete' } } });
    const response = await page.request.post(`${stack.bffUrl}/v1/webhooks/onfido`, {
      headers: { 'content-type': 'application/json', 'x-sha2-signature': signOnfidoPayload(body, 'not-the-webhook-token') },
      data: body,
    });
    expect(response.status()).toBe(400);
    expect((await response.json()).error.code).toBe('webhook_signature_invalid');
  });

  test('a webhook delivered twice is handled once', async ({ page, stack }) => {
    await startOnfido(page, stack, { country: 'Sweden' });
    await captureInOnfidoSdk(page);
    await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
    const before = await hostReads(page, stack);
    const checkId = before.provider_result.check_id;
    const control = (path: string) => `${stack.onfidoUrl}/__emulator__/onfido${path}`;
    await expect
      .poll(async () => (await (await page.request.get(control(`/deliveries?action=check.completed&resource_id=${checkId}`))).json()).deliveries.length)
      .toBeGreaterThan(0);
    const { deliveries } = await (await page.request.get(control(`/deliveries?action=check.completed&resource_id=${checkId}`))).json();
    const body = await (await page.request.get(control(`/deliveries/${deliveries[0].id}/body`))).text();
    // The same body, signed as Onfido signs it, arriving again: the BFF knows it.
    const again = await page.request.post(`${stack.bffUrl}/v1/webhooks/onfido`, {
      headers: { 'content-type': 'application/json', 'x-sha2-signature': signOnfidoPayload(body, ONFIDO_EMULATOR_WEBHOOK_TOKEN) },
      data: body,
    });
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    const resent = await (await page.request.post(control(`/deliveries/${deliveries[0].id}/resend`))).json();
    expect(resent.status).toBe(200);
    const after = await hostReads(page, stack);
    expect(after.updated_at).toBe(before.updated_at);
    expect(after.claims).toEqual(before.claims);
  });
});
