// The identity profile report (seed 004) as the demo's host panel shows it: how the person was
// verified (framework, schemes, assurance, the evidence and its checks), without who they are.
// The report carries the person's name, date of birth, address and document fields; a product
// team trying the demo sees that those fields came, by name, not their values, which stay on
// this backend and are read once per verified session.
import type { IdentityProfileReport, VerificationReport } from '@identity-verify/contract/identity-profile';

export interface ProfileSummary {
  trust_framework: string;
  schemes: { type: string; objective: string | null; met: boolean; not_met_info: string | null }[];
  assurance: { level: string; policy: string; procedure: string | null };
  documents: { verifying_org: string; checks: string[]; fields: string[] }[];
  face: { verifying_org: string; liveness: string } | null;
  electronic_records: { verifying_org: string; fields: string[] }[];
  authentication: { level: string; policy: string } | null;
  /** Which personal fields the report asserts (names only). */
  asserted: string[];
}

export function summarizeProfile(report: IdentityProfileReport): ProfileSummary | null {
  const verification: VerificationReport | undefined = report.verification_report ?? report.verification_reports?.[0];
  if (!verification) return null;
  const { evidence } = verification;
  const authentication = verification.authentication_report ?? verification.authentication_reports?.[0];
  return {
    trust_framework: verification.trust_framework,
    schemes: verification.schemes_compliance.map((c) => ({ type: c.scheme.type, objective: c.scheme.objective ?? null, met: c.requirements_met, not_met_info: c.requirements_not_met_info ?? null })),
    assurance: { level: verification.assurance_process.level_of_assurance, policy: verification.assurance_process.policy, procedure: verification.assurance_process.procedure ?? null },
    documents: (evidence.documents ?? []).map((d) => ({ verifying_org: d.verifying_org, checks: d.passed_checks.map((p) => p.check), fields: Object.keys(d.document_fields) })),
    face: evidence.face ? { verifying_org: evidence.face.verifying_org, liveness: evidence.face.initial_liveness.type } : null,
    electronic_records: (evidence.electronic_records ?? []).map((r) => ({ verifying_org: r.verifying_org, fields: Object.keys(r.identity_details) })),
    authentication: authentication ? { level: authentication.level, policy: authentication.policy } : null,
    asserted: Object.keys(report.identity_assertion),
  };
}
