// Signicat Assure with Onfido as its provider: the client for the SDK variant (Onfido's own SDK
// run with the Assure process's authorization, so Onfido's fields under this key), and the
// verdict the host reads, reduced from Assure's process to verdicts without the person's data.
// Our own capture for Assure is the shared shape in native-capture.ts.
import { z } from 'zod';
import { onfidoSdkFields } from './onfido.js';

export const SignicatOnfidoClientSchema = z.object({
  provider_key: z.literal('signicat_onfido').describe("Onfido's SDK run with a Signicat Assure process's authorization."),
  ...onfidoSdkFields,
});

/** One sub-check of Onfido's breakdown as Signicat Assure relays it: its verdict and the leaves' verdicts, scores and ids. */
const AssureBreakdownSchema = z.object({
  result: z.string().nullable(),
  breakdown: z.record(
    z.string(),
    z.object({
      result: z.string().nullable(),
      properties: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
        .describe("Onfido's result words, scores, flags and ids only (e.g. faceMatch: score, livePhotoId, documentId); anything else Assure sends here is dropped."),
    }),
  ),
});
const assureVerdict = z.string().nullable();
/** Assure's `providerSpecific` block for Onfido, reduced to verdicts: no names, dates, numbers, nationality, MRZ or licence details. */
const SignicatOnfidoProviderSchema = z.object({
  document_verification: z
    .object({
      result: assureVerdict,
      sub_result: assureVerdict.describe('clear | suspected | rejected: what Assure maps to accepted, inconclusive or rejected.'),
      document_type: z.string().nullable().describe("Assure's documentType as Onfido read it: passport, driversLicense, identityCard, residencePermit."),
      age_validation: assureVerdict,
      police_record: assureVerdict,
      data_consistency: assureVerdict,
      data_validation: assureVerdict,
      data_comparison: assureVerdict,
      image_integrity: assureVerdict,
      compromised_document: assureVerdict,
      visual_authenticity: assureVerdict,
      breakdowns: z.record(z.string(), AssureBreakdownSchema).describe("Keyed by Assure's names (imageIntegrity, dataValidation, ...)."),
    })
    .nullable(),
  facial_similarity: z
    .object({
      result: assureVerdict,
      image_integrity: assureVerdict,
      face_comparison: assureVerdict,
      visual_authenticity: assureVerdict,
      similarity_score: assureVerdict.describe('low | medium | high'),
      breakdowns: z.record(z.string(), AssureBreakdownSchema),
    })
    .nullable(),
});

/** What Assure decided on its Onfido process, without the person's data. */
export const SignicatOnfidoResultSchema = z.object({
  provider_key: z.literal('signicat_onfido'),
  dossier_id: z.string(),
  process_id: z.string(),
  process_type: z.string().nullable().describe('document | documentSelfie | documentVideo'),
  status: z.string().describe("The process's status at Assure: pending, processing, accepted, inconclusive, rejected, canceled, failed."),
  depictions: z.array(z.string()).describe('The images Onfido analysed: front, back, selfie.'),
  fail_reason: z.string().nullable().describe("Assure's failReason.type for a failed process (e.g. upload_failed); its message is not kept."),
  final_result: z
    .object({ document_type: z.string().nullable(), similarity_score: z.string().nullable() })
    .nullable()
    .describe("Assure's normalized finalResult without the person's data (names, dates, numbers, issuing country come with include=verified_outputs or sensitive_outputs, or not at all)."),
  provider: SignicatOnfidoProviderSchema,
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});
