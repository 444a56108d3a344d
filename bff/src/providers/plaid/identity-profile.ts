// Plaid's identity profile (seed 004): what the template's steps established, read from Plaid's
// identity verification (the one the verdict was read from) when the host asks for the report.
// Plaid certifies no trust framework of seed 004's: NONE, no schemes.
//
//   assurance_process   high, under Plaid IDV, by the template: each step that passed (success, or
//                       approved by a reviewer) listed as an assurance, with its evidence
//   electronic_records  kyc_check passed: the details Plaid matched against its data sources
//                       (only those whose summary is `match`; an SSN as its last four)
//   documents           documentary_verification passed: each document that passed, with the
//                       fields Plaid extracted, and as passed_checks only what Plaid reports
//                       passing (not expired; the issuing state's records (AAMVA); a specialist's
//                       review; the selfie matched to it). Plaid's automated authenticity has no
//                       check of seed 004's (they are manual or chip checks), so it is not one
//   face                selfie_check passed: the selfies whose liveness passed, ACTIVE for Plaid's
//                       video capture, STATIC for its still-image fallback
import type { AssuranceProcess, DocumentCheck, DocumentEvidence, ElectronicRecordEvidence, FaceEvidence, IdentityProfileReport, LivenessType } from '@identity-verify/contract/identity-profile';
import { PLAID_STEPS } from '@identity-verify/contract/providers/plaid';
import { alpha2ToAlpha3 } from 'i18n-iso-countries/index.js';
import { z } from 'zod';
import { identityAssertionOf, reportTimestamp, uncertifiedReport } from '../identity-profile.js';
import type { ProfileContext } from '../types.js';
import { VerificationSchema } from './client.js';

const text = z.string().nullable().optional();
const Name = z.object({ given_name: z.string(), family_name: z.string() }).nullable().optional();
const Address = z.object({ street: text, street2: text, city: text, region: text, postal_code: text, country: text }).nullable().optional();

/** The identity verification as the report reads it: the steps' details beyond what the verdict needs. */
export const ProfileVerificationSchema = VerificationSchema.extend({
  completed_at: text,
  template: z.object({ id: z.string() }),
  user: z
    .object({
      date_of_birth: text,
      name: Name,
      address: Address,
      phone_number: text,
      id_number: z.object({ value: z.string(), type: z.string() }).nullable().optional(),
    })
    .nullable()
    .optional(),
  kyc_check: z
    .object({
      status: z.string(),
      name: z.object({ summary: z.string() }).nullable().optional(),
      date_of_birth: z.object({ summary: z.string() }).nullable().optional(),
      address: z.object({ summary: z.string() }).nullable().optional(),
      id_number: z.object({ summary: z.string() }).nullable().optional(),
      phone_number: z.object({ summary: z.string() }).nullable().optional(),
    })
    .nullable()
    .optional(),
  documentary_verification: z
    .object({
      status: z.string(),
      documents: z.array(
        z.object({
          status: z.string(),
          attempt: z.number(),
          extracted_data: z
            .object({
              id_number: text,
              category: text,
              expiration_date: text,
              issue_date: text,
              issuing_country: text,
              issuing_region: text,
              date_of_birth: text,
              name: Name,
              address: Address,
            })
            .nullable()
            .optional(),
          analysis: z
            .object({
              extracted_data: z.object({ expiration_date: text }).nullable().optional(),
              human_review: z.object({ status: z.string() }).nullable().optional(),
              aamva_verification: z.object({ is_verified: z.boolean() }).nullable().optional(),
            })
            .nullable()
            .optional(),
        }),
      ),
    })
    .nullable()
    .optional(),
  selfie_check: z
    .object({
      status: z.string(),
      selfies: z.array(
        z.object({
          status: z.string(),
          attempt: z.number(),
          capture: z.object({ image_url: text, video_url: text }).nullable().optional(),
          analysis: z.object({ document_comparison: text, liveness_check: text }).nullable().optional(),
        }),
      ),
    })
    .nullable()
    .optional(),
});
export type ProfileVerification = z.infer<typeof ProfileVerificationSchema>;

/** A step Plaid passed, by its machine or by a reviewer. */
const PASSED = ['success', 'manually_approved'];
const passed = (status: string | null | undefined) => PASSED.includes(status ?? '');

/** A country as seed 004 names it (alpha-3, as Yoti does); Plaid gives alpha-2. */
const alpha3 = (country: string | null | undefined) => (country ? (alpha2ToAlpha3(country) ?? country) : country);

/** Plaid's address fields in seed 004's structured postal address, only those Plaid gave. */
function addressOf(a: z.infer<typeof Address>): Record<string, string> | null {
  if (!a) return null;
  const fields = { address_line1: a.street, address_line2: a.street2, town_city: a.city, state: a.region, postal_code: a.postal_code, country_iso: alpha3(a.country) };
  const given = Object.entries(fields).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return given.length ? Object.fromEntries(given) : null;
}

/** The details kyc_check matched against Plaid's sources, as Plaid holds them. */
function matchedDetails(v: ProfileVerification): Record<string, unknown> {
  const kyc = v.kyc_check;
  const user = v.user;
  const matched = (field: 'name' | 'date_of_birth' | 'address' | 'id_number' | 'phone_number') => kyc?.[field]?.summary === 'match';
  const address = matched('address') ? addressOf(user?.address) : null;
  return {
    ...(matched('name') && user?.name ? { given_names: user.name.given_name, family_name: user.name.family_name } : {}),
    ...(matched('date_of_birth') && user?.date_of_birth ? { date_of_birth: user.date_of_birth } : {}),
    ...(address ? { address } : {}),
    ...(matched('phone_number') && user?.phone_number ? { phone_number: user.phone_number } : {}),
    // The full number stays at Plaid: its last four are enough to say which one was matched.
    ...(matched('id_number') && user?.id_number ? { id_number_last4: user.id_number.value.replace(/\W/g, '').slice(-4), id_number_type: user.id_number.type } : {}),
  };
}

export function plaidProfile(ctx: ProfileContext, v: ProfileVerification): IdentityProfileReport {
  // Plaid times the attempt, not each step: the steps are reported at its completion.
  const at = reportTimestamp(v.completed_at ?? ctx.verifiedAt);
  const links: Partial<Record<(typeof PLAID_STEPS)[number], string[]>> = {};

  const records: ElectronicRecordEvidence[] = [];
  if (passed(v.steps.kyc_check)) {
    const id = `${v.id}-kyc_check`;
    records.push({ evidence_id: id, timestamp: at, identity_details: matchedDetails(v), verifying_org: 'PLAID' });
    links.kyc_check = [id];
  }

  const selfies = passed(v.steps.selfie_check) ? (v.selfie_check?.selfies ?? []).filter((s) => s.status === 'success' && s.analysis?.liveness_check === 'success') : [];
  const faceMatched = selfies.some((s) => s.analysis?.document_comparison === 'match');
  let face: FaceEvidence | undefined;
  if (selfies.length) {
    const liveness = (s: (typeof selfies)[number]): { type: LivenessType; timestamp: string } => ({ type: s.capture?.image_url && !s.capture.video_url ? 'STATIC' : 'ACTIVE', timestamp: at });
    const first = selfies[0]!;
    const last = selfies.at(-1)!;
    face = {
      evidence_id: `${v.id}-selfie-${first.attempt}`,
      initial_liveness: liveness(first),
      ...(last !== first ? { last_matched_liveness: liveness(last) } : {}),
      verifying_org: 'PLAID',
    };
    links.selfie_check = [face.evidence_id];
  }

  const documents: DocumentEvidence[] = [];
  if (passed(v.steps.documentary_verification)) {
    for (const d of v.documentary_verification?.documents ?? []) {
      if (!passed(d.status)) continue;
      const checks: DocumentCheck[] = [];
      if (d.analysis?.extracted_data?.expiration_date === 'not_expired') checks.push('DOCUMENT_IN_DATE');
      if (d.analysis?.aamva_verification?.is_verified === true) checks.push('ISSUING_AUTHORITY');
      if (d.analysis?.human_review?.status === 'success') checks.push('MANUAL_VISUAL_DOCUMENT_AUTHENTICITY');
      if (faceMatched) checks.push('AUTOMATED_FACE_MATCH');
      documents.push({ evidence_id: `${v.id}-document-${d.attempt}`, timestamp: at, document_fields: documentFields(d.extracted_data), passed_checks: checks.map((check) => ({ check })), verifying_org: 'PLAID' });
    }
    if (documents.length) links.documentary_verification = documents.map((d) => d.evidence_id);
  }

  const assurance: AssuranceProcess = {
    level_of_assurance: 'HIGH',
    policy: 'PLAID_IDV',
    procedure: v.template.id,
    assurance: PLAID_STEPS.filter((step) => passed(v.steps[step])).map((step) => ({
      type: step.toUpperCase(),
      classification: v.steps[step]!.toUpperCase(),
      ...(links[step] ? { evidence_links: links[step] } : {}),
    })),
  };

  return uncertifiedReport(ctx, identityAssertionOf(ctx.verified), {
    assurance_process: assurance,
    evidence: {
      ...(face ? { face } : {}),
      ...(documents.length ? { documents } : {}),
      ...(records.length ? { electronic_records: records } : {}),
    },
  });
}

type Extracted = NonNullable<NonNullable<ProfileVerification['documentary_verification']>['documents'][number]['extracted_data']>;

/** What Plaid read from the document, in seed 004's document field names. */
function documentFields(e: Extracted | null | undefined): Record<string, unknown> {
  if (!e) return {};
  const address = addressOf(e.address);
  const fields: Record<string, unknown> = {
    ...(e.name ? { given_names: e.name.given_name, family_name: e.name.family_name, full_name: `${e.name.given_name} ${e.name.family_name}` } : {}),
    date_of_birth: e.date_of_birth,
    document_type: e.category?.toUpperCase(),
    document_number: e.id_number,
    issuing_country: alpha3(e.issuing_country),
    issuing_region: e.issuing_region,
    date_of_issue: e.issue_date,
    expiration_date: e.expiration_date,
    ...(address ? { structured_postal_address: address } : {}),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}
