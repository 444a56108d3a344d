// Onfido's answers, validated and read: the check, report and workflow-run shapes the adapter
// relies on, and the pure mapping of a check's reports (or a Studio workflow run) onto our
// Outcome, with the provider's verdict kept for the host and the extracted fields kept apart.
import { z } from 'zod';
import { OUTCOME_ERRORS, type OutcomeErrorCode } from '@identity-verify/contract/errors';
import type { ProviderResult, SensitiveOutputs } from '@identity-verify/contract/schemas';
import type { Outcome } from '../types.js';

// Statuses and results stay open strings: Onfido adds values, and an unknown one must not
// turn a good answer into a provider_error. Unknown values are mapped conservatively below.
const Dict = z.record(z.string(), z.unknown());
/** Onfido's `[{id}]` lists of the media a report read. */
const MediaRefs = z.array(z.object({ id: z.string() })).optional().catch(undefined);

export const ApplicantSchema = z.object({ id: z.string().min(1) });
export const SdkTokenSchema = z.object({ token: z.string().min(1) });
export const CheckSchema = z.object({
  id: z.string().min(1),
  applicant_id: z.string().optional(),
  status: z.string(),
  result: z.string().nullish(),
  created_at: z.string().optional(),
});
export const ChecksSchema = z.object({ checks: z.array(CheckSchema) });
export const ReportSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  check_id: z.string().optional(),
  result: z.string().nullish(),
  sub_result: z.string().nullish(),
  breakdown: Dict.nullish(),
  /** Extracted document fields (names, dates, numbers): PII, read for the sealed copy only. */
  properties: Dict.nullish(),
  // What the identity profile names its evidence by: when the report was made, and Onfido's ids
  // of the media it read. Left out rather than failing a verdict when they come in another shape.
  created_at: z.string().optional().catch(undefined),
  documents: MediaRefs,
  live_photos: MediaRefs,
  live_videos: MediaRefs,
  motion_captures: MediaRefs,
});
export const ReportsSchema = z.object({ reports: z.array(ReportSchema) });
export const WorkflowRunSchema = z.object({ id: z.string().min(1), applicant_id: z.string().optional(), status: z.string() });

export type OnfidoCheck = z.infer<typeof CheckSchema>;
export type OnfidoReport = z.infer<typeof ReportSchema>;
export type OnfidoWorkflowRun = z.infer<typeof WorkflowRunSchema>;
/** A check with its reports, as read together. */
export interface CheckRead {
  check: OnfidoCheck;
  reports: OnfidoReport[];
}

export const isDocument = (r: OnfidoReport) => r.name.startsWith('document') || r.name === 'us_driving_licence';
export const isFace = (r: OnfidoReport) => r.name.startsWith('facial_similarity');

/** The newest check: by created_at, Onfido's own order (newest first) breaking ties. */
export function newestCheck(checks: readonly OnfidoCheck[]): OnfidoCheck | null {
  return [...checks].sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || 0)[0] ?? null;
}

/** The `result` of a breakdown leaf such as data_validation → document_expiration, if present. */
function leafResult(breakdown: OnfidoReport['breakdown'], section: string, leaf: string): unknown {
  const s = breakdown?.[section];
  if (!s || typeof s !== 'object') return undefined;
  const inner = (s as { breakdown?: unknown }).breakdown;
  if (!inner || typeof inner !== 'object') return undefined;
  const l = (inner as Record<string, unknown>)[leaf];
  return l && typeof l === 'object' ? (l as { result?: unknown }).result : undefined;
}

/** An Onfido name (a breakdown section or leaf: data_validation, face_match): its fixed snake_case vocabulary. */
const NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** A verdict word (clear, consider, unidentified...): never a name, a date or a number off the document. */
const VERDICT = /^[a-z][a-z_]{0,31}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Onfido's result words and similarity levels: the only strings a leaf's properties keep besides ids. */
const LEAF_WORDS = new Set(['clear', 'consider', 'unidentified', 'suspected', 'rejected', 'caution', 'low', 'medium', 'high']);

const dict = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const verdict = (v: unknown): string | null => (typeof v === 'string' && VERDICT.test(v) ? v : null);
const named = (v: unknown) => Object.entries(dict(v) ?? {}).filter(([name]) => NAME.test(name));

/** A leaf's properties where they are result words, scores, flags or ids: free-form maps, so a closed list. */
function leafProperties(v: unknown): Record<string, string | number | boolean> {
  const kept: Record<string, string | number | boolean> = {};
  for (const [k, value] of named(v)) {
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') kept[k] = value;
    else if (typeof value === 'string' && (LEAF_WORDS.has(value) || UUID.test(value))) kept[k] = value;
  }
  return kept;
}

/**
 * A report's breakdown by allow-list, as Signicat's is: sections and leaves under Onfido's own
 * names, each with its verdict word and, for a leaf, its properties that are results, scores,
 * flags or ids. Anything else Onfido sends (or would add) is not copied: the host stores this,
 * and a free-text field could carry what the document says.
 */
export function allowListedBreakdown(v: unknown): Record<string, { result: string | null; breakdown: Record<string, { result: string | null; properties: Record<string, string | number | boolean> }> }> {
  return Object.fromEntries(
    named(v).map(([section, value]) => [
      section,
      {
        result: verdict(dict(value)?.result),
        breakdown: Object.fromEntries(named(dict(value)?.breakdown).map(([leaf, l]) => [leaf, { result: verdict(dict(l)?.result), properties: leafProperties(dict(l)?.properties) }])),
      },
    ]),
  );
}

/** The provider's verdict for the host: every report's verdicts and allow-listed breakdown, never `properties`. */
export function providerResult(read: CheckRead | null, run: OnfidoWorkflowRun | null): ProviderResult {
  return {
    provider_key: 'onfido',
    check_id: read?.check.id ?? null,
    workflow_run_id: run?.id ?? null,
    status: run?.status ?? read?.check.status ?? 'unknown',
    result: run ? run.status : (read?.check.result ?? null),
    reports: (read?.reports ?? []).map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      result: r.result ?? null,
      sub_result: r.sub_result ?? null,
      breakdown: allowListedBreakdown(r.breakdown),
    })),
  };
}

const failure = (
  status: 'needs_review' | 'rejected' | 'canceled' | 'failed',
  code: OutcomeErrorCode,
  details: ProviderResult,
): Outcome => ({ status, error: { code, reason: OUTCOME_ERRORS[code] }, details });

function documentCode(r: OnfidoReport): OutcomeErrorCode {
  if (leafResult(r.breakdown, 'image_integrity', 'supported_document') === 'consider') return 'document_type_not_supported';
  if (leafResult(r.breakdown, 'data_validation', 'document_expiration') === 'consider') return 'document_expired';
  return 'document_unverified_other';
}

function faceCode(r: OnfidoReport): OutcomeErrorCode {
  return leafResult(r.breakdown, 'face_comparison', 'face_match') === 'consider' ? 'selfie_face_mismatch' : 'selfie_unverified_other';
}

/** A completed check's reports, judged: a rejected document ends it, any other doubt goes to review. */
function judge(read: CheckRead, details: ProviderResult): Outcome {
  const { reports } = read;
  const rejected = reports.find((r) => isDocument(r) && r.sub_result === 'rejected');
  if (rejected) return failure('rejected', documentCode(rejected), details);
  const doubtful = reports.filter((r) => r.result !== 'clear');
  // A complete check with no reports verified nothing: a person looks at it rather than us guessing.
  if (reports.length === 0) return failure('needs_review', 'verification_failed', details);
  if (doubtful.length === 0) {
    return {
      status: 'verified',
      claims: ['verified_identity'],
      assurance: reports.some(isFace) ? 'high' : 'substantial',
      pii: piiOf(reports),
      details,
    };
  }
  // suspected, caution, a facial consider, an unidentified result: Onfido's "consider" is a
  // call for a human decision, not a rejection.
  const doc = doubtful.find(isDocument);
  if (doc) return failure('needs_review', documentCode(doc), details);
  const face = doubtful.find(isFace);
  if (face) return failure('needs_review', faceCode(face), details);
  return failure('needs_review', 'verification_failed', details);
}

/** A check (null: none yet) and its reports as an Outcome. */
export function outcomeOfCheck(read: CheckRead | null): Outcome {
  if (!read) return { status: 'pending' };
  const details = providerResult(read, null);
  switch (read.check.status) {
    case 'complete':
      return judge(read, details);
    case 'withdrawn':
      return failure('canceled', 'provider_error', details);
    default:
      // in_progress, awaiting_applicant, paused, reopened, and whatever Onfido adds: not decided yet.
      return { status: 'processing', details };
  }
}

/**
 * A Studio workflow run as an Outcome. The run decides; the check it created (if we could read
 * one) supplies the breakdown, the verified names and whether a face was matched.
 */
export function outcomeOfWorkflowRun(run: OnfidoWorkflowRun, read: CheckRead | null): Outcome {
  const details = providerResult(read, run);
  const reports = read?.check.status === 'complete' ? read.reports : [];
  switch (run.status) {
    case 'approved':
      return {
        status: 'verified',
        claims: ['verified_identity'],
        // Without a face report we cannot tell the workflow matched a face: claim no more than we saw.
        assurance: reports.some((r) => isFace(r) && r.result === 'clear') ? 'high' : 'substantial',
        pii: piiOf(reports),
        details,
      };
    case 'review':
      return failure('needs_review', 'verification_failed', details);
    case 'declined':
      return failure('rejected', 'verification_failed', details);
    case 'abandoned':
      return failure('canceled', 'abandoned', details);
    case 'error':
      return failure('failed', 'provider_error', details);
    case 'processing':
      return { status: 'processing', details };
    default:
      // awaiting_input, awaiting_client_input, and statuses Onfido adds: the person is not done.
      return { status: 'pending' };
  }
}

// Each field falls back to absent rather than failing the whole answer: a verdict must not be
// lost because one extracted field came in an unexpected shape.
const field = z.string().optional().catch(undefined);
const DocumentPropertiesSchema = z.object({
  first_name: field,
  middle_name: field,
  last_name: field,
  date_of_birth: field,
  date_of_expiry: field,
  issuing_date: field,
  personal_number: field,
  document_numbers: z.array(z.object({ type: field, value: field })).optional().catch(undefined),
  document_type: field,
  issuing_country: field,
  nationality: field,
});

/** What Onfido read off the document (names, dates, numbers, type, countries): PII, never stored. */
export function documentProperties(reports: readonly OnfidoReport[]) {
  const doc = reports.find((r) => isDocument(r) && r.properties);
  const parsed = DocumentPropertiesSchema.safeParse(doc?.properties ?? {});
  return parsed.success ? parsed.data : {};
}

/** The verified names, for the sealed copy the host may read (include=verified_outputs). */
export function piiOf(reports: readonly OnfidoReport[]): Record<string, unknown> {
  const p = documentProperties(reports);
  return { first_name: p.first_name ?? null, last_name: p.last_name ?? null, address: null };
}

function dateParts(value: string | undefined): SensitiveOutputs['dob'] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

/** Date of birth, ID and document numbers and expiry, read live for the host and never stored. */
export function sensitiveOf(reports: readonly OnfidoReport[]): SensitiveOutputs {
  const p = documentProperties(reports);
  const number = (type: string) => p.document_numbers?.find((n) => n.type === type)?.value;
  return {
    dob: dateParts(p.date_of_birth),
    id_number: p.personal_number ?? number('personal_number') ?? null,
    document_number: number('document_number') ?? p.document_numbers?.[0]?.value ?? null,
    document_expiration_date: dateParts(p.date_of_expiry),
  };
}
