// The reduction of an Assure process to our Outcome and the host's ProviderResult, on bodies taken
// from seed 001 (Signicat's Onfido page) where the emulator does not produce them: the extended
// driving-licence answer, the failed answer with Onfido's field errors, and personal data where
// only verdicts are expected.
import { describe, expect, it } from 'vitest';
import { ProviderResultSchema } from '@identity-verify/contract/schemas';
import { failCode, outcomeOfProcess, ProcessSchema, providerResult, sensitiveOf } from './outcome.js';

const ids = { dossierId: 'd-1', processId: 'b481a2e7-ba64-4889-bede-236a0a4a05d0' };
const parse = (body: unknown) => ProcessSchema.parse(body);

/** Seed 001's "Extended driving licence information" answer, abridged to what differs from the passport one. */
const DRIVING_LICENCE = {
  processId: ids.processId,
  provider: 'onfido',
  processType: 'document',
  status: 'accepted',
  finalResult: {
    firstName: 'WILLEKE LISELOTTE',
    lastName: 'DE BRUIJN',
    dateOfBirth: '1965-03-10',
    documentType: 'driversLicense',
    documentNumber: 'C1234567',
    issuingCountry: 'NLD',
    personalIdentificationNumber: '111111111',
    placeOfBirth: 'AMSTERDAM',
    dateOfIssue: '2018-07-14',
  },
  providerSpecific: {
    documentVerification: {
      firstName: 'WILLEKE LISELOTTEP',
      lastName: 'DE BRUIJN',
      dateOfBirth: '1965-03-10',
      documentType: 'driversLicense',
      documentNumber: 'C1234567',
      issuingCountry: 'NLD',
      dateOfIssue: '2018-07-14',
      placeOfBirth: 'AMSTERDAM',
      personalIdentificationNumber: '111111111',
      subResult: 'clear',
      ageValidation: 'clear',
      dataValidation: 'clear',
      imageIntegrity: 'clear',
      compromisedDocument: 'clear',
      result: 'clear',
      driversLicense: true,
      restrictedLicence: false,
      rawVehicleClasses: 'A1,A2,A,B1,B',
      vehicleClassDetails: [{ category: 'A1', obtainmentDate: '2002-10-14', expiryDate: '2036-07-23' }],
      manualTransmissionRestriction: false,
      passengerVehicle: { obtainmentDate: '2004-10-07', expiryDate: '2036-07-23' },
      breakdowns: {
        issuingAuthority: { breakdown: { nfcActiveAuthentication: { properties: {} } } },
        dataValidation: { result: 'clear', breakdown: { documentNumbers: { result: 'clear', properties: { documentNumber: 'clear' } } } },
        policeRecord: {},
        // Not in the seed: what a careless relay could put where verdicts belong.
        dataComparison: { breakdown: { lastName: { result: 'clear', properties: { value: 'DE BRUIJN', expected: 'bruijn', date: '1965-03-10', score: 0.9, verdict: 'clear' } } } },
      },
      visualAuthenticity: 'clear',
    },
  },
  createdAt: '2024-12-26T15:40:55Z',
  updatedAt: '2024-12-26T15:42:10Z',
};

describe('an Assure process reduced for the host', () => {
  it('keeps the verdicts of a driving licence and none of the holder, the licence classes or the issuing country', () => {
    const outcome = outcomeOfProcess(ids, parse(DRIVING_LICENCE));
    expect(outcome).toMatchObject({
      status: 'verified',
      assurance: 'substantial',
      pii: { first_name: 'WILLEKE LISELOTTE', last_name: 'DE BRUIJN', address: null },
    });
    const details = ProviderResultSchema.parse(outcome.status === 'verified' ? outcome.details : null);
    const text = JSON.stringify(details);
    for (const personal of ['WILLEKE', 'BRUIJN', 'bruijn', '1965', 'C1234567', '111111111', 'AMSTERDAM', '2018-07-14', 'NLD', 'A1', '2036', 'vehicle', 'Vehicle', 'driversLicense":', 'restricted']) {
      expect(text, personal).not.toContain(personal);
    }
    expect(details).toMatchObject({
      process_type: 'document',
      final_result: { document_type: 'driversLicense', similarity_score: null },
      provider: {
        document_verification: {
          result: 'clear',
          sub_result: 'clear',
          police_record: null,
          breakdowns: {
            issuingAuthority: { result: null, breakdown: { nfcActiveAuthentication: { result: null, properties: {} } } },
            dataValidation: { breakdown: { documentNumbers: { result: 'clear', properties: { documentNumber: 'clear' } } } },
            policeRecord: { result: null, breakdown: {} },
            dataComparison: { breakdown: { lastName: { result: 'clear', properties: { score: 0.9, verdict: 'clear' } } } },
          },
        },
        facial_similarity: null,
      },
    });
  });

  it('reads sensitive fields only from an accepted finalResult', () => {
    expect(sensitiveOf(parse(DRIVING_LICENCE))).toEqual({
      dob: { year: 1965, month: 3, day: 10 },
      id_number: '111111111',
      document_number: 'C1234567',
      document_expiration_date: null,
    });
    expect(sensitiveOf(parse({ ...DRIVING_LICENCE, status: 'inconclusive' }))).toEqual({ dob: null, id_number: null, document_number: null, document_expiration_date: null });
  });

  it("maps a failed process by Onfido's field errors, keeps only the type of its reason, and never its message", () => {
    // Seed 001's failed example, verbatim.
    const failed = parse({
      status: 'failed',
      processId: '47d4021c-2744-4491-b0a7-b433345bfc74',
      provider: 'onfido',
      processType: 'documentSelfie',
      createdAt: '2022-02-14T14:04:58Z',
      updatedAt: '2022-02-14T14:05:06Z',
      failReason: {
        type: 'upload_failed',
        message:
          'There was a validation error on this request (status code 422) | Field errors: {face_detection=[Multiple faces in image. Please note this validation can be disabled by setting the advanced_validation parameter to false.]}',
      },
    });
    const outcome = outcomeOfProcess(ids, failed);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'selfie_unverified_other' }, details: { fail_reason: 'upload_failed' } });
    expect(JSON.stringify(outcome)).not.toContain('Multiple faces');

    expect(failCode({ type: 'upload_failed', message: 'Field errors: {document_detection=[no document in image]}' })).toBe('document_unverified_other');
    expect(failCode({ type: 'upload_failed', message: 'Jane Doe' })).toBe('verification_failed');
    expect(failCode({ type: 'timeout' })).toBe('provider_error');
    expect(failCode(undefined)).toBe('provider_error');
    expect(providerResult(ids, parse({ processId: 'p', status: 'failed', failReason: { type: 'Jane Doe was here' } })).fail_reason).toBe('unrecognized');
  });

  it('judges doubt by the document first, then the face, and waits on statuses it does not know', () => {
    const face = (match: string) => ({ result: 'consider', breakdowns: { faceComparison: { result: match, breakdown: { faceMatch: { result: match, properties: {} } } } } });
    const withFace = (status: string, match: string) =>
      parse({ processId: 'p', status, processType: 'documentSelfie', providerSpecific: { documentVerification: { result: 'clear', subResult: 'clear' }, facialSimilarity: face(match) } });
    expect(outcomeOfProcess(ids, withFace('inconclusive', 'consider'))).toMatchObject({ status: 'needs_review', error: { code: 'selfie_face_mismatch' } });
    expect(outcomeOfProcess(ids, withFace('inconclusive', 'clear'))).toMatchObject({ status: 'needs_review', error: { code: 'selfie_unverified_other' } });
    const unsupported = parse({
      processId: 'p',
      status: 'rejected',
      providerSpecific: { documentVerification: { result: 'consider', subResult: 'rejected', breakdowns: { imageIntegrity: { result: 'consider', breakdown: { supportedDocument: { result: 'consider', properties: {} } } } } } },
    });
    expect(outcomeOfProcess(ids, unsupported)).toMatchObject({ status: 'rejected', error: { code: 'document_type_not_supported' } });
    expect(outcomeOfProcess(ids, parse({ processId: 'p', status: 'canceled', providerSpecific: {} }))).toMatchObject({ status: 'canceled', error: { code: 'abandoned' } });
    expect(outcomeOfProcess(ids, parse({ processId: 'p', status: 'pending' }))).toEqual({ status: 'pending' });
    expect(outcomeOfProcess(ids, parse({ processId: 'p', status: 'awaitingReview' }))).toMatchObject({ status: 'processing' });
  });

  it('tolerates blocks in unexpected shapes without losing the status', () => {
    const odd = parse({ processId: 'p', status: 'accepted', processType: 'documentSelfie', depictions: 'front', finalResult: ['x'], providerSpecific: 'none', failReason: 'x' });
    expect(outcomeOfProcess(ids, odd)).toMatchObject({ status: 'verified', assurance: 'high', pii: { first_name: null, last_name: null } });
    expect(() => parse({ status: 'accepted' })).toThrow();
  });
});
