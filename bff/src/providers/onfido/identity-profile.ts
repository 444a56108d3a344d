// Onfido's identity profile (seed 004): what the attempt's check established, read live from
// Onfido (the reports' verdicts and, for the person, the document report's properties, which we
// never store). Onfido certifies no trust framework (NONE, no schemes).
//
//   identity_assertion   the names we keep (the document report's); the date of birth from the
//                        document report's properties
//   assurance_process    HIGH with a facial similarity report clear, else SUBSTANTIAL (the level
//                        the attempt's claim carries) · ONFIDO · the reports run, joined by +
//   evidence.documents   each document report: its properties as Yoti's document fields, and
//                        passed_checks for the breakdown results Onfido reported clear:
//                          DOCUMENT_IN_DATE        data_validation.document_expiration
//                          CHIP_DIGITAL_SIGNATURE  issuing_authority.nfc_passive_authentication
//                                                  (the chip's signed data not tampered with)
//                          FRAUD_DOCUMENTS_LIST    police_record (lost, stolen or compromised) or
//                                                  compromised_document.document_database
//                          AUTOMATED_FACE_MATCH    the facial similarity report's
//                                                  face_comparison.face_match
//                        Not claimed: MANUAL_VISUAL_DOCUMENT_AUTHENTICITY (visual_authenticity
//                        does not say a person looked) and ISSUING_AUTHORITY (the reports we run
//                        consult no issuer's records). evidence_id the report's id, media_ids
//                        Onfido's document ids
//   evidence.face        the facial similarity report, only when clear: STATIC for a photo,
//                        ACTIVE for a video or motion capture (the person moves as asked);
//                        evidence_id the report's id, media_ids the live photo, video or motion ids
import { alpha2ToAlpha3 } from 'i18n-iso-countries/index.js';
import type { DocumentCheck, DocumentEvidence, FaceEvidence, IdentityProfileReport, LivenessType } from '@identity-verify/contract/identity-profile';
import { dateParts, identityAssertionOf, reportTimestamp, uncertifiedReport } from '../identity-profile.js';
import type { ProfileContext } from '../types.js';
import { allowListedBreakdown, documentProperties, isDocument, isFace, type OnfidoReport } from './outcome.js';

export const ONFIDO_ORG = 'ONFIDO';

/** A breakdown as Onfido's allow-list keeps it (snake_case names): sections, their leaves, each with its result word. */
export type VerdictBreakdown = Record<string, { result: string | null; breakdown: Record<string, { result: string | null }> }>;

/** The document checks of seed 004 a document breakdown reports passed (see the table above); the face match is the face report's. */
export function passedDocumentChecks(breakdown: VerdictBreakdown, faceMatched: boolean): DocumentCheck[] {
  const clear = (section: string, leaf?: string) => (leaf ? breakdown[section]?.breakdown[leaf]?.result : breakdown[section]?.result) === 'clear';
  const passed: [DocumentCheck, boolean][] = [
    ['CHIP_DIGITAL_SIGNATURE', clear('issuing_authority', 'nfc_passive_authentication')],
    ['DOCUMENT_IN_DATE', clear('data_validation', 'document_expiration')],
    ['FRAUD_DOCUMENTS_LIST', clear('police_record') || clear('compromised_document', 'document_database')],
    ['AUTOMATED_FACE_MATCH', faceMatched],
  ];
  return passed.filter(([, ok]) => ok).map(([check]) => check);
}

/** Document types (Onfido's, Assure's) in the words of Yoti's document fields; others in capitals as they are. */
const DOCUMENT_TYPES: Record<string, string> = {
  passport: 'PASSPORT',
  driving_licence: 'DRIVING_LICENCE',
  driversLicense: 'DRIVING_LICENCE',
  national_identity_card: 'NATIONAL_ID',
  identityCard: 'NATIONAL_ID',
  residence_permit: 'RESIDENCE_PERMIT',
  residencePermit: 'RESIDENCE_PERMIT',
};
export function documentTypeOf(word: string | null | undefined): string | null {
  if (!word || !/^[A-Za-z_]{1,40}$/.test(word)) return null;
  return DOCUMENT_TYPES[word] ?? word.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/** ISO 3166-1 alpha-3, as Yoti's document fields have it (Onfido and Assure send alpha-3 already). */
export function alpha3Of(country: string | null | undefined): string | null {
  if (!country) return null;
  if (/^[A-Z]{3}$/.test(country)) return country;
  return /^[A-Z]{2}$/.test(country) ? (alpha2ToAlpha3(country) ?? null) : null;
}

/** Only the strings that are there, and nothing empty. */
export const present = (fields: Record<string, string | null | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

/** An id of Onfido's (a UUID), kept as a media id; anything else is not passed on. */
const mediaIds = (refs: { id: string }[] | undefined) => (refs ?? []).map((r) => r.id).filter((id) => /^[\w-]{1,128}$/.test(id));

const LIVENESS: Record<string, LivenessType> = {
  facial_similarity_photo: 'STATIC',
  facial_similarity_photo_fully_auto: 'STATIC',
  facial_similarity_video: 'ACTIVE',
  facial_similarity_motion: 'ACTIVE',
};

/** The report of a verified attempt from its check's reports (complete), as Onfido gave them. */
export function onfidoIdentityProfile(ctx: ProfileContext, reports: readonly OnfidoReport[]): IdentityProfileReport {
  const at = (r: OnfidoReport) => reportTimestamp(r.created_at && !Number.isNaN(Date.parse(r.created_at)) ? r.created_at : ctx.verifiedAt);
  const faceReport = reports.find(isFace);
  const faceBreakdown = faceReport ? allowListedBreakdown(faceReport.breakdown) : {};
  const faceLeaf = faceBreakdown.face_comparison?.breakdown.face_match?.result ?? faceBreakdown.face_comparison?.result;
  const faceMatched = faceLeaf === 'clear';
  const liveness = faceReport?.result === 'clear' ? LIVENESS[faceReport.name] : undefined;

  const p = documentProperties(reports);
  const number = p.document_numbers?.find((n) => n.type === 'document_number')?.value ?? p.document_numbers?.[0]?.value;
  const given = [p.first_name, p.middle_name].filter(Boolean).join(' ') || null;
  const fields = present({
    full_name: [given, p.last_name].filter(Boolean).join(' ') || null,
    given_names: given,
    first_name: p.first_name,
    middle_name: p.middle_name,
    family_name: p.last_name,
    date_of_birth: p.date_of_birth,
    nationality: alpha3Of(p.nationality),
    document_type: documentTypeOf(p.document_type),
    issuing_country: alpha3Of(p.issuing_country),
    document_number: number,
    expiration_date: p.date_of_expiry,
    date_of_issue: p.issuing_date,
  });

  const documents: DocumentEvidence[] = reports.filter(isDocument).map((r) => ({
    evidence_id: r.id,
    timestamp: at(r),
    document_fields: fields,
    passed_checks: passedDocumentChecks(allowListedBreakdown(r.breakdown), faceMatched).map((check) => ({ check })),
    verifying_org: ONFIDO_ORG,
    ...(mediaIds(r.documents).length ? { media_ids: mediaIds(r.documents) } : {}),
  }));
  const faceMedia = faceReport ? mediaIds([...(faceReport.live_photos ?? []), ...(faceReport.live_videos ?? []), ...(faceReport.motion_captures ?? [])]) : [];
  const face: FaceEvidence | undefined =
    faceReport && liveness
      ? {
          evidence_id: faceReport.id,
          initial_liveness: { type: liveness, timestamp: at(faceReport) },
          verifying_org: ONFIDO_ORG,
          ...(faceMedia.length ? { media_ids: faceMedia } : {}),
        }
      : undefined;

  const dob = dateParts(p.date_of_birth);
  return uncertifiedReport(ctx, identityAssertionOf(ctx.verified, dob ?? ctx.verified?.dob), {
    assurance_process: {
      // As the verdict judged it (outcome.ts): a face matched makes it high.
      level_of_assurance: reports.some((r) => isFace(r) && r.result === 'clear') ? 'HIGH' : 'SUBSTANTIAL',
      policy: 'ONFIDO',
      ...(reports.length ? { procedure: reports.map((r) => r.name).join('+') } : {}),
    },
    evidence: { ...(face ? { face } : {}), documents },
  });
}
