// Issue 16 part 8 as a new user tries it in the demo: a person verifies with Stripe Identity; the
// host panel shows the claim and the signed session.verified event its backend verified; a second
// verification in the same browser is done at once from the claim the person holds; the tester
// issues two passports from the person's claims, and revoking the identity claim fells the
// passport carrying it (introspection: inactive) while the one without it stays active, and the
// backend receives the signed claim.revoked and passport.revoked.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, expectAccessible, widget } from '../flow.js';

const MODAL_TITLE = 'Stripe Identity verification (emulated)';

async function startStripeIdentity(page: Page): Promise<void> {
  await page.getByRole('group', { name: 'What your product needs' }).getByRole('radio', { name: 'Identity, low assurance', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Stripe Identity' }).check();
  await expect(page.getByRole('checkbox', { name: 'Let a verification this person already holds count' })).toBeChecked();
  await page.getByRole('button', { name: 'Start a verification' }).click();
}

const sessionPanel = (page: Page) => page.getByRole('region', { name: 'Session as your backend sees it' });
const personPanel = (page: Page) => page.getByRole('region', { name: "This person's claims and passports" });

/** Ticks the claims to carry, issues the passport, and returns its jti as the panel announces it. */
async function issuePassport(page: Page, claimTypes: string[]): Promise<string> {
  const panel = personPanel(page);
  for (const type of claimTypes) await panel.getByRole('checkbox', { name: type, exact: true }).check();
  await panel.getByRole('button', { name: 'Issue a passport' }).click();
  const announced = panel.getByRole('status');
  await expect(announced).toHaveText(/^Issued passport psp_\w+\.$/);
  const jti = /psp_\w+/.exec((await announced.textContent()) ?? '')![0];
  await expect(panel.getByRole('checkbox', { name: claimTypes[0]!, exact: true })).not.toBeChecked();
  return jti;
}

const passport = (page: Page, jti: string) => personPanel(page).getByRole('list', { name: 'Passports' }).getByRole('listitem').filter({ hasText: jti });

async function expectPassport(page: Page, jti: string, status: string | RegExp, introspection: 'active' | 'inactive'): Promise<void> {
  await expect(passport(page, jti).getByText(status)).toBeVisible();
  await expect(passport(page, jti).getByText(`Introspection: ${introspection}`, { exact: true })).toBeVisible();
}

test('a verified person is verified at once the second time; a passport falls with its claim, one without it stays active', async ({ page, stack, guard }) => {
  test.slow(); // two sessions, two passports, a revocation, each read back through the panel
  await page.goto(stack.demoUrl);
  await expect(personPanel(page).getByText('No person yet: start a verification, and the claims it issues show here.')).toBeVisible();

  // The first time: Stripe Identity.
  await startStripeIdentity(page);
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toBeVisible();
  await acceptConsent(page);
  await chooseCountry(page, 'United States');
  await widget(page).getByRole('radio', { name: /Stripe Identity/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await widget(page).getByRole('button', { name: 'Verify with Stripe' }).click();
  await page.getByTitle(MODAL_TITLE).contentFrame().getByRole('button', { name: "Verify as Stripe's test person (verified)" }).click();
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();

  // The host panel: the claim, and the BFF's signed event as the demo's backend verified it.
  await expect(sessionPanel(page).getByText('verified_identity (stripe_identity, assurance high)')).toBeVisible();
  await expect(sessionPanel(page).getByText(/^session\.verified, signature verified/)).toBeVisible();
  const person = personPanel(page);
  await expect(person.getByText(/^demo_[\w-]{27}$/)).toBeVisible();
  const claims = person.getByRole('group', { name: 'Claims' }).getByRole('listitem');
  await expect(claims).toHaveCount(2);
  const identityClaim = claims.filter({ has: page.getByRole('checkbox', { name: 'verified_identity', exact: true }) });
  await expect(identityClaim.getByText(/^stripe_identity, assurance high, Active, expires /)).toBeVisible();
  await expect(claims.filter({ has: page.getByRole('checkbox', { name: 'verified_human', exact: true }) }).getByText(/Active/)).toBeVisible();

  // The second time, in the same browser: verified at once, without Stripe.
  const stripeCalls = guard.responsesFrom(stack.stripeUrl).length;
  await page.getByRole('button', { name: 'Start over' }).click();
  await startStripeIdentity(page);
  await expect(widget(page).getByRole('heading', { name: "You're already verified" })).toBeVisible();
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toHaveCount(0);
  await expect(widget(page).getByRole('button', { name: /Verify with/ })).toHaveCount(0);
  await expect(page.getByTitle(MODAL_TITLE)).toHaveCount(0);
  await expect(sessionPanel(page).getByText('Verified', { exact: true })).toBeVisible();
  expect(guard.responsesFrom(stack.stripeUrl).length).toBe(stripeCalls);
  // No new claim: the one the person held was reused.
  await expect(claims).toHaveCount(2);

  // Passport A carries the identity claim, passport B only the humanity claim: both active.
  const a = await issuePassport(page, ['verified_identity']);
  const b = await issuePassport(page, ['verified_human']);
  await expectPassport(page, a, 'Status: Active', 'active');
  await expect(passport(page, a).getByText('Carries: verified_identity', { exact: true })).toBeVisible();
  await expectPassport(page, b, 'Status: Active', 'active');
  await expect(passport(page, b).getByText('Carries: verified_human', { exact: true })).toBeVisible();

  // Revoking the identity claim fells A, and only A.
  await person.getByRole('button', { name: 'Revoke verified_identity' }).click();
  await expect(person.getByRole('status')).toHaveText(`Revoked the verified_identity claim. Passports revoked with it: ${a}.`);
  await expect(identityClaim.getByText(/Revoked/)).toBeVisible();
  await expect(person.getByRole('checkbox', { name: 'verified_identity', exact: true })).toBeDisabled();
  await expectPassport(page, a, /^Status: Revoked \(claim_revoked: a claim it carried was revoked\)$/, 'inactive');
  await expectPassport(page, b, 'Status: Active', 'active');
  await expect(person.getByRole('button', { name: 'Revoke verified_human' })).toBeEnabled();
  // The BFF told the demo's backend, signed: the claim's revocation and one passport's, not B's.
  const received = person.getByRole('list', { name: 'Events received' });
  await expect(received.getByText(/^claim\.revoked, signature verified/)).toBeVisible();
  await expect(received.getByText(/^passport\.revoked, signature verified/)).toHaveCount(1);
  await expectAccessible(page, 'claims and passports');
  await page.setViewportSize({ width: 375, height: 812 });
  await expectAccessible(page, 'claims and passports on a phone');
});
