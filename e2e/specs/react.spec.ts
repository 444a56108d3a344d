// @identity-verify/react end to end: a React app built with Vite (e2e/react-app) renders
// <IdentityVerify> under StrictMode, and a person passes Turnstile in it against the local stack.
// StrictMode runs effects twice: one session's flow must run, and each callback fire once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type PreviewServer } from 'vite';
import { hostBackend, previewOptions } from '../react-app/host-backend.js';
import { expect, test } from '../fixtures.js';
import { passTurnstileFromConsent, widget } from '../flow.js';
import { stackInfo } from '../stack.js';

const APP_CONFIG = fileURLToPath(new URL('../react-app/vite.config.ts', import.meta.url));

let outDir = '';
let server: PreviewServer | null = null;
let appUrl = '';

/**
 * The same app built elsewhere, from the packed packages installed into a new project
 * (packages/react/scripts/pack-smoke.ts sets it): this spec then serves that build as it is.
 */
const PREBUILT = process.env.IDV_REACT_APP_DIST;

test.beforeAll(async () => {
  const stack = stackInfo();
  const settings = { bffUrl: stack.bffUrl, apiKey: stack.apiKey, turnstileUrl: stack.turnstileUrl };
  const serve = { plugins: [hostBackend(settings)], preview: previewOptions(settings) };
  if (PREBUILT) {
    server = await preview({ configFile: false, root: dirname(PREBUILT), build: { outDir: PREBUILT }, ...serve });
  } else {
    // Built once per worker into a folder of its own, so parallel runs never share an output.
    outDir = mkdtempSync(join(tmpdir(), 'idv-react-app-'));
    await build({ configFile: APP_CONFIG, build: { outDir } });
    server = await preview({ configFile: APP_CONFIG, build: { outDir }, ...serve });
  }
  appUrl = server.resolvedUrls!.local[0]!;
});

test.afterAll(async () => {
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('<IdentityVerify> under StrictMode: a Turnstile pass, one flow, each typed callback once', async ({ page, stack }) => {
  // Every identity-verify-error reaching the document, also one sent before React listens.
  await page.addInitScript(() => {
    const seen: unknown[] = ((window as unknown as { idvErrors: unknown[] }).idvErrors = []);
    document.addEventListener('identity-verify-error', (event) => seen.push((event as CustomEvent).detail), true);
  });
  await page.goto(appUrl);
  // StrictMode is on: React ran the app's mount effect twice.
  await expect(page.getByText('Mount effects run: 2')).toBeVisible();
  // A setting the element reads as it connects reaches it as its attribute.
  await expect(page.locator('identity-verify')).toHaveAttribute('handoff-url', new URL('/continue', page.url()).href);
  await passTurnstileFromConsent(page);

  const callbacks = page.getByRole('list', { name: 'Callbacks' }).getByRole('listitem');
  const complete = callbacks.filter({ hasText: /^onComplete / });
  await expect(complete).toHaveCount(1);
  await expect(complete).toContainText('"status":"verified"');
  // One flow: a second one would load the session again and say it is ready again.
  await expect(callbacks.filter({ hasText: /^onReady / })).toHaveCount(1);
  await expect(callbacks.filter({ hasText: /^onConsent / })).toHaveCount(1);
  await expect(callbacks.filter({ hasText: /^onStep .*"step":"result"/ })).toHaveCount(1);
  await expect(callbacks.filter({ hasText: /^onError / })).toHaveCount(0);
  // No start without the client secret (which would report missing_client_secret to the page).
  expect(await page.evaluate(() => (window as unknown as { idvErrors: unknown[] }).idvErrors)).toEqual([]);

  // The host backend sees the session verified by Turnstile.
  const sessionId = JSON.parse((await complete.textContent())!.replace(/^onComplete /, '')).session_id as string;
  const session = await page.request.get(`${stack.bffUrl}/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  expect(await session.json()).toMatchObject({ id: sessionId, status: 'verified', provider_key: 'turnstile' });

  // Unmounting removes the element (which ends its flow).
  await page.getByRole('button', { name: 'Remove the widget' }).click();
  await expect(page.locator('identity-verify')).toHaveCount(0);
  await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toHaveCount(0);
});
