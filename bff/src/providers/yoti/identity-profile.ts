// Yoti's identity profile (seed 004) is the report Yoti certified, as Yoti gave it: the session
// result's identity_profile.identity_profile_report names it as media of the session, and its
// JSON is handed to the host unchanged (report_id, timestamps, evidence ids, assurance and schemes
// are all Yoti's). Nothing is mapped; the report is only checked, so that a host gets what the
// contract promises or an error, never a document of another shape:
//
//   - it validates against the one schema of seed 004's report (contract/identity-profile-schema)
//   - each verification report names a trust framework Yoti certifies (UK_TFIDA, YOTI_GLOBAL),
//     never NONE, which is ours for providers that certify none
//   - its subject_id, where present, is our session's id, which the Yoti session was created with
//     (adapter.ts, withSubject): a report of another session is not passed on as this one's
import { Ajv } from 'ajv';
import type { IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import { ProviderError } from '../../errors.js';

const validateReport = new Ajv({ allErrors: true, strict: false }).compile<IdentityProfileReport>(IDENTITY_PROFILE_REPORT_SCHEMA);
const CERTIFIED_FRAMEWORKS = new Set(['UK_TFIDA', 'YOTI_GLOBAL']);

const refused = (why: string) => new ProviderError('provider_error', 'yoti', `Yoti's identity profile report ${why}.`, { operation: 'get_media_content' });

/**
 * The report Yoti certified for our session `sessionId`, as Yoti gave it, once checked. A report
 * that fails is refused naming where (a JSON path of the report's own keys), never a value of it.
 */
export function certifiedReport(document: unknown, sessionId: string): IdentityProfileReport {
  if (!validateReport(document)) {
    const where = [...new Set((validateReport.errors ?? []).map((e) => e.instancePath || '/'))].slice(0, 3).join(', ');
    throw refused(`does not follow seed 004's shape (at ${where})`);
  }
  const verifications = document.verification_reports ?? (document.verification_report ? [document.verification_report] : []);
  if (verifications.some((v) => !CERTIFIED_FRAMEWORKS.has(v.trust_framework))) throw refused('names no trust framework Yoti certifies');
  if (verifications.some((v) => v.subject_id !== undefined && v.subject_id !== sessionId)) throw refused('is about another subject than this session');
  return document;
}
