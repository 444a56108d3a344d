// Yoti's session result read into a verdict, on its own: session results as Yoti answers them
// (parsed by the SDK's GetSessionResult), and the report Yoti certifies read for the person.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { outcomeOf, personOf, readSession, ReportSchema, sensitiveOf } from './outcome.js';

type GetSessionResult = Parameters<typeof readSession>[0];
// The SDK's own parser of GET /sessions/{id}, which it does not export by name.
const GetSessionResultClass = createRequire(import.meta.url)('yoti/src/idv_service/session/retrieve/get.session.result.js') as new (body: unknown) => GetSessionResult;

const RTW = { trust_framework: 'UK_TFIDA', scheme: { type: 'RTW' } };
const check = (type: string, value: string) => ({ type, id: `${type}-1`, state: 'DONE', resources_used: [], generated_media: [], report: { recommendation: { value }, breakdown: [] } });
const document = { id: 'doc-1', document_type: 'PASSPORT', issuing_country: 'GBR', tasks: [], pages: [] };

function result(state: string, identityProfile?: unknown, extra: Record<string, unknown> = {}): GetSessionResult {
  return new GetSessionResultClass({
    client_session_token_ttl: 0,
    session_id: 'sess-1',
    state,
    resources: { id_documents: [], supplementary_documents: [], liveness_capture: [], face_capture: [] },
    checks: [],
    ...(identityProfile ? { identity_profile: identityProfile } : {}),
    ...extra,
  });
}

const met = {
  subject_id: 'ses_1',
  result: 'DONE',
  identity_profile_report: { trust_framework: 'UK_TFIDA', schemes_compliance: [{ scheme: { type: 'RTW' }, requirements_met: true }], media: { id: 'media-1', type: 'JSON', created: '2026-01-01T00:00:00Z', last_updated: '2026-01-01T00:00:00Z' } },
};

describe("a Yoti session result's verdict", () => {
  it('the profile DONE with its scheme met verifies an identity at high, and points at the report to read the person from', () => {
    const read = readSession(result('COMPLETED', met, { checks: [check('ID_DOCUMENT_AUTHENTICITY', 'APPROVE'), check('LIVENESS', 'APPROVE')] }));
    const verdict = outcomeOf(read, RTW, 'identity');
    expect(verdict).toEqual({
      outcome: {
        status: 'verified',
        claims: ['verified_identity'],
        assurance: 'high',
        details: {
          provider_key: 'yoti',
          session_state: 'COMPLETED',
          identity_profile: { result: 'DONE', trust_framework: 'UK_TFIDA', scheme: 'RTW', failure_reason: null },
          checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY', recommendation: 'APPROVE' }, { type: 'LIVENESS', recommendation: 'APPROVE' }],
        },
      },
      reportMediaId: 'media-1',
    });
    // A session that asked only for a human reads no report.
    expect(outcomeOf(read, RTW, 'humanity')).toMatchObject({ outcome: { status: 'verified', claims: ['verified_identity'] } });
    expect(outcomeOf(read, RTW, 'humanity').reportMediaId).toBeUndefined();
  });

  it("FAIL is rejected with Yoti's reason code, mapped where we have a word for it", () => {
    const fail = (reason_code: string) => readSession(result('COMPLETED', { result: 'FAIL', failure_reason: { reason_code, requirements_not_met_details: [] } }));
    expect(outcomeOf(fail('FRAUD_DETECTED'), RTW, 'identity').outcome).toMatchObject({
      status: 'rejected',
      error: { code: 'verification_failed', reason: 'The provider could not verify the person. Yoti: the identity profile was not met (FRAUD_DETECTED).' },
      details: { identity_profile: { result: 'FAIL', trust_framework: 'UK_TFIDA', scheme: 'RTW', failure_reason: 'FRAUD_DETECTED' } },
    });
    expect(outcomeOf(fail('MANDATORY_DOCUMENT_NOT_PROVIDED'), RTW, 'identity').outcome).toMatchObject({ error: { code: 'document_unverified_other' } });
    expect(outcomeOf(fail('MISSING_LIVENESS'), RTW, 'identity').outcome).toMatchObject({ error: { code: 'selfie_unverified_other' } });
  });

  it('DONE with a scheme whose requirements were not met is rejected, not verified', () => {
    const notMet = { ...met, identity_profile_report: { ...met.identity_profile_report, schemes_compliance: [{ scheme: { type: 'DBS', objective: 'BASIC' }, requirements_met: false, requirements_not_met_info: 'address not verified' }] } };
    const verdict = outcomeOf(readSession(result('COMPLETED', notMet)), RTW, 'identity');
    expect(verdict.outcome).toMatchObject({ status: 'rejected', error: { code: 'verification_failed' } });
    expect(JSON.stringify(verdict)).not.toContain('address not verified');
  });

  it('a session still going is pending, or processing once the person handed in a document and said they were done', () => {
    const ongoing = readSession(result('ONGOING', { result: 'IN_PROGRESS' }));
    expect(outcomeOf(ongoing, RTW, 'identity').outcome).toEqual({ status: 'pending' });
    expect(outcomeOf(ongoing, RTW, 'identity', true).outcome).toEqual({ status: 'pending' });
    const captured = readSession(result('ONGOING', { result: 'IN_PROGRESS' }, { resources: { id_documents: [document], supplementary_documents: [], liveness_capture: [], face_capture: [] } }));
    expect(outcomeOf(captured, RTW, 'identity').outcome).toEqual({ status: 'pending' });
    expect(outcomeOf(captured, RTW, 'identity', true).outcome).toMatchObject({ status: 'processing' });
    expect(outcomeOf(readSession(result('COMPLETED', { result: 'IN_PROGRESS' })), RTW, 'identity').outcome).toMatchObject({ status: 'processing' });
  });

  it('EXPIRED without a verdict has failed: the session expired', () => {
    expect(outcomeOf(readSession(result('EXPIRED', { result: 'IN_PROGRESS' })), RTW, 'identity').outcome).toMatchObject({
      status: 'failed',
      error: { code: 'session_expired' },
      details: { session_state: 'EXPIRED' },
    });
  });

  it('keeps only short codes of what Yoti says: free text in a state or recommendation is dropped', () => {
    const read = readSession(result('COMPLETED', met, { checks: [check('LIVENESS', 'Amelia Sandford looked away')] }));
    expect(read.checks).toEqual([{ type: 'LIVENESS', recommendation: null }]);
  });
});

describe('the identity profile report', () => {
  const report = ReportSchema.parse({
    identity_assertion: {
      current_name: { given_names: 'Amelia Grace', first_name: 'Amelia', family_name: 'Sandford' },
      date_of_birth: '1988-04-12',
      current_address: { address: { address_line1: '14 Harbour Row', town_city: 'Bristol', postal_code: 'BS1 4QA', country_iso: 'GBR' } },
    },
    verification_report: { evidence: { documents: [{ document_fields: { document_number: '533401372', expiration_date: '2031-06-30' } }] } },
  });

  it('gives the names, date of birth and address Yoti certified', () => {
    expect(personOf(report)).toEqual({
      first_name: 'Amelia',
      last_name: 'Sandford',
      dob: { year: 1988, month: 4, day: 12 },
      address: { line1: '14 Harbour Row', line2: null, city: 'Bristol', state: null, postal_code: 'BS1 4QA', country: 'GB' },
    });
  });

  it("gives the document's number and expiry only as sensitive outputs", () => {
    expect(sensitiveOf(report)).toEqual({ dob: { year: 1988, month: 4, day: 12 }, id_number: null, document_number: '533401372', document_expiration_date: { year: 2031, month: 6, day: 30 } });
  });
});
