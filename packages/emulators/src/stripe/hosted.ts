// The browser half of the Stripe emulator: the hosted verification page behind a session's `url`
// (plain HTML forms, no script), the Stripe.js stand-in (`window.Stripe(pk).verifyIdentity`), the
// modal page it frames and the two JSON endpoints that page calls. Test mode's choice of outcome
// replaces document capture: each button is one of Stripe's outcomes. Pages run only our own
// files under a strict CSP.
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { errors, StripeApiError, type StripeErrorBody } from './errors.js';
import type { StripeKeys } from './keys.js';
import type { Lifecycle } from './lifecycle.js';
import type { Outcome, SessionRecord, StripeState } from './model.js';

export const STRIPE_JS_PATH = '/v3/stripe.js';
/** Hosted pages live at `${origin}/verify/start/test_…` (Stripe: `https://verify.stripe.com/start/test_…`). */
export const HOSTED_PAGE_PREFIX = '/verify/start/';
export const MODAL_PATH = '/verify/modal';
const ASSETS = '/verify/assets';
export const HOSTED_PAGE_TITLE = 'Verify your identity';
export const MODAL_TITLE = 'Stripe Identity verification (emulated)';

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const STRIPE_JS = asset('stripe.js');
const MODAL_JS = asset('modal.js');
const VERIFY_CSS = asset('verify.css');

export interface HostedDeps {
  state: StripeState;
  lifecycle: Lifecycle;
  keys: StripeKeys;
  publicUrl?: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

export type OutcomeGroup = 'pass' | 'document' | 'selfie' | 'id_number' | 'eligibility' | 'session';
export const GROUP_LEGENDS: Record<OutcomeGroup, string> = {
  pass: 'Verification succeeds',
  document: 'Document check fails',
  selfie: 'Selfie check fails',
  id_number: 'ID number check fails',
  eligibility: 'The person is not eligible',
  session: 'The person stops before submitting',
};

export function describeOutcome(outcome: Outcome): { value: Outcome; label: string; group: OutcomeGroup } {
  if (outcome === 'verified') return { value: outcome, label: "Verify as Stripe's test person (verified)", group: 'pass' };
  const words = outcome.replace(/_/g, ' ');
  const label = `${words.charAt(0).toUpperCase()}${words.slice(1)} (${outcome})`;
  const prefix = /^(document|selfie|id_number)_/.exec(outcome)?.[1] as OutcomeGroup | undefined;
  return { value: outcome, label, group: prefix ?? (outcome === 'under_supported_age' ? 'eligibility' : 'session') };
}

function securityHeaders(c: Context, csp: string): void {
  c.header('Content-Security-Policy', csp);
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  // The page's own URL is a single-use credential: never send it on as a referrer to another
  // origin. (Not no-referrer: with it Chromium posts the page's own form with Origin: null,
  // which the origin check below must refuse.)
  c.header('Referrer-Policy', 'same-origin');
}

function page(title: string, body: string, bodyAttributes = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${ASSETS}/verify.css">
</head>
<body${bodyAttributes}>
${body}
</body>
</html>`;
}

function outcomeForm(outcomes: readonly Outcome[], action: string): string {
  const groups = new Map<OutcomeGroup, string[]>();
  for (const o of outcomes.map(describeOutcome)) {
    const buttons = groups.get(o.group) ?? [];
    const primary = o.group === 'pass' ? ' class="si-primary"' : '';
    buttons.push(`<li><button type="submit" name="outcome" value="${o.value}"${primary}>${escapeHtml(o.label)}</button></li>`);
    groups.set(o.group, buttons);
  }
  const fieldsets = [...groups]
    .map(([group, buttons]) => `<fieldset><legend>${GROUP_LEGENDS[group]}</legend><ul class="si-outcomes">${buttons.join('')}</ul></fieldset>`)
    .join('\n');
  return `<form method="post" action="${escapeHtml(action)}">
${fieldsets}
<p class="si-cancel"><button type="submit" name="outcome" value="cancel">Cancel and go back</button></p>
</form>`;
}

function hostedPage(c: Context, deps: HostedDeps, s: SessionRecord | undefined, origin: string): Response {
  const returnOrigin = s?.return_url ? new URL(s.return_url).origin : '';
  // Chrome applies form-action to the redirect after the POST, so the return_url origin is allowed too.
  const formAction = `form-action 'self'${returnOrigin ? ` ${returnOrigin}` : ''}`;
  securityHeaders(c, `default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; ${formAction}`);
  if (!s || !deps.lifecycle.usable(s, 'url')) {
    const gone =
      '<main class="si-page"><h1>This link is no longer valid</h1>' +
      '<p>Verification links can be used once and expire after 48 hours. Go back and start again.</p></main>';
    return c.html(page(HOSTED_PAGE_TITLE, gone), 404);
  }
  const attempts = s.last_error ? `<p class="si-note" role="status">The last attempt failed: ${escapeHtml(s.last_error.code ?? 'unknown')}.</p>` : '';
  const body = `<main class="si-page">
<h1>${HOSTED_PAGE_TITLE}</h1>
<p>Stripe Identity test mode, emulated at ${escapeHtml(origin)}: no document or selfie is captured. Choose how this verification ends.</p>
${attempts}
${outcomeForm(deps.lifecycle.outcomes(s), new URL(c.req.url).pathname)}
</main>`;
  return c.html(page(HOSTED_PAGE_TITLE, body));
}

function donePage(c: Context, message: string): Response {
  securityHeaders(c, "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'");
  return c.html(page(HOSTED_PAGE_TITLE, `<main class="si-page"><h1>${escapeHtml(message)}</h1><p>You can close this page.</p></main>`));
}

const ModalRequest = z.object({ key: z.string().max(200), client_secret: z.string().max(300), outcome: z.string().max(100).optional() });

/** What Stripe.js resolves with when the modal cannot run: Stripe's error object, minus the HTTP parts. */
function modalError(c: Context, error: StripeApiError): Response {
  const { type, code, message } = error.body as StripeErrorBody;
  return c.json({ error: code ? { type, code, message } : { type, message } }, error.status);
}

export function mountHostedPages(app: Hono, deps: HostedDeps): void {
  const originOf = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;

  app.get(`${HOSTED_PAGE_PREFIX}:token`, (c) => {
    deps.lifecycle.settle();
    return hostedPage(c, deps, deps.state.sessionByUrlToken(c.req.param('token')), originOf(c));
  });

  app.post(`${HOSTED_PAGE_PREFIX}:token`, async (c) => {
    deps.lifecycle.settle();
    // Only our own page may submit: a browser always sends Origin on a form POST.
    const origin = c.req.header('origin');
    if (origin && origin !== originOf(c) && origin !== new URL(c.req.url).origin) return c.text('Cross-origin submissions are refused.', 403);
    const s = deps.state.sessionByUrlToken(c.req.param('token'));
    if (!s || !deps.lifecycle.usable(s, 'url')) return hostedPage(c, deps, undefined, originOf(c));
    const outcome = String((await c.req.parseBody()).outcome ?? '');
    if (outcome !== 'cancel') {
      if (!deps.lifecycle.outcomes(s).includes(outcome)) return c.text('Unknown outcome.', 400);
      deps.lifecycle.submit(s, outcome);
    }
    if (s.return_url) return c.redirect(s.return_url, 303);
    return donePage(c, outcome === 'cancel' ? 'Verification not submitted' : 'Verification submitted');
  });

  app.get(MODAL_PATH, (c) => {
    const parent = c.req.query('parent') ?? '';
    const mid = c.req.query('mid') ?? '';
    // Any host page may frame the modal, as js.stripe.com's may: the host's own CSP decides.
    securityHeaders(
      c,
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *",
    );
    let parentOk = false;
    try {
      const url = new URL(parent);
      parentOk = (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === parent;
    } catch {
      parentOk = false;
    }
    if (!parentOk || !/^[a-z0-9]{1,32}$/i.test(mid)) return c.html(page(MODAL_TITLE, '<p>Invalid modal parameters.</p>'), 400);
    const body = `<div class="si-backdrop">
<div id="si-dialog" class="si-dialog" role="dialog" aria-modal="true" aria-labelledby="si-title" aria-describedby="si-intro">
<button type="button" id="si-close" class="si-close" aria-label="Close verification">×</button>
<h1 id="si-title" tabindex="-1">${HOSTED_PAGE_TITLE}</h1>
<p id="si-intro">Stripe Identity test mode, emulated: choose how this verification ends.</p>
<p id="si-status" class="si-note" role="status" aria-live="polite">Loading…</p>
<div id="si-outcomes"></div>
</div>
</div>
<script src="${ASSETS}/modal.js" defer></script>`;
    return c.html(page(MODAL_TITLE, body, ` class="si-modal-page" data-parent="${escapeHtml(parent)}" data-mid="${escapeHtml(mid)}"`));
  });

  const modalSession = async (c: Context): Promise<{ s: SessionRecord; outcome?: string } | Response> => {
    // JSON only: a cross-site form cannot send it and we grant no CORS preflight, so only our page calls this.
    if (!(c.req.header('content-type') ?? '').includes('application/json')) {
      return c.json({ error: { type: 'invalid_request_error', message: 'Send application/json.' } }, 415);
    }
    const parsed = ModalRequest.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: { type: 'invalid_request_error', message: 'Expected {key, client_secret}.' } }, 400);
    deps.lifecycle.settle();
    const { key, client_secret: secret, outcome } = parsed.data;
    if (!deps.keys.publishable.includes(key)) return modalError(c, errors.invalidApiKey(key));
    const s = deps.state.sessionBySecret(secret);
    if (!s) return modalError(c, errors.noSuchClientSecret());
    if (!deps.lifecycle.usable(s, 'client_secret')) {
      return modalError(c, errors.invalidState('submit', s.redaction ? 'redacted' : s.status, ['requires_input']));
    }
    return { s, outcome };
  };

  app.post(`${MODAL_PATH}/session`, async (c) => {
    const found = await modalSession(c);
    if (found instanceof Response) return found;
    return c.json({ id: found.s.id, type: found.s.type, outcomes: deps.lifecycle.outcomes(found.s).map(describeOutcome), legends: GROUP_LEGENDS });
  });

  app.post(`${MODAL_PATH}/submit`, async (c) => {
    const found = await modalSession(c);
    if (found instanceof Response) return found;
    const outcome = found.outcome ?? '';
    if (!deps.lifecycle.outcomes(found.s).includes(outcome)) {
      return c.json({ error: { type: 'invalid_request_error', message: 'Unknown outcome.' } }, 400);
    }
    deps.lifecycle.submit(found.s, outcome);
    return c.json({ verificationSession: { id: found.s.id } });
  });

  const serve = (type: string, body: string) => (c: Context) => {
    c.header('Content-Type', `${type}; charset=utf-8`);
    c.header('Cache-Control', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    return c.body(body);
  };
  const stripeJs = (c: Context) => serve('text/javascript', STRIPE_JS.replace("'__EMULATOR_ORIGIN__'", JSON.stringify(originOf(c))))(c);
  app.get(STRIPE_JS_PATH, stripeJs);
  app.get('/v3/', stripeJs);
  app.get('/v3', stripeJs);
  app.get(`${ASSETS}/modal.js`, serve('text/javascript', MODAL_JS));
  app.get(`${ASSETS}/verify.css`, serve('text/css', VERIFY_CSS));
}
