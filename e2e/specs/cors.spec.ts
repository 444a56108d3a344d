// The BFF's CORS allow-list: the stack allows only http://127.0.0.1:<demo port>, so the same
// demo opened as http://localhost:<port> is a different origin the BFF refuses.
import { expect, test } from '../fixtures.js';
import { widget } from '../flow.js';

const localhostOf = (url: string) => url.replace('//127.0.0.1:', '//localhost:');

test('the demo opened at localhost cannot reach the BFF', async ({ page, stack, guard }) => {
  guard.allowConsoleError(/blocked by CORS policy/);
  guard.allowConsoleError(/net::ERR_FAILED/);
  await page.goto(localhostOf(stack.demoUrl));
  await page.getByRole('checkbox', { name: 'Cloudflare Turnstile' }).check();
  // The demo's own backend is same-origin, so the session is created...
  await page.getByRole('button', { name: 'Start a verification' }).click();
  // ...but the widget's calls to the BFF are refused.
  await expect(
    widget(page).getByText('The verification service could not be reached. Check your connection and try again.'),
  ).toBeVisible();
  await expect(page.getByRole('log')).toContainText('"code":"network_error"');
});

test('the BFF grants CORS to the allowed origin only', async ({ request, stack }) => {
  const preflight = (origin: string) =>
    request.fetch(`${stack.bffUrl}/v1/identity/session`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
  const allowed = await preflight(stack.demoUrl);
  expect(allowed.headers()['access-control-allow-origin']).toBe(stack.demoUrl);
  expect(allowed.headers()['access-control-allow-headers']?.toLowerCase()).toContain('authorization');
  const refused = await preflight(localhostOf(stack.demoUrl));
  expect(refused.headers()['access-control-allow-origin']).toBeUndefined();

  // Without CORS a browser would not read it anyway; the BFF also refuses the request itself.
  const direct = await request.get(`${stack.bffUrl}/v1/identity/session`, {
    headers: { origin: localhostOf(stack.demoUrl), authorization: 'Bearer nope' },
  });
  expect(direct.status()).toBe(403);
  expect((await direct.json()).error.code).toBe('origin_not_allowed');
});
