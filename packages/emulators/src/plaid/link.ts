// Plaid Link in the browser: the loader script `link-initialize.js` (window.Plaid.create), the
// emulated Link page it frames (one per link token, server-rendered so it reads without script),
// the same page standing alone behind a shareable_url (Plaid-hosted, no callbacks), its assets,
// and the two JSON calls the page makes. Pages run only our own files under a strict CSP; any
// host page may frame Link, as Plaid's CDN allows.
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import { PlaidApiError } from './errors.js';
import { LinkOutcome, LinkStepInput, openSession, prefill, runStep, type LinkAccess } from './link-flow.js';
import { leslieKnopeUser, SANDBOX_SMS_CODE } from './people.js';
import { z } from 'zod';
import { randomId, type PlaidUser } from './model.js';
import type { PlaidService } from './service.js';

export const LINK_SCRIPT_PATH = '/link/v2/stable/link-initialize.js';
export const LINK_PAGE_PATH = '/link/v2/stable/idv.html';
/** Plaid-hosted flow behind a shareable_url (`https://flow.plaid.com/verify/idv_…?key=…` at Plaid). */
export const SHARED_PAGE_PREFIX = '/verify/';
const ASSETS = '/link/v2/stable/assets';
const API = '/link/v2/stable/idv';
export const LINK_TITLE = 'Plaid Link: verify your identity (emulated)';
/** CSP of the Link page: our own scripts, styles and calls only; framing by any page. */
export const LINK_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *";
/** The shareable page is a page of its own, never framed. */
export const SHARED_PAGE_CSP = LINK_PAGE_CSP.replace('frame-ancestors *', "frame-ancestors 'none'");

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const LOADER_JS = asset('link-initialize.js');
const LINK_UI_JS = asset('link-ui.js');
const LINK_CSS = asset('link.css');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

function field(id: string, name: string, label: string, value: string, attrs = ''): string {
  return `<p class="pl-field"><label for="${id}">${label}</label><input id="${id}" name="${name}" value="${escapeHtml(value)}" ${attrs}></p>`;
}

/** The Link page; `data` are the body's data attributes the page script reads (how it reaches its attempt). */
function linkPage(user: PlaidUser, data: Record<string, string>): string {
  const p = prefill(user);
  const attributes = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  const outcomes = [
    ['as_entered', "As entered: Leslie Knope's data passes, other data fails the data check"],
    ['fail_kyc', 'Fail at the data (KYC) check, with no document fallback'],
    ['pending_review', 'End in pending review (the risk check asks for a manual review)'],
  ]
    .map(([value, label], i) => `<p class="pl-choice"><input type="radio" id="pl-outcome-${value}" name="outcome" value="${value}"${i === 0 ? ' checked' : ''}><label for="pl-outcome-${value}">${label}</label></p>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${LINK_TITLE}</title>
<link rel="stylesheet" href="${ASSETS}/link.css">
</head>
<body${attributes}>
<main class="pl-backdrop">
<div id="pl-dialog" class="pl-dialog" role="dialog" aria-modal="true" aria-labelledby="pl-title" aria-describedby="pl-intro">
<button type="button" id="pl-close" class="pl-close" aria-label="Close Plaid Link">×</button>
<h1 id="pl-title" tabindex="-1">Verify your identity</h1>
<p id="pl-intro">Plaid Identity Verification sandbox, emulated. The test person Leslie Knope is filled in; change any field to verify as someone else.</p>
<p id="pl-status" class="pl-status" role="status" aria-live="polite">Loading…</p>
<fieldset id="pl-outcome" class="pl-outcome"><legend>Sandbox outcome (for testing)</legend>${outcomes}</fieldset>
<form id="pl-step-accept_tos" class="pl-step" data-step="accept_tos" hidden>
<h2>Terms and privacy</h2>
<p class="pl-choice"><input type="checkbox" id="pl-tos" name="accepted" required><label for="pl-tos">I agree to share my information with Plaid for identity verification, under Plaid's privacy policy</label></p>
<button type="submit" class="pl-primary">Agree and continue</button>
</form>
<form id="pl-step-verify_sms" class="pl-step" data-step="verify_sms" hidden>
<h2>Verify your phone</h2>
${field('pl-phone', 'phone_number', 'Mobile number (E.164, e.g. +12345678909)', p.phone_number, 'type="tel" autocomplete="tel" required')}
${field('pl-code', 'code', `Verification code (the sandbox code is ${SANDBOX_SMS_CODE})`, SANDBOX_SMS_CODE, 'inputmode="numeric" autocomplete="one-time-code" required')}
<button type="submit" class="pl-primary">Verify code</button>
</form>
<form id="pl-step-kyc_check" class="pl-step" data-step="kyc_check" hidden>
<h2>Your personal details</h2>
${field('pl-given', 'given_name', 'First name', p.given_name, 'autocomplete="given-name" required')}
${field('pl-family', 'family_name', 'Last name', p.family_name, 'autocomplete="family-name" required')}
${field('pl-dob', 'date_of_birth', 'Date of birth', p.date_of_birth, 'type="date" autocomplete="bday" required')}
${field('pl-street', 'street', 'Street address', p.street, 'autocomplete="address-line1" required')}
${field('pl-city', 'city', 'City', p.city, 'autocomplete="address-level2" required')}
${field('pl-region', 'region', 'State or region', p.region, 'autocomplete="address-level1" required')}
${field('pl-postal', 'postal_code', 'ZIP or postal code', p.postal_code, 'autocomplete="postal-code" required')}
${field('pl-country', 'country', 'Country (two letters)', p.country, 'autocomplete="country" maxlength="2" required')}
${field('pl-ssn', 'ssn', 'Social Security number', p.ssn ?? '', 'inputmode="numeric" autocomplete="off"')}
<button type="submit" class="pl-primary">Continue</button>
</form>
<form id="pl-step-documentary_verification" class="pl-step" data-step="documentary_verification" hidden>
<h2>Upload an ID document</h2>
<p>In the sandbox every document reads as Leslie Knope's driver's licence: it passes only if the name and date of birth you entered are hers.</p>
<p id="pl-doc-left"></p>
<button type="submit" class="pl-primary">Upload driver's licence (emulated)</button>
</form>
<section id="pl-done" class="pl-step" hidden aria-labelledby="pl-done-title">
<h2 id="pl-done-title" tabindex="-1">Finished</h2>
<p id="pl-done-text"></p>
<button type="button" id="pl-continue" class="pl-primary">Continue</button>
</section>
</div>
</main>
<script src="${ASSETS}/link-ui.js" defer></script>
</body>
</html>`;
}

const Access = z.union([z.object({ token: z.string().min(1).max(200) }), z.object({ verification_id: z.string().min(1).max(100), key: z.string().min(1).max(100) })]);
const StepRequest = z.intersection(Access, z.object({ input: LinkStepInput, outcome: LinkOutcome.optional() }));
const accessOf = (b: z.output<typeof Access>): LinkAccess => ('token' in b ? { token: b.token } : { verification_id: b.verification_id, key: b.key });

export function mountLink(app: Hono, service: PlaidService, publicUrl?: string): void {
  const originOf = (c: Context) => publicUrl ?? new URL(c.req.url).origin;
  const serve = (type: string, body: string) => (c: Context) => {
    c.header('Content-Type', `${type}; charset=utf-8`);
    c.header('Cache-Control', 'no-cache');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    return c.body(body);
  };
  app.get(LINK_SCRIPT_PATH, (c) => serve('text/javascript', LOADER_JS.replace("'__EMULATOR_ORIGIN__'", JSON.stringify(originOf(c))))(c));
  app.get(`${ASSETS}/link-ui.js`, serve('text/javascript', LINK_UI_JS));
  app.get(`${ASSETS}/link.css`, serve('text/css', LINK_CSS));

  const pageHeaders = (c: Context, csp: string) => {
    c.header('Content-Security-Policy', csp);
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    // The URL carries the link token or the shareable key: never send it on.
    c.header('Referrer-Policy', 'no-referrer');
  };
  const invalid = (c: Context) =>
    c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${LINK_TITLE}</title></head><body><p>Invalid Link parameters.</p></body></html>`, 400);

  app.get(LINK_PAGE_PATH, (c) => {
    pageHeaders(c, LINK_PAGE_CSP);
    const parent = c.req.query('origin') ?? '';
    const mid = c.req.query('mid') ?? '';
    const token = c.req.query('token') ?? '';
    const parentOk = URL.canParse(parent) && ['http:', 'https:'].includes(new URL(parent).protocol) && new URL(parent).origin === parent;
    if (!parentOk || !/^[a-z0-9]{1,32}$/i.test(mid) || !/^link-[a-z]+-[0-9a-f-]{36}$/.test(token)) return invalid(c);
    const user = service.state.linkTokens.get(token)?.user ?? leslieKnopeUser();
    return c.html(linkPage(user, { mode: 'link', parent, mid, token }));
  });

  app.get(`${SHARED_PAGE_PREFIX}:id`, (c) => {
    pageHeaders(c, SHARED_PAGE_CSP);
    const v = service.state.verifications.get(c.req.param('id'));
    const key = c.req.query('key') ?? '';
    if (!v || !v.shareable_key || v.shareable_key !== key) return invalid(c);
    return c.html(linkPage(v.user, { mode: 'hosted', verification: v.id, key }));
  });

  // JSON only, with no CORS: a cross-site form cannot send it, so only our own page calls these.
  const call = <S extends z.ZodType>(path: string, schema: S, run: (body: z.output<S>) => unknown) =>
    app.post(`${API}/${path}`, async (c) => {
      if (!(c.req.header('content-type') ?? '').includes('application/json')) return c.json({ error: 'Send application/json.' }, 415);
      const parsed = schema.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success) return c.json({ error: { error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD', error_message: 'the request is not valid', display_message: null } }, 400);
      try {
        return c.json(run(parsed.data) as object);
      } catch (error) {
        if (!(error instanceof PlaidApiError)) throw error;
        const { error_type, error_code, error_message, display_message } = error.body(randomId(15));
        return c.json({ error: { error_type, error_code, error_message, display_message } }, error.status as 400);
      }
    });
  call('session', Access, (b) => openSession(service, accessOf(b)).view);
  call('step', StepRequest, (b) => runStep(service, accessOf(b), b.input, b.outcome));
}

