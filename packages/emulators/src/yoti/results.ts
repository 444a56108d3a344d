// What completing the user view produces: the document and face resources with their media, each
// check's report (as the sandbox response configuration says, else Yoti's default approval), and
// the identity profile (./identity-profile.ts); and the session result GET /sessions/{id} answers.
import { randomUUID } from 'node:crypto';
import jpeg from 'jpeg-js';
import { identityProfileOutcome } from './identity-profile.js';
import { isoTime, mediaRef, type Completion, type MediaItem, type YotiSession, type YotiStore } from './model.js';
import { fullName, type YotiTestPerson } from './people.js';
import { configuredExtraction, configuredReport, type ConfiguredReport } from './response-config.js';
import { requestedSchemes, type CheckType } from './specification.js';

/** What the emulated user did, when it completes the session. */
export type CompletingOutcome = 'verified' | 'profile_not_met';

const IDENTITY_PROFILE_CHECKS: CheckType[] = ['ID_DOCUMENT_AUTHENTICITY', 'ID_DOCUMENT_TEXT_DATA_CHECK', 'ID_DOCUMENT_FACE_MATCH', 'LIVENESS'];
const FACE_CHECKS = new Set<string>(['LIVENESS', 'ID_DOCUMENT_FACE_MATCH', 'FACE_COMPARISON']);

/** Sub-checks shown when a configured report has no breakdown (names from Yoti's report pages). */
const DEFAULT_SUB_CHECKS: Record<string, string> = {
  ID_DOCUMENT_AUTHENTICITY: 'no_sign_of_tampering',
  ID_DOCUMENT_FACE_MATCH: 'ai_face_match',
  LIVENESS: 'liveness_auth',
  ID_DOCUMENT_TEXT_DATA_CHECK: 'text_data_readable',
};

/** The checks a session runs: those requested, the text data check of an extraction task, and for identity profiles the ones its scheme needs [U which exactly]. */
export function sessionCheckTypes(s: YotiSession): string[] {
  const types = new Set<string>((s.spec.requested_checks ?? []).map((c) => c.type));
  if ((s.spec.requested_tasks ?? []).some((t) => t.type === 'ID_DOCUMENT_TEXT_DATA_EXTRACTION')) types.add('ID_DOCUMENT_TEXT_DATA_CHECK');
  if (requestedSchemes(s.spec).length > 0) IDENTITY_PROFILE_CHECKS.forEach((t) => types.add(t));
  return [...types];
}

export const needsFace = (s: YotiSession): boolean => sessionCheckTypes(s).some((t) => FACE_CHECKS.has(t));

// A plain grey JPEG stands in for every captured image: the wire carries real image bytes.
let placeholderJpeg: Buffer | undefined;
function imageBytes(): Buffer {
  placeholderJpeg ??= jpeg.encode({ width: 32, height: 20, data: Buffer.alloc(32 * 20 * 4, 0xa0) }, 80).data;
  return placeholderJpeg;
}

function reportFor(type: string, configured: ConfiguredReport): ConfiguredReport {
  if (configured.breakdown.length > 0) return configured;
  const subCheck = DEFAULT_SUB_CHECKS[type];
  if (!subCheck) return configured;
  const result = configured.recommendation.value === 'APPROVE' ? 'PASS' : 'FAIL';
  return { ...configured, breakdown: [{ sub_check: subCheck, result, details: [] }] };
}

/** The document fields Yoti would extract from the person's document (the config may add its own). */
function extractedFields(p: YotiTestPerson, extra: Record<string, unknown> | undefined) {
  return {
    full_name: fullName(p),
    given_names: p.givenNames,
    family_name: p.familyName,
    date_of_birth: p.dateOfBirth,
    document_number: p.document.number,
    expiration_date: p.document.expiry,
    issuing_country: p.document.issuingCountry,
    ...extra,
  };
}

const REJECTED_DOCUMENT: ConfiguredReport = { recommendation: { value: 'REJECT', reason: 'TAMPERED' }, breakdown: [] };

/** Builds the completion: media into the session, then the result's resources, checks and profile. */
export function buildCompletion(store: YotiStore, s: YotiSession, person: YotiTestPerson, outcome: CompletingOutcome): Completion {
  const now = store.clock.now();
  const at = isoTime(now);
  const config = store.configFor(s);
  const image = (): MediaItem => store.addMedia(s, 'IMAGE', 'image/jpeg', imageBytes());
  const json = (value: unknown): MediaItem => store.addMedia(s, 'JSON', 'application/json', Buffer.from(JSON.stringify(value)));
  const checkTypes = sessionCheckTypes(s);
  const extraction = configuredExtraction(config);

  // The document: its page, the photo on it, and (when the text was read) the extracted fields.
  const documentId = randomUUID();
  const page = image();
  const fields = extraction.ok ? json(extractedFields(person, extraction.fields)) : undefined;
  const textCheckId = randomUUID();
  const tasks = checkTypes.includes('ID_DOCUMENT_TEXT_DATA_CHECK')
    ? [{
        type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION', id: randomUUID(), state: 'DONE', created: at, last_updated: at,
        generated_checks: extraction.ok ? [{ id: textCheckId, type: 'ID_DOCUMENT_TEXT_DATA_CHECK' }] : [],
        generated_media: fields ? [{ id: fields.id, type: 'JSON' }] : [],
      }]
    : [];
  const idDocument = {
    id: documentId,
    document_type: person.document.type,
    issuing_country: person.document.issuingCountry,
    tasks,
    pages: [{ capture_method: 'CAMERA', media: mediaRef(page), frames: [{ media: mediaRef(page) }] }],
    ...(fields ? { document_fields: { media: mediaRef(fields) } } : {}),
    document_id_photo: { media: mediaRef(image()) },
  };
  // The face, when a check needs one: a liveness capture with its image.
  const face = needsFace(s) ? { id: randomUUID(), media: image() } : undefined;
  const livenessType = String((s.spec.requested_checks ?? []).find((c) => c.type === 'LIVENESS')?.config?.liveness_type ?? 'STATIC');
  const liveness = face ? [{ id: face.id, liveness_type: livenessType, image: { media: mediaRef(face.media) }, tasks: [] }] : [];

  const reports = new Map<string, ConfiguredReport>();
  const checks = checkTypes
    .filter((type) => type !== 'ID_DOCUMENT_TEXT_DATA_CHECK' || extraction.ok)
    .map((type) => {
      const rejected = outcome === 'profile_not_met' && type === 'ID_DOCUMENT_AUTHENTICITY';
      const report = reportFor(type, rejected ? REJECTED_DOCUMENT : configuredReport(config, type));
      reports.set(type, report);
      const used: Array<string | undefined> = type === 'LIVENESS' ? [face?.id] : FACE_CHECKS.has(type) ? [documentId, face?.id] : [documentId];
      return {
        type,
        id: type === 'ID_DOCUMENT_TEXT_DATA_CHECK' ? textCheckId : randomUUID(),
        state: 'DONE',
        resources_used: used.filter((u): u is string => u !== undefined),
        generated_media: [],
        report,
        created: at,
        last_updated: at,
      };
    });
  // The person chose a rejected document: it fails a profile even when no authenticity check was asked for.
  if (outcome === 'profile_not_met' && !reports.has('ID_DOCUMENT_AUTHENTICITY')) reports.set('ID_DOCUMENT_AUTHENTICITY', REJECTED_DOCUMENT);

  const completion: Completion = {
    at: now,
    personId: person.id,
    resources: { id_documents: [idDocument], supplementary_documents: [], liveness_capture: liveness, face_capture: [] },
    checks,
    resourceIds: [documentId, ...(face ? [face.id] : [])],
    taskIds: tasks.map((t) => t.id),
  };
  const schemes = requestedSchemes(s.spec);
  if (schemes.length === 0) return completion;
  const profile = identityProfileOutcome({
    person,
    schemes,
    advanced: !s.spec.identity_profile_requirements,
    subjectId: s.spec.subject?.subject_id,
    reports,
    extraction,
    evidence: {
      at: now,
      documentEvidenceId: documentId,
      documentMediaIds: [page.id, ...(fields ? [fields.id] : [])],
      face: face ? { evidenceId: face.id, livenessType, mediaIds: [face.media.id] } : undefined,
    },
    storeJson: json,
  });
  if (s.spec.identity_profile_requirements) completion.identityProfile = profile;
  else completion.advancedIdentityProfile = profile;
  return completion;
}

/** A check before the user view completed the session: created, no report yet. */
function pendingCheck(s: YotiSession, type: string) {
  const at = isoTime(s.createdAt);
  return { type, id: `${s.id}-${type}`, state: 'CREATED', resources_used: [], generated_media: [], created: at, last_updated: at };
}

/** The session result `GET /sessions/{id}` answers (the SDK's GetSessionResult parses it). */
export function sessionResult(store: YotiStore, s: YotiSession) {
  const c = s.completion;
  const schemes = requestedSchemes(s.spec);
  const pending = schemes.length > 0 ? { ...(s.spec.subject ? { subject_id: s.spec.subject.subject_id } : {}), result: 'IN_PROGRESS' } : undefined; // [U]
  return {
    client_session_token_ttl: store.tokenSecondsLeft(s),
    session_id: s.id,
    ...(s.spec.user_tracking_id ? { user_tracking_id: s.spec.user_tracking_id } : {}),
    state: store.state(s),
    ...(s.tokenDeleted ? {} : { client_session_token: s.clientSessionToken }),
    resources: c?.resources ?? { id_documents: [], supplementary_documents: [], liveness_capture: [], face_capture: [] },
    checks: c?.checks ?? sessionCheckTypes(s).map((type) => pendingCheck(s, type)),
    ...(c && needsFace(s) ? { biometric_consent: isoTime(c.at) } : {}),
    ...(s.spec.identity_profile_requirements ? { identity_profile: c?.identityProfile ?? pending } : {}),
    ...(s.spec.advanced_identity_profile_requirements ? { advanced_identity_profile: c?.advancedIdentityProfile ?? pending } : {}),
  };
}
