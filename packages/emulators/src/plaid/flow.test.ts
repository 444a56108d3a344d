// The sandbox's behaviours through the emulated Link (as the controls act for the person) and the
// API: Leslie Knope passes, other data fails the data check, documents read as hers with three
// attempts, the selfie is not run, pending review and its review, expiry and cancel; and the
// /identity_verification/get answer in every one of those states validates against the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkTokenCreateRequest } from 'plaid';
import { PLAID_EMULATOR_TEMPLATE_ID, type PlaidTemplate } from './keys.js';
import { schemaValidator, validateAnswer } from './openapi.js';
import { startPlaid, type RunningPlaid } from './testing.js';

let p: RunningPlaid;
const DOCS_ALWAYS: PlaidTemplate = {
  id: 'idvtmp_emu2DocumentsAll',
  version: 3,
  name: 'documents always, screening',
  steps: { accept_tos: false, verify_sms: false, kyc_check: true, documentary_verification: 'always', selfie_check: false, watchlist_screening: true, risk_check: true },
};
beforeAll(async () => {
  p = await startPlaid({ templates: [DOCS_ALWAYS] });
});
afterAll(() => p.close());

let users = 0;
async function linkToken(templateId = PLAID_EMULATOR_TEMPLATE_ID, user: Record<string, unknown> = {}) {
  const request = {
    client_name: 'identity-verify',
    language: 'en',
    country_codes: ['US'],
    products: ['identity_verification'],
    user: { client_user_id: `flow-user-${++users}`, ...user },
    identity_verification: { template_id: templateId },
  } as unknown as LinkTokenCreateRequest;
  return (await p.plaid.linkTokenCreate(request)).data.link_token;
}

/** The attempt as the API answers it, checked against the spec. */
async function get(id: string) {
  const res = await p.plaid.identityVerificationGet({ identity_verification_id: id });
  expect(validateAnswer('/identity_verification/get', res.status, res.data), `get in status ${res.data.status}`).toEqual([]);
  return res.data;
}

describe('the spec validator', () => {
  it('refuses an answer that departs from the schema (so passing checks mean something)', () => {
    expect(validateAnswer('/identity_verification/get', 200, { id: 'idv_x' }).length).toBeGreaterThan(0);
    const validate = schemaValidator('#/components/schemas/IdentityVerificationStepSummary');
    expect(validate({ accept_tos: 'done', verify_sms: 'success', kyc_check: 'success', documentary_verification: 'success', selfie_check: 'success', watchlist_screening: 'success', risk_check: 'success' })).toBe(false);
  });
});

describe('Leslie Knope in the sandbox', () => {
  it('passes every step with her prefilled data; documents are skipped and the selfie is not run', async () => {
    const run = p.emu.controls.completeLink(await linkToken());
    expect(run.status).toBe('success');
    const v = await get(run.link_session_id);
    expect(v.steps).toEqual({
      accept_tos: 'success',
      verify_sms: 'success',
      kyc_check: 'success',
      documentary_verification: 'skipped',
      selfie_check: 'skipped',
      watchlist_screening: 'not_applicable',
      risk_check: 'success',
    });
    expect(v.kyc_check).toMatchObject({ status: 'success', name: { summary: 'match' }, date_of_birth: { summary: 'match' }, address: { summary: 'match' }, id_number: { summary: 'match' } });
    expect(v.verify_sms).toMatchObject({ status: 'success', verifications: [{ status: 'success', phone_number: '+12345678909', solve_attempt_count: 1 }] });
    expect(v.selfie_check).toBeNull();
    expect(v.risk_check?.status).toBe('success');
    expect(v.completed_at).toEqual(expect.any(String));
    expect(v.user.name).toEqual({ given_name: 'Leslie', family_name: 'Knope' });
    expect(run.events).toEqual([
      'IDENTITY_VERIFICATION_CREATE_SESSION',
      'IDENTITY_VERIFICATION_START_STEP',
      'IDENTITY_VERIFICATION_PASS_STEP',
      'IDENTITY_VERIFICATION_START_STEP',
      'IDENTITY_VERIFICATION_PASS_STEP',
      'IDENTITY_VERIFICATION_START_STEP',
      'IDENTITY_VERIFICATION_PASS_STEP',
      'IDENTITY_VERIFICATION_PASS_STEP',
      'IDENTITY_VERIFICATION_PASS_SESSION',
    ]);
  });

  it('fails the data check with other data, then fails documents three times (they read as hers)', async () => {
    const run = p.emu.controls.completeLink(await linkToken(), { person: { given_name: 'Ann', family_name: 'Perkins', date_of_birth: '1978-03-03' } });
    expect(run.status).toBe('failed');
    const v = await get(run.link_session_id);
    expect(v.steps).toMatchObject({ kyc_check: 'failed', documentary_verification: 'failed', selfie_check: 'waiting_for_prerequisite', risk_check: 'waiting_for_prerequisite' });
    expect(v.kyc_check).toMatchObject({ name: { summary: 'no_match' }, date_of_birth: { summary: 'no_match' }, address: { summary: 'match' } });
    expect(v.documentary_verification?.documents.map((d) => [d.attempt, d.status, d.analysis.extracted_data?.name])).toEqual([
      [1, 'failed', 'no_match'],
      [2, 'failed', 'no_match'],
      [3, 'failed', 'no_match'],
    ]);
    expect(v.documentary_verification?.documents[0]?.extracted_data?.name).toEqual({ given_name: 'Leslie', family_name: 'Knope' });
    expect(run.events).toContain('IDENTITY_VERIFICATION_FAIL_SESSION');
  });

  it('rescues a failed data check with a document when her name and date of birth were entered (wrong address)', async () => {
    const run = p.emu.controls.completeLink(await linkToken(), { person: { street: '1 Other Road', city: 'Eagleton', postal_code: '46999' } });
    expect(run.status).toBe('success');
    const v = await get(run.link_session_id);
    expect(v.steps).toMatchObject({ kyc_check: 'failed', documentary_verification: 'success', risk_check: 'success' });
    expect(v.kyc_check?.address.summary).toBe('partial_match');
  });

  it('Ben Wyatt, the data-source-only user, passes the data check but fails documents', async () => {
    const ben = { given_name: 'Ben', family_name: 'Wyatt', date_of_birth: '1974-07-04', street: '620 Worster Ave Apt 101', city: 'Sherman Oaks', region: 'California', postal_code: '91423', ssn: '111-22-3333' };
    const fallback = p.emu.controls.completeLink(await linkToken(), { person: ben, phone_number: '+16667778888' });
    expect(fallback.status).toBe('success');
    expect((await get(fallback.link_session_id)).kyc_check).toMatchObject({ status: 'success', name: { summary: 'match' }, phone_number: { summary: 'match' } });
    const always = p.emu.controls.completeLink(await linkToken(DOCS_ALWAYS.id), { person: ben });
    expect(always.status).toBe('failed');
    expect((await get(always.link_session_id)).steps).toMatchObject({ kyc_check: 'success', documentary_verification: 'failed' });
  });

  it('fails at the data check on request, even for her, with no document fallback', async () => {
    const run = p.emu.controls.completeLink(await linkToken(), { outcome: 'fail_kyc' });
    expect(run.status).toBe('failed');
    expect((await get(run.link_session_id)).steps).toMatchObject({ kyc_check: 'failed', documentary_verification: 'waiting_for_prerequisite' });
  });

  it('fails the SMS step after three wrong codes', async () => {
    const run = p.emu.controls.completeLink(await linkToken(), { sms_code: '99999' });
    expect(run.status).toBe('failed');
    const v = await get(run.link_session_id);
    expect(v.steps.verify_sms).toBe('failed');
    expect(v.verify_sms).toMatchObject({ status: 'failed', verifications: [{ status: 'failed', solve_attempt_count: 3 }] });
  });

  it('ends in pending review on request, and a reviewer approves it (manually_approved, STATUS_UPDATED)', async () => {
    const run = p.emu.controls.completeLink(await linkToken(DOCS_ALWAYS.id), { outcome: 'pending_review' });
    expect(run.status).toBe('pending_review');
    expect(run.events).toContain('IDENTITY_VERIFICATION_PENDING_REVIEW_SESSION');
    const v = await get(run.link_session_id);
    expect(v.steps).toMatchObject({ kyc_check: 'success', documentary_verification: 'success', watchlist_screening: 'success', risk_check: 'pending_review' });
    expect(v.watchlist_screening_id).toMatch(/^scr_/);
    await p.emu.controls.flushWebhooks();
    const before = p.emu.controls.webhooks({ identity_verification_id: v.id, webhook_code: 'STATUS_UPDATED' }).length;
    p.emu.controls.review(v.id, 'approve');
    const reviewed = await get(v.id);
    expect(reviewed.status).toBe('success');
    expect(reviewed.steps.risk_check).toBe('manually_approved');
    await p.emu.controls.flushWebhooks();
    expect(p.emu.controls.webhooks({ identity_verification_id: v.id, webhook_code: 'STATUS_UPDATED' })).toHaveLength(before + 1);
  });

  it('a rejected review fails the attempt', async () => {
    const run = p.emu.controls.completeLink(await linkToken(), { outcome: 'pending_review' });
    p.emu.controls.review(run.link_session_id, 'reject');
    expect(await get(run.link_session_id)).toMatchObject({ status: 'failed', steps: { risk_check: 'manually_rejected' } });
  });

  it('expires and cancels active attempts, their open steps with them', async () => {
    const a = (await p.plaid.identityVerificationCreate({ client_user_id: 'flow-expire', template_id: PLAID_EMULATOR_TEMPLATE_ID, gave_consent: false, is_shareable: false })).data;
    p.emu.controls.expire(a.id);
    expect(await get(a.id)).toMatchObject({ status: 'expired', steps: { accept_tos: 'expired', risk_check: 'expired', watchlist_screening: 'not_applicable' } });
    const b = (await p.plaid.identityVerificationCreate({ client_user_id: 'flow-cancel', template_id: PLAID_EMULATOR_TEMPLATE_ID, gave_consent: false, is_shareable: false })).data;
    p.emu.controls.cancel(b.id);
    expect((await get(b.id)).status).toBe('canceled');
    expect(() => p.emu.controls.cancel(b.id)).toThrow(/only an active/i);
  });

  it('Link resumes the attempt the API created, with the data it was given', async () => {
    const created = (
      await p.plaid.identityVerificationCreate({
        client_user_id: 'flow-resume',
        template_id: PLAID_EMULATOR_TEMPLATE_ID,
        gave_consent: true,
        is_shareable: false,
        user: { name: { given_name: 'Leslie', family_name: 'Knope' }, date_of_birth: '1975-01-18' },
      })
    ).data;
    const request = { client_name: 'x', language: 'en', country_codes: ['US'], products: ['identity_verification'], user: { client_user_id: 'flow-resume' }, identity_verification: { template_id: PLAID_EMULATOR_TEMPLATE_ID } };
    const token = (await p.plaid.linkTokenCreate(request as unknown as LinkTokenCreateRequest)).data.link_token;
    const run = p.emu.controls.completeLink(token);
    expect(run.link_session_id).toBe(created.id);
    expect(run.events[0]).toBe('IDENTITY_VERIFICATION_RESUME_SESSION');
    expect(run.status).toBe('success');
  });

  it('after a failure, Link on a new token shows the failed attempt until a retry; the retry then passes', async () => {
    const token = await linkToken();
    const clientUserId = `flow-user-${users}`;
    const failed = p.emu.controls.completeLink(token, { outcome: 'fail_kyc' });
    expect(failed.status).toBe('failed');
    const request = { client_name: 'x', language: 'en', country_codes: ['US'], products: ['identity_verification'], user: { client_user_id: clientUserId }, identity_verification: { template_id: PLAID_EMULATOR_TEMPLATE_ID } };
    const again = p.emu.controls.completeLink((await p.plaid.linkTokenCreate(request as unknown as LinkTokenCreateRequest)).data.link_token);
    expect(again).toMatchObject({ link_session_id: failed.link_session_id, status: 'failed' });
    const retried = (await p.plaid.identityVerificationRetry({ client_user_id: clientUserId, template_id: PLAID_EMULATOR_TEMPLATE_ID, strategy: 'incomplete' as never })).data;
    const passed = p.emu.controls.completeLink((await p.plaid.linkTokenCreate(request as unknown as LinkTokenCreateRequest)).data.link_token);
    expect(passed).toMatchObject({ link_session_id: retried.id, status: 'success' });
    expect((await get(retried.id)).previous_attempt_id).toBe(failed.link_session_id);
  });
});
