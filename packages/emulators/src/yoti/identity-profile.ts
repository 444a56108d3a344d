// The identity profile a completed session reports. For identity profile sessions "the outcomes
// that you define for the individual checks will determine the overall outcome" [D]: every check
// approved and the text extracted → DONE, with the report (./report.ts) stored as JSON media;
// otherwise FAIL with a failure reason and no report [U that none is given]. Reason codes:
// MANDATORY_DOCUMENT_NOT_PROVIDED for failed extraction [D], FRAUD_DETECTED for a tampered
// document [D]; the others are our reading of Yoti's list [U].
import { randomUUID } from 'node:crypto';
import { mediaRef, type MediaItem } from './model.js';
import type { YotiTestPerson } from './people.js';
import { advancedIdentityProfileReport, identityProfileReport, type ReportEvidence } from './report.js';
import type { ConfiguredReport } from './response-config.js';
import type { RequestedScheme } from './specification.js';

const FACE_CHECKS = new Set(['LIVENESS', 'ID_DOCUMENT_FACE_MATCH', 'FACE_COMPARISON']);

export interface ProfileInputs {
  person: YotiTestPerson;
  schemes: RequestedScheme[];
  /** Advanced requirements: compliance per trust framework, schemes with labels. */
  advanced: boolean;
  subjectId?: string;
  /** Each check's report, by type. */
  reports: ReadonlyMap<string, ConfiguredReport>;
  extraction: { ok: boolean; reason?: string };
  evidence: Omit<ReportEvidence, 'passedChecks' | 'subjectId'>;
  /** Stores the report document as the session's media. */
  storeJson(value: unknown): MediaItem;
}

function failureFor(type: string, r: ConfiguredReport): { reason_code: string; failure_type: string } {
  if (type === 'ID_DOCUMENT_AUTHENTICITY' && r.recommendation.value === 'REJECT') return { reason_code: 'FRAUD_DETECTED', failure_type: type };
  if (r.recommendation.value === 'NOT_AVAILABLE') return { reason_code: 'MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED', failure_type: type };
  return { reason_code: FACE_CHECKS.has(type) ? 'FRAUD_DETECTED' : 'MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED', failure_type: type };
}

function failed(i: ProfileInputs): Record<string, unknown> | undefined {
  const failing = [...i.reports].find(([, r]) => r.recommendation.value !== 'APPROVE');
  if (i.extraction.ok && !failing) return undefined;
  const failure = !i.extraction.ok ? { reason_code: 'MANDATORY_DOCUMENT_NOT_PROVIDED', failure_type: 'ID_DOCUMENT_EXTRACTION' } : failureFor(failing![0], failing![1]);
  const details = !i.extraction.ok ? (i.extraction.reason ?? 'text extraction failed') : (failing![1].recommendation.reason ?? failing![1].recommendation.value);
  const detail = { failure_type: failure.failure_type, document_type: i.person.document.type, document_country_iso_code: i.person.document.issuingCountry, audit_id: randomUUID(), details };
  return { result: 'FAIL', failure_reason: { reason_code: failure.reason_code, requirements_not_met_details: [detail] } };
}

function met(i: ProfileInputs): Record<string, unknown> {
  const passedChecks = ['DOCUMENT_IN_DATE'];
  if (i.reports.has('ID_DOCUMENT_AUTHENTICITY')) passedChecks.push('MANUAL_VISUAL_DOCUMENT_AUTHENTICITY');
  if (i.reports.has('ID_DOCUMENT_FACE_MATCH')) passedChecks.push('AUTOMATED_FACE_MATCH');
  const evidence: ReportEvidence = { ...i.evidence, subjectId: i.subjectId, passedChecks };
  const document = i.advanced ? advancedIdentityProfileReport(i.person, i.schemes, evidence) : identityProfileReport(i.person, i.schemes[0]!, evidence);
  const media = mediaRef(i.storeJson(document));
  const compliance = (s: RequestedScheme) => ({
    scheme: { type: s.type, ...(s.objective ? { objective: s.objective } : {}), ...(i.advanced ? { label: s.label } : {}) },
    requirements_met: true,
  });
  if (!i.advanced) {
    return { result: 'DONE', identity_profile_report: { trust_framework: i.schemes[0]!.trustFramework, schemes_compliance: [compliance(i.schemes[0]!)], media } };
  }
  const frameworks = [...new Set(i.schemes.map((s) => s.trustFramework))];
  const perFramework = frameworks.map((f) => ({ trust_framework: f, schemes_compliance: i.schemes.filter((s) => s.trustFramework === f).map(compliance) }));
  return { result: 'DONE', identity_profile_report: { compliance: perFramework, media } };
}

/** `identity_profile` (or `advanced_identity_profile`) as the session result carries it once completed. */
export function identityProfileOutcome(i: ProfileInputs): Record<string, unknown> {
  return { ...(i.subjectId ? { subject_id: i.subjectId } : {}), ...(failed(i) ?? met(i)) };
}
