// The Stripe.js stand-in in real Chromium: a host page on another origin, under a strict CSP, loads
// /v3/stripe.js and calls stripe.verifyIdentity(clientSecret); the modal's buttons, Escape, focus
// containment and the resolved results are checked as a person and the page would see them.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STRIPE_EMULATOR_PUBLISHABLE_KEY } from './keys.js';
import { startStripe, type RunningStripe } from './testing.js';

const CHROMIUM = '/usr/bin/chromium';

// The host page's script: fetches a client secret from "its backend", then opens the modal.
const HOST_JS = `
document.getElementById('start').addEventListener('click', async () => {
  const secret = await (await fetch('/secret')).text();
  const stripe = Stripe(document.body.dataset.pk);
  window.result = await stripe.verifyIdentity(secret);
  document.getElementById('out').textContent = JSON.stringify(window.result);
});`;

let run: RunningStripe;
let host: Server;
let hostUrl: string;
let browser: Browser;
let clientSecret = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  run = await startStripe();
  host = createServer((req, res) => {
    if (req.url === '/host.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(HOST_JS);
    if (req.url === '/secret') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(clientSecret);
    res.writeHead(200, {
      'content-type': 'text/html',
      'content-security-policy': `default-src 'none'; script-src 'self' ${run.url}; frame-src ${run.url}; connect-src 'self'`,
    });
    res.end(`<!doctype html><html lang="en"><title>Host</title><body data-pk="${STRIPE_EMULATOR_PUBLISHABLE_KEY}">
<main><button id="start" type="button">Verify me</button><p id="out"></p></main>
<script src="${run.url}/v3/stripe.js"></script><script src="/host.js"></script></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
  await run?.close();
});

async function openModal(type: 'document' | 'id_number' = 'document'): Promise<{ page: Page; id: string }> {
  const s = await run.stripe.identity.verificationSessions.create({ type });
  clientSecret = s.client_secret as string;
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  await page.goto(hostUrl);
  await page.getByRole('button', { name: 'Verify me' }).click();
  await page.frameLocator('iframe[title="Stripe Identity verification (emulated)"]').getByRole('button', { name: /Verify as Stripe's test person/ }).waitFor();
  expect(errors).toEqual([]);
  return { page, id: s.id };
}

const resultOf = (page: Page) => page.waitForFunction(() => (window as unknown as { result?: unknown }).result).then((h) => h.jsonValue());

describe.skipIf(!existsSync(CHROMIUM))('verifyIdentity in Chromium', () => {
  beforeEach(() => {
    clientSecret = '';
  });

  it('resolves {verificationSession} after "Verify", closes the modal and gives the page back', async () => {
    const { page, id } = await openModal();
    const frame = page.frameLocator('iframe[title="Stripe Identity verification (emulated)"]');
    await expect(frame.getByRole('dialog', { name: 'Verify your identity' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('main').evaluate((el) => (el as HTMLElement).inert)).toBe(true);
    await frame.getByRole('button', { name: /Verify as Stripe's test person/ }).click();
    expect(await resultOf(page)).toEqual({ verificationSession: { id } });
    expect(await page.locator('iframe').count()).toBe(0);
    expect(await page.locator('main').evaluate((el) => (el as HTMLElement).inert)).toBe(false);
    expect(await run.stripe.identity.verificationSessions.retrieve(id)).toMatchObject({ status: 'verified' });
    await page.context().close();
  });

  it('keeps focus inside the dialog while tabbing, and Escape resolves the session_cancelled error', async () => {
    const { page, id } = await openModal('id_number');
    const frame = page.frames().find((f) => f.url().includes('/verify/modal')) ?? page.mainFrame();
    const buttons = await frame.locator('#si-dialog button').count();
    for (let i = 0; i < buttons + 3; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      await page.keyboard.press('Tab');
      expect(await frame.evaluate(() => document.getElementById('si-dialog')?.contains(document.activeElement) ?? false)).toBe(true);
    }
    await page.keyboard.press('Escape');
    expect(await resultOf(page)).toEqual({ error: { type: 'invalid_request_error', code: 'session_cancelled', message: expect.any(String) } });
    expect(await run.stripe.identity.verificationSessions.retrieve(id)).toMatchObject({ status: 'requires_input', last_error: null });
    await page.context().close();
  });

  it('a failure outcome is still a submission; a spent client secret resolves an error', async () => {
    const { page, id } = await openModal();
    await page.frameLocator('iframe').getByRole('button', { name: /document_expired/ }).click();
    expect(await resultOf(page)).toEqual({ verificationSession: { id } });
    expect(await run.stripe.identity.verificationSessions.retrieve(id)).toMatchObject({ status: 'requires_input', last_error: { code: 'document_expired' } });
    await page.reload();
    await page.getByRole('button', { name: 'Verify me' }).click();
    expect(await resultOf(page)).toEqual({ error: { type: 'invalid_request_error', code: 'resource_missing', message: expect.any(String) } });
    await page.context().close();
  });

  it('the hosted page and the open modal have no axe violations, in light and dark schemes', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document', options: { document: { require_matching_selfie: true } } });
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await (await browser.newContext({ colorScheme })).newPage();
      await page.goto(s.url as string);
      expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
      await page.context().close();
    }
    const { page } = await openModal();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.context().close();
  });
});
