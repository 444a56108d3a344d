// What Stripe's verification report maps to in seed 004's identity profile: the document check's
// fields and the checks it passed, the selfie as STATIC liveness only when Stripe verified it.
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import type { ProfileContext } from '../types.js';
import { stripeIdentityProfile } from './identity-profile.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(IDENTITY_PROFILE_REPORT_SCHEMA);

const ctx = {
  session: { id: 'ses_1', reference: 'order-1', subject: 'user-7' },
  attempt: { id: 'att_1', session_ref: 'vs_1', private_data: {} },
  remoteIp: null,
  verified: { first_name: 'Jenny', last_name: 'Rosen', address: { line1: '1 Main St', line2: null, city: 'San Francisco', state: 'CA', postal_code: '94111', country: 'US' } },
  details: null,
  verifiedAt: new Date('2026-03-01T10:00:05.123Z'),
} as unknown as ProfileContext;

const created = Date.parse('2026-03-01T09:59:00Z') / 1000;
function session(selfie: Partial<Stripe.Identity.VerificationReport.Selfie> | null): Stripe.Identity.VerificationSession {
  return {
    id: 'vs_1',
    status: 'verified',
    verified_outputs: { first_name: 'Jenny', last_name: 'Rosen', dob: { day: 1, month: 2, year: 1990 } },
    last_verification_report: {
      id: 'vr_1',
      created,
      document: {
        status: 'verified',
        error: null,
        type: 'driving_license',
        issuing_country: 'US',
        first_name: 'Jenny',
        last_name: 'Rosen',
        dob: { day: 1, month: 2, year: 1990 },
        number: 'D1234567',
        expiration_date: { day: 1, month: 12, year: 2030 },
        issued_date: { day: 1, month: 12, year: 2020 },
        files: ['file_front', 'file_back'],
      },
      ...(selfie ? { selfie: { document: 'file_front', error: null, selfie: 'file_selfie', status: 'verified', ...selfie } } : {}),
    },
  } as unknown as Stripe.Identity.VerificationSession;
}

describe("Stripe Identity's identity profile", () => {
  it('maps a verified document and selfie: the document in date and matched to the face, STATIC liveness, no framework', () => {
    const report = stripeIdentityProfile(ctx, session({}));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report).toEqual({
      identity_assertion: {
        current_name: { given_names: 'Jenny', first_name: 'Jenny', family_name: 'Rosen', full_name: 'Jenny Rosen' },
        date_of_birth: '1990-02-01',
        current_address: { address: { address_line1: '1 Main St', town_city: 'San Francisco', state: 'CA', postal_code: '94111', country_iso: 'USA' } },
      },
      verification_report: {
        report_id: 'ipr_att_1',
        timestamp: '2026-03-01T10:00:05Z',
        subject_id: 'user-7',
        trust_framework: 'NONE',
        schemes_compliance: [],
        assurance_process: { level_of_assurance: 'HIGH', policy: 'STRIPE_IDENTITY', procedure: 'DOCUMENT_SELFIE' },
        evidence: {
          face: { evidence_id: 'vr_1:selfie', initial_liveness: { type: 'STATIC', timestamp: '2026-03-01T09:59:00Z' }, verifying_org: 'STRIPE', media_ids: ['file_selfie'] },
          documents: [
            {
              evidence_id: 'vr_1:document',
              timestamp: '2026-03-01T09:59:00Z',
              document_fields: {
                full_name: 'Jenny Rosen',
                given_names: 'Jenny',
                family_name: 'Rosen',
                date_of_birth: '1990-02-01',
                document_type: 'DRIVING_LICENCE',
                issuing_country: 'USA',
                document_number: 'D1234567',
                expiration_date: '2030-12-01',
                date_of_issue: '2020-12-01',
              },
              passed_checks: [{ check: 'DOCUMENT_IN_DATE' }, { check: 'AUTOMATED_FACE_MATCH' }],
              verifying_org: 'STRIPE',
              media_ids: ['file_front', 'file_back'],
            },
          ],
        },
      },
    });
  });

  it('maps a document-only check: no face evidence and no face match', () => {
    const report = stripeIdentityProfile(ctx, session(null));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    const v = report.verification_report!;
    expect(v.assurance_process).toEqual({ level_of_assurance: 'HIGH', policy: 'STRIPE_IDENTITY', procedure: 'DOCUMENT' });
    expect(v.evidence.face).toBeUndefined();
    expect(v.evidence.documents?.[0]?.passed_checks).toEqual([{ check: 'DOCUMENT_IN_DATE' }]);
  });

  it('claims no face and no face match for a selfie Stripe did not verify', () => {
    const v = stripeIdentityProfile(ctx, session({ status: 'unverified' })).verification_report!;
    expect(v.evidence.face).toBeUndefined();
    expect(v.evidence.documents?.[0]?.passed_checks).toEqual([{ check: 'DOCUMENT_IN_DATE' }]);
  });

  it('puts no personal data in evidence ids', () => {
    const v = stripeIdentityProfile(ctx, session({})).verification_report!;
    const ids = [v.report_id, v.evidence.face!.evidence_id, ...v.evidence.documents!.map((d) => d.evidence_id)].join(' ');
    for (const pii of ['Jenny', 'Rosen', 'D1234567', '1990']) expect(ids).not.toContain(pii);
  });
});
