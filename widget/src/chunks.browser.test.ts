// The element in real Chromium with the chunks it loads as it starts: the later steps (their
// renderers) and English's complete catalogue (its error words). Built from this checkout as it
// ships, served with a stand-in BFF that answers the session; a chunk can be held back or missing.
// What the person sees is recorded after every render: heading and live region, in order.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtWidget } from './testing/built-widget.js';
import { sampleSession } from './api/fixtures.js';
import { en } from './i18n/en.js';

const CHROMIUM = '/usr/bin/chromium';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

// Records each new view (the heading and the live region's line) and the widget's error events.
const HOST_JS = `
window.seen = [];
window.errors = [];
document.addEventListener('identity-verify-error', (event) => window.errors.push(event.detail));
const root = document.querySelector('identity-verify').shadowRoot;
const record = () => {
  const view = (root.querySelector('h2')?.textContent ?? '') + ' | ' + (root.querySelector('[role=status]')?.textContent ?? '');
  if (view !== window.seen.at(-1)) window.seen.push(view);
};
record();
new MutationObserver(record).observe(root, { subtree: true, childList: true, characterData: true });`;

/** The session each client secret stands for; `unauthorized` is refused as an expired link would be. */
const SESSIONS: Record<string, unknown> = {
  verified: sampleSession({ id: 'ivs_verified', status: 'verified' }),
};

let outDir: string;
let server: Server;
let origin: string;
let browser: Browser;
let chunks: { lazySteps: string; english: string };
/** Chunks answered only once released, and chunks answered 404. */
const held = new Map<string, () => void>();
const waiting = new Map<string, Promise<void>>();
const missing = new Set<string>();

function hold(file: string): () => void {
  let release!: () => void;
  waiting.set(file, new Promise<void>((resolve) => (release = resolve)));
  held.set(file, release);
  return release;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const built = await builtWidget();
  outDir = built.outDir;
  const manifest = built.manifest;
  chunks = { lazySteps: manifest['src/steps/lazy.ts']!.file, english: manifest['src/i18n/en.ts']!.file };
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/') {
      const secret = url.searchParams.get('secret');
      const attributes = `api-base="${origin}" locale="en"${secret ? ` client-secret="${secret}"` : ''}`;
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': CSP });
      return void res.end(
        `<!doctype html><html lang="en"><title>Widget</title><main><h1>Host page</h1><identity-verify ${attributes}></identity-verify></main>` +
          `<script type="module" src="/w/identity-verify.js"></script><script type="module" src="/host.js"></script></html>`,
      );
    }
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (path === '/host.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(HOST_JS);
    if (path === '/v1/identity/session') {
      const secret = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const session = SESSIONS[secret];
      if (!session) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'The client secret is not valid.' } }));
      }
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(session));
    }
    const file = path.startsWith('/w/') ? normalize(path.slice(3)) : null;
    if (!file || missing.has(file) || !existsSync(join(outDir, file))) return void res.writeHead(404).end();
    await waiting.get(file);
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' }).end(readFileSync(join(outDir, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  browser = await chromium.launch({ executablePath: CHROMIUM, args });
}, 60_000);

afterEach(() => {
  for (const release of held.values()) release();
  held.clear();
  waiting.clear();
  missing.clear();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

interface Opened {
  page: Page;
  /** Page errors and console errors other than the expected failed loads. */
  problems: string[];
}

async function open(secret: string | null, expectedFailure?: RegExp): Promise<Opened> {
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(8_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !expectedFailure?.test(m.text()) && problems.push(m.text()));
  page.on('request', (r) => !r.url().startsWith(`${origin}/`) && problems.push(`request off this origin: ${r.url()}`));
  const answered = secret ? page.waitForResponse(`${origin}/v1/identity/session`) : null;
  await page.goto(secret ? `${origin}/?secret=${secret}` : `${origin}/`);
  await answered;
  return { page, problems };
}

const LOADING = `${en.ui.loading_heading} | ${en.ui.loading_status}`;
const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });
const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: string[] }).seen);
/** Long enough for a render the session's answer would cause to have happened. */
const settle = (page: Page) => page.waitForTimeout(300);

describe.skipIf(!existsSync(CHROMIUM))('the element while its chunks load', () => {
  it('keeps the loading step while the later steps are on their way, then shows the result, without taking the focus', async () => {
    const release = hold(chunks.lazySteps);
    const { page, problems } = await open('verified');
    await settle(page);
    expect(await seen(page)).toEqual([LOADING]);
    release();
    await heading(page, en.ui.verified_heading).waitFor();
    expect(await seen(page)).toEqual([LOADING, `${en.ui.verified_heading} | `]);
    // The first step shown on load does not pull the focus to the widget.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("keeps the loading step while English's error words are on their way, then shows the error in words", async () => {
    const release = hold(chunks.english);
    const { page, problems } = await open('unauthorized', /status of 401/);
    await settle(page);
    expect(await seen(page)).toEqual([LOADING]);
    release();
    await page.getByRole('status').filter({ hasText: en.errors.unauthorized }).waitFor();
    // Never the vaguer line of a code without words.
    expect(await seen(page)).toEqual([LOADING, `${en.ui.error_heading} | ${en.errors.unauthorized}`]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('says a step could not be loaded when the later steps never arrive, and the host hears it', async () => {
    missing.add(chunks.lazySteps);
    const { page, problems } = await open('verified', /status of 404/);
    await page.getByRole('status').filter({ hasText: en.errors.driver_failed }).waitFor();
    expect(await seen(page)).toEqual([LOADING, `${en.ui.error_heading} | ${en.errors.driver_failed}`]);
    expect(await page.evaluate(() => (window as unknown as { errors: unknown[] }).errors)).toEqual([{ session_id: 'ivs_verified', code: 'driver_failed' }]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows a missing client secret in words at its first render, with no chunk at all', async () => {
    missing.add(chunks.lazySteps);
    missing.add(chunks.english);
    const { page, problems } = await open(null, /status of 404/);
    await heading(page, en.ui.error_heading).waitFor();
    expect(await seen(page)).toEqual([`${en.ui.error_heading} | ${en.errors.missing_client_secret}`]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
