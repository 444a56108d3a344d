// Delegation (seed 003's layer 3) as a new user tries it in the demo: a person verifies with
// Stripe Identity for a service that asks to act for them, is asked in plain words whether it may
// (file and read their tax return), allows it, and the host's panel shows the delegation claim with
// its scopes; a passport carrying it is active until the identity claim it stands on is revoked,
// which revokes the delegation too.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, expectAccessible, widget } from '../flow.js';

const personPanel = (page: Page) => page.getByRole('region', { name: "This person's claims and passports" });

test('a verified person allows a service to act for them, in plain words; the delegation falls with their identity claim', async ({ page, stack }) => {
  test.slow(); // a Stripe verification, a passport, a revocation, each read back through the panel
  await page.goto(stack.demoUrl);
  await page.getByRole('group', { name: 'What your product needs' }).getByRole('radio', { name: 'Act on the person’s behalf (delegation)' }).check();
  await page.getByRole('checkbox', { name: 'Stripe Identity' }).check();
  // The snippet shows what the demo's backend does: the service's requirement, then a session for it.
  await expect(page.getByLabel('Backend request')).toContainText('"layer": "delegation"');
  await expect(page.getByLabel('Backend request')).toContainText(/"service_id": "demo_tax_filing"/);
  await page.getByRole('button', { name: 'Start a verification' }).click();
  await acceptConsent(page);
  await chooseCountry(page, 'United States');
  await widget(page).getByRole('radio', { name: /Stripe Identity/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
  await page.getByTitle('Stripe Identity verification (emulated)').contentFrame().getByRole('button', { name: "Verify as Stripe's test person (verified)" }).click();

  // Verified, the person is asked, in the host's words, before anything is granted.
  await expect(widget(page).getByRole('heading', { name: /to act for you\?$/ })).toBeVisible();
  await expect(widget(page).getByRole('listitem')).toHaveText(['File your tax return', 'Read your tax records']);
  await expect(personPanel(page).getByRole('checkbox', { name: /^delegation/ })).toHaveCount(0);
  await expectAccessible(page, 'delegation');
  await widget(page).getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  await expect(widget(page).getByText(/to act for you as listed\.$/)).toBeVisible();

  // The host's panel: the delegation is a claim of its own, carrying the scopes.
  const person = personPanel(page);
  const delegation = person.getByRole('checkbox', { name: 'delegation (tax:file, tax:read)', exact: true });
  await expect(delegation).toBeEnabled();
  await delegation.check();
  await person.getByRole('button', { name: 'Issue a passport' }).click();
  await expect(person.getByRole('status')).toHaveText(/^Issued passport psp_\w+\.$/);
  const jti = /psp_\w+/.exec((await person.getByRole('status').textContent()) ?? '')![0];
  const passport = person.getByRole('list', { name: 'Passports' }).getByRole('listitem').filter({ hasText: jti });
  await expect(passport.getByText('Introspection: active', { exact: true })).toBeVisible();

  // Revoking the identity claim it stands on revokes the delegation, and the passport carrying it.
  await person.getByRole('button', { name: 'Revoke verified_identity' }).click();
  await expect(person.getByRole('status')).toHaveText(`Revoked the verified_identity claim. Passports revoked with it: ${jti}.`);
  await expect(delegation).toBeDisabled();
  await expect(passport.getByText('Introspection: inactive', { exact: true })).toBeVisible();
});
