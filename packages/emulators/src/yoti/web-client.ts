// The emulated Yoti user view, for the host page's iframe: `{base}/web/index.html?sessionID=…&
// sessionToken=…` [S specs/yoti-idv-web-client.json], server-rendered with its script and style as
// files so it runs under a strict CSP. It shows the session's document and face steps, the test
// person, and the outcome to emulate; finishing posts `{eventType, eventCode?}` to the parent page
// (or, when sdk_config has success_url / error_url, offers that link instead, as Yoti redirects).
// Loaded bare, it posts `{eventType: 'STARTED'}` and waits for the parent's INIT_SESSION. Messages
// go only to the parent's origin (location.ancestorOrigins, else the Referer of the first load),
// never to '*': Yoti does not publish its target origin, and the spec asks for no wildcard.
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import { escapeHtml } from '../shared/oidc/persona-page.js';
import { API_BASES, type YotiSession, type YotiStore } from './model.js';
import type { YotiNotifications } from './notifications.js';
import { fullName, YOTI_PEOPLE } from './people.js';
import { needsFace } from './results.js';
import { requestedSchemes } from './specification.js';
import { finish, launch, LAUNCH_ERROR_CODES, parseOutcome, WEB_ERROR_CODES, type ClientEvent } from './user-flow.js';

export const WEB_INDEX_PATH = '/web/index.html';
export const WEB_LABELS = {
  heading: 'Yoti identity verification (emulator)',
  person: 'Test person and their document',
  outcome: 'Outcome to emulate',
  verified: 'Verified: the checks pass',
  rejected: 'Document rejected',
  profileNotMet: 'Identity profile not met: the document is rejected',
  finish: 'Finish',
  continue: 'Continue',
} as const;

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const SCRIPT = asset('user-view.js');
const STYLE = asset('user-view.css');

export const USER_VIEW_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  // Any page may frame it, like Yoti's: the host's own CSP decides whether it frames us.
  'frame-ancestors *',
].join('; ');

/** An http(s) origin, or null. */
function origin(value: string | undefined | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The parent page's origin: our own navigation says it (parentOrigin), else the first load's Referer. */
function parentOrigin(c: Context, claimed: string | undefined): string {
  const own = new URL(c.req.url).origin;
  const referer = origin(c.req.header('referer'));
  return origin(claimed) ?? (referer && referer !== own ? referer : '');
}

function page(c: Context, base: string, body: string, data: Record<string, string>, status: 200 | 400 = 200): Response {
  c.header('Content-Security-Policy', USER_VIEW_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  return c.html(
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${WEB_LABELS.heading}</title>
<link rel="stylesheet" href="${base}/web/assets/user-view.css">
<script src="${base}/web/assets/user-view.js" defer></script>
</head>
<body>
<main aria-labelledby="view-title"${attrs}>
<h1 id="view-title">${WEB_LABELS.heading}</h1>
${body}
</main>
</body>
</html>`,
    status,
  );
}

function eventData(event: ClientEvent, parent: string): Record<string, string> {
  return { 'parent-origin': parent, 'event-type': event.eventType, ...(event.eventType === 'ERROR' ? { 'event-code': String(event.eventCode) } : {}) };
}

function errorPage(c: Context, base: string, code: keyof typeof LAUNCH_ERROR_CODES, parent: string): Response {
  return page(c, base, `<p role="alert">Error ${code}: ${LAUNCH_ERROR_CODES[code]}.</p>`, eventData({ eventType: 'ERROR', eventCode: code }, parent), 400);
}

function radios(name: string, options: Array<[string, string]>, checked: string): string {
  return options
    .map(([value, label]) => {
      const id = `${name}-${value}`;
      return `<div><input type="radio" id="${id}" name="${name}" value="${escapeHtml(value)}"${value === checked ? ' checked' : ''}> <label for="${id}">${escapeHtml(label)}</label></div>`;
    })
    .join('\n');
}

function flowPage(c: Context, base: string, s: YotiSession, parent: string): Response {
  const schemes = requestedSchemes(s.spec);
  const country = s.spec.sdk_config?.preset_issuing_country;
  const profile = schemes.length > 0 ? `<p>The service asks for the identity profile ${schemes.map((x) => `${x.trustFramework} ${x.type}${x.objective ? ` (${x.objective})` : ''}`).map(escapeHtml).join(', ')}.</p>\n` : '';
  const face = needsFace(s)
    ? '<h2>Your face</h2>\n<p>Yoti would now check you are a live person and match your face to the document. The emulator uses a stand-in photo; no camera is used.</p>\n'
    : '';
  const outcomes: Array<[string, string]> = [
    ['verified', WEB_LABELS.verified],
    ['profile_not_met', schemes.length > 0 ? WEB_LABELS.profileNotMet : WEB_LABELS.rejected],
    ...Object.entries(WEB_ERROR_CODES).map(([code, text]): [string, string] => [`error_${code}`, `Error ${code}: ${text}`]),
  ];
  const body = `${profile}<form method="post" action="${base}/web/complete">
<input type="hidden" name="sessionID" value="${escapeHtml(s.id)}">
<input type="hidden" name="sessionToken" value="${escapeHtml(s.clientSessionToken)}">
<input type="hidden" name="parentOrigin" id="parent-origin" value="${escapeHtml(parent)}">
<h2>Your document</h2>
<p>Take a photo of your identity document${country ? ` (preset country: ${escapeHtml(country)})` : ''}. Choose whose document it is.</p>
<fieldset>
<legend>${WEB_LABELS.person}</legend>
${radios('person', YOTI_PEOPLE.map((p) => [p.id, `${fullName(p)}, born ${p.dateOfBirth}: ${p.description}`]), YOTI_PEOPLE[0]!.id)}
</fieldset>
${face}<fieldset>
<legend>${WEB_LABELS.outcome}</legend>
${radios('outcome', outcomes, 'verified')}
</fieldset>
<button type="submit">${WEB_LABELS.finish}</button>
</form>`;
  return page(c, base, body, { 'parent-origin': parent });
}

function resultPage(c: Context, base: string, s: YotiSession, event: ClientEvent, parent: string): Response {
  const text = event.eventType === 'SUCCESS' ? 'Done. The service now checks your result with Yoti.' : `Error ${event.eventCode}: ${WEB_ERROR_CODES[event.eventCode as keyof typeof WEB_ERROR_CODES] ?? ''}.`;
  const redirect = event.eventType === 'SUCCESS' ? s.spec.sdk_config?.success_url : s.spec.sdk_config?.error_url;
  // With success_url / error_url Yoti redirects after the final button instead of posting a message.
  const data = redirect ? { 'parent-origin': parent } : eventData(event, parent);
  const link = redirect ? `\n<p><a href="${escapeHtml(redirect)}">${WEB_LABELS.continue}</a></p>` : '';
  return page(c, base, `<p role="status">${escapeHtml(text)}</p>${link}`, data);
}

export function mountWebClient(app: Hono, store: YotiStore, notifications: YotiNotifications): void {
  for (const base of API_BASES) {
    app.get(`${base}/web/assets/user-view.js`, (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'x-content-type-options': 'nosniff' }));
    app.get(`${base}/web/assets/user-view.css`, (c) => c.body(STYLE, 200, { 'content-type': 'text/css; charset=utf-8', 'x-content-type-options': 'nosniff' }));

    app.get(`${base}${WEB_INDEX_PATH}`, (c) => {
      const parent = parentOrigin(c, c.req.query('parentOrigin'));
      const sessionId = c.req.query('sessionID');
      const token = c.req.query('sessionToken');
      if (sessionId === undefined && token === undefined) {
        return page(c, base, '<p role="status">Waiting for the service to start the session…</p>', { mode: 'await-init', 'parent-origin': parent });
      }
      const opened = launch(store, sessionId, token);
      return opened.ok ? flowPage(c, base, opened.session, parent) : errorPage(c, base, opened.code, parent);
    });

    app.post(`${base}/web/complete`, async (c) => {
      const form = await c.req.parseBody();
      const field = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
      const parent = parentOrigin(c, field('parentOrigin'));
      const opened = launch(store, field('sessionID'), field('sessionToken'));
      if (!opened.ok) return errorPage(c, base, opened.code, parent);
      const outcome = parseOutcome(field('outcome'));
      if (!outcome || !YOTI_PEOPLE.some((p) => p.id === field('person'))) {
        return page(c, base, '<p role="alert">Choose a test person and an outcome.</p>', { 'parent-origin': parent }, 400);
      }
      const done = finish(store, notifications, opened.session, field('person'), outcome);
      return resultPage(c, base, opened.session, done.event, parent);
    });
  }
}
