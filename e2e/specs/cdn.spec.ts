// The CDN build on a plain host page (e2e/cdn/server.ts): scripts served compressed, the entry
// pinned by its integrity attribute and every chunk by an import map's "integrity", a strict CSP
// with a fresh nonce made from the BFF's own list (GET /v1/widget/csp), Trusted Types required.
// A person completes Turnstile against the stack's Turnstile emulator with no CSP or Trusted Types
// violation (the guard fixture fails the test on any, and on any console error); a chunk whose
// bytes differ from what the page pinned is refused by Chromium, and the widget says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, passTurnstileFromConsent, widget } from '../flow.js';
import { startHostBff, type HostBff } from '../cdn/bff.js';
import { startCdnHost, WIDGET_DIST, type CdnHost } from '../cdn/server.js';

let host: CdnHost;
let bff: HostBff;

test.beforeEach(async ({ stack }) => {
  host = await startCdnHost();
  bff = await startHostBff(host.url, stack.turnstileUrl);
  await host.useBff(bff.url, bff.apiKey);
});

test.afterEach(async () => {
  await host?.close();
  await bff?.close();
});

/** The lazily loaded chunk of a source module, as the build's manifest names it. */
function chunkOf(source: string): string {
  const manifest = JSON.parse(readFileSync(join(WIDGET_DIST, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string }>;
  const file = manifest[source]?.file;
  if (!file) throw new Error(`${source} is not in the build's manifest.`);
  return file;
}

test('a plain page loading the CDN build under a strict CSP with a nonce and Trusted Types completes Turnstile', async ({ page }) => {
  const scripts: { url: string; encoding: string | undefined }[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.js') && response.url().startsWith(host.url)) scripts.push({ url: response.url(), encoding: response.headers()['content-encoding'] });
  });
  const response = await page.goto(host.url);
  const policy = response!.headers()['content-security-policy']!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
  expect(policy).toContain("require-trusted-types-for 'script'");
  expect(policy).not.toContain('{nonce}');
  expect(policy).toContain('trusted-types identity-verify lit-html');

  await passTurnstileFromConsent(page);

  // The driver came as a lazy chunk, and every script arrived compressed.
  expect(scripts.map((s) => new URL(s.url).pathname)).toContain(`/${chunkOf('src/drivers/turnstile/ui.ts')}`);
  expect(scripts.filter((s) => s.encoding !== 'br')).toEqual([]);
});

test("a lazy chunk that is not what the page's import map pinned is refused", async ({ page, guard }) => {
  // Chromium logs the refused chunk; nothing else may go wrong.
  guard.allowConsoleError(/integrity|Failed to fetch dynamically imported module/i);
  host.pinWrongly(chunkOf('src/drivers/turnstile/ui.ts'));
  await page.goto(host.url);
  await acceptConsent(page);
  await chooseCountry(page);
  await widget(page).getByRole('radio', { name: /Cloudflare Turnstile/ }).check();
  await widget(page).getByRole('button', { name: 'Continue' }).click();
  await expect(widget(page).getByText('This step could not be loaded. Please try again.')).toBeVisible();
});
