// The whole flow with the keyboard alone: Tab to move, Space and Enter to act, typing to pick
// a country, including inside the Turnstile challenge's iframe.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { hostSession, turnstileFrame, widget } from '../flow.js';

/** Presses Tab until `target` has focus, as a person would; fails if it never does. */
async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element.matches(':focus')).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test('a keyboard-only run through the whole flow', async ({ page, stack }) => {
  await page.goto(stack.demoUrl);
  await tabTo(page, page.getByRole('checkbox', { name: 'Cloudflare Turnstile' }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'Cloudflare Turnstile' })).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Start a verification' }));
  await page.keyboard.press('Enter');

  await tabTo(page, widget(page).getByRole('button', { name: 'Accept and continue' }));
  await page.keyboard.press('Enter');

  const country = widget(page).getByLabel('Country of residence');
  await tabTo(page, country);
  await page.keyboard.type('Sweden');
  await expect(country).toHaveValue('SE');
  await tabTo(page, widget(page).getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');

  const turnstile = widget(page).getByRole('radio', { name: /Cloudflare Turnstile/ });
  await tabTo(page, turnstile);
  await page.keyboard.press('Space');
  await expect(turnstile).toBeChecked();
  await tabTo(page, widget(page).getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');

  const human = turnstileFrame(page).getByRole('checkbox', { name: 'Verify you are human' });
  await expect(human).toBeEnabled();
  await tabTo(page, human);
  await page.keyboard.press('Space');

  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
  expect((await hostSession(page, stack)).status).toBe('verified');
});
