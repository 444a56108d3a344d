// What Onfido's reports map to in seed 004's identity profile: the document report's fields and
// the checks its breakdown reported clear, the facial similarity report as liveness only when clear.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import type { ProfileContext } from '../types.js';
import { documentTypeOf, onfidoIdentityProfile, passedDocumentChecks } from './identity-profile.js';
import type { OnfidoReport } from './outcome.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(IDENTITY_PROFILE_REPORT_SCHEMA);

const ctx = {
  session: { id: 'ses_1', reference: 'order-1', subject: null },
  attempt: { id: 'att_1', session_ref: 'app_1', private_data: { applicant_id: 'app_1' } },
  remoteIp: null,
  verified: { first_name: 'JANE', last_name: 'DOE', address: null },
  details: null,
  verifiedAt: new Date('2026-03-01T10:00:05Z'),
} as unknown as ProfileContext;

const section = (leaves: Record<string, string>, result = Object.values(leaves).every((r) => r === 'clear') ? 'clear' : 'consider') => ({
  result,
  breakdown: Object.fromEntries(Object.entries(leaves).map(([k, r]) => [k, { result: r, properties: {} }])),
});
const DOC_ID = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const PHOTO_ID = '1c2d3e4f-5061-4728-93a4-b5c6d7e8f9a0';

function documentReport(breakdown: Record<string, unknown> = {}): OnfidoReport {
  return {
    id: 'rep-document',
    name: 'document',
    status: 'complete',
    result: 'clear',
    sub_result: 'clear',
    created_at: '2026-03-01T09:59:00.000Z',
    documents: [{ id: DOC_ID }],
    breakdown: {
      data_validation: section({ document_expiration: 'clear', mrz: 'clear' }),
      police_record: { result: 'clear' },
      compromised_document: section({ document_database: 'clear', repeat_attempts: 'clear' }),
      visual_authenticity: section({ template: 'clear' }),
      ...breakdown,
    },
    properties: {
      first_name: 'JANE',
      last_name: 'DOE',
      date_of_birth: '1990-01-31',
      date_of_expiry: '2031-05-01',
      document_numbers: [{ type: 'document_number', value: '123456789' }],
      document_type: 'passport',
      issuing_country: 'GBR',
      nationality: '',
    },
  };
}

function faceReport(name: string, result: string, faceMatch = result): OnfidoReport {
  return {
    id: `rep-${name}`,
    name,
    status: 'complete',
    result,
    sub_result: null,
    created_at: '2026-03-01T09:59:30Z',
    documents: [{ id: DOC_ID }],
    live_photos: name === 'facial_similarity_photo' ? [{ id: PHOTO_ID }] : undefined,
    live_videos: name === 'facial_similarity_video' ? [{ id: 'video-1' }] : undefined,
    breakdown: { face_comparison: section({ face_match: faceMatch }), visual_authenticity: section({ spoofing_detection: 'clear' }) },
    properties: { score: 0.8 },
  };
}

describe("Onfido's identity profile", () => {
  it('maps a document and a clear selfie photo: the breakdown checks reported clear, the face matched, STATIC liveness', () => {
    const report = onfidoIdentityProfile(ctx, [documentReport(), faceReport('facial_similarity_photo', 'clear')]);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report).toEqual({
      identity_assertion: { current_name: { given_names: 'JANE', first_name: 'JANE', family_name: 'DOE', full_name: 'JANE DOE' }, date_of_birth: '1990-01-31' },
      verification_report: {
        report_id: 'ipr_att_1',
        timestamp: '2026-03-01T10:00:05Z',
        subject_id: 'order-1',
        trust_framework: 'NONE',
        schemes_compliance: [],
        assurance_process: { level_of_assurance: 'HIGH', policy: 'ONFIDO', procedure: 'document+facial_similarity_photo' },
        evidence: {
          face: {
            evidence_id: 'rep-facial_similarity_photo',
            initial_liveness: { type: 'STATIC', timestamp: '2026-03-01T09:59:30Z' },
            verifying_org: 'ONFIDO',
            media_ids: [PHOTO_ID],
          },
          documents: [
            {
              evidence_id: 'rep-document',
              timestamp: '2026-03-01T09:59:00Z',
              document_fields: {
                full_name: 'JANE DOE',
                given_names: 'JANE',
                first_name: 'JANE',
                family_name: 'DOE',
                date_of_birth: '1990-01-31',
                document_type: 'PASSPORT',
                issuing_country: 'GBR',
                document_number: '123456789',
                expiration_date: '2031-05-01',
              },
              passed_checks: [{ check: 'DOCUMENT_IN_DATE' }, { check: 'FRAUD_DOCUMENTS_LIST' }, { check: 'AUTOMATED_FACE_MATCH' }],
              verifying_org: 'ONFIDO',
              media_ids: [DOC_ID],
            },
          ],
        },
      },
    });
  });

  it('maps a document-only check: substantial, no face evidence, no face match', () => {
    const report = onfidoIdentityProfile(ctx, [documentReport()]);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    const v = report.verification_report!;
    expect(v.assurance_process).toEqual({ level_of_assurance: 'SUBSTANTIAL', policy: 'ONFIDO', procedure: 'document' });
    expect(v.evidence.face).toBeUndefined();
    expect(v.evidence.documents?.[0]?.passed_checks).toEqual([{ check: 'DOCUMENT_IN_DATE' }, { check: 'FRAUD_DOCUMENTS_LIST' }]);
  });

  it('takes a video as ACTIVE liveness, and claims no liveness or match for a face report in doubt', () => {
    const video = onfidoIdentityProfile(ctx, [documentReport(), faceReport('facial_similarity_video', 'clear')]).verification_report!;
    expect(video.evidence.face).toMatchObject({ initial_liveness: { type: 'ACTIVE' }, media_ids: ['video-1'] });
    const doubt = onfidoIdentityProfile(ctx, [documentReport(), faceReport('facial_similarity_photo', 'consider')]).verification_report!;
    expect(doubt.evidence.face).toBeUndefined();
    expect(doubt.assurance_process.level_of_assurance).toBe('SUBSTANTIAL');
    expect(doubt.evidence.documents?.[0]?.passed_checks.map((c) => c.check)).not.toContain('AUTOMATED_FACE_MATCH');
  });

  it('claims a check only where Onfido reported it clear', () => {
    const r = documentReport({
      data_validation: section({ document_expiration: 'consider' }),
      police_record: { result: 'consider' },
      compromised_document: section({ document_database: 'consider' }),
      issuing_authority: section({ nfc_passive_authentication: 'clear', nfc_active_authentication: 'clear' }),
    });
    expect(onfidoIdentityProfile(ctx, [r]).verification_report!.evidence.documents?.[0]?.passed_checks).toEqual([{ check: 'CHIP_DIGITAL_SIGNATURE' }]);
    expect(passedDocumentChecks({}, false)).toEqual([]);
  });

  it('names document types in Yoti words, and puts no personal data in evidence ids', () => {
    expect([documentTypeOf('driving_licence'), documentTypeOf('national_identity_card'), documentTypeOf('voter_id'), documentTypeOf('1990-01-31')]).toEqual([
      'DRIVING_LICENCE',
      'NATIONAL_ID',
      'VOTER_ID',
      null,
    ]);
    const v = onfidoIdentityProfile(ctx, [documentReport(), faceReport('facial_similarity_photo', 'clear')]).verification_report!;
    const ids = [v.report_id, v.evidence.face!.evidence_id, ...v.evidence.documents!.flatMap((d) => [d.evidence_id, ...(d.media_ids ?? [])])].join(' ');
    for (const pii of ['JANE', 'DOE', '123456789', '1990']) expect(ids).not.toContain(pii);
  });
});
