// A reload resumes where the BFF says the session stands, not where the browser remembers.
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, chooseTurnstile, solveTurnstile, startVerification, turnstileFrame, widget } from '../flow.js';

test('a reload after consent and country resumes at provider choice', async ({ page, stack }) => {
  await startVerification(page, stack);
  await acceptConsent(page);
  await chooseCountry(page, 'Sweden');

  await page.reload();
  await expect(widget(page).getByRole('heading', { name: 'Choose how to verify' })).toBeVisible();
  await expect(widget(page).getByRole('heading', { name: 'Before you start' })).toHaveCount(0);
  // Nothing about the flow is kept in the browser: the resume came from the BFF.
  expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);

  await chooseTurnstile(page);
  await solveTurnstile(page, 'Pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});

test('a reload during the Turnstile step resumes the pending check', async ({ page, stack }) => {
  await startVerification(page, stack);
  await acceptConsent(page);
  await chooseCountry(page);
  await chooseTurnstile(page);
  await expect(turnstileFrame(page).getByRole('checkbox', { name: 'Verify you are human' })).toBeVisible();

  await page.reload();
  await solveTurnstile(page, 'Pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
});
