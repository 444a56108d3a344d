// The fixture's guard is what makes every other spec strict, so it is tested too: each case
// here breaks one rule on purpose and is expected to fail (test.fail), in the guard's teardown.
import { expect, test } from '../fixtures.js';

test.describe('the guard fails a test whose page', () => {
  test('requests a host off this machine', async ({ page }) => {
    test.fail();
    await expect(page.goto('https://example.com/')).rejects.toThrow();
  });

  test('breaks the Content-Security-Policy', async ({ page, stack }) => {
    test.fail();
    await page.goto(stack.demoUrl);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
    });
    expect(await page.evaluate(() => 'inlineRan' in window)).toBe(false);
  });

  test('logs a console error nobody declared', async ({ page, stack }) => {
    test.fail();
    await page.goto(stack.demoUrl);
    await page.evaluate(() => console.error('unexpected'));
  });

  test('receives the API key', async ({ page, stack }) => {
    test.fail();
    await page.route('**/api/config', (route) => route.fulfill({ json: { leaked: stack.apiKey } }));
    const leaked = page.waitForResponse('**/api/config');
    await page.goto(stack.demoUrl);
    await leaked;
  });
});

test('a declared console error is allowed', async ({ page, stack, guard }) => {
  guard.allowConsoleError(/^expected on purpose$/);
  await page.goto(stack.demoUrl);
  await page.evaluate(() => console.error('expected on purpose'));
});
