// The emulated BankID app, the tester's phone, as plain server-rendered pages (no script, no
// inline style, so it runs under the strictest CSP and with any assistive technology): paste a
// QR code's contents or open the autostart link, then identify as a test person or cancel.
import type { Context, Hono } from 'hono';
import { escapeHtml } from '../shared/oidc/persona-page.js';
import { BANKID_PEOPLE, fullName } from './people.js';
import type { Order, OrderStore } from './orders.js';
import { act, APP_ACTIONS, openAutostart, scanQr, type AppAction } from './phone.js';

export const APP_PATH = '/app';
export const APP_LABELS = {
  heading: 'BankID (emulator)',
  qrField: 'QR code contents',
  scan: 'Scan',
  person: 'Test person',
  identify: 'Identify',
  sign: 'Sign',
  cancel: 'Cancel',
  back: 'Back to the service',
} as const;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}: ${APP_LABELS.heading}</title>
</head>
<body>
<main>
<h1>${APP_LABELS.heading}</h1>
${body}
</main>
</body>
</html>`;
}

const alert = (message?: string) => (message ? `<p role="alert">${escapeHtml(message)}</p>\n` : '');

function scanPage(error?: string, value = ''): string {
  return page(
    'Scan a QR code',
    `<h2>Scan a QR code</h2>
<p>This page is the BankID app on the tester’s phone. Copy the contents of the QR code the service shows (they change every second) and scan them within a second.</p>
${alert(error)}<form method="post" action="${APP_PATH}/scan">
<label for="qr">${APP_LABELS.qrField}</label>
<input type="text" id="qr" name="qr" autocomplete="off" spellcheck="false" required value="${escapeHtml(value)}">
<button type="submit">${APP_LABELS.scan}</button>
</form>
<h2>Open from the service on this device</h2>
<p>On a phone the service’s link <code>bankid:///?autostarttoken=TOKEN&amp;redirect=URL</code> starts the BankID app; with this emulator it is <code>${APP_PATH}?autostarttoken=TOKEN&amp;redirect=URL</code> on this server.</p>`,
  );
}

function decodeText(base64: string | undefined): string | undefined {
  return base64 === undefined ? undefined : Buffer.from(base64, 'base64').toString('utf8');
}

function orderPage(order: Order, redirect: string, error?: string): string {
  const signing = order.kind.endsWith('sign');
  const verb = signing ? APP_LABELS.sign : APP_LABELS.identify;
  const text = decodeText(order.userVisibleData);
  const people = BANKID_PEOPLE.map((p, i) => {
    const id = `person-${p.id}`;
    const checked = order.personalNumber ? p.personalNumber === order.personalNumber : i === 0;
    return `<div><input type="radio" id="${id}" name="person" value="${p.id}"${checked ? ' checked' : ''}> <label for="${id}">${escapeHtml(fullName(p))}, ${p.personalNumber}: ${escapeHtml(p.description)}</label></div>`;
  }).join('\n');
  return page(
    signing ? 'Sign' : 'Identify',
    `<h2>${signing ? 'Sign with BankID' : 'Identify with BankID'}</h2>
${alert(error)}${text === undefined ? '' : `<h3>From the service</h3>\n<p>${escapeHtml(text)}</p>\n`}${order.requirement.mrtd ? '<p>The service asks for your ID document too: after you identify, the app reads it (2 seconds).</p>\n' : ''}<form method="post" action="${APP_PATH}/orders/${escapeHtml(order.orderRef)}">
<input type="hidden" name="redirect" value="${escapeHtml(redirect)}">
<fieldset>
<legend>${APP_LABELS.person}</legend>
${people}
</fieldset>
<button type="submit" name="action" value="identify">${verb}</button>
<button type="submit" name="action" value="cancel">${APP_LABELS.cancel}</button>
</form>
<p>To let the order expire, leave this page: it expires 3 minutes after the service started it.</p>`,
  );
}

/** The way back after an autostart: only to a web page, never to a script URL; "null" means the platform returns by itself. */
function backLink(redirect: string): string {
  try {
    const url = new URL(redirect);
    if (url.protocol === 'http:' || url.protocol === 'https:') return `<p><a href="${escapeHtml(url.href)}">${APP_LABELS.back}</a></p>`;
  } catch {
    // Not a URL (or "null"): the person goes back themselves.
  }
  return redirect ? '<p>Go back to the service’s window.</p>' : '';
}

function resultLine(order: Order): string {
  if (order.status === 'pending') return 'Reading your ID document… Then go back to the service.';
  if (order.status === 'complete') {
    return `Done: ${fullName(order.person!)} ${order.kind.endsWith('sign') ? 'signed' : 'identified'}. Go back to the service.`;
  }
  if (order.finalHint === 'userCancel') return 'You cancelled. The service is told the action was cancelled.';
  if (order.finalHint === 'certificateErr') return 'This BankID is blocked or too old. The service is told so.';
  return `The order ended (${order.finalHint}).`;
}

function resultPage(order: Order, redirect: string): string {
  const heading = order.status === 'failed' ? 'Not done' : 'Done';
  return page(heading, `<h2>${heading}</h2>\n<p role="status">${escapeHtml(resultLine(order))}</p>\n${backLink(redirect)}`);
}

const formString = (value: unknown) => (typeof value === 'string' ? value : '');

export function mountAppPage(app: Hono, orders: OrderStore): void {
  const html = (c: Context, body: string, status: 200 | 400 | 404 = 200) => c.html(body, status);

  app.get(APP_PATH, (c) => {
    const token = c.req.query('autostarttoken');
    if (token === undefined) return html(c, scanPage());
    const opened = openAutostart(orders, token);
    if (!opened.ok) return html(c, scanPage(opened.message), 404);
    return html(c, orderPage(opened.order, c.req.query('redirect') ?? ''));
  });

  app.post(`${APP_PATH}/scan`, async (c) => {
    const text = formString((await c.req.parseBody()).qr);
    const scanned = scanQr(orders, text);
    if (!scanned.ok) return html(c, scanPage(scanned.message, text), 400);
    return html(c, orderPage(scanned.order, ''));
  });

  app.post(`${APP_PATH}/orders/:orderRef`, async (c) => {
    const form = await c.req.parseBody();
    const order = orders.get(c.req.param('orderRef'));
    const redirect = formString(form.redirect);
    if (!order) return html(c, scanPage('No BankID order has this reference: it may be over.'), 404);
    const action = formString(form.action) as AppAction;
    if (!(APP_ACTIONS as readonly string[]).includes(action) || action === 'open') return html(c, orderPage(order, redirect, 'Choose Identify or Cancel.'), 400);
    const done = act(orders, order, action, formString(form.person) || undefined);
    // The order page only for an order the app has: otherwise back to scanning, with the reason.
    if (!done.ok) return html(c, order.status === 'pending' && order.pickedUp ? orderPage(order, redirect, done.message) : scanPage(done.message), 400);
    return html(c, resultPage(done.order, redirect));
  });
}

/**
 * Where the emulated app opens for an autostart link the service would show
 * (`bankid:///?autostarttoken=…&redirect=…` or `https://app.bankid.com/?autostarttoken=…`): the
 * emulator's /app with the same query, over plain HTTP, as a browser without a client
 * certificate reaches it. Without a link: the page that takes a QR code's contents.
 */
export function emulatedAppUrl(emulatorUrl: string, autostartLink?: string): string {
  const base = `${emulatorUrl.replace(/^https:/, 'http:').replace(/\/+$/, '')}${APP_PATH}`;
  if (autostartLink === undefined) return base;
  const query = new URL(autostartLink).search;
  return `${base}${query}`;
}
