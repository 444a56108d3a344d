// Every preset of the demo's form, as a person meets it: the form shows the providers the preset
// can use, the widget offers exactly those (never "There is no way to verify"), and a person gets
// to "You are verified" through each kind of step: a humanity check with Onfido only (once "no
// way to verify" when layers were read as exact), identity at low assurance with Stripe, and
// Onfido's motion capture, which only one provider does.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, captureInOnfidoSdk, chooseCountry, hostSession, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

const TURNSTILE = 'Cloudflare Turnstile';
const STRIPE = 'Stripe Identity';
const ONFIDO = 'Onfido';
const SIGNICAT = 'Signicat Assure (Onfido)';
const LOGIN_GOV = 'Login.gov';
const ID_ME = 'ID.me';
/** BankID as the form names it, and as the widget does. */
const BANKID = 'BankID (Sweden)';
const BANKID_IN_WIDGET = 'BankID';
const PLAID = 'Plaid Identity Verification';
const YOTI = 'Yoti';
/** Offered to US residents only: in the form, not in the widget for a resident of Sweden. */
const US_ONLY = [LOGIN_GOV, ID_ME];

/** Each preset the form offers, the providers its form lists, and those a resident of Sweden is offered. */
const PRESETS = [
  { name: 'Humanity check', form: [TURNSTILE, STRIPE, ONFIDO, SIGNICAT, ...US_ONLY, BANKID], offered: [TURNSTILE, STRIPE, ONFIDO, SIGNICAT, BANKID_IN_WIDGET] },
  { name: 'Identity, low assurance', form: [STRIPE, ONFIDO, SIGNICAT, ...US_ONLY, BANKID], offered: [STRIPE, ONFIDO, SIGNICAT, BANKID_IN_WIDGET] },
  { name: 'Identity with selfie', form: [STRIPE, ONFIDO, SIGNICAT, ...US_ONLY], offered: [STRIPE, ONFIDO, SIGNICAT] },
  // BankID takes no selfie: it meets the default face check of high assurance, not a selfie named.
  { name: 'Identity, high assurance', form: [STRIPE, ONFIDO, SIGNICAT, PLAID, ...US_ONLY, BANKID], offered: [STRIPE, ONFIDO, SIGNICAT, PLAID, BANKID_IN_WIDGET] },
  { name: 'Identity with video selfie', form: [ONFIDO, SIGNICAT], offered: [ONFIDO, SIGNICAT] },
  { name: 'Identity with motion selfie', form: [ONFIDO], offered: [ONFIDO] },
  { name: 'UK right to work', form: [YOTI], offered: [YOTI] },
  // A service that acts for the person stands on a high-assurance identity: the same ways to verify.
  { name: 'Act on the person’s behalf (delegation)', form: [STRIPE, ONFIDO, SIGNICAT, PLAID, ...US_ONLY, BANKID], offered: [STRIPE, ONFIDO, SIGNICAT, PLAID, BANKID_IN_WIDGET] },
];

const presets = (page: Page) => page.getByRole('group', { name: 'What your product needs' });
const providerChoices = (page: Page) => page.getByRole('group', { name: 'Providers to offer' });

/** Picks a preset (and providers) in the demo's form and starts, then consent and country. */
async function start(page: Page, stack: StackInfo, preset: string, { tick = [] as string[], country = 'Sweden' } = {}) {
  await page.goto(stack.demoUrl);
  await presets(page).getByRole('radio', { name: preset }).check();
  for (const name of tick) await providerChoices(page).getByRole('checkbox', { name, exact: true }).check();
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toBeVisible();
  await acceptConsent(page);
  await chooseCountry(page, country);
}

const byName = (name: string) => new RegExp(`^${name.replace(/[()]/g, '\\$&')}`);

/** The ways to verify the widget offers, by the names a person reads, in its order. */
async function offered(page: Page): Promise<string[]> {
  const radios = widget(page).getByRole('group', { name: 'Ways to verify' }).getByRole('radio');
  await expect(radios.first()).toBeVisible();
  const names: string[] = [];
  for (const name of [TURNSTILE, STRIPE, ONFIDO, SIGNICAT, PLAID, LOGIN_GOV, ID_ME, BANKID_IN_WIDGET, YOTI]) {
    if (await widget(page).getByRole('radio', { name: byName(name) }).count()) names.push(name);
  }
  await expect(radios).toHaveCount(names.length);
  return names;
}

async function choose(page: Page, provider: string) {
  await widget(page).getByRole('radio', { name: byName(provider) }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
}

test('the form offers exactly these presets, each with the providers that can do it', async ({ page, stack }) => {
  await page.goto(stack.demoUrl);
  await expect(presets(page).getByRole('radio')).toHaveCount(PRESETS.length);
  await expect(presets(page).getByRole('radio', { name: 'Humanity check' })).toBeChecked();
  for (const preset of PRESETS) {
    await presets(page).getByRole('radio', { name: preset.name }).check();
    const boxes = providerChoices(page).getByRole('checkbox');
    await expect(boxes).toHaveCount(preset.form.length);
    for (const name of preset.form) await expect(providerChoices(page).getByRole('checkbox', { name, exact: true })).toBeVisible();
  }
  // A provider ticked for one preset and not usable by the next is not sent with it.
  await presets(page).getByRole('radio', { name: 'Humanity check' }).check();
  await providerChoices(page).getByRole('checkbox', { name: TURNSTILE }).check();
  await presets(page).getByRole('radio', { name: 'Identity, low assurance' }).check();
  await expect(page.getByLabel('Backend request')).not.toContainText('"turnstile"');
  await expect(page.getByLabel('Backend request')).toContainText('"layer": "identity"');
});

for (const preset of PRESETS) {
  test(`"${preset.name}" offers ${preset.offered.join(', ')} and never "no way to verify"`, async ({ page, stack }) => {
    await start(page, stack, preset.name);
    expect(await offered(page)).toEqual(preset.offered);
    await expect(widget(page).getByText(/There is no way to verify/)).toHaveCount(0);
    // The session is what the preset says, as the host backend reads it.
    const session = await hostSession(page, stack);
    expect(session.metadata).toMatchObject({ source: 'demo' });
  });
}

test('a humanity check with only Onfido ticked verifies with a document, and the host reads a verified human', async ({ page, stack }) => {
  await start(page, stack, 'Humanity check', { tick: [ONFIDO] });
  expect(await offered(page)).toEqual([ONFIDO]);
  await choose(page, ONFIDO);
  await captureInOnfidoSdk(page, { face: 'none' });
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  const session = await hostSession(page, stack);
  expect(session).toMatchObject({ status: 'verified', provider_key: 'onfido', requirements: { layer: 'humanity', accepted_providers: ['onfido'] } });
  expect(session.claims.map((c) => c.type)).toEqual(['verified_human', 'verified_identity']);
  // A document without a selfie is substantial assurance at Onfido, for both claims.
  await expect(page.getByText('verified_human (onfido, assurance substantial)')).toBeVisible();
});

test('identity at low assurance verifies with Stripe Identity; the host panel shows the claim and the signed session.verified event its backend received', async ({ page, stack }) => {
  await start(page, stack, 'Identity, low assurance', { tick: [STRIPE] });
  await choose(page, STRIPE);
  await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
  await page.getByTitle('Stripe Identity verification (emulated)').contentFrame().getByRole('button', { name: "Verify as Stripe's test person (verified)" }).click();
  await expect.poll(async () => (await hostSession(page, stack)).status).toBe('verified');
  const session = await hostSession(page, stack);
  expect(session).toMatchObject({ provider_key: 'stripe_identity', requirements: { layer: 'identity', min_assurance: 'low', face_check: 'none' } });
  expect(session.claims.map((c) => c.type)).toEqual(['verified_human', 'verified_identity']);
  const panel = page.getByRole('region', { name: 'Session as your backend sees it' });
  await expect(panel.getByText('verified_identity (stripe_identity, assurance high)')).toBeVisible();
  await expect(panel.getByText(/^session\.verified, signature verified/)).toBeVisible();
});

test('identity with a motion selfie verifies in Onfido’s SDK', async ({ page, stack }) => {
  await start(page, stack, 'Identity with motion selfie');
  await choose(page, ONFIDO);
  await captureInOnfidoSdk(page, { face: 'motion' });
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  expect(await hostSession(page, stack)).toMatchObject({ status: 'verified', provider_key: 'onfido', requirements: { face_check: 'motion' } });
});
