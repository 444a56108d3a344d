// An expired client secret: the BFF's clock moves past the secret's hour, and a reload shows
// the widget refusing to go on. (Its own project: moving the clock expires every live secret.)
import { expect, test } from '../fixtures.js';
import { acceptConsent, hostSession, startVerification, widget } from '../flow.js';

test('an expired client secret ends the widget after a reload', async ({ page, stack, guard }) => {
  guard.allowConsoleError(/status of 401/);
  await startVerification(page, stack);
  await acceptConsent(page);

  const moved = await page.request.post(`${stack.bffUrl}/__test__/clock`, { data: { advance_seconds: 3700 } });
  expect(moved.status()).toBe(200);

  await page.reload();
  await expect(
    widget(page).getByText('This verification has timed out. Start again from the page that sent you here.'),
  ).toBeVisible();
  await expect(page.getByRole('log')).toContainText('"code":"client_secret_expired"');
  const session = await hostSession(page, stack);
  expect(session.claims).toEqual([]);
  expect(Date.parse(session.expires_at)).toBeLessThan(Date.parse((await moved.json()).now));
});
