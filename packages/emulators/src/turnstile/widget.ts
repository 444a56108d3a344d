// The browser half of the Turnstile emulator: api.js (window.turnstile), the challenge page it
// frames (checkbox, emulated outcome), that page's script and style, and the endpoint the page
// mints tokens with. Everything the browser runs is served as files so a strict CSP holds.
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { sitekeyBehaviour, TURNSTILE_DUMMY_TOKEN, type TurnstileWidget } from './keys.js';
import { TURNSTILE_OUTCOMES, type TokenStore } from './tokens.js';

export const API_JS_PATH = '/turnstile/v0/api.js';
/** Under /cdn-cgi/challenge-platform/ like the real iframe, in a folder no real path uses. */
export const WIDGET_BASE = '/cdn-cgi/challenge-platform/emulator/turnstile';
export const WIDGET_TITLE = 'Widget containing a Cloudflare security challenge';

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const API_JS = asset('api.js');
const WIDGET_JS = asset('widget.js');
const WIDGET_CSS = asset('widget.css');

// The challenge page runs only our own files, talks only to us, and may be framed by any page
// (like the real widget: the host's own CSP decides whether it may frame us).
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

/** Turnstile's client-side limits: action ≤ 32 and cData ≤ 255 characters of [A-Za-z0-9_-]. */
const NAME = /^[A-Za-z0-9_-]*$/;
export const validAction = (s: string) => s.length <= 32 && NAME.test(s);
export const validCdata = (s: string) => s.length <= 255 && NAME.test(s);

const WIDGET_ID = /^cf-chl-widget-[a-z0-9]{1,16}$/;
const THEMES = new Set(['auto', 'light', 'dark']);
const SIZES = new Set(['normal', 'compact', 'flexible']);
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/** The page origin a host page claims; null unless it is a plain http(s) origin. */
export function parseOrigin(value: string | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value ? url : null;
  } catch {
    return null;
  }
}

function renderPage(c: Context, widgets: readonly TurnstileWidget[]): Response {
  const q = (k: string) => c.req.query(k) ?? '';
  const sitekey = q('sitekey');
  const wid = q('wid');
  const parent = parseOrigin(q('parent'));
  const theme = THEMES.has(q('theme')) ? q('theme') : 'auto';
  const size = SIZES.has(q('size')) ? q('size') : 'normal';
  const lang = LANGUAGE.test(q('language')) ? q('language') : 'en';
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  if (!WIDGET_ID.test(wid) || !parent || sitekey.length > 100) {
    return c.html(`<!doctype html><html lang="en"><title>${WIDGET_TITLE}</title><p>Invalid widget parameters.</p></html>`, 400);
  }
  const behaviour = sitekeyBehaviour(sitekey, widgets);
  const mode = behaviour.kind === 'unknown' ? 'invalid' : behaviour.kind === 'widget' || behaviour.interactive ? 'interactive' : 'auto';
  const visible = behaviour.kind !== 'dummy' || behaviour.visible;
  const checkbox =
    mode === 'interactive'
      ? '<label class="cf-check"><input type="checkbox" id="cf-check" disabled><span>Verify you are human</span></label>'
      : '';
  const outcome =
    behaviour.kind === 'widget'
      ? `<div class="cf-row cf-outcome"><label for="cf-outcome">Emulated outcome</label><select id="cf-outcome">
<option value="pass" selected>Pass</option>
<option value="fail">Fail the challenge</option>
<option value="reject">Token rejected by siteverify</option>
<option value="expired">Token already expired</option>
</select></div>`
      : '';
  return c.html(`<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${WIDGET_TITLE}</title>
<link rel="stylesheet" href="${WIDGET_BASE}/widget.css">
<script src="${WIDGET_BASE}/widget.js" defer></script>
</head>
<body class="theme-${theme} size-${size}" data-wid="${wid}" data-parent="${escapeHtml(parent.origin)}" data-sitekey="${escapeHtml(sitekey)}" data-mode="${mode}" data-visible="${visible}">
<main class="cf-box" aria-label="Cloudflare security challenge (emulated)">
<div class="cf-row">${checkbox}<p id="cf-status" class="cf-status" role="status" aria-live="polite"></p></div>
${outcome}
<div class="cf-row cf-refresh-row"><button type="button" id="cf-refresh" hidden>Refresh</button></div>
<p class="cf-brand">Cloudflare Turnstile · emulated</p>
</main>
</body>
</html>`);
}

const MintSchema = z.object({
  sitekey: z.string().min(1).max(100),
  action: z.string().max(1000).default(''),
  cdata: z.string().max(1000).default(''),
  parent: z.string().max(300),
  outcome: z.enum(TURNSTILE_OUTCOMES).default('pass'),
  interactive: z.boolean().default(true),
});
export type MintRequest = z.input<typeof MintSchema>;
/** What the challenge page gets back: a token, or the client-side error code Turnstile would show. */
export type MintResult = { success: true; token: string } | { success: false; error_code: string };

/** Solving the challenge: the widget's answer for this sitekey, host page and chosen outcome. */
export function solveChallenge(input: z.output<typeof MintSchema>, hostname: string, deps: WidgetDeps): MintResult {
  if (!validAction(input.action)) return { success: false, error_code: '110420' };
  if (!validCdata(input.cdata)) return { success: false, error_code: '110430' };
  const behaviour = sitekeyBehaviour(input.sitekey, deps.widgets);
  if (behaviour.kind === 'unknown') return { success: false, error_code: '110100' };
  if (behaviour.kind === 'dummy') {
    return behaviour.passes ? { success: true, token: TURNSTILE_DUMMY_TOKEN } : { success: false, error_code: '600010' };
  }
  const { widget } = behaviour;
  if (widget.hostnames && !widget.hostnames.includes(hostname)) return { success: false, error_code: '110200' };
  if (input.outcome === 'fail') return { success: false, error_code: '600010' };
  const token = deps.tokens.mint({ ...input, outcome: input.outcome, hostname });
  return { success: true, token };
}

export interface WidgetDeps {
  widgets: readonly TurnstileWidget[];
  tokens: TokenStore;
}

export function mountWidgetRoutes(app: Hono, deps: WidgetDeps): void {
  app.get(API_JS_PATH, (c) => {
    const render = c.req.query('render') === 'explicit' ? 'explicit' : '';
    const onload = /^[A-Za-z_$][\w$]{0,63}$/.test(c.req.query('onload') ?? '') ? (c.req.query('onload') as string) : '';
    const script = API_JS.replace("'__EMULATOR_ORIGIN__'", JSON.stringify(new URL(c.req.url).origin))
      .replace("'__RENDER__'", JSON.stringify(render))
      .replace("'__ONLOAD__'", JSON.stringify(onload));
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(script);
  });
  app.get(`${WIDGET_BASE}/if`, (c) => renderPage(c, deps.widgets));
  app.get(`${WIDGET_BASE}/widget.js`, (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(WIDGET_JS);
  });
  app.get(`${WIDGET_BASE}/widget.css`, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(WIDGET_CSS);
  });
  app.post(`${WIDGET_BASE}/token`, async (c) => {
    // JSON only: a cross-site <form> cannot send it, and fetch from another origin needs a
    // preflight we never grant, so only our own challenge page (or a server) can mint.
    if (!(c.req.header('content-type') ?? '').includes('application/json')) {
      return c.json({ error: { code: 'unsupported_media_type', message: 'Send application/json.' } }, 415);
    }
    const parsed = MintSchema.safeParse(await c.req.json().catch(() => null));
    const parent = parsed.success ? parseOrigin(parsed.data.parent) : null;
    if (!parsed.success || !parent) {
      return c.json({ error: { code: 'validation_failed', message: 'Expected {sitekey, action, cdata, parent, outcome}.' } }, 400);
    }
    return c.json(solveChallenge(parsed.data, parent.hostname, deps));
  });
}
