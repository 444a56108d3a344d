// The hosted verification page behind a session's url, the modal's endpoints and the Stripe.js
// stand-in, exercised over HTTP (the real browser run is in browser.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STRIPE_EMULATOR_PUBLISHABLE_KEY } from './keys.js';
import { startStripe, type RunningStripe } from './testing.js';

let run: RunningStripe;
beforeEach(async () => {
  run = await startStripe();
});
afterEach(() => run.close());

const RETURN = 'http://127.0.0.1:5173/verification/return';
const choose = (url: string, outcome: string, origin = run.url) =>
  fetch(url, { method: 'POST', redirect: 'manual', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ outcome }) });

describe('the hosted page', () => {
  it('offers one button per applicable outcome, under a strict CSP with no inline script or style', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document', options: { document: { require_matching_selfie: true } }, return_url: RETURN });
    const res = await fetch(s.url as string);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`form-action 'self' http://127.0.0.1:5173`);
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const html = await res.text();
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('<title>Verify your identity</title>');
    expect(html).toMatch(/<main[^>]*>/);
    const values = [...html.matchAll(/<button type="submit" name="outcome" value="(\w+)"/g)].map((m) => m[1]);
    expect(values).toEqual([...run.emu.controls.outcomes(s.id), 'cancel']);
    expect(values).toEqual(expect.arrayContaining(['verified', 'consent_declined', 'document_expired', 'selfie_face_mismatch', 'cancel']));
    expect(values).not.toContain('id_number_mismatch');
    expect([...html.matchAll(/<legend>([^<]+)<\/legend>/g)].map((m) => m[1])).toContain('Selfie check fails');
  });

  it('"Verify" submits, redirects to return_url, and the link is then spent', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document', return_url: RETURN });
    const res = await choose(s.url as string, 'verified');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(RETURN);
    expect(await run.stripe.identity.verificationSessions.retrieve(s.id)).toMatchObject({ status: 'verified' });
    expect((await fetch(s.url as string)).status).toBe(404);
    expect((await choose(s.url as string, 'verified')).status).toBe(404);
  });

  it('a failure outcome leaves requires_input with last_error and a new url', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document', return_url: RETURN });
    await choose(s.url as string, 'document_expired');
    const after = await run.stripe.identity.verificationSessions.retrieve(s.id);
    expect(after).toMatchObject({ status: 'requires_input', last_error: { code: 'document_expired' } });
    expect(after.url).not.toBe(s.url);
    expect(await (await fetch(after.url as string)).text()).toContain('The last attempt failed: document_expired.');
  });

  it('"Cancel" goes back without changing anything', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document', return_url: RETURN });
    const res = await choose(s.url as string, 'cancel');
    expect(res.headers.get('location')).toBe(RETURN);
    expect(await run.stripe.identity.verificationSessions.retrieve(s.id)).toMatchObject({ status: 'requires_input', last_error: null, url: s.url });
    expect((await run.stripe.events.list()).data.map((e) => e.type)).toEqual(['identity.verification_session.created']);
  });

  it('refuses submissions from another origin and unknown outcomes; without return_url it shows a page', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'id_number' });
    expect((await choose(s.url as string, 'verified', 'https://evil.example')).status).toBe(403);
    expect((await choose(s.url as string, 'document_expired')).status).toBe(400);
    const done = await choose(s.url as string, 'verified');
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Verification submitted');
  });
});

describe('the outcome control', () => {
  it('does over HTTP what the page buttons do, and refuses what they could not', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'id_number' });
    const outcome = (id: string, value: string) =>
      fetch(`${run.url}/__emulator__/stripe/verification_sessions/${id}/outcome`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: value }) });
    expect((await outcome(s.id, 'selfie_manipulated')).status).toBe(400);
    expect((await outcome('vs_nope', 'verified')).status).toBe(404);
    const res = await outcome(s.id, 'id_number_insufficient_document_data');
    expect(await res.json()).toMatchObject({ id: s.id, status: 'processing' });
    expect((await fetch(`${run.url}/__emulator__/stripe/settle`, { method: 'POST' })).status).toBe(204);
    expect(await run.stripe.identity.verificationSessions.retrieve(s.id)).toMatchObject({ status: 'requires_input', last_error: { code: 'id_number_insufficient_document_data' } });
  });
});

describe('the modal endpoints', () => {
  const post = (path: string, body: unknown, type = 'application/json') =>
    fetch(`${run.url}/verify/modal/${path}`, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) });

  it('serves the modal page with a strict CSP that lets any host page frame it', async () => {
    const res = await fetch(`${run.url}/verify/modal?parent=${encodeURIComponent('http://127.0.0.1:5173')}&mid=abc123`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-ancestors *');
    const html = await res.text();
    expect(html).toContain('role="dialog" aria-modal="true" aria-labelledby="si-title"');
    expect(html).toMatch(/<script src="\/verify\/assets\/modal\.js" defer><\/script>/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/);
    expect((await fetch(`${run.url}/verify/modal?parent=javascript:alert(1)&mid=abc`)).status).toBe(400);
  });

  it('lists outcomes for a valid key and client secret, submits one, and the secret is then spent', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    const creds = { key: STRIPE_EMULATOR_PUBLISHABLE_KEY, client_secret: s.client_secret };
    const session = await post('session', creds);
    expect(await session.json()).toMatchObject({ id: s.id, type: 'document', outcomes: expect.arrayContaining([{ value: 'verified', label: expect.any(String), group: 'pass' }]) });
    const submitted = await post('submit', { ...creds, outcome: 'verified' });
    expect(await submitted.json()).toEqual({ verificationSession: { id: s.id } });
    expect(await run.stripe.identity.verificationSessions.retrieve(s.id)).toMatchObject({ status: 'verified' });
    const spent = await post('submit', { ...creds, outcome: 'verified' });
    expect(spent.status).toBe(400);
  });

  it('answers with Stripe.js-style errors, never echoing the secret', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    const badKey = await post('session', { key: 'pk_test_notConfigured1234', client_secret: s.client_secret });
    expect(badKey.status).toBe(401);
    expect(await badKey.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringMatching(/^Invalid API Key provided/) } });
    const badSecret = await post('session', { key: STRIPE_EMULATOR_PUBLISHABLE_KEY, client_secret: `${s.id}_secret_test_wrong` });
    const text = await badSecret.text();
    expect(JSON.parse(text)).toMatchObject({ error: { type: 'invalid_request_error', code: 'resource_missing' } });
    expect(text).not.toContain('_secret_test_');
    expect((await post('session', { key: STRIPE_EMULATOR_PUBLISHABLE_KEY, client_secret: s.client_secret }, 'text/plain')).status).toBe(415);
  });
});

describe('the Stripe.js stand-in', () => {
  it('is served at /v3/stripe.js and /v3/ knowing the emulator origin', async () => {
    for (const path of ['/v3/stripe.js', '/v3/']) {
      const res = await fetch(`${run.url}${path}`);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      const js = await res.text();
      expect(js).toContain(`var ORIGIN = "${run.url}";`);
      expect(js).toContain("code: 'session_cancelled'");
      expect(js).not.toMatch(/postMessage\([^)]*'\*'\)/);
    }
  });
});
