// A client secret the BFF does not know: the widget says the link is not valid, and offers no
// way forward that could leak anything.
import { expect, test } from '../fixtures.js';
import { widget } from '../flow.js';

test('an invalid client secret is refused', async ({ page, stack, guard }) => {
  guard.allowConsoleError(/status of 401/);
  await page.goto(stack.demoUrl);
  await page.getByText('Use a client secret of your own').click();
  await page.getByLabel('Client secret').fill(`ivs_${'0'.repeat(24)}_secret_${'0'.repeat(32)}`);
  await page.getByRole('button', { name: 'Open the widget' }).click();
  await expect(
    widget(page).getByText('This verification link is not valid. Start again from the page that sent you here.'),
  ).toBeVisible();
  await expect(widget(page).getByRole('button', { name: 'Accept and continue' })).toHaveCount(0);
  await expect(page.getByRole('log')).toContainText('"code":"unauthorized"');
});
