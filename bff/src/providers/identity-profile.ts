// What every provider's identity profile mapper shares: the person's assertion from what we keep
// of them, and the report's identity (its id, time and subject). Each provider maps its own
// evidence (providers/<key>/identity-profile.ts); the contract's table says how.
import { alpha2ToAlpha3 } from 'i18n-iso-countries/index.js';
import type { IdentityAssertion, IdentityProfileReport, ReportTimestamp, VerificationReport } from '@identity-verify/contract/identity-profile';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { ProfileContext } from './types.js';

type DateParts = { year: number | null; month: number | null; day: number | null } | null | undefined;

/** yyyy-mm-dd, or null when any part is missing. */
export function isoDate(date: DateParts): string | null {
  if (!date?.year || !date.month || !date.day) return null;
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** The parts of a yyyy-mm-dd date as a provider writes one, or null. */
export function dateParts(value: string | null | undefined): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
}

/** RFC 3339 UTC to the second, as seed 004 writes its timestamps. */
export const reportTimestamp = (date: Date | string): ReportTimestamp => new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The identity assertion from the person's verified data: the name as the provider gave it, the
 * date of birth (from what we keep, else `dob` read live where the provider keeps it for us),
 * and the address in Yoti's structured postal address fields.
 */
export function identityAssertionOf(person: VerifiedOutputs | null, dob: DateParts = person?.dob): IdentityAssertion {
  const given = person?.first_name ?? null;
  const family = person?.last_name ?? null;
  const a = person?.address;
  const address = a
    ? Object.fromEntries(
        // Yoti's structured postal address names the country by its alpha-3 code (GBR); we keep alpha-2.
        Object.entries({ address_line1: a.line1, address_line2: a.line2, town_city: a.city, state: a.state, postal_code: a.postal_code, country_iso: a.country ? alpha2ToAlpha3(a.country) ?? a.country : null }).filter(([, v]) => v),
      )
    : {};
  return {
    ...(given ? { current_name: { given_names: given, first_name: given.split(' ')[0]!, ...(family ? { family_name: family } : {}), full_name: [given, family].filter(Boolean).join(' ') } } : {}),
    // Required by seed 004; every identity provider we have establishes it. An empty string
    // would fail the schema loudly rather than pass a report with no date of birth.
    date_of_birth: isoDate(dob) ?? '',
    ...(Object.keys(address).length ? { current_address: { address } } : {}),
  };
}

/** The report's own identity: ours for the attempt (one verified attempt, one report), its time and the host's subject. */
export function reportIdentityOf(ctx: ProfileContext): Pick<VerificationReport, 'report_id' | 'timestamp' | 'subject_id'> {
  const subject = (ctx.session as { subject?: string | null }).subject ?? ctx.session.reference;
  return { report_id: `ipr_${ctx.attempt.id}`, timestamp: reportTimestamp(ctx.verifiedAt), ...(subject ? { subject_id: subject } : {}) };
}

/**
 * The report of a provider that certified no trust framework (every one but Yoti): its own
 * assurance and evidence under our report identity, with trust_framework NONE and no scheme.
 */
export function uncertifiedReport(
  ctx: ProfileContext,
  identity_assertion: IdentityAssertion,
  established: Pick<VerificationReport, 'assurance_process' | 'evidence' | 'authentication_report'>,
): IdentityProfileReport {
  return { identity_assertion, verification_report: { ...reportIdentityOf(ctx), trust_framework: 'NONE', schemes_compliance: [], ...established } };
}
