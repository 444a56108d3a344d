// The demo site itself: served under a strict CSP, accessible and usable on a phone, and its
// snippets show integrators the real URLs but never the API key.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../fixtures.js';

test('every page is served with a strict Content-Security-Policy', async ({ page, stack }) => {
  for (const path of ['/', '/privacy.html', '/widget/identity-verify.js', '/api/config']) {
    const response = await page.request.get(`${stack.demoUrl}${path}`);
    const policy = response.headers()['content-security-policy'] ?? '';
    const turnstile = new URL(stack.turnstileUrl).origin;
    expect(policy, path).toContain("default-src 'self'");
    expect(policy, path).toContain(`script-src 'self' ${turnstile}`);
    expect(policy, path).toContain(`frame-src ${turnstile}`);
    expect(policy, path).toContain(`connect-src 'self' ${new URL(stack.bffUrl).origin}`);
    expect(policy, path).toContain("object-src 'none'");
    expect(policy, path).toContain("base-uri 'none'");
    expect(policy, path).not.toMatch(/unsafe-inline|unsafe-eval/);
  }
});

for (const viewport of [{ width: 375, height: 812 }, { width: 1280, height: 900 }]) {
  test(`the start page is accessible and fits ${viewport.width} px`, async ({ page, stack }) => {
    await page.setViewportSize(viewport);
    await page.goto(stack.demoUrl);
    await expect(page.getByRole('heading', { name: 'Start a verification' })).toBeVisible();
    await expect(page.getByText(`curl -X POST ${stack.bffUrl}/v1/sessions`)).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}

test('the snippets name the BFF and keep the API key a placeholder', async ({ page, stack }) => {
  await page.goto(stack.demoUrl);
  await expect(page.getByLabel('Backend request')).toContainText('Authorization: Bearer $IDV_API_KEY');
  await expect(page.getByLabel('Page markup')).toContainText(`api-base="${stack.bffUrl}"`);
  await expect(page.getByLabel('Content-Security-Policy')).toContainText(`connect-src 'self' ${stack.bffUrl}`);
  // The requirements the demo's backend builds from the preset: every provider it can use, or the ones ticked.
  await expect(page.getByLabel('Backend request')).toContainText('"onfido"');
  await page.getByRole('checkbox', { name: 'Cloudflare Turnstile' }).check();
  await expect(page.getByLabel('Backend request')).toContainText('"turnstile"');
  await expect(page.getByLabel('Backend request')).not.toContainText('"onfido"');
});

test('the privacy page is reachable from the demo', async ({ page, stack }) => {
  await page.goto(stack.demoUrl);
  await page.getByRole('link', { name: 'Privacy notice of this demo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Privacy notice of this demo' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
