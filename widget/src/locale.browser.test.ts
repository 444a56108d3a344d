// The element's language in real Chromium, built as it ships, over a stand-in BFF: which locale wins
// (the session's, then the locale attribute, then the browser's), lang and dir on its root, the
// host's own words, and the privacy notice recorded in the language it is written in.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtWidget } from './testing/built-widget.js';
import { sampleSession } from './api/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

/** The session each client secret stands for. */
const SESSIONS: Record<string, unknown> = {
  french: sampleSession({ id: 'ivs_french', locale: 'fr-CA' }),
  none: sampleSession({ id: 'ivs_none', locale: null }),
};

let outDir: string;
let server: Server;
let origin: string;
let browser: Browser;
/** The consents the widget recorded, as it sent them. */
const recorded: unknown[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  outDir = (await builtWidget()).outDir;
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/') {
      const locale = url.searchParams.get('locale');
      const strings = url.searchParams.get('strings');
      const attributes = [
        `api-base="${origin}"`,
        `client-secret="${url.searchParams.get('secret')}"`,
        locale ? `locale="${locale}"` : '',
        strings ? `strings='${strings.replace(/'/g, '&#39;')}'` : '',
      ].join(' ');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
      return void res.end(
        `<!doctype html><html lang="en"><title>Widget</title><main><h1>Host page</h1><identity-verify ${attributes}></identity-verify></main>` +
          `<script type="module" src="/w/identity-verify.js"></script></html>`,
      );
    }
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (path === '/v1/identity/session') {
      const session = SESSIONS[(req.headers.authorization ?? '').replace(/^Bearer /, '')];
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(session));
    }
    if (path === '/v1/identity/consents') {
      let body = '';
      for await (const chunk of req) body += chunk;
      recorded.push(JSON.parse(body));
      // Recorded: the rest of the flow is not this test's.
      res.writeHead(503, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { code: 'provider_unavailable', message: 'Not in this test.' } }));
    }
    const file = path.startsWith('/w/') ? normalize(path.slice(3)) : null;
    if (!file || !existsSync(join(outDir, file))) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' }).end(readFileSync(join(outDir, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  browser = await chromium.launch({ executablePath: CHROMIUM, args });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** The page with the widget on `secret`'s session, in a browser speaking `browserLocale`. */
async function open(secret: string, { locale, strings, browserLocale = 'en-US' }: { locale?: string; strings?: unknown; browserLocale?: string }): Promise<Page> {
  const page = await (await browser.newContext({ locale: browserLocale })).newPage();
  page.setDefaultTimeout(8_000);
  const query = new URLSearchParams({ secret, ...(locale ? { locale } : {}), ...(strings ? { strings: JSON.stringify(strings) } : {}) });
  await page.goto(`${origin}/?${query}`);
  return page;
}

/** The lang and dir of the element's rendered root (the card around every step). */
const root = (page: Page) =>
  page.locator('identity-verify [part="base"]').evaluate((card) => ({ lang: card.getAttribute('lang'), dir: card.getAttribute('dir') }));

describe.skipIf(!existsSync(CHROMIUM))("the element's language", () => {
  it("is the session's locale before the locale attribute and the browser's", async () => {
    const page = await open('french', { locale: 'de', browserLocale: 'es-ES' });
    await page.getByRole('heading', { name: 'Avant de commencer' }).waitFor();
    expect(await root(page)).toEqual({ lang: 'fr-CA', dir: 'ltr' });
    await page.context().close();
  });

  it('is the locale attribute without a session locale, right to left in Arabic, with the privacy notice in English marked so, and recorded as English', async () => {
    const page = await open('none', { locale: 'ar', browserLocale: 'fr-FR' });
    await page.getByRole('heading', { name: 'قبل أن تبدأ' }).waitFor();
    expect(await root(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    const notice = page.locator('identity-verify [part="notice"]');
    await expect.poll(() => notice.evaluate((p) => [(p as HTMLElement).lang, (p as HTMLElement).dir, getComputedStyle(p).direction])).toEqual(['en', 'ltr', 'ltr']);
    expect(await page.getByRole('button', { name: 'قبول ومتابعة' }).evaluate((b) => getComputedStyle(b).direction)).toBe('rtl');
    await page.getByRole('button', { name: 'قبول ومتابعة' }).click();
    await expect.poll(() => recorded.length).toBe(1);
    expect(recorded[0]).toMatchObject({ notice: 'privacy_notice', decision: 'accepted', locale: 'en', text: expect.stringMatching(/^This service uses identity-verify/) });
    // The organization fallback is the Arabic catalogue's, in the English text: what was shown is what is recorded.
    expect((recorded[0] as { text: string }).text).not.toMatch(/هذه الخدمة/);
    await page.context().close();
  });

  it("is the browser's without either, Hebrew right to left", async () => {
    const page = await open('none', { browserLocale: 'he-IL' });
    await page.getByRole('heading', { name: 'לפני שמתחילים' }).waitFor();
    expect(await root(page)).toEqual({ lang: 'he-IL', dir: 'rtl' });
    await page.context().close();
  });

  it("shows the host's own words over the catalogue's, key by key, in that language only", async () => {
    const strings = { fr: { ui: { consent_heading: 'Vérifions votre identité', consent_accept: "C'est parti" } }, de: { ui: { consent_heading: 'Nie gezeigt' } } };
    const page = await open('french', { strings });
    await page.getByRole('heading', { name: 'Vérifions votre identité' }).waitFor();
    await page.getByRole('button', { name: "C'est parti" }).waitFor();
    await page.getByRole('button', { name: 'Refuser' }).waitFor();
    await page.context().close();
  });
});
