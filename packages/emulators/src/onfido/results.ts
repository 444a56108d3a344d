// Sandbox outcomes: which result each report gets (applicant last name "Consider", the check's
// `consider[]` and `sub_result`), and the breakdowns and properties a completed report shows, in
// the shapes of the spec's document and facial-similarity schemas.
import type { ReportRecord, ReportResult, SubResult } from './model.js';

export const SUB_RESULTS = ['clear', 'rejected', 'suspected', 'caution'] as const;
export const isDocumentReport = (name: string) => name.startsWith('document') || name === 'us_driving_licence';
const isFace = (name: string) => name.startsWith('facial_similarity');

/** Onfido's sandbox rules (API reference, "Sandbox responses"); `suspected` for a forced document consider is [U]. */
export function planReport(name: string, rules: { lastName: unknown; consider: readonly string[]; subResult?: SubResult }): ReportRecord['planned'] {
  const forced = rules.lastName === 'Consider' || rules.consider.includes(name);
  if (!isDocumentReport(name)) return { result: forced ? 'consider' : 'clear' };
  const sub: SubResult = rules.subResult ?? (forced ? 'suspected' : 'clear');
  return { result: sub === 'clear' && !forced ? 'clear' : 'consider', sub_result: sub === 'clear' && forced ? 'suspected' : sub };
}

type Leaf = { result: ReportResult; properties: Record<string, unknown> };
const leaf = (result: ReportResult = 'clear', properties: Record<string, unknown> = {}): Leaf => ({ result, properties });
const section = (breakdown: Record<string, Leaf>) => ({
  result: (Object.values(breakdown).some((l) => l.result === 'consider') ? 'consider' : 'clear') as ReportResult,
  breakdown,
});

function documentBreakdown(sub: SubResult | undefined) {
  // rejected = the image could not be processed; suspected = signs of fraud; caution = e.g. expired.
  const bad = (when: SubResult): ReportResult => (sub === when ? 'consider' : 'clear');
  return {
    age_validation: section({ minimum_accepted_age: leaf() }),
    compromised_document: section({ document_database: leaf(), repeat_attempts: leaf() }),
    data_comparison: section({ first_name: leaf(), last_name: leaf(), date_of_birth: leaf(), document_type: leaf(), issuing_country: leaf(), gender: leaf(), date_of_expiry: leaf(), document_numbers: leaf() }),
    data_consistency: section({ first_name: leaf(), last_name: leaf(), date_of_birth: leaf(), document_type: leaf(), nationality: leaf(), gender: leaf(), issuing_country: leaf(), date_of_expiry: leaf(), document_numbers: leaf() }),
    data_validation: section({ date_of_birth: leaf(), document_numbers: leaf(), expiry_date: leaf(), gender: leaf(), mrz: leaf(), document_expiration: leaf(bad('caution')) }),
    image_integrity: section({
      colour_picture: leaf(),
      conclusive_document_quality: leaf(),
      image_quality: leaf(bad('rejected'), sub === 'rejected' ? { blurred_photo: 'consider' } : {}),
      supported_document: leaf(),
    }),
    police_record: { result: 'clear' as ReportResult },
    visual_authenticity: section({
      digital_tampering: leaf(),
      face_detection: leaf(),
      fonts: leaf(),
      original_document_present: leaf(bad('suspected'), sub === 'suspected' ? { photo_of_screen: 'consider' } : {}),
      other: leaf(),
      picture_face_integrity: leaf(),
      security_features: leaf(),
      template: leaf(),
    }),
  };
}

function faceBreakdown(name: string, result: ReportResult, documentId: string | undefined) {
  const score = result === 'clear' ? 0.82 : 0.21;
  const visual: Record<string, Leaf> = { spoofing_detection: leaf('clear', { score: 0.93 }) };
  if (name !== 'facial_similarity_photo' && name !== 'facial_similarity_photo_fully_auto') visual.liveness_detected = leaf();
  return {
    face_comparison: section({ face_match: leaf(result, { score, ...(documentId ? { document_id: documentId } : {}) }) }),
    image_integrity: section({ face_detected: leaf(), source_integrity: leaf() }),
    visual_authenticity: section(visual),
  };
}

/** The report as GET /reports/:id shows it: status, result and, once complete, breakdown and properties. */
export function renderReport(r: ReportRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: r.id,
    created_at: r.created_at,
    href: `/v3.6/reports/${r.id}`,
    status: r.status,
    check_id: r.check_id,
    name: r.name,
  };
  // Only document and facial-similarity reports declare `documents` (spec `*_report_shared`).
  if (r.name.startsWith('document') || isFace(r.name)) out.documents = r.documents.map((id) => ({ id }));
  if (isFace(r.name)) {
    if (r.live_photos.length) out.live_photos = r.live_photos.map((id) => ({ id }));
    if (r.live_videos.length) out.live_videos = r.live_videos.map((id) => ({ id }));
    if (r.motion_captures.length) out.motion_captures = r.motion_captures.map((id) => ({ id }));
  }
  if (r.status !== 'complete') return out;
  out.result = r.planned.result;
  if (r.planned.sub_result) out.sub_result = r.planned.sub_result;
  if (isDocumentReport(r.name)) {
    // us_driving_licence checks the data against the DMV record: its breakdown has its own three parts.
    const result = r.planned.result;
    out.breakdown = r.name === 'us_driving_licence' ? { document: { result }, personal: { result }, address: { result } } : documentBreakdown(r.planned.sub_result);
    // What was read from the document, fixed when the check was created (document-properties.ts).
    out.properties = r.planned.properties ?? {};
  } else if (isFace(r.name)) {
    out.breakdown = faceBreakdown(r.name, r.planned.result, r.documents[0]);
    out.properties = { score: r.planned.result === 'clear' ? 0.82 : 0.21 };
  } else {
    out.breakdown = {};
    out.properties = {};
  }
  return out;
}

/** Which media a report reads, and the name of the field Onfido complains about when it is missing. */
export function mediaNeeds(name: string): { document: boolean; face: 'live_photo' | 'live_video' | 'motion_capture' | null } {
  if (name === 'facial_similarity_photo' || name === 'facial_similarity_photo_fully_auto') return { document: true, face: 'live_photo' };
  if (name === 'facial_similarity_video') return { document: true, face: 'live_video' };
  if (name === 'facial_similarity_motion') return { document: true, face: 'motion_capture' };
  return { document: isDocumentReport(name), face: null };
}

/** Reports whose applicants in the USA need the privacy_notices_read consent (Onfido's US guide). */
export const needsUsConsent = (name: string) => isDocumentReport(name) || isFace(name) || name === 'known_faces';
