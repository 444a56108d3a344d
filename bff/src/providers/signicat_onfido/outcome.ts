// Assure's process, validated and read: the shapes the adapter relies on, the reduction of a
// process to the host's ProviderResult (verdicts and breakdowns, none of the person's data), and
// the pure mapping of Assure's status onto our Outcome, with reasons mapped onto our own codes.
import { z } from 'zod';
import { OUTCOME_ERRORS, type OutcomeErrorCode } from '@identity-verify/contract/errors';
import type { ProviderResult, SensitiveOutputs } from '@identity-verify/contract/schemas';
import type { Outcome } from '../types.js';

type SignicatResult = Extract<ProviderResult, { provider_key: 'signicat_onfido' }>;
type Provider = SignicatResult['provider'];
type Breakdowns = NonNullable<Provider['document_verification']>['breakdowns'];

const Dict = z.record(z.string(), z.unknown());
// Statuses stay open strings: Assure may add one, and an unknown value must not turn a good
// answer into a provider_error. Blocks that come in an unexpected shape fall back to absent.
export const DossierSchema = z.object({ dossierId: z.string().min(1) });
export const ProcessSchema = z.object({
  processId: z.string().min(1),
  status: z.string().min(1),
  processType: z.string().optional().catch(undefined),
  depictions: z.array(z.string()).optional().catch(undefined),
  /** Names, dates and numbers from the document: PII, read for the sealed copy and sensitive outputs only. */
  finalResult: Dict.nullish().catch(undefined),
  providerSpecific: Dict.nullish().catch(undefined),
  failReason: z.object({ type: z.string().optional(), message: z.string().optional() }).nullish().catch(undefined),
  createdAt: z.string().optional().catch(undefined),
  updatedAt: z.string().optional().catch(undefined),
});
export type AssureProcess = z.infer<typeof ProcessSchema>;

const dict = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A verdict word (clear, consider, unidentified, suspected, medium...): never a name, a date or a number off the document. */
const VERDICT = /^[a-z][a-z_]{0,31}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const verdict = (v: unknown): string | null => (typeof v === 'string' && VERDICT.test(v) ? v : null);

/** Onfido's result words (and similarity levels): the only strings a leaf's properties keep besides ids. */
const LEAF_WORDS = new Set(['clear', 'consider', 'unidentified', 'suspected', 'rejected', 'caution', 'low', 'medium', 'high']);

/**
 * A leaf's properties, kept only where they are Onfido's result words, scores, flags or ids
 * (faceMatch's livePhotoId and documentId). A closed list here, unlike the verdict fields: these
 * are free-form maps, and a lone lowercase word could be someone's name.
 */
function properties(v: unknown): Record<string, string | number | boolean> {
  const kept: Record<string, string | number | boolean> = {};
  for (const [k, value] of Object.entries(dict(v) ?? {})) {
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') kept[k] = value;
    else if (typeof value === 'string' && (LEAF_WORDS.has(value) || UUID.test(value))) kept[k] = value;
  }
  return kept;
}

function breakdowns(v: unknown): Breakdowns {
  const out: Breakdowns = {};
  for (const [name, section] of Object.entries(dict(v) ?? {})) {
    const s = dict(section) ?? {};
    out[name] = {
      result: verdict(s.result),
      breakdown: Object.fromEntries(Object.entries(dict(s.breakdown) ?? {}).map(([leaf, l]) => [leaf, { result: verdict(dict(l)?.result), properties: properties(dict(l)?.properties) }])),
    };
  }
  return out;
}

/** Onfido's block as Assure relays it, by allow-list: what is not a verdict is not copied. */
function providerBlock(process: AssureProcess): Provider {
  const dv = dict(process.providerSpecific?.documentVerification);
  const fs = dict(process.providerSpecific?.facialSimilarity);
  return {
    document_verification: dv && {
      result: verdict(dv.result),
      sub_result: verdict(dv.subResult),
      document_type: documentType(dv.documentType),
      age_validation: verdict(dv.ageValidation),
      police_record: verdict(dv.policeRecord),
      data_consistency: verdict(dv.dataConsistency),
      data_validation: verdict(dv.dataValidation),
      data_comparison: verdict(dv.dataComparison),
      image_integrity: verdict(dv.imageIntegrity),
      compromised_document: verdict(dv.compromisedDocument),
      visual_authenticity: verdict(dv.visualAuthenticity),
      breakdowns: breakdowns(dv.breakdowns),
    },
    facial_similarity: fs && {
      result: verdict(fs.result),
      image_integrity: verdict(fs.imageIntegrity),
      face_comparison: verdict(fs.faceComparison),
      visual_authenticity: verdict(fs.visualAuthenticity),
      similarity_score: verdict(fs.similarityScore),
      breakdowns: breakdowns(fs.breakdowns),
    },
  };
}

const documentType = (v: unknown): string | null => (typeof v === 'string' && /^[a-zA-Z]{1,40}$/.test(v) ? v : null);
/** Assure's failReason.type is a code (upload_failed); its message is Onfido's words and can quote the person's data. */
const failType = (type: string | undefined): string => (type && /^[a-z][a-z0-9_]{0,63}$/.test(type) ? type : 'unrecognized');

export interface ProcessIds {
  dossierId: string;
  processId: string;
}

/** The process for the host's reviewers: status, verdicts and breakdowns; never the document's data. */
export function providerResult(ids: ProcessIds, process: AssureProcess): SignicatResult {
  const fr = process.finalResult;
  return {
    provider_key: 'signicat_onfido',
    dossier_id: ids.dossierId,
    process_id: ids.processId,
    process_type: process.processType ?? null,
    status: process.status,
    depictions: (process.depictions ?? []).filter((d) => VERDICT.test(d)),
    fail_reason: process.status === 'failed' && process.failReason ? failType(process.failReason.type) : null,
    final_result: fr ? { document_type: documentType(fr.documentType), similarity_score: verdict(fr.similarityScore) } : null,
    provider: providerBlock(process),
    created_at: process.createdAt ?? null,
    updated_at: process.updatedAt ?? null,
  };
}

const leafResult = (b: Breakdowns | undefined, section: string, leaf: string) => b?.[section]?.breakdown[leaf]?.result ?? null;

function documentCode(dv: Provider['document_verification']): OutcomeErrorCode {
  if (leafResult(dv?.breakdowns, 'imageIntegrity', 'supportedDocument') === 'consider') return 'document_type_not_supported';
  if (leafResult(dv?.breakdowns, 'dataValidation', 'documentExpiration') === 'consider') return 'document_expired';
  return 'document_unverified_other';
}

/** Which check made Assure doubt: the document first (it carries the most), then the face. */
function doubtCode({ document_verification: dv, facial_similarity: fs }: Provider): OutcomeErrorCode {
  if (dv && (dv.result !== 'clear' || (dv.sub_result !== null && dv.sub_result !== 'clear'))) return documentCode(dv);
  if (fs && fs.result !== 'clear') {
    return leafResult(fs.breakdowns, 'faceComparison', 'faceMatch') === 'consider' ? 'selfie_face_mismatch' : 'selfie_unverified_other';
  }
  return 'verification_failed';
}

/**
 * Why a process failed, as one of our codes. Assure's type says what kind of failure; for an
 * upload Onfido refused, the field names in its message (face_detection, document_detection)
 * say which image. Only those snake_case names are looked at, and nothing of them is repeated.
 */
export function failCode(reason: AssureProcess['failReason']): OutcomeErrorCode {
  const fields = [...(reason?.message ?? '').matchAll(/\b([a-z][a-z_]{1,40})=\[/g)].map((m) => m[1]!);
  if (fields.some((f) => f.startsWith('face'))) return 'selfie_unverified_other';
  if (fields.some((f) => f.startsWith('document'))) return 'document_unverified_other';
  if (reason?.type === 'upload_failed') return 'verification_failed';
  // Time-outs, server errors, expired tokens at Onfido: the provider failed, not the person.
  return 'provider_error';
}

const failure = (status: 'needs_review' | 'rejected' | 'canceled' | 'failed', code: OutcomeErrorCode, details: SignicatResult): Outcome => ({
  status,
  error: { code, reason: OUTCOME_ERRORS[code] },
  details,
});

/** The verified names, for the sealed copy the host may read (include=verified_outputs). */
export function piiOf(process: AssureProcess): Record<string, unknown> {
  return { first_name: str(process.finalResult?.firstName), last_name: str(process.finalResult?.lastName), address: null };
}

/** A process as an Outcome: pending until started, processing until Assure decides, then its final status. */
export function outcomeOfProcess(ids: ProcessIds, process: AssureProcess): Outcome {
  const details = providerResult(ids, process);
  switch (process.status) {
    case 'pending':
      return { status: 'pending' };
    case 'accepted':
      return {
        status: 'verified',
        claims: ['verified_identity'],
        // A face was matched only when Assure checked a selfie (or video) beside the document.
        assurance: process.processType === 'documentSelfie' || process.processType === 'documentVideo' ? 'high' : 'substantial',
        pii: piiOf(process),
        details,
      };
    case 'inconclusive':
      return failure('needs_review', doubtCode(details.provider), details);
    case 'rejected':
      return failure('rejected', doubtCode(details.provider), details);
    case 'canceled':
      return failure('canceled', 'abandoned', details);
    case 'failed':
      return failure('failed', failCode(process.failReason), details);
    default:
      // processing, and any status Assure adds: not decided yet; its event makes us read again.
      return { status: 'processing', details };
  }
}

function dateParts(value: unknown): SensitiveOutputs['dob'] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(str(value) ?? '');
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

/** Date of birth, numbers and expiry from Assure's finalResult, read live for the host and never stored. */
export function sensitiveOf(process: AssureProcess | null): SensitiveOutputs {
  const fr = process?.status === 'accepted' ? process.finalResult : null;
  return {
    dob: dateParts(fr?.dateOfBirth),
    id_number: str(fr?.personalIdentificationNumber),
    document_number: str(fr?.documentNumber),
    document_expiration_date: dateParts(fr?.dateOfExpiry),
  };
}
