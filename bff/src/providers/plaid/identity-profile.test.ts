// Plaid's identity profile from the template's steps: kyc_check as an electronic record of what
// Plaid matched, documentary_verification as documents with only the checks Plaid reports passing,
// selfie_check as the face with its liveness; and once live, read from the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import { TEST_API_KEY } from '../../testing.js';
import { startHarness } from '../conformance-kit.js';
import type { ProfileContext } from '../types.js';
import { conformance } from './conformance.js';
import { plaidProfile, ProfileVerificationSchema, type ProfileVerification } from './identity-profile.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(IDENTITY_PROFILE_REPORT_SCHEMA);

const LESLIE: VerifiedOutputs = {
  first_name: 'Leslie',
  last_name: 'Knope',
  address: { line1: '123 Main St.', line2: 'Unit 42', city: 'Pawnee', state: 'IN', postal_code: '46001', country: 'US' },
  dob: { year: 1975, month: 1, day: 18 },
};

const ctx = { session: { reference: 'order-9', subject: null }, attempt: { id: 'att_p', session_ref: 'att_p', private_data: {} }, remoteIp: null, verified: LESLIE, details: null, verifiedAt: new Date('2026-06-01T12:00:00Z') } as unknown as ProfileContext;

/** An IDV attempt as Plaid's /identity_verification/get answers it (its OpenAPI example's shape). */
function idv(overrides: Record<string, unknown> = {}): ProfileVerification {
  return ProfileVerificationSchema.parse({
    id: 'idv_52xR9LKo77r1Np',
    client_user_id: 'att_p',
    created_at: '2026-06-01T11:50:00Z',
    completed_at: '2026-06-01T11:58:30Z',
    previous_attempt_id: null,
    template: { id: 'idvtmp_4FrXJvfQU3zGUR', version: 2 },
    user: {
      phone_number: '+12345678909',
      date_of_birth: '1975-01-18',
      email_address: 'leslie@example.com',
      name: { given_name: 'Leslie', family_name: 'Knope' },
      address: { street: '123 Main St.', street2: 'Unit 42', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
      id_number: { value: '123-45-6789', type: 'us_ssn' },
    },
    status: 'success',
    steps: { accept_tos: 'skipped', verify_sms: 'success', kyc_check: 'success', documentary_verification: 'success', selfie_check: 'success', watchlist_screening: 'not_applicable', risk_check: 'success' },
    kyc_check: {
      status: 'success',
      address: { summary: 'match', po_box: 'no', type: 'residential' },
      name: { summary: 'match' },
      date_of_birth: { summary: 'match' },
      id_number: { summary: 'match' },
      phone_number: { summary: 'no_data', area_code: 'match' },
    },
    documentary_verification: {
      status: 'success',
      documents: [
        { status: 'failed', attempt: 1, extracted_data: null, analysis: { authenticity: 'no_match', extracted_data: null, human_review: null, aamva_verification: null } },
        {
          status: 'success',
          attempt: 2,
          images: {},
          extracted_data: {
            id_number: 'AB123456',
            category: 'drivers_license',
            expiration_date: '2030-05-29',
            issue_date: '2022-05-29',
            issuing_country: 'US',
            issuing_region: 'IN',
            date_of_birth: '1975-01-18',
            address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
            name: { given_name: 'Leslie', family_name: 'Knope' },
          },
          analysis: {
            authenticity: 'match',
            image_quality: 'high',
            extracted_data: { name: 'match', date_of_birth: 'match', expiration_date: 'not_expired', issuing_country: 'match' },
            human_review: null,
            aamva_verification: { is_verified: true },
          },
          redacted_at: null,
        },
      ],
    },
    selfie_check: {
      status: 'success',
      selfies: [{ status: 'success', attempt: 1, capture: { image_url: null, video_url: 'https://plaid.example/selfie.webm' }, analysis: { document_comparison: 'match', liveness_check: 'success' } }],
    },
    ...overrides,
  });
}

describe("Plaid's identity profile", () => {
  it("reports each step that passed: kyc_check's matched details, the document that passed with the checks Plaid reports, the selfie's liveness", () => {
    const report = plaidProfile(ctx, idv());
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.identity_assertion).toMatchObject({ current_name: { given_names: 'Leslie', family_name: 'Knope' }, date_of_birth: '1975-01-18' });
    const r = report.verification_report!;
    expect(r).toMatchObject({ report_id: 'ipr_att_p', timestamp: '2026-06-01T12:00:00Z', subject_id: 'order-9', trust_framework: 'NONE', schemes_compliance: [] });
    expect(r.assurance_process).toEqual({
      level_of_assurance: 'HIGH',
      policy: 'PLAID_IDV',
      procedure: 'idvtmp_4FrXJvfQU3zGUR',
      assurance: [
        { type: 'VERIFY_SMS', classification: 'SUCCESS' },
        { type: 'KYC_CHECK', classification: 'SUCCESS', evidence_links: ['idv_52xR9LKo77r1Np-kyc_check'] },
        { type: 'DOCUMENTARY_VERIFICATION', classification: 'SUCCESS', evidence_links: ['idv_52xR9LKo77r1Np-document-2'] },
        { type: 'SELFIE_CHECK', classification: 'SUCCESS', evidence_links: ['idv_52xR9LKo77r1Np-selfie-1'] },
        { type: 'RISK_CHECK', classification: 'SUCCESS' },
      ],
    });
    expect(r.evidence.electronic_records).toEqual([
      {
        evidence_id: 'idv_52xR9LKo77r1Np-kyc_check',
        timestamp: '2026-06-01T11:58:30Z',
        // The phone's summary was no_data: not a matched detail. The SSN as its last four.
        identity_details: {
          given_names: 'Leslie',
          family_name: 'Knope',
          date_of_birth: '1975-01-18',
          address: { address_line1: '123 Main St.', address_line2: 'Unit 42', town_city: 'Pawnee', state: 'IN', postal_code: '46001', country_iso: 'USA' },
          id_number_last4: '6789',
          id_number_type: 'us_ssn',
        },
        verifying_org: 'PLAID',
      },
    ]);
    expect(r.evidence.documents).toEqual([
      {
        evidence_id: 'idv_52xR9LKo77r1Np-document-2',
        timestamp: '2026-06-01T11:58:30Z',
        document_fields: {
          given_names: 'Leslie',
          family_name: 'Knope',
          full_name: 'Leslie Knope',
          date_of_birth: '1975-01-18',
          document_type: 'DRIVERS_LICENSE',
          document_number: 'AB123456',
          issuing_country: 'USA',
          issuing_region: 'IN',
          date_of_issue: '2022-05-29',
          expiration_date: '2030-05-29',
          structured_postal_address: { address_line1: '123 Main St.', town_city: 'Pawnee', state: 'IN', postal_code: '46001', country_iso: 'USA' },
        },
        passed_checks: [{ check: 'DOCUMENT_IN_DATE' }, { check: 'ISSUING_AUTHORITY' }, { check: 'AUTOMATED_FACE_MATCH' }],
        verifying_org: 'PLAID',
      },
    ]);
    expect(r.evidence.face).toEqual({ evidence_id: 'idv_52xR9LKo77r1Np-selfie-1', initial_liveness: { type: 'ACTIVE', timestamp: '2026-06-01T11:58:30Z' }, verifying_org: 'PLAID' });
    expect(r).not.toHaveProperty('authentication_report');
    // The full SSN stays at Plaid.
    expect(JSON.stringify(report)).not.toContain('123-45-6789');
  });

  it("claims no check Plaid did not report passing: an unexpired document alone, no AAMVA, no selfie match; a reviewer's approval is a manual check", () => {
    const base = idv();
    const document = base.documentary_verification!.documents[1]!;
    const report = plaidProfile(
      ctx,
      idv({
        steps: { ...base.steps, selfie_check: 'not_applicable', documentary_verification: 'manually_approved' },
        selfie_check: null,
        documentary_verification: {
          status: 'manually_approved',
          documents: [{ ...document, status: 'manually_approved', analysis: { extracted_data: { expiration_date: 'not_expired' }, human_review: { status: 'success' }, aamva_verification: null } }],
        },
      }),
    );
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.verification_report!.evidence.documents![0]!.passed_checks).toEqual([{ check: 'DOCUMENT_IN_DATE' }, { check: 'MANUAL_VISUAL_DOCUMENT_AUTHENTICITY' }]);
    expect(report.verification_report!.evidence).not.toHaveProperty('face');
    expect(report.verification_report!.assurance_process.assurance).toContainEqual({ type: 'DOCUMENTARY_VERIFICATION', classification: 'MANUALLY_APPROVED', evidence_links: ['idv_52xR9LKo77r1Np-document-2'] });
  });

  it('a failed kyc_check rescued by a document is no record; a selfie whose liveness failed is no face; the still-image fallback is STATIC', () => {
    const base = idv();
    const failedKyc = plaidProfile(ctx, idv({ steps: { ...base.steps, kyc_check: 'failed' } }));
    expect(failedKyc.verification_report!.evidence).not.toHaveProperty('electronic_records');
    expect(failedKyc.verification_report!.assurance_process.assurance!.map((a) => a.type)).not.toContain('KYC_CHECK');

    const selfies = (list: unknown[]) => plaidProfile(ctx, idv({ selfie_check: { status: 'success', selfies: list } })).verification_report!.evidence.face;
    expect(selfies([{ status: 'failed', attempt: 1, capture: { image_url: null, video_url: 'v' }, analysis: { document_comparison: 'match', liveness_check: 'failed' } }])).toBeUndefined();
    expect(
      selfies([
        { status: 'failed', attempt: 1, capture: { image_url: null, video_url: 'v' }, analysis: { document_comparison: 'no_match', liveness_check: 'failed' } },
        { status: 'success', attempt: 2, capture: { image_url: 'i', video_url: null }, analysis: { document_comparison: 'match', liveness_check: 'success' } },
      ]),
    ).toEqual({ evidence_id: 'idv_52xR9LKo77r1Np-selfie-2', initial_liveness: { type: 'STATIC', timestamp: '2026-06-01T11:58:30Z' }, verifying_org: 'PLAID' });
  });
});

describe("Plaid's identity profile, read live", () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    h = await startHarness('plaid', conformance);
  });
  afterAll(async () => h?.close());

  it("is read from the IDV attempt the verdict named: the sandbox's KYC match as the record (its document and selfie steps skipped there, so none)", async () => {
    const t = await h.started();
    await conformance.finish!(t);
    const session = (await h.bff.call('GET', `/v1/sessions/${t.session.id}?include=identity_profile`, { auth: TEST_API_KEY })).json;
    expect(session.status).toBe('verified');
    const report = session.identity_profile;
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.verification_report).toMatchObject({
      trust_framework: 'NONE',
      assurance_process: { level_of_assurance: 'HIGH', policy: 'PLAID_IDV', procedure: expect.stringMatching(/^idvtmp_/) },
      evidence: { electronic_records: [{ evidence_id: `${session.provider_result.identity_verification_id}-kyc_check`, verifying_org: 'PLAID', identity_details: { given_names: 'Leslie', family_name: 'Knope', date_of_birth: '1975-01-18' } }] },
    });
    expect(report.verification_report.evidence).not.toHaveProperty('documents');
    expect(report.verification_report.evidence).not.toHaveProperty('face');
  });
});
