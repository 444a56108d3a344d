// Nothing secret reaches the browser: no response carries the API key or the Turnstile secret
// (the fixture checks every response of every test; this one makes sure there were many), and
// the client secret travels only in request headers, never in a URL or browser storage.
import { expect, test } from '../fixtures.js';
import { reachTurnstile, solveTurnstile, widget } from '../flow.js';

test('no response to the widget holds a server secret, and no URL holds the client secret', async ({ page, stack, guard }) => {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await reachTurnstile(page, stack);
  await solveTurnstile(page, 'Pass');
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();

  const fromBff = guard.responsesFrom(stack.bffUrl);
  const paths = new Set(fromBff.map((response) => new URL(response.url()).pathname));
  for (const path of ['/v1/identity/session', '/v1/identity/consents', '/v1/identity/residence', '/v1/identity/providers', '/v1/identity/verify/initiate', '/v1/identity/verify/token']) {
    expect(paths, `the widget called ${path}`).toContain(path);
  }
  for (const response of fromBff) {
    const body = await response.text().catch(() => '');
    for (const secret of Object.values(stack.serverSecrets)) expect(body).not.toContain(secret);
  }
  expect(guard.responsesFrom(stack.turnstileUrl).length).toBeGreaterThan(0);

  const { session } = (await (await page.request.get(`${stack.demoUrl}/api/session`)).json()) as { session: { client_secret: string } };
  expect(session.client_secret).toMatch(/_secret_/);
  for (const url of urls) expect(url).not.toContain(session.client_secret);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie);
  expect(stored).not.toContain(session.client_secret);
});
