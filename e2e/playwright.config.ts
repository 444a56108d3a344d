// Playwright end to end in real Chromium (the system one, no browser download) against the
// whole local stack, started once by the global setup. Run after `npm run build`:
//   npx playwright test -c e2e/playwright.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumWithFakeCamera, writeFakeCamera } from './fake-camera.js';

/** A detailed, fixed picture for the fake camera, so photos are like a real camera's and the same each run. */
const camera = writeFakeCamera(fileURLToPath(new URL('../test-results/fake-camera.y4m', import.meta.url)));

export default defineConfig({
  testDir: './specs',
  outputDir: '../test-results/e2e',
  globalSetup: './global-setup.ts',
  workers: 2,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Generous: this suite shares small machines with builds; no step waits on a timer.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumWithFakeCamera(camera),
    locale: 'en-US',
    timezoneId: 'UTC',
    // Recording a trace of every test (kept only on failure) costs about a third of a run on two
    // cores; CI keeps each failure's screenshot and error context, a local run its trace too.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium', testIgnore: /clock\.spec\.ts/ },
    // Moving the BFF's clock expires every live client secret, so those specs run alone, after
    // everything else has finished. (Playwright runs a dependency once under --repeat-each: to
    // repeat the main specs, pass --project=chromium.)
    { name: 'clock', testMatch: /clock\.spec\.ts/, dependencies: ['chromium'] },
  ],
});
