// Yoti's identity profile is the report Yoti certified, passed on as it is once checked: seed
// 004's shape, a framework Yoti certifies, and our session as its subject.
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../errors.js';
import { certifiedReport } from './identity-profile.js';

const SESSION = 'ses_1';
const at = '2026-03-01T09:59:00Z';

/** A report as Yoti certifies one for a UK right-to-work check met (seed 004's fields, Yoti's sample values). */
function rtwMet() {
  return {
    identity_assertion: {
      current_name: { given_names: 'Amelia Grace', first_name: 'Amelia', middle_name: 'Grace', family_name: 'Sandford', full_name: 'Amelia Grace Sandford' },
      date_of_birth: '1988-04-12',
      current_address: { address: { address_format: 1, address_line1: '14 Harbour Row', town_city: 'Bristol', postal_code: 'BS1 4QA', country_iso: 'GBR' } },
    },
    verification_report: {
      report_id: '5c0e0d2b-7a0b-4b53-9f43-5d0e4c1b2a10',
      timestamp: at,
      subject_id: SESSION,
      address_verification: { current_address_verified: false },
      trust_framework: 'UK_TFIDA',
      schemes_compliance: [{ requirements_met: true, scheme: { type: 'RTW' } }],
      assurance_process: {
        level_of_assurance: 'MEDIUM',
        policy: 'GPG45',
        procedure: 'M1C',
        assurance: [
          { type: 'EVIDENCE_STRENGTH', classification: '3', evidence_links: ['doc-1'] },
          { type: 'VERIFICATION', classification: '2', evidence_links: ['face-1'] },
        ],
      },
      evidence: {
        face: { evidence_id: 'face-1', initial_liveness: { type: 'STATIC', timestamp: at }, last_matched_liveness: { type: 'STATIC', timestamp: at }, verifying_org: 'YOTI', media_ids: ['m-2'] },
        documents: [
          {
            evidence_id: 'doc-1',
            timestamp: at,
            document_fields: { full_name: 'Amelia Grace Sandford', date_of_birth: '1988-04-12', document_type: 'PASSPORT', issuing_country: 'GBR', document_number: '533401372', expiration_date: '2031-06-30' },
            passed_checks: [{ check: 'DOCUMENT_IN_DATE' }, { check: 'MANUAL_VISUAL_DOCUMENT_AUTHENTICITY' }, { check: 'AUTOMATED_FACE_MATCH' }],
            verifying_org: 'YOTI',
            media_ids: ['m-1'],
          },
        ],
        electronic_records: [],
      },
      authentication_report: { report_id: '9d5b7e1c-2f0a-4c3e-8b1d-6a7f0e9c2b31', timestamp: at, level: 'MEDIUM', policy: 'GPG44', trust_framework: 'UK_TFIDA' },
    },
  };
}

const refusal = (document: unknown, session = SESSION) => {
  try {
    certifiedReport(document, session);
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return (error as ProviderError).message;
  }
  throw new Error('accepted');
};

describe("Yoti's identity profile", () => {
  it('passes on the report Yoti certified for a right-to-work check met, unchanged', () => {
    const document = rtwMet();
    const report = certifiedReport(structuredClone(document), SESSION);
    expect(report).toEqual(document);
    expect(report.verification_report?.schemes_compliance).toEqual([{ requirements_met: true, scheme: { type: 'RTW' } }]);
  });

  it('passes on an advanced report: one verification report per framework, each with its authentication reports', () => {
    const { verification_report: v, ...rest } = rtwMet();
    const { authentication_report: auth, ...uk } = v;
    const global = { ...uk, report_id: 'r-2', trust_framework: 'YOTI_GLOBAL', schemes_compliance: [{ requirements_met: true, scheme: { type: 'IDENTITY', objective: 'AL_L1' } }] };
    const document = { ...rest, verification_reports: [{ ...uk, authentication_reports: [auth] }, { ...global, authentication_reports: [{ ...auth, trust_framework: 'YOTI_GLOBAL' }] }] };
    expect(certifiedReport(structuredClone(document), SESSION)).toEqual(document);
  });

  it("refuses a report not of seed 004's shape, naming where and not what it says", () => {
    const extra = rtwMet() as Record<string, unknown>;
    extra.proof = 'x';
    expect(refusal(extra)).toMatch(/does not follow seed 004's shape \(at \/\)/);
    const noDob = rtwMet() as { identity_assertion: Partial<ReturnType<typeof rtwMet>['identity_assertion']> };
    delete noDob.identity_assertion.date_of_birth;
    expect(refusal(noDob)).toContain('/identity_assertion');
    const badCheck = rtwMet();
    (badCheck.verification_report.evidence.documents[0]!.passed_checks[0] as { check: string }).check = 'SOMETHING_NEW';
    const message = refusal(badCheck);
    expect(message).toContain('/verification_report/evidence/documents/0/passed_checks/0/check');
    expect(message).not.toContain('SOMETHING_NEW');
    expect(refusal(null)).toMatch(/shape/);
    expect(refusal('not a report')).toMatch(/shape/);
  });

  it('refuses a report without a framework Yoti certifies, or about another subject', () => {
    const none = rtwMet();
    none.verification_report.trust_framework = 'NONE';
    expect(refusal(none)).toMatch(/no trust framework Yoti certifies/);
    expect(refusal(rtwMet(), 'ses_other')).toMatch(/another subject/);
    const { subject_id: _, ...withoutSubject } = rtwMet().verification_report;
    expect(certifiedReport({ ...rtwMet(), verification_report: withoutSubject }, SESSION).verification_report).not.toHaveProperty('subject_id');
  });
});
