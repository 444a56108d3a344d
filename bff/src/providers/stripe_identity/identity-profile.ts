// Stripe Identity's identity profile (seed 004): what Stripe's last verification report of the
// verified session established. Stripe certifies no trust framework (NONE, no schemes).
//
//   identity_assertion   the names and address we keep (verified_outputs); the date of birth read
//                        live (verified_outputs.dob), which Stripe gives only to a restricted key
//   assurance_process    HIGH (the level the attempt's claim carries) · STRIPE_IDENTITY ·
//                        DOCUMENT, or DOCUMENT_SELFIE when Stripe checked a selfie too
//   evidence.documents   Stripe's document check (report.document): the fields Stripe read off
//                        the document; passed_checks DOCUMENT_IN_DATE when the check verified
//                        (Stripe fails an expired document with document_expired), and
//                        AUTOMATED_FACE_MATCH when the selfie check verified (Stripe matches the
//                        selfie to the document's photo by machine). Stripe does not consult the
//                        issuer, read a chip or a fraud list, so nothing else is claimed.
//                        evidence_id `<report id>:document`, media_ids the document's file ids
//   evidence.face        the selfie check, only when verified: STATIC liveness (one live-captured
//                        photo), evidence_id `<report id>:selfie`, media_ids the selfie's file id
import type Stripe from 'stripe';
import { alpha2ToAlpha3 } from 'i18n-iso-countries/index.js';
import type { DocumentCheck, DocumentEvidence, FaceEvidence, IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { identityAssertionOf, isoDate, reportTimestamp, uncertifiedReport } from '../identity-profile.js';
import type { ProfileContext } from '../types.js';

export const STRIPE_ORG = 'STRIPE';

/** Stripe's document types in the words of Yoti's document fields. */
const DOCUMENT_TYPES: Record<string, string> = { passport: 'PASSPORT', driving_license: 'DRIVING_LICENCE', id_card: 'NATIONAL_ID' };

type Report = Stripe.Identity.VerificationReport;

/** Seed 004's document fields from what Stripe read off the document (Yoti's field names). */
function documentFields(doc: NonNullable<Report['document']>): Record<string, string> {
  const given = doc.first_name ?? null;
  const family = doc.last_name ?? null;
  const fields: Record<string, string | null | undefined> = {
    full_name: [given, family].filter(Boolean).join(' ') || null,
    given_names: given,
    family_name: family,
    date_of_birth: isoDate(doc.dob),
    document_type: doc.type ? (DOCUMENT_TYPES[doc.type] ?? null) : null,
    issuing_country: doc.issuing_country ? (alpha2ToAlpha3(doc.issuing_country) ?? null) : null,
    document_number: doc.number ?? null,
    expiration_date: isoDate(doc.expiration_date),
    date_of_issue: isoDate(doc.issued_date),
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

/**
 * The report of a verified Stripe session, retrieved with the restricted key and expanded as
 * STRIPE_PROFILE_EXPAND says; `session.last_verification_report` must be the expanded report.
 */
export function stripeIdentityProfile(ctx: ProfileContext, session: Stripe.Identity.VerificationSession): IdentityProfileReport {
  const report = session.last_verification_report;
  if (!report || typeof report !== 'object') throw new Error('The Stripe session was read without its verification report.');
  const at = reportTimestamp(new Date(report.created * 1000));
  const doc = report.document;
  const selfie = report.selfie;
  const faceMatched = selfie?.status === 'verified';

  const passed: DocumentCheck[] = [];
  if (doc?.status === 'verified') passed.push('DOCUMENT_IN_DATE');
  if (doc?.status === 'verified' && faceMatched) passed.push('AUTOMATED_FACE_MATCH');

  const documents: DocumentEvidence[] = doc
    ? [
        {
          evidence_id: `${report.id}:document`,
          timestamp: at,
          document_fields: documentFields(doc),
          passed_checks: passed.map((check) => ({ check })),
          verifying_org: STRIPE_ORG,
          ...(doc.files?.length ? { media_ids: doc.files } : {}),
        },
      ]
    : [];
  const face: FaceEvidence | undefined = faceMatched
    ? {
        evidence_id: `${report.id}:selfie`,
        initial_liveness: { type: 'STATIC', timestamp: at },
        verifying_org: STRIPE_ORG,
        ...(selfie.selfie ? { media_ids: [selfie.selfie] } : {}),
      }
    : undefined;

  return uncertifiedReport(ctx, identityAssertionOf(ctx.verified, session.verified_outputs?.dob ?? ctx.verified?.dob), {
    assurance_process: { level_of_assurance: 'HIGH', policy: 'STRIPE_IDENTITY', procedure: selfie ? 'DOCUMENT_SELFIE' : 'DOCUMENT' },
    evidence: { ...(face ? { face } : {}), documents },
  });
}

/** What identityProfile expands: the report with the document's sensitive fields, and the date of birth (restricted key only). */
export const STRIPE_PROFILE_EXPAND = [
  'verified_outputs',
  'verified_outputs.dob',
  'last_verification_report',
  'last_verification_report.document.dob',
  'last_verification_report.document.number',
  'last_verification_report.document.expiration_date',
];
