// Plaid Link in real Chromium: a host page on another origin, under a strict CSP, loads
// link-initialize.js and calls Plaid.create({token, onSuccess, onExit, onEvent, onLoad}); the
// person goes through the emulated Link as Leslie Knope, or as someone else, or closes it; the
// callbacks, their metadata, focus and inertness are checked as the page would see them.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { LinkTokenCreateRequest } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAID_EMULATOR_TEMPLATE_ID } from './keys.js';
import { startPlaid, type RunningPlaid } from './testing.js';

const CHROMIUM = '/usr/bin/chromium';
const FRAME = 'iframe[title="Plaid Link (emulated)"]';

// The host page's script: asks "its backend" for a link token, then opens Link when asked.
const HOST_JS = `
window.calls = [];
fetch('/token').then((r) => r.text()).then((token) => {
  window.handler = Plaid.create({
    token,
    onLoad: () => window.calls.push(['onLoad']),
    onEvent: (name, metadata) => window.calls.push(['onEvent', name, metadata]),
    onSuccess: (publicToken, metadata) => { window.calls.push(['onSuccess', publicToken, metadata]); window.done = true; },
    onExit: (error, metadata) => { window.calls.push(['onExit', error, metadata]); window.done = true; },
  });
  document.getElementById('start').addEventListener('click', () => window.handler.open());
  // Link delays an open() made before onLoad until it has loaded.
  if (location.search === '?open=now') window.handler.open();
});`;

let run: RunningPlaid;
let host: Server;
let hostUrl: string;
let browser: Browser;
let linkToken = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  run = await startPlaid();
  host = createServer((req, res) => {
    if (req.url === '/host.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(HOST_JS);
    if (req.url === '/token') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(linkToken);
    res.writeHead(200, {
      'content-type': 'text/html',
      'content-security-policy': `default-src 'none'; script-src 'self' ${run.url}; frame-src ${run.url}; connect-src 'self'`,
    });
    res.end(`<!doctype html><html lang="en"><title>Host</title><body>
<main><button id="start" type="button">Verify with Plaid</button></main>
<script src="${run.url}/link/v2/stable/link-initialize.js"></script><script src="/host.js"></script></body></html>`);
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

let users = 0;
async function openLink(token?: string): Promise<{ page: Page; errors: string[] }> {
  const request = { client_name: 'x', language: 'en', country_codes: ['US'], products: ['identity_verification'], user: { client_user_id: `browser-${++users}` }, identity_verification: { template_id: PLAID_EMULATOR_TEMPLATE_ID } };
  linkToken = token ?? (await run.plaid.linkTokenCreate(request as unknown as LinkTokenCreateRequest)).data.link_token;
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  await page.goto(hostUrl);
  await page.waitForFunction(() => (window as unknown as { calls: unknown[][] }).calls?.some((c) => c[0] === 'onLoad'));
  await page.getByRole('button', { name: 'Verify with Plaid' }).click();
  return { page, errors };
}

type Call = [string, ...unknown[]];
const callsOf = async (page: Page) => {
  await page.waitForFunction(() => (window as unknown as { done?: boolean }).done);
  return (await page.evaluate(() => (window as unknown as { calls: unknown[] }).calls)) as Call[];
};

describe.skipIf(!existsSync(CHROMIUM))('Plaid Link in Chromium', () => {
  it('as Leslie Knope: every step, then onSuccess(null, {link_session_id}) and the page given back', async () => {
    const { page, errors } = await openLink();
    const frame = page.frameLocator(FRAME);
    expect(await page.locator('main').evaluate((el) => (el as HTMLElement).inert)).toBe(true);
    await frame.getByLabel(/I agree to share my information/).check();
    await frame.getByRole('button', { name: 'Agree and continue' }).click();
    await frame.getByRole('button', { name: 'Verify code' }).click();
    await expect(frame.getByLabel('First name').inputValue()).resolves.toBe('Leslie');
    await frame.getByRole('button', { name: 'Continue', exact: true }).click();
    await frame.getByRole('heading', { name: 'Verification complete' }).waitFor();
    await frame.getByRole('button', { name: 'Continue', exact: true }).click();
    const calls = await callsOf(page);
    const success = calls.find((c) => c[0] === 'onSuccess')!;
    expect(success[1]).toBeNull();
    const id = (success[2] as { link_session_id: string }).link_session_id;
    expect(success[2]).toEqual({ institution: null, accounts: [], link_session_id: id });
    const names = calls.filter((c) => c[0] === 'onEvent').map((c) => c[1]);
    expect(names[0]).toBe('OPEN');
    expect(names).toEqual(expect.arrayContaining(['IDENTITY_VERIFICATION_CREATE_SESSION', 'IDENTITY_VERIFICATION_PASS_SESSION', 'HANDOFF']));
    expect(JSON.stringify(calls)).not.toMatch(/Leslie|Knope|2345678909/);
    expect((await run.plaid.identityVerificationGet({ identity_verification_id: id })).data.status).toBe('success');
    expect(await page.locator('iframe').evaluate((el) => (el as HTMLElement).style.display)).toBe('none');
    expect(await page.locator('main').evaluate((el) => (el as HTMLElement).inert)).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('as someone else: the data check and three documents fail, and onSuccess still fires', async () => {
    const { page } = await openLink();
    const frame = page.frameLocator(FRAME);
    await frame.getByLabel(/I agree to share my information/).check();
    await frame.getByRole('button', { name: 'Agree and continue' }).click();
    await frame.getByRole('button', { name: 'Verify code' }).click();
    await frame.getByLabel('First name').fill('Ann');
    await frame.getByLabel('Last name').fill('Perkins');
    await frame.getByRole('button', { name: 'Continue', exact: true }).click();
    for (let i = 3; i >= 1; i--) {
      await frame.getByText(`Attempts left: ${i}.`).waitFor();
      await frame.getByRole('button', { name: /Upload driver's licence/ }).click();
    }
    await frame.getByRole('heading', { name: 'Verification finished' }).waitFor();
    await frame.getByRole('button', { name: 'Continue', exact: true }).click();
    const calls = await callsOf(page);
    const id = (calls.find((c) => c[0] === 'onSuccess')![2] as { link_session_id: string }).link_session_id;
    expect(calls.filter((c) => c[0] === 'onEvent').map((c) => c[1])).toContain('IDENTITY_VERIFICATION_FAIL_SESSION');
    expect((await run.plaid.identityVerificationGet({ identity_verification_id: id })).data.steps).toMatchObject({ kyc_check: 'failed', documentary_verification: 'failed' });
    await page.context().close();
  });

  it('closed with Escape: onExit(null, metadata) and the attempt stays active', async () => {
    const { page } = await openLink();
    await page.frameLocator(FRAME).getByRole('button', { name: 'Agree and continue' }).waitFor();
    await page.keyboard.press('Escape');
    const calls = await callsOf(page);
    const exit = calls.find((c) => c[0] === 'onExit')!;
    expect(exit[1]).toBeNull();
    expect(exit[2]).toMatchObject({ institution: null, link_session_id: expect.stringMatching(/^idv_/) });
    expect(calls.filter((c) => c[0] === 'onEvent').map((c) => c[1])).toContain('EXIT');
    const id = (exit[2] as { link_session_id: string }).link_session_id;
    expect((await run.plaid.identityVerificationGet({ identity_verification_id: id })).data.status).toBe('active');
    await page.context().close();
  });

  it('opened before onLoad, Link opens once loaded; the host’s exit() ends it with onExit(null)', async () => {
    const request = { client_name: 'x', language: 'en', country_codes: ['US'], products: ['identity_verification'], user: { client_user_id: `browser-${++users}` }, identity_verification: { template_id: PLAID_EMULATOR_TEMPLATE_ID } };
    linkToken = (await run.plaid.linkTokenCreate(request as unknown as LinkTokenCreateRequest)).data.link_token;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${hostUrl}?open=now`);
    await page.frameLocator(FRAME).getByRole('button', { name: 'Agree and continue' }).waitFor();
    const order = await page.evaluate(() => (window as unknown as { calls: unknown[][] }).calls.map((c) => (c[0] === 'onEvent' ? c[1] : c[0])));
    expect(order.indexOf('onLoad')).toBeLessThan(order.indexOf('OPEN'));
    await page.evaluate(() => (window as unknown as { handler: { exit(o: unknown): void } }).handler.exit({ force: true }));
    const exit = (await callsOf(page)).find((c) => c[0] === 'onExit')!;
    expect(exit[1]).toBeNull();
    expect(await page.locator('iframe').evaluate((el) => (el as HTMLElement).style.display)).toBe('none');
    await page.context().close();
  });

  it('an unknown link token: onExit with INVALID_LINK_TOKEN', async () => {
    const { page } = await openLink('link-sandbox-00000000-0000-0000-0000-000000000000');
    const exit = (await callsOf(page)).find((c) => c[0] === 'onExit')!;
    expect(exit[1]).toEqual({ error_type: 'INVALID_INPUT', error_code: 'INVALID_LINK_TOKEN', error_message: expect.any(String), display_message: null });
    await page.context().close();
  });

  it('the shareable_url page stands alone: the person verifies there, with no host to call back', async () => {
    const created = (await run.plaid.identityVerificationCreate({ client_user_id: `browser-${++users}`, template_id: PLAID_EMULATOR_TEMPLATE_ID, gave_consent: true, is_shareable: true })).data;
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(created.shareable_url!);
    await page.getByRole('button', { name: 'Verify code' }).click();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByRole('heading', { name: 'Verification complete' }).waitFor();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByText('You can close this page.').waitFor();
    expect(await page.getByRole('button', { name: 'Close Plaid Link' }).isVisible()).toBe(false);
    expect((await run.plaid.identityVerificationGet({ identity_verification_id: created.id })).data.status).toBe('success');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the open Link page has no axe violations', async () => {
    const { page } = await openLink();
    await page.frameLocator(FRAME).getByRole('button', { name: 'Agree and continue' }).waitFor();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.context().close();
  });
});
