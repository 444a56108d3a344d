// What completing the user view produces: the document and face resources with their media, each
// check's report (as the sandbox response configuration says, else Yoti's default approval), and
// the identity profile. For identity profile sessions Yoti runs the checks its scheme needs and
// "the outcomes that you define for the individual checks will determine the overall outcome" [D]:
// every check approved and the text extracted → DONE with the report; otherwise FAIL with a
// failure reason. Reason codes: MANDATORY_DOCUMENT_NOT_PROVIDED for failed extraction [D],
// FRAUD_DETECTED for a tampered document [D]; the others are our reading [U].
import { randomUUID } from 'node:crypto';
import jpeg from 'jpeg-js';
import { isoTime, mediaRef, type Completion, type MediaItem, type YotiSession, type YotiStore } from './model.js';
import type { YotiTestPerson } from './people.js';
import { advancedIdentityProfileReport, identityProfileReport } from './report.js';
import { configuredExtraction, configuredReport, type ConfiguredReport, type ResponseConfig } from './response-config.js';
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

function failureFor(type: string, r: ConfiguredReport): { reason_code: string; failure_type: string } {
  if (type === 'ID_DOCUMENT_AUTHENTICITY' && r.recommendation.value === 'REJECT') return { reason_code: 'FRAUD_DETECTED', failure_type: 'ID_DOCUMENT_AUTHENTICITY' };
  if (r.recommendation.value === 'NOT_AVAILABLE') return { reason_code: 'MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED', failure_type: type };
  return { reason_code: FACE_CHECKS.has(type) ? 'FRAUD_DETECTED' : 'MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED', failure_type: type };
}

/** Builds the completion: media into the session, then the result's resources, checks and profile. */
export function buildCompletion(store: YotiStore, s: YotiSession, person: YotiTestPerson, outcome: CompletingOutcome): Completion {
  const now = store.clock.now();
  const config: ResponseConfig | undefined = store.configFor(s);
  const image = (): MediaItem => store.addMedia(s, 'IMAGE', 'image/jpeg', imageBytes());
  const json = (value: unknown): MediaItem => store.addMedia(s, 'JSON', 'application/json', Buffer.from(JSON.stringify(value)));
  const checkTypes = sessionCheckTypes(s);
  const extraction = configuredExtraction(config);
  const extracting = checkTypes.includes('ID_DOCUMENT_TEXT_DATA_CHECK');

  const documentId = randomUUID();
  const page = image();
  const idPhoto = image();
  const fields = extraction.ok
    ? json({ full_name: `${person.givenNames} ${person.familyName}`, given_names: person.givenNames, family_name: person.familyName, date_of_birth: person.dateOfBirth, document_number: person.document.number, expiration_date: person.document.expiry, issuing_country: person.document.issuingCountry, ...extraction.fields })
    : undefined;
  const textCheckId = randomUUID();
  const taskId = randomUUID();
  const tasks = extracting
    ? [{ type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION', id: taskId, state: 'DONE', created: isoTime(now), last_updated: isoTime(now), generated_checks: extraction.ok ? [{ id: textCheckId, type: 'ID_DOCUMENT_TEXT_DATA_CHECK' }] : [], generated_media: fields ? [{ id: fields.id, type: 'JSON' }] : [] }]
    : [];
  const idDocument = {
    id: documentId,
    document_type: person.document.type,
    issuing_country: person.document.issuingCountry,
    tasks,
    pages: [{ capture_method: 'CAMERA', media: mediaRef(page), frames: [{ media: mediaRef(page) }] }],
    ...(fields ? { document_fields: { media: mediaRef(fields) } } : {}),
    document_id_photo: { media: mediaRef(idPhoto) },
  };
  const face = needsFace(s) ? { id: randomUUID(), media: image() } : undefined;
  const livenessType = String((s.spec.requested_checks ?? []).find((c) => c.type === 'LIVENESS')?.config?.liveness_type ?? 'STATIC');
  const liveness = face ? [{ id: face.id, liveness_type: livenessType, image: { media: mediaRef(face.media) }, tasks: [] }] : [];

  const reports = new Map<string, ConfiguredReport>();
  const checks = checkTypes
    .filter((type) => type !== 'ID_DOCUMENT_TEXT_DATA_CHECK' || extraction.ok)
    .map((type) => {
      let configured = configuredReport(config, type);
      if (outcome === 'profile_not_met' && type === 'ID_DOCUMENT_AUTHENTICITY') configured = { recommendation: { value: 'REJECT', reason: 'TAMPERED' }, breakdown: [] };
      const report = reportFor(type, configured);
      reports.set(type, report);
      const used: Array<string | undefined> = FACE_CHECKS.has(type) ? (type === 'LIVENESS' ? [face?.id] : [documentId, face?.id]) : [documentId];
      return {
        type,
        id: type === 'ID_DOCUMENT_TEXT_DATA_CHECK' ? textCheckId : randomUUID(),
        state: 'DONE',
        resources_used: used.filter((u): u is string => !!u),
        generated_media: [],
        report,
        created: isoTime(now),
        last_updated: isoTime(now),
      };
    });
  // A rejected document with no authenticity check requested still fails a profile (the user chose it).
  if (outcome === 'profile_not_met' && !reports.has('ID_DOCUMENT_AUTHENTICITY')) reports.set('ID_DOCUMENT_AUTHENTICITY', { recommendation: { value: 'REJECT', reason: 'TAMPERED' }, breakdown: [] });

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

  const failing = extraction.ok ? [...reports].find(([, r]) => r.recommendation.value !== 'APPROVE') : undefined;
  const subjectId = s.spec.subject?.subject_id;
  let profile: Record<string, unknown>;
  let reportMedia: MediaItem | undefined;
  if (!extraction.ok || failing) {
    const failure = failing ? failureFor(failing[0], failing[1]) : { reason_code: 'MANDATORY_DOCUMENT_NOT_PROVIDED', failure_type: 'ID_DOCUMENT_EXTRACTION' };
    const details = failing ? (failing[1].recommendation.reason ?? failing[1].recommendation.value) : (extraction.reason ?? 'text extraction failed');
    profile = {
      result: 'FAIL',
      failure_reason: {
        reason_code: failure.reason_code,
        requirements_not_met_details: [{ failure_type: failure.failure_type, document_type: person.document.type, document_country_iso_code: person.document.issuingCountry, audit_id: randomUUID(), details }],
      },
    };
  } else {
    const evidence = {
      at: now,
      subjectId,
      documentEvidenceId: documentId,
      documentMediaIds: [page.id, ...(fields ? [fields.id] : [])],
      face: face ? { evidenceId: face.id, livenessType, mediaIds: [face.media.id] } : undefined,
      passedChecks: ['DOCUMENT_IN_DATE', ...(reports.has('ID_DOCUMENT_AUTHENTICITY') ? ['MANUAL_VISUAL_DOCUMENT_AUTHENTICITY'] : []), ...(reports.has('ID_DOCUMENT_FACE_MATCH') ? ['AUTOMATED_FACE_MATCH'] : [])],
    };
    const advanced = !s.spec.identity_profile_requirements;
    reportMedia = json(advanced ? advancedIdentityProfileReport(person, schemes, evidence) : identityProfileReport(person, schemes[0]!, evidence));
    profile = { result: 'DONE' };
    const met = (scheme: (typeof schemes)[number]) => ({ scheme: { type: scheme.type, ...(scheme.objective ? { objective: scheme.objective } : {}), ...(advanced ? { label: scheme.label } : {}) }, requirements_met: true });
    profile.identity_profile_report = advanced
      ? { compliance: [...new Set(schemes.map((x) => x.trustFramework))].map((f) => ({ trust_framework: f, schemes_compliance: schemes.filter((x) => x.trustFramework === f).map(met) })), media: mediaRef(reportMedia) }
      : { trust_framework: schemes[0]!.trustFramework, schemes_compliance: [met(schemes[0]!)], media: mediaRef(reportMedia) };
  }
  const withSubject = { ...(subjectId ? { subject_id: subjectId } : {}), ...profile };
  if (s.spec.identity_profile_requirements) completion.identityProfile = withSubject;
  else completion.advancedIdentityProfile = withSubject;
  return completion;
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
    checks: c?.checks ?? sessionCheckTypes(s).map((type) => ({ type, id: `${s.id}-${type}`, state: 'CREATED', resources_used: [], generated_media: [], created: isoTime(s.createdAt), last_updated: isoTime(s.createdAt) })),
    ...(c && needsFace(s) ? { biometric_consent: isoTime(c.at) } : {}),
    ...(s.spec.identity_profile_requirements ? { identity_profile: c?.identityProfile ?? pending } : {}),
    ...(s.spec.advanced_identity_profile_requirements ? { advanced_identity_profile: c?.advancedIdentityProfile ?? pending } : {}),
  };
}
