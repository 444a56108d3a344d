// Plaid Link's browser side without a browser: the loader script and the Link page as served
// (CSP, no inline script or style, every field labelled, buttons named, origins never '*'), and
// the page's two JSON calls driven as the page drives them, ending in the webhooks and the state
// the API reads; Link's events carry no personal data.
import type { LinkTokenCreateRequest } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAID_EMULATOR_TEMPLATE_ID } from './keys.js';
import { LINK_PAGE_CSP, LINK_PAGE_PATH, LINK_SCRIPT_PATH } from './link.js';
import { startPlaid, type RunningPlaid } from './testing.js';

let p: RunningPlaid;
beforeAll(async () => {
  p = await startPlaid();
});
afterAll(() => p.close());

const PARENT = 'http://127.0.0.1:5173';

async function linkToken(user: Record<string, unknown> = {}) {
  const request = { client_name: 'x', language: 'en', country_codes: ['US'], products: ['identity_verification'], user: { client_user_id: `page-${Math.random()}`, ...user }, identity_verification: { template_id: PLAID_EMULATOR_TEMPLATE_ID } };
  return (await p.plaid.linkTokenCreate(request as unknown as LinkTokenCreateRequest)).data.link_token;
}

const pageUrl = (token: string, parent = PARENT, mid = 'abc123') => `${p.url}${LINK_PAGE_PATH}?token=${encodeURIComponent(token)}&origin=${encodeURIComponent(parent)}&mid=${mid}`;

async function call(path: string, body: unknown) {
  const res = await fetch(`${p.url}/link/v2/stable/idv/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describe('the loader script', () => {
  it('is served as JavaScript with the emulator origin filled in, and never posts to "*"', async () => {
    const res = await fetch(`${p.url}${LINK_SCRIPT_PATH}`);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    const js = await res.text();
    expect(js).toContain(`var ORIGIN = ${JSON.stringify(p.url)};`);
    expect(js).toMatch(/window\.Plaid = \{ create: create/);
    for (const source of [js, await (await fetch(`${p.url}/link/v2/stable/assets/link-ui.js`)).text()]) {
      expect(source).toContain('postMessage(');
      expect(source).not.toMatch(/postMessage\([^)]*['"]\*['"]/);
      expect(source).toMatch(/event\.origin !== /);
      expect(source).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});

describe('the Link page', () => {
  it('is served under a strict CSP with no inline script or style, and no referrer', async () => {
    const res = await fetch(pageUrl(await linkToken()));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(LINK_PAGE_CSP);
    expect(LINK_PAGE_CSP).toContain("script-src 'self'");
    expect(LINK_PAGE_CSP).not.toContain('unsafe');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    expect(html).toContain('<html lang="en">');
  });

  it('labels every field, names every button, and marks itself as a dialog with a live status', async () => {
    const html = await (await fetch(pageUrl(await linkToken()))).text();
    const inputs = [...html.matchAll(/<input id="([^"]+)"/g)].map((m) => m[1]!);
    const radios = [...html.matchAll(/<input type="(?:radio|checkbox)" id="([^"]+)"/g)].map((m) => m[1]!);
    expect(inputs.length + radios.length).toBeGreaterThanOrEqual(14);
    for (const id of [...inputs, ...radios]) expect(html, id).toMatch(new RegExp(`<label for="${id}">[^<]+</label>`));
    for (const [, attrs, text] of html.matchAll(/<button([^>]*)>([^<]*)<\/button>/g)) {
      expect(text!.trim().length > 1 || /aria-label="[^"]+"/.test(attrs!), attrs).toBe(true);
    }
    expect(html).toContain('role="dialog"');
    expect(html).toContain('aria-modal="true"');
    expect(html).toMatch(/role="status" aria-live="polite"/);
    for (const label of ['First name', 'Last name', 'Date of birth', 'Mobile number', 'Verification code', 'Close Plaid Link', 'Fail at the data (KYC) check', 'End in pending review']) {
      expect(html).toContain(label);
    }
  });

  it('prefills the test person Leslie Knope, or the data the link token carries', async () => {
    const leslie = await (await fetch(pageUrl(await linkToken()))).text();
    expect(leslie).toContain('value="Leslie"');
    expect(leslie).toContain('value="1975-01-18"');
    expect(leslie).toContain('value="+12345678909"');
    const ann = await (await fetch(pageUrl(await linkToken({ name: { given_name: 'Ann', family_name: 'Perkins' } })))).text();
    expect(ann).toContain('value="Ann"');
  });

  it('refuses bad parameters: a parent that is not an origin, a missing mid, a token of another shape', async () => {
    const token = await linkToken();
    for (const url of [pageUrl(token, '*'), pageUrl(token, `${PARENT}/path`), pageUrl(token, PARENT, ''), pageUrl('nope')]) {
      expect((await fetch(url)).status, url).toBe(400);
    }
  });
});

describe('the page’s calls', () => {
  it('open the session, run each step, and finish with the state and webhooks the API sees', async () => {
    const token = await linkToken();
    const opened = await call('session', { token });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'active', current_step: 'accept_tos', view_name: 'ACCEPT_TOS' });
    expect(opened.body.events.map((e: { event_name: string }) => e.event_name)).toEqual(['IDENTITY_VERIFICATION_CREATE_SESSION', 'IDENTITY_VERIFICATION_START_STEP']);
    const id = opened.body.link_session_id;
    const steps = [
      { step: 'accept_tos', accepted: true },
      { step: 'verify_sms', phone_number: '+12345678909', code: '11111' },
      { step: 'kyc_check', person: { given_name: 'Leslie', family_name: 'Knope', date_of_birth: '1975-01-18', street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US', ssn: '123-45-6789' } },
    ];
    const events: Array<{ event_name: string; metadata: Record<string, unknown> }> = [...opened.body.events];
    let last;
    for (const input of steps) {
      last = await call('step', { token, input, outcome: 'as_entered' });
      expect(last.status, JSON.stringify(last.body)).toBe(200);
      events.push(...last.body.events);
    }
    expect(last!.body).toMatchObject({ status: 'success', current_step: null });
    for (const e of events) {
      expect(e.metadata).toMatchObject({ link_session_id: id, error_code: null });
      expect(JSON.stringify(e.metadata)).not.toMatch(/Leslie|Knope|1975|2345678909|Pawnee|6789/);
    }
    expect((await p.plaid.identityVerificationGet({ identity_verification_id: id })).data.status).toBe('success');
    await p.emu.controls.flushWebhooks();
    expect(p.emu.controls.webhooks({ identity_verification_id: id, webhook_code: 'STATUS_UPDATED' })).toHaveLength(1);
  });

  it('answer an unknown link token with Link’s INVALID_LINK_TOKEN error (the loader’s onExit error)', async () => {
    const res = await call('session', { token: 'link-sandbox-00000000-0000-0000-0000-000000000000' });
    expect(res).toMatchObject({ status: 400, body: { error: { error_type: 'INVALID_INPUT', error_code: 'INVALID_LINK_TOKEN', display_message: null } } });
  });

  it('refuse a step out of order, a malformed step, and a body that is not JSON', async () => {
    const token = await linkToken();
    await call('session', { token });
    const early = await call('step', { token, input: { step: 'documentary_verification' } });
    expect(early.status).toBe(400);
    expect(early.body.error.error_message).toContain('documentary_verification');
    expect((await call('step', { token, input: { step: 'verify_sms', phone_number: '555', code: '1' } })).status).toBe(400);
    const form = await fetch(`${p.url}/link/v2/stable/idv/session`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${token}` });
    expect(form.status).toBe(415);
  });

  it('keep the person’s data out of the request log', async () => {
    const token = await linkToken();
    await call('session', { token });
    await call('step', { token, input: { step: 'accept_tos', accepted: true } });
    await call('step', { token, input: { step: 'verify_sms', phone_number: '+12345678909', code: '11111' } });
    const log = JSON.stringify(p.emu.controls.requests({ path: '/link/v2/stable/idv/step' }));
    expect(log).not.toContain('2345678909');
    expect(log).not.toContain(token);
  });
});

describe('the Plaid-hosted page behind a shareable_url', () => {
  it('is served for the attempt’s key only, never framed, and runs the flow with the id and key', async () => {
    const created = (
      await p.plaid.identityVerificationCreate({ client_user_id: `shared-${Math.random()}`, template_id: PLAID_EMULATOR_TEMPLATE_ID, gave_consent: true, is_shareable: true })
    ).data;
    const url = new URL(created.shareable_url!);
    expect(url.origin).toBe(p.url);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('data-mode="hosted"');
    expect(html).toContain('value="Leslie"');
    expect((await fetch(`${p.url}/verify/${created.id}?key=wrong`)).status).toBe(400);

    const access = { verification_id: created.id, key: url.searchParams.get('key') };
    expect((await call('session', { verification_id: created.id, key: 'wrong' })).status).toBe(400);
    const opened = await call('session', access);
    expect(opened.body).toMatchObject({ link_session_id: created.id, current_step: 'verify_sms' });
    await call('step', { ...access, input: { step: 'verify_sms', phone_number: '+12345678909', code: '11111' } });
    const kyc = await call('step', {
      ...access,
      input: { step: 'kyc_check', person: { given_name: 'Leslie', family_name: 'Knope', date_of_birth: '1975-01-18', street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' } },
    });
    expect(kyc.body.status).toBe('success');
    expect((await p.plaid.identityVerificationGet({ identity_verification_id: created.id })).data.status).toBe('success');
  });
});
