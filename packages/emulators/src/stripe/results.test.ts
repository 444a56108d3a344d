// Reading results as Stripe allows it: sensitive fields only for a restricted key that expands them,
// reports, collected images through Files and short-lived FileLinks (≤ 30 s for identity files),
// and the Events API.
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { STRIPE_EMULATOR_RESTRICTED_KEY, STRIPE_EMULATOR_SECRET_KEY } from './keys.js';
import { startStripe, stripeError, type RunningStripe } from './testing.js';

let run: RunningStripe;
let clock: EmulatorClock;
let sessionId: string;

beforeEach(async () => {
  // A clock that only moves when told to, so "now + 30 s" means the same second to the test and the emulator.
  const start = Date.now();
  clock = createClock(() => start);
  run = await startStripe({ clock });
  const s = await run.stripe.identity.verificationSessions.create({
    type: 'document',
    options: { document: { require_matching_selfie: true, require_id_number: true } },
  });
  sessionId = s.id;
  run.emu.controls.submitOutcome(s.id, 'verified');
});
afterEach(() => run.close());

const report = (s: Stripe.Identity.VerificationSession) => s.last_verification_report as Stripe.Identity.VerificationReport;
const now = () => Math.floor(clock.now() / 1000);

describe('sensitive verification results', () => {
  it('a secret key reads names and address but never dob or id numbers', async () => {
    const s = await run.stripe.identity.verificationSessions.retrieve(sessionId, { expand: ['verified_outputs', 'last_verification_report'] });
    expect(s.verified_outputs).toMatchObject({ first_name: 'Jenny', last_name: 'Rosen', address: { city: 'San Francisco' }, id_number_type: 'us_ssn' });
    expect(s.verified_outputs).not.toHaveProperty('dob');
    expect(s.verified_outputs).not.toHaveProperty('id_number');
    expect(report(s).document).not.toHaveProperty('number');
    expect(report(s).document).not.toHaveProperty('expiration_date');
    expect(report(s).id_number).not.toHaveProperty('id_number');
  });

  it('a secret key asking to expand a sensitive field is refused with a permission error', async () => {
    for (const path of ['verified_outputs.dob', 'verified_outputs.id_number', 'last_verification_report.document.number']) {
      const refused = await stripeError(run.stripe.identity.verificationSessions.retrieve(sessionId, { expand: [path] }));
      expect(refused, path).toBeInstanceOf(Stripe.errors.StripePermissionError);
      expect(refused).toMatchObject({ statusCode: 403, param: 'expand' });
    }
    const onReport = await stripeError(run.stripe.identity.verificationReports.retrieve(report(await run.stripe.identity.verificationSessions.retrieve(sessionId, { expand: ['last_verification_report'] })).id, { expand: ['document.dob'] }));
    expect(onReport.statusCode).toBe(403);
  });

  it('a restricted key gets exactly the sensitive fields it expands', async () => {
    const plain = await run.restricted.identity.verificationSessions.retrieve(sessionId, { expand: ['verified_outputs'] });
    expect(plain.verified_outputs).not.toHaveProperty('dob');
    const s = await run.restricted.identity.verificationSessions.retrieve(sessionId, {
      expand: ['verified_outputs.dob', 'verified_outputs.id_number', 'last_verification_report.document.number', 'last_verification_report.document.expiration_date'],
    });
    expect(s.verified_outputs).toMatchObject({ dob: { day: 1, month: 1, year: 1901 }, id_number: '000000000', first_name: 'Jenny' });
    expect(s.verified_outputs).not.toHaveProperty('sex');
    expect(report(s).document).toMatchObject({ number: '000000000', expiration_date: { day: 1, month: 12, year: 2030 } });
    expect(report(s).document).not.toHaveProperty('dob');
    const direct = await run.restricted.identity.verificationReports.retrieve(report(s).id, { expand: ['id_number.dob', 'id_number.id_number'] });
    expect(direct.id_number).toMatchObject({ dob: { year: 1901 }, id_number: '000000000', status: 'verified' });
  });

  it('refuses expansions Stripe does not offer', async () => {
    const refused = await stripeError(run.restricted.identity.verificationSessions.retrieve(sessionId, { expand: ['verified_outputs.shoe_size'] }));
    expect(refused).toMatchObject({ statusCode: 400, param: 'expand', message: 'This property cannot be expanded (verified_outputs.shoe_size).' });
    const listed = await run.stripe.identity.verificationSessions.list({ expand: ['data.verified_outputs'] });
    expect(listed.data[0]?.verified_outputs).toMatchObject({ first_name: 'Jenny' });
    expect(await stripeError(run.stripe.identity.verificationSessions.list({ expand: ['verified_outputs'] }))).toMatchObject({ statusCode: 400 });
  });
});

describe('verification reports', () => {
  it('lists reports filtered by session and type', async () => {
    const other = await run.stripe.identity.verificationSessions.create({ type: 'id_number' });
    run.emu.controls.submitOutcome(other.id, 'id_number_mismatch');
    const forSession = await run.stripe.identity.verificationReports.list({ verification_session: sessionId });
    expect(forSession.data).toHaveLength(1);
    expect(forSession.data[0]).toMatchObject({ type: 'document', verification_session: sessionId, document: { status: 'verified' }, selfie: { status: 'verified' } });
    const idReports = await run.stripe.identity.verificationReports.list({ type: 'id_number' });
    expect(idReports.data.map((r) => r.verification_session)).toEqual([other.id]);
    expect(idReports.data[0]?.id_number).toMatchObject({ status: 'unverified', error: { code: 'id_number_mismatch' } });
  });
});

describe('files and file links', () => {
  const filesOf = async () => {
    const s = await run.restricted.identity.verificationSessions.retrieve(sessionId, { expand: ['last_verification_report'] });
    const r = report(s);
    return { front: r.document?.files?.[0] as string, back: r.document?.files?.[1] as string, selfie: r.selfie?.selfie as string };
  };

  it('describes the collected images as identity files', async () => {
    const { front, selfie } = await filesOf();
    expect(await run.stripe.files.retrieve(front)).toMatchObject({ object: 'file', purpose: 'identity_document_downloadable', type: 'png', links: { object: 'list', data: [] } });
    expect((await run.stripe.files.retrieve(selfie)).purpose).toBe('selfie');
  });

  it('serves image contents to a restricted key only', async () => {
    const { front } = await filesOf();
    const contents = (key: string) => fetch(`${run.url}/v1/files/${front}/contents`, { headers: { authorization: `Bearer ${key}` } });
    expect((await contents(STRIPE_EMULATOR_SECRET_KEY)).status).toBe(403);
    const ok = await contents(STRIPE_EMULATOR_RESTRICTED_KEY);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await ok.arrayBuffer()).subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('creates a FileLink for an identity file only with a restricted key and an expiry within 30 s', async () => {
    const { front } = await filesOf();
    const link = await run.restricted.fileLinks.create({ file: front, expires_at: now() + 30 });
    expect(link).toMatchObject({ object: 'file_link', file: front, expired: false, expires_at: now() + 30, livemode: false, metadata: {} });
    const download = await fetch(link.url as string);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    const tooLong = await stripeError(run.restricted.fileLinks.create({ file: front, expires_at: now() + 31 }));
    expect(tooLong).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'expires_at' });
    expect(tooLong.message).toMatch(/within 30 seconds/);
    expect(await stripeError(run.restricted.fileLinks.create({ file: front }))).toMatchObject({ statusCode: 400, param: 'expires_at' });
    expect(await stripeError(run.restricted.fileLinks.create({ file: front, expires_at: now() - 1 }))).toMatchObject({ statusCode: 400, param: 'expires_at' });
    expect(await stripeError(run.stripe.fileLinks.create({ file: front, expires_at: now() + 10 }))).toMatchObject({ statusCode: 403 });
    expect(await stripeError(run.restricted.fileLinks.create({ file: 'file_nope', expires_at: now() + 10 }))).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'file' });
  });

  it('a link stops working once it expires, and can be expired at once', async () => {
    const { front, back } = await filesOf();
    const link = await run.restricted.fileLinks.create({ file: front, expires_at: now() + 20 });
    clock.advance(21);
    expect(await run.restricted.fileLinks.retrieve(link.id)).toMatchObject({ expired: true });
    expect((await fetch(link.url as string)).status).toBe(404);
    const second = await run.restricted.fileLinks.create({ file: back, expires_at: now() + 20, metadata: { reviewer: 'r1' } });
    const expiredNow = await run.restricted.fileLinks.update(second.id, { expires_at: 'now' });
    expect(expiredNow.expired).toBe(true);
    expect((await fetch(second.url as string)).status).toBe(404);
    expect(await stripeError(run.restricted.fileLinks.update(second.id, { expires_at: '' }))).toMatchObject({ statusCode: 400, param: 'expires_at' });
    const listed = await run.restricted.fileLinks.list({ file: back });
    expect(listed.data.map((l) => l.id)).toEqual([second.id]);
  });
});

describe('events', () => {
  it('lists the session events newest first, filtered by type or wildcard, without credentials or outputs', async () => {
    const all = await run.stripe.events.list();
    expect(all.data.map((e) => e.type)).toEqual([
      'identity.verification_session.verified',
      'identity.verification_session.processing',
      'identity.verification_session.created',
    ]);
    const created = all.data[2] as Stripe.Event;
    expect(created.request).toMatchObject({ id: expect.stringMatching(/^req_/) });
    const object = created.data.object as Stripe.Identity.VerificationSession;
    expect(object).toMatchObject({ id: sessionId, status: 'requires_input', client_secret: null, url: null });
    expect(object).not.toHaveProperty('verified_outputs');
    const verified = await run.stripe.events.list({ type: 'identity.verification_session.verified' });
    expect(verified.data).toHaveLength(1);
    expect((await run.stripe.events.list({ type: 'identity.*' })).data).toHaveLength(3);
    expect(await run.stripe.events.retrieve(created.id)).toMatchObject({ id: created.id, object: 'event', livemode: false });
    expect(await stripeError(run.stripe.events.retrieve('evt_missing'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
