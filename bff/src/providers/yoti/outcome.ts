// What a Yoti session result means for the attempt, kept apart from the calls so it is tested on
// its own: the session read into plain fields (readSession), the verdict (outcomeOf), and the
// person's names and date of birth from the identity profile report Yoti certified (personOf).
import { alpha3ToAlpha2 } from 'i18n-iso-countries/index.js';
import { z } from 'zod';
import { OUTCOME_ERRORS, type OutcomeErrorCode } from '@identity-verify/contract/errors';
import type { YotiResult } from '@identity-verify/contract/providers/yoti';
import type { SensitiveOutputs, VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { TrustLayer } from '@identity-verify/contract/vocabulary';
import { safeProviderCode } from '../http.js';
import type { Outcome } from '../types.js';

type GetSessionResult = Awaited<ReturnType<InstanceType<typeof import('yoti').IDVClient>['getSession']>>;

/** The parts of a session result the verdict depends on: states, codes and ids, no personal data. */
export interface SessionRead {
  state: string;
  profile: {
    result: string;
    trustFramework: string | null;
    /** Each scheme asked for, and whether Yoti found its requirements met. */
    schemes: { type: string; met: boolean }[];
    /** Yoti's reason code when the profile was not met (FRAUD_DETECTED, MANDATORY_DOCUMENT_NOT_PROVIDED…). */
    reasonCode: string | null;
    /** The report Yoti certified, as media of the session (JSON), when the profile was met. */
    reportMediaId: string | null;
  } | null;
  checks: { type: string; recommendation: string | null }[];
  /** The person handed Yoti a document: the session is Yoti's to decide, not the person's to do. */
  evidenceCaptured: boolean;
}

// The SDK's getters are typed as always answering; a field Yoti left out reads as undefined.
const token = (value: unknown): string | null => safeProviderCode(value) ?? null;

export function readSession(result: GetSessionResult): SessionRead {
  const profile = result.getIdentityProfile();
  const report = profile?.getIdentityProfileReport();
  return {
    state: token(result.getState()) ?? 'UNKNOWN',
    profile: profile
      ? {
          result: token(profile.getResult()) ?? 'UNKNOWN',
          trustFramework: token(report?.getTrustFramework()),
          schemes: (report?.getSchemesCompliance() ?? []).map((c) => ({ type: token(c.getScheme()?.getType()) ?? 'UNKNOWN', met: c.isRequirementsMet() === true })),
          reasonCode: token(profile.getFailureReason()?.getReasonCode()),
          reportMediaId: token(report?.getMedia()?.getId()),
        }
      : null,
    checks: (result.getChecks() ?? []).map((c) => ({ type: token(c.getType()) ?? 'UNKNOWN', recommendation: token(c.getReport()?.getRecommendation()?.getValue()) })),
    evidenceCaptured: (result.getResources()?.getIdDocuments() ?? []).length > 0,
  };
}

/** Yoti's reasons for a profile not met, onto ours; the code itself is kept in the reason and the details. */
const REASONS: Record<string, OutcomeErrorCode> = {
  MANDATORY_DOCUMENT_NOT_PROVIDED: 'document_unverified_other',
  MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED: 'document_unverified_other',
  UNABLE_TO_VALIDATE_DOCUMENT: 'document_unverified_other',
  MISSING_LIVENESS: 'selfie_unverified_other',
  FACE_MATCH_VERIFICATION_FAILED: 'selfie_unverified_other',
  FACE_MATCH_HIGHER_THRESHOLD_VERIFICATION_FAILED: 'selfie_unverified_other',
};

/** The verdict the host reads beside our status: Yoti's own words as codes, and the profile asked for. */
export function detailsOf(read: SessionRead, asked: { trust_framework: string; scheme: { type: string } }): YotiResult {
  return {
    provider_key: 'yoti',
    session_state: read.state,
    identity_profile: read.profile
      ? {
          result: read.profile.result,
          trust_framework: read.profile.trustFramework ?? asked.trust_framework,
          scheme: read.profile.schemes[0]?.type ?? asked.scheme.type,
          failure_reason: read.profile.reasonCode,
        }
      : null,
    checks: read.checks,
  };
}

export interface Verdict {
  outcome: Outcome;
  /** Set when the outcome is verified and the person's details should be read from the report. */
  reportMediaId?: string;
}

/**
 * The attempt's outcome from the session result, never from the user view's message: the profile
 * DONE with every scheme asked for met → verified; FAIL, or DONE with a scheme not met → rejected
 * with Yoti's reason; the session still going → pending (or processing once the person handed in
 * a document and Yoti is deciding); EXPIRED with no verdict → failed.
 */
export function outcomeOf(read: SessionRead, asked: { trust_framework: string; scheme: { type: string } }, layer: TrustLayer, submitted = false): Verdict {
  const details = detailsOf(read, asked);
  const profile = read.profile;
  if (profile?.result === 'DONE' && profile.schemes.length > 0 && profile.schemes.every((s) => s.met)) {
    // The identity was established whatever the session asked (its claim carries no PII); the
    // person's data is kept only when the session asked who they are.
    const identity = layer === 'identity';
    return {
      outcome: { status: 'verified', claims: ['verified_identity'], assurance: 'high', details },
      ...(identity && profile.reportMediaId ? { reportMediaId: profile.reportMediaId } : {}),
    };
  }
  if (profile?.result === 'DONE' || profile?.result === 'FAIL') {
    const reason = profile.reasonCode ?? (profile.result === 'DONE' ? 'REQUIREMENTS_NOT_MET' : 'FAIL');
    const code = REASONS[reason] ?? 'verification_failed';
    return { outcome: { status: 'rejected', error: { code, reason: `${OUTCOME_ERRORS[code]} Yoti: the identity profile was not met (${reason}).` }, details } };
  }
  if (read.state === 'EXPIRED') {
    return { outcome: { status: 'failed', error: { code: 'session_expired', reason: 'The Yoti session expired before it was completed.' }, details } };
  }
  // COMPLETED without a verdict, or the person done and Yoti's checks still running: Yoti decides.
  if (read.state === 'COMPLETED' || (submitted && read.evidenceCaptured)) return { outcome: { status: 'processing', details } };
  return { outcome: { status: 'pending' } };
}

// The identity profile report (seed 004): only the identity assertion and the document's fields
// are read; anything else in it is left alone.
const Name = z.object({ given_names: z.string().optional(), first_name: z.string().optional(), family_name: z.string().optional() });
const Address = z.object({
  address_line1: z.string().optional(),
  address_line2: z.string().optional(),
  town_city: z.string().optional(),
  state: z.string().optional(),
  postal_code: z.string().optional(),
  country_iso: z.string().optional(),
});
const DocumentFields = z.object({ document_number: z.string().optional(), expiration_date: z.string().optional() });
const VerificationReport = z.object({ evidence: z.object({ documents: z.array(z.object({ document_fields: DocumentFields.optional() })).optional() }).optional() });
export const ReportSchema = z.object({
  identity_assertion: z.object({
    current_name: Name.optional(),
    date_of_birth: z.string().optional(),
    current_address: z.object({ address: Address.optional() }).optional(),
  }),
  verification_report: VerificationReport.optional(),
  verification_reports: z.array(VerificationReport).optional(),
});
export type IdentityProfileReport = z.infer<typeof ReportSchema>;

function dateOf(value: string | undefined): { year: number; month: number; day: number } | null {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
}

/** The names, date of birth and address Yoti certified, for the encrypted copy the host may read. */
export function personOf(report: IdentityProfileReport): VerifiedOutputs {
  const { current_name: name, date_of_birth: dob, current_address: current } = report.identity_assertion;
  const address = current?.address;
  return {
    first_name: name?.first_name ?? name?.given_names?.split(' ')[0] ?? null,
    last_name: name?.family_name ?? null,
    dob: dateOf(dob),
    address: address
      ? {
          line1: address.address_line1 ?? null,
          line2: address.address_line2 ?? null,
          city: address.town_city ?? null,
          state: address.state ?? null,
          postal_code: address.postal_code ?? null,
          country: (address.country_iso && alpha3ToAlpha2(address.country_iso)) || null,
        }
      : null,
  };
}

/** The date of birth and the document's number and expiry, read live for the host (include=sensitive_outputs). */
export function sensitiveOf(report: IdentityProfileReport): SensitiveOutputs {
  const verification = report.verification_report ?? report.verification_reports?.[0];
  const fields = verification?.evidence?.documents?.[0]?.document_fields;
  return {
    dob: dateOf(report.identity_assertion.date_of_birth),
    id_number: null,
    document_number: fields?.document_number ?? null,
    document_expiration_date: dateOf(fields?.expiration_date),
  };
}
