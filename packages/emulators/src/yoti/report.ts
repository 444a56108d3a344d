// The identity profile report Yoti certifies for a session that met its profile, served as JSON
// media: seed 004's structure (identity_assertion, then verification_report with the trust
// framework, schemes_compliance, assurance_process, evidence and, inside it as seed 004 lists it,
// authentication_report), built from the emulated person and the evidence the session gathered.
// Advanced requirements get `verification_reports`, one per trust framework, each with
// `authentication_reports`, as seed 004 says. spec/identity-profile-report.schema.json checks it.
// Levels and procedures are those of Yoti's published sample (GPG45 "MEDIUM" by M1C, GPG44); for
// YOTI_GLOBAL the objective (AL_L1…) stands as the level and the policy is our guess [U].
import { randomUUID } from 'node:crypto';
import { isoTime } from './model.js';
import type { YotiTestPerson } from './people.js';
import type { RequestedScheme } from './specification.js';

export interface ReportEvidence {
  at: number;
  subjectId?: string;
  documentEvidenceId: string;
  documentMediaIds: string[];
  /** Absent when the session captured no face. */
  face?: { evidenceId: string; livenessType: string; mediaIds: string[] };
  /** The checks the document passed, in seed 004's vocabulary. */
  passedChecks: string[];
}

function documentFields(p: YotiTestPerson) {
  return {
    full_name: `${p.givenNames} ${p.familyName}`,
    given_names: p.givenNames,
    family_name: p.familyName,
    date_of_birth: p.dateOfBirth,
    nationality: p.document.issuingCountry,
    issuing_country: p.document.issuingCountry,
    document_type: p.document.type,
    document_number: p.document.number,
    expiration_date: p.document.expiry,
  };
}

function verificationReport(p: YotiTestPerson, trustFramework: string, schemes: RequestedScheme[], e: ReportEvidence, advanced: boolean) {
  const ukFramework = trustFramework === 'UK_TFIDA';
  const documentLink = e.documentEvidenceId;
  const faceLink = e.face?.evidenceId;
  return {
    report_id: randomUUID(),
    timestamp: isoTime(e.at),
    ...(e.subjectId ? { subject_id: e.subjectId } : {}),
    address_verification: { current_address_verified: false },
    trust_framework: trustFramework,
    schemes_compliance: schemes.map((s) => ({
      requirements_met: true,
      scheme: { type: s.type, ...(s.objective ? { objective: s.objective } : {}), ...(s.label ? { label: s.label } : {}) },
    })),
    assurance_process: {
      level_of_assurance: ukFramework ? 'MEDIUM' : (schemes[0]?.objective ?? 'AL_L1'),
      policy: ukFramework ? 'GPG45' : 'YOTI_GLOBAL',
      ...(ukFramework ? { procedure: 'M1C' } : {}),
      assurance: [
        { type: 'EVIDENCE_STRENGTH', classification: '3', evidence_links: [documentLink] },
        { type: 'EVIDENCE_VALIDITY', classification: '2', evidence_links: [documentLink] },
        ...(faceLink ? [{ type: 'VERIFICATION', classification: '2', evidence_links: [faceLink] }] : []),
      ],
    },
    evidence: {
      ...(e.face
        ? {
            face: {
              evidence_id: e.face.evidenceId,
              initial_liveness: { type: e.face.livenessType, timestamp: isoTime(e.at) },
              last_matched_liveness: { type: e.face.livenessType, timestamp: isoTime(e.at) },
              verifying_org: 'YOTI',
              media_ids: e.face.mediaIds,
            },
          }
        : {}),
      documents: [
        {
          evidence_id: e.documentEvidenceId,
          timestamp: isoTime(e.at),
          document_fields: documentFields(p),
          passed_checks: e.passedChecks.map((check) => ({ check })),
          verifying_org: 'YOTI',
          media_ids: e.documentMediaIds,
        },
      ],
      electronic_records: [],
    },
    ...(advanced ? { authentication_reports: [authenticationReport(trustFramework, e.at)] } : { authentication_report: authenticationReport(trustFramework, e.at) }),
  };
}

function authenticationReport(trustFramework: string, at: number) {
  return { report_id: randomUUID(), timestamp: isoTime(at), level: 'MEDIUM', policy: 'GPG44', trust_framework: trustFramework };
}

function identityAssertion(p: YotiTestPerson) {
  return {
    current_name: {
      given_names: p.givenNames,
      first_name: p.firstName,
      ...(p.middleName ? { middle_name: p.middleName } : {}),
      family_name: p.familyName,
      full_name: `${p.givenNames} ${p.familyName}`,
    },
    date_of_birth: p.dateOfBirth,
    current_address: { address: p.address },
  };
}

/** The report for simple requirements (one trust framework, one scheme). */
export function identityProfileReport(p: YotiTestPerson, scheme: RequestedScheme, e: ReportEvidence) {
  return {
    identity_assertion: identityAssertion(p),
    verification_report: verificationReport(p, scheme.trustFramework, [scheme], e, false),
  };
}

/** The report for advanced requirements: one verification and authentication report per framework. */
export function advancedIdentityProfileReport(p: YotiTestPerson, schemes: RequestedScheme[], e: ReportEvidence) {
  const frameworks = [...new Set(schemes.map((s) => s.trustFramework))];
  return {
    identity_assertion: identityAssertion(p),
    verification_reports: frameworks.map((f) => verificationReport(p, f, schemes.filter((s) => s.trustFramework === f), e, true)),
  };
}
