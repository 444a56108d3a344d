// What an accepted Assure process maps to in seed 004's identity profile: finalResult as the
// document's fields, the checks Onfido's breakdowns (as Assure relays them) reported clear, and the
// face as liveness only when facialSimilarity is clear.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import type { ProfileContext } from '../types.js';
import { signicatIdentityProfile } from './identity-profile.js';
import { ProcessSchema } from './outcome.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(IDENTITY_PROFILE_REPORT_SCHEMA);

const ids = { dossierId: 'd-1', processId: 'b481a2e7-ba64-4889-bede-236a0a4a05d0' };
const DOC_ID = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const PHOTO_ID = '1c2d3e4f-5061-4728-93a4-b5c6d7e8f9a0';
const ctx = {
  session: { id: 'ses_1', reference: null, subject: 'user-7' },
  attempt: { id: 'att_1', session_ref: ids.processId, private_data: { dossier_id: ids.dossierId, process_id: ids.processId } },
  remoteIp: null,
  verified: { first_name: 'EMMA SOPHIE', last_name: 'EMULATOR', address: null },
  details: null,
  verifiedAt: new Date('2026-03-01T10:00:05Z'),
} as unknown as ProfileContext;

const leaves = (names: string[], result = 'clear') => Object.fromEntries(names.map((n) => [n, { result, properties: {} }]));
/** An accepted process in the shape of seed 001's passport answer (abridged), with or without a selfie. */
function accepted(processType: 'document' | 'documentSelfie' | 'documentVideo', face: 'clear' | 'consider' = 'clear') {
  return ProcessSchema.parse({
    processId: ids.processId,
    provider: 'onfido',
    processType,
    status: 'accepted',
    depictions: processType === 'document' ? ['front'] : ['front', 'selfie'],
    finalResult: {
      firstName: 'EMMA SOPHIE',
      lastName: 'EMULATOR',
      dateOfExpiry: '2033-05-14',
      dateOfBirth: '1988-04-21',
      documentType: 'passport',
      documentNumber: 'EMU4X7Q21',
      issuingCountry: 'SWE',
    },
    providerSpecific: {
      documentVerification: {
        firstName: 'EMMA SOPHIE',
        dateOfBirth: '1988-04-21',
        result: 'clear',
        subResult: 'clear',
        policeRecord: 'clear',
        breakdowns: {
          dataValidation: { result: 'clear', breakdown: leaves(['expiryDate', 'mrz', 'documentExpiration']) },
          compromisedDocument: { result: 'clear', breakdown: leaves(['documentDatabase', 'repeatAttempts']) },
          visualAuthenticity: { result: 'clear', breakdown: leaves(['template', 'fonts']) },
        },
      },
      ...(processType === 'document'
        ? {}
        : {
            facialSimilarity: {
              result: face,
              faceComparison: face,
              breakdowns: {
                faceComparison: { result: face, breakdown: { faceMatch: { result: face, properties: { score: 0.71, livePhotoId: PHOTO_ID, documentId: DOC_ID } } } },
              },
            },
          }),
    },
    createdAt: '2026-03-01T09:58:00Z',
    updatedAt: '2026-03-01T09:59:00Z',
  });
}

describe("Signicat Assure's identity profile", () => {
  it('maps a document and a selfie: the checks relayed clear, the face matched, STATIC liveness', () => {
    const report = signicatIdentityProfile(ctx, ids, accepted('documentSelfie'));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report).toEqual({
      identity_assertion: {
        current_name: { given_names: 'EMMA SOPHIE', first_name: 'EMMA', family_name: 'EMULATOR', full_name: 'EMMA SOPHIE EMULATOR' },
        date_of_birth: '1988-04-21',
      },
      verification_report: {
        report_id: 'ipr_att_1',
        timestamp: '2026-03-01T10:00:05Z',
        subject_id: 'user-7',
        trust_framework: 'NONE',
        schemes_compliance: [],
        assurance_process: { level_of_assurance: 'HIGH', policy: 'SIGNICAT_ASSURE', procedure: 'documentSelfie' },
        evidence: {
          face: {
            evidence_id: `${ids.processId}:face`,
            initial_liveness: { type: 'STATIC', timestamp: '2026-03-01T09:59:00Z' },
            verifying_org: 'SIGNICAT',
            media_ids: [PHOTO_ID],
          },
          documents: [
            {
              evidence_id: `${ids.processId}:document`,
              timestamp: '2026-03-01T09:59:00Z',
              document_fields: {
                full_name: 'EMMA SOPHIE EMULATOR',
                given_names: 'EMMA SOPHIE',
                family_name: 'EMULATOR',
                date_of_birth: '1988-04-21',
                document_type: 'PASSPORT',
                issuing_country: 'SWE',
                document_number: 'EMU4X7Q21',
                expiration_date: '2033-05-14',
              },
              passed_checks: [{ check: 'DOCUMENT_IN_DATE' }, { check: 'FRAUD_DOCUMENTS_LIST' }, { check: 'AUTOMATED_FACE_MATCH' }],
              verifying_org: 'SIGNICAT',
              media_ids: [DOC_ID],
            },
          ],
        },
      },
    });
  });

  it('maps a document-only process: substantial, no face evidence, no face match', () => {
    const report = signicatIdentityProfile(ctx, ids, accepted('document'));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    const v = report.verification_report!;
    expect(v.assurance_process).toEqual({ level_of_assurance: 'SUBSTANTIAL', policy: 'SIGNICAT_ASSURE', procedure: 'document' });
    expect(v.evidence.face).toBeUndefined();
    expect(v.evidence.documents?.[0]?.passed_checks).toEqual([{ check: 'DOCUMENT_IN_DATE' }, { check: 'FRAUD_DOCUMENTS_LIST' }]);
    expect(v.evidence.documents?.[0]).not.toHaveProperty('media_ids');
  });

  it('takes a video as ACTIVE liveness, and claims no liveness or match for a face in doubt', () => {
    expect(signicatIdentityProfile(ctx, ids, accepted('documentVideo')).verification_report!.evidence.face?.initial_liveness.type).toBe('ACTIVE');
    const doubt = signicatIdentityProfile(ctx, ids, accepted('documentSelfie', 'consider')).verification_report!;
    expect(doubt.evidence.face).toBeUndefined();
    expect(doubt.evidence.documents?.[0]?.passed_checks.map((c) => c.check)).not.toContain('AUTOMATED_FACE_MATCH');
  });

  it('puts no personal data in evidence ids', () => {
    const v = signicatIdentityProfile(ctx, ids, accepted('documentSelfie')).verification_report!;
    const ids_ = [v.report_id, v.evidence.face!.evidence_id, ...(v.evidence.face!.media_ids ?? []), ...v.evidence.documents!.flatMap((d) => [d.evidence_id, ...(d.media_ids ?? [])])].join(' ');
    for (const pii of ['EMMA', 'EMULATOR', 'EMU4X7Q21', '1988']) expect(ids_).not.toContain(pii);
  });
});
