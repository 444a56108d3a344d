// VerificationSessions through the official stripe-node client over a real port: create, retrieve,
// update, list, idempotency, and the state machine (outcomes, cancel, redact).
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../shared/clock.js';
import { STRIPE_EMULATOR_SECRET_KEY } from './keys.js';
import { startStripe, stripeError, type RunningStripe } from './testing.js';

let run: RunningStripe;
afterEach(() => run.close());

const createDocumentSession = (stripe: Stripe, extra: Partial<Stripe.Identity.VerificationSessionCreateParams> = {}) =>
  stripe.identity.verificationSessions.create({
    type: 'document',
    options: { document: { require_matching_selfie: true, allowed_types: ['passport', 'id_card'], require_live_capture: false } },
    metadata: { user_ref: 'u_42', plan: 'pro' },
    client_reference_id: 'applicant-7',
    return_url: 'http://127.0.0.1:5173/return',
    ...extra,
  });

describe('create, retrieve, update', () => {
  beforeEach(async () => {
    run = await startStripe();
  });

  it('creates a session shaped like Stripe: nested options and metadata echoed, credentials, headers', async () => {
    const s = await createDocumentSession(run.stripe);
    expect(s.id).toMatch(/^vs_[A-Za-z0-9]{24}$/);
    expect(s).toMatchObject({
      object: 'identity.verification_session',
      status: 'requires_input',
      type: 'document',
      livemode: false,
      client_reference_id: 'applicant-7',
      last_error: null,
      last_verification_report: null,
      redaction: null,
      metadata: { user_ref: 'u_42', plan: 'pro' },
      options: { document: { require_matching_selfie: true, allowed_types: ['passport', 'id_card'], require_live_capture: false } },
    });
    expect(s.client_secret).toMatch(new RegExp(`^${s.id}_secret_test_[A-Za-z0-9]+$`));
    expect(s.url).toMatch(new RegExp(`^${run.url}/verify/start/test_[A-Za-z0-9]+$`));
    expect(s).not.toHaveProperty('verified_outputs');
    expect(s.lastResponse.requestId).toMatch(/^req_[A-Za-z0-9]{14}$/);
    expect(s.lastResponse.headers['stripe-version']).toBe(Stripe.API_VERSION);
  });

  it('hands out client_secret and url on retrieve with a secret key only, never in lists', async () => {
    const s = await createDocumentSession(run.stripe);
    const again = await run.stripe.identity.verificationSessions.retrieve(s.id);
    expect(again.client_secret).toBe(s.client_secret);
    expect(again.url).toBe(s.url);
    const viaRestricted = await run.restricted.identity.verificationSessions.retrieve(s.id);
    expect(viaRestricted).toMatchObject({ client_secret: null, url: null, status: 'requires_input' });
    const listed = await run.stripe.identity.verificationSessions.list();
    expect(listed.data[0]).toMatchObject({ id: s.id, client_secret: null, url: null });
  });

  it('updates metadata (empty string removes a key) and options while requires_input', async () => {
    const s = await createDocumentSession(run.stripe);
    const updated = await run.stripe.identity.verificationSessions.update(s.id, {
      metadata: { plan: '', step: '2' },
      options: { document: { require_id_number: true } },
    });
    expect(updated.metadata).toEqual({ user_ref: 'u_42', step: '2' });
    expect(updated.options).toEqual({ document: { require_id_number: true } });
    expect(run.emu.controls.outcomes(s.id)).toContain('id_number_mismatch');
  });

  it('answers a version it was asked for and refuses one that is not a version', async () => {
    const pinned = new Stripe(STRIPE_EMULATOR_SECRET_KEY, { host: '127.0.0.1', port: run.port, protocol: 'http', apiVersion: '2023-08-16' as never });
    const s = await pinned.identity.verificationSessions.create({ type: 'id_number' });
    expect(s.lastResponse.headers['stripe-version']).toBe('2023-08-16');
    const res = await fetch(`${run.url}/v1/identity/verification_sessions`, { headers: { authorization: `Bearer ${STRIPE_EMULATOR_SECRET_KEY}`, 'stripe-version': 'latest' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'Invalid Stripe API version: latest' } });
  });
});

describe('list pagination', () => {
  beforeEach(async () => {
    run = await startStripe();
  });

  it('pages newest first with limit, starting_after and ending_before, and stripe-node auto-paginates', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await run.stripe.identity.verificationSessions.create({ type: 'id_number' })).id);
    const newestFirst = [...ids].reverse();
    const first = await run.stripe.identity.verificationSessions.list({ limit: 2 });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/identity/verification_sessions' });
    expect(first.data.map((s) => s.id)).toEqual(newestFirst.slice(0, 2));
    const second = await run.stripe.identity.verificationSessions.list({ limit: 2, starting_after: newestFirst[1] });
    expect(second.data.map((s) => s.id)).toEqual(newestFirst.slice(2, 4));
    const back = await run.stripe.identity.verificationSessions.list({ limit: 2, ending_before: newestFirst[4] });
    expect(back.data.map((s) => s.id)).toEqual(newestFirst.slice(2, 4));
    expect(back.has_more).toBe(true);
    const all = await run.stripe.identity.verificationSessions.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.map((s) => s.id)).toEqual(newestFirst);
  });

  it('filters by status and refuses bad cursors and limits', async () => {
    const a = await run.stripe.identity.verificationSessions.create({ type: 'id_number' });
    await run.stripe.identity.verificationSessions.create({ type: 'id_number' });
    await run.stripe.identity.verificationSessions.cancel(a.id);
    const canceled = await run.stripe.identity.verificationSessions.list({ status: 'canceled' });
    expect(canceled.data.map((s) => s.id)).toEqual([a.id]);
    const cursor = await stripeError(run.stripe.identity.verificationSessions.list({ starting_after: 'vs_missing' }));
    expect(cursor).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'starting_after' });
    const limit = await stripeError(run.stripe.identity.verificationSessions.list({ limit: 101 }));
    expect(limit).toMatchObject({ statusCode: 400, param: 'limit' });
  });
});

describe('idempotency', () => {
  beforeEach(async () => {
    run = await startStripe();
  });

  it('replays the first response for the same key and params, and refuses the key with other params', async () => {
    const params = { type: 'document' as const, metadata: { order: '1' } };
    const first = await run.stripe.identity.verificationSessions.create(params, { idempotencyKey: 'key-1' });
    const replay = await run.stripe.identity.verificationSessions.create(params, { idempotencyKey: 'key-1' });
    expect(replay.id).toBe(first.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(replay.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    expect((await run.stripe.identity.verificationSessions.list()).data).toHaveLength(1);
    const conflict = await stripeError(run.stripe.identity.verificationSessions.create({ ...params, metadata: { order: '2' } }, { idempotencyKey: 'key-1' }));
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(conflict).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
    expect(conflict.raw).toMatchObject({ type: 'idempotency_error' });
  });

  it('saves nothing for a request that failed validation, so the key can be used for the corrected request', async () => {
    const bad = await stripeError(run.stripe.identity.verificationSessions.create({ type: 'passport' as never }, { idempotencyKey: 'key-2' }));
    expect(bad.statusCode).toBe(400);
    const good = await run.stripe.identity.verificationSessions.create({ type: 'document' }, { idempotencyKey: 'key-2' });
    expect(good.status).toBe('requires_input');
  });

  it('replays an error that happened while executing', async () => {
    const s = await run.stripe.identity.verificationSessions.create({ type: 'id_number' });
    await run.stripe.identity.verificationSessions.cancel(s.id);
    const once = await stripeError(run.stripe.identity.verificationSessions.cancel(s.id, {}, { idempotencyKey: 'key-3' }));
    const twice = await stripeError(run.stripe.identity.verificationSessions.cancel(s.id, {}, { idempotencyKey: 'key-3' }));
    expect(twice.message).toBe(once.message);
    expect(twice.headers?.['idempotent-replayed']).toBe('true');
  });
});

describe('the state machine', () => {
  it('goes requires_input → processing → verified, with a report and outputs', async () => {
    const clock = createClock();
    run = await startStripe({ clock, processingSeconds: 30 });
    const s = await createDocumentSession(run.stripe);
    run.emu.controls.submitOutcome(s.id, 'verified');
    const processing = await run.stripe.identity.verificationSessions.retrieve(s.id);
    expect(processing).toMatchObject({ status: 'processing', client_secret: null, url: null });
    clock.advance(30);
    const done = await run.stripe.identity.verificationSessions.retrieve(s.id, { expand: ['verified_outputs'] });
    expect(done).toMatchObject({ status: 'verified', last_error: null, client_secret: null, verified_outputs: { first_name: 'Jenny', last_name: 'Rosen' } });
    expect(done.last_verification_report).toMatch(/^vr_/);
  });

  it('returns to requires_input with last_error and fresh credentials after a failed check', async () => {
    run = await startStripe();
    const s = await createDocumentSession(run.stripe);
    run.emu.controls.submitOutcome(s.id, 'selfie_face_mismatch');
    const failed = await run.stripe.identity.verificationSessions.retrieve(s.id, { expand: ['last_verification_report'] });
    expect(failed).toMatchObject({ status: 'requires_input', last_error: { code: 'selfie_face_mismatch' } });
    expect(failed.client_secret).toMatch(/_secret_test_/);
    expect(failed.client_secret).not.toBe(s.client_secret);
    expect(failed.url).not.toBe(s.url);
    const report = failed.last_verification_report as Stripe.Identity.VerificationReport;
    expect(report.selfie).toMatchObject({ status: 'unverified', error: { code: 'selfie_face_mismatch' } });
    expect(report.document).toMatchObject({ status: 'verified', error: { code: null, reason: null } });
  });

  it('records a session-level failure without a report, and refuses outcomes that do not apply', async () => {
    run = await startStripe();
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    run.emu.controls.submitOutcome(s.id, 'consent_declined');
    const declined = await run.stripe.identity.verificationSessions.retrieve(s.id);
    expect(declined).toMatchObject({ status: 'requires_input', last_error: { code: 'consent_declined' }, last_verification_report: null });
    expect(() => run.emu.controls.submitOutcome(s.id, 'selfie_manipulated')).toThrow(/does not apply/);
  });

  it('cancels only from requires_input, with Stripe-shaped refusals', async () => {
    run = await startStripe();
    const s = await createDocumentSession(run.stripe);
    const canceled = await run.stripe.identity.verificationSessions.cancel(s.id);
    expect(canceled).toMatchObject({ status: 'canceled', client_secret: null, url: null });
    const again = await stripeError(run.stripe.identity.verificationSessions.cancel(s.id));
    expect(again).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    const verified = await createDocumentSession(run.stripe);
    run.emu.controls.submitOutcome(verified.id, 'verified');
    const refused = await stripeError(run.stripe.identity.verificationSessions.cancel(verified.id));
    expect(refused.statusCode).toBe(400);
    expect(refused.message).toMatch(/only cancel a VerificationSession whose status is requires_input; this one is verified/);
    expect(await stripeError(run.stripe.identity.verificationSessions.update(verified.id, { metadata: { a: 'b' } }))).toMatchObject({ statusCode: 400 });
  });

  it('redacts: values at once, redaction.status processing → redacted when due, images gone', async () => {
    const clock = createClock();
    run = await startStripe({ clock, redactionSeconds: 3600 });
    const s = await createDocumentSession(run.stripe);
    run.emu.controls.submitOutcome(s.id, 'verified');
    const before = await run.restricted.identity.verificationSessions.retrieve(s.id, { expand: ['last_verification_report'] });
    const fileId = (before.last_verification_report as Stripe.Identity.VerificationReport).document?.files?.[0] as string;
    const redacting = await run.stripe.identity.verificationSessions.redact(s.id, { expand: ['verified_outputs'] });
    expect(redacting).toMatchObject({ status: 'verified', redaction: { status: 'processing' }, metadata: {} });
    expect(redacting.verified_outputs).toMatchObject({ first_name: '[redacted]', last_name: '[redacted]', address: { line1: '[redacted]' } });
    clock.advance(3600);
    const redacted = await run.restricted.identity.verificationSessions.retrieve(s.id, {
      expand: ['verified_outputs.dob', 'last_verification_report.document.number'],
    });
    expect(redacted.redaction).toEqual({ status: 'redacted' });
    expect(redacted.verified_outputs?.dob).toBeNull();
    expect((redacted.last_verification_report as Stripe.Identity.VerificationReport).document).toMatchObject({ number: '[redacted]', files: [] });
    expect(await stripeError(run.restricted.files.retrieve(fileId))).toMatchObject({ statusCode: 404 });
    const types = (await run.stripe.events.list()).data.map((e) => e.type);
    expect(types[0]).toBe('identity.verification_session.redacted');
  });

  it('redacting a session that awaits input cancels it; a processing one cannot be redacted', async () => {
    run = await startStripe({ processingSeconds: 60 });
    const waiting = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    expect(await run.stripe.identity.verificationSessions.redact(waiting.id)).toMatchObject({ status: 'canceled', redaction: { status: 'processing' } });
    const busy = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    run.emu.controls.submitOutcome(busy.id, 'verified');
    expect(await stripeError(run.stripe.identity.verificationSessions.redact(busy.id))).toMatchObject({ statusCode: 400 });
  });
});
