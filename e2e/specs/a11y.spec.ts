// axe-core finds no violation at any step of the flow (including the Turnstile iframe), on a
// desktop and on a 375 px phone, where nothing may scroll sideways.
import { expect, test } from '../fixtures.js';
import {
  acceptConsent,
  chooseCountry,
  chooseTurnstile,
  expectAccessible,
  solveTurnstile,
  startVerification,
  TURNSTILE_TITLE,
  turnstileFrame,
  widget,
} from '../flow.js';

for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 812 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test('every step of a verification is accessible', async ({ page, stack }) => {
      test.slow(); // five full axe scans
      await startVerification(page, stack);
      await expectAccessible(page, 'consent');
      await acceptConsent(page);
      await expectAccessible(page, 'country');
      await chooseCountry(page);
      await expectAccessible(page, 'provider choice');
      await chooseTurnstile(page);
      await expect(turnstileFrame(page).getByRole('checkbox', { name: 'Verify you are human' })).toBeEnabled();
      await expectAccessible(page, 'Turnstile');
      // Turnstile is 300 px wide: on a phone it must still fit inside the widget's card, whose
      // content width the step heading spans.
      const challenge = await page.getByTitle(TURNSTILE_TITLE).boundingBox();
      const heading = await widget(page).getByRole('heading', { name: 'Verify with Cloudflare Turnstile' }).boundingBox();
      expect(challenge!.x + challenge!.width, 'the challenge fits in the widget').toBeLessThanOrEqual(heading!.x + heading!.width + 1);
      await solveTurnstile(page, 'Pass');
      await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
      await expectAccessible(page, 'result');
    });

    test('the failure and decline screens are accessible', async ({ page, stack, guard }) => {
      test.slow(); // two sessions and two axe scans
      guard.allowConsoleError(/status of 422/);
      await startVerification(page, stack);
      await acceptConsent(page);
      await chooseCountry(page);
      await chooseTurnstile(page);
      await solveTurnstile(page, 'Token rejected by siteverify');
      await expect(widget(page).getByRole('heading', { name: 'The check did not pass' })).toBeVisible();
      await expectAccessible(page, 'failed check');

      await page.getByRole('button', { name: 'Start over' }).click();
      await startVerification(page, stack);
      await widget(page).getByRole('button', { name: 'Decline' }).click();
      await expect(widget(page).getByRole('heading', { name: 'You chose not to continue' })).toBeVisible();
      await expectAccessible(page, 'declined');
    });
  });
}
