// Our own document and selfie capture: one client shape shared by every provider that takes
// images by API (the widget's capture looks the same whoever receives the images).
import { z } from 'zod';

/** The providers whose attempts can run on our capture, uploading through the BFF. */
export const NATIVE_CAPTURE_PROVIDERS = ['onfido', 'signicat_onfido'] as const;

/** The document types our own capture offers, in Onfido's words (Signicat Assure takes the same). */
export const CAPTURE_DOCUMENT_TYPES = ['passport', 'driving_licence', 'national_identity_card'] as const;
export const CaptureDocumentTypeSchema = z.enum(CAPTURE_DOCUMENT_TYPES);
/** What an uploaded image is: each side of the document, or the selfie. */
export const CAPTURE_SIDES = ['document_front', 'document_back', 'selfie'] as const;
export const CaptureSideSchema = z.enum(CAPTURE_SIDES);

/** The sizes one image may have once compressed: the provider refuses anything outside them. */
export const SideLimitsSchema = z.object({
  min_bytes: z.number().int().nonnegative(),
  max_bytes: z.number().int().positive(),
});
export type SideLimits = z.infer<typeof SideLimitsSchema>;

/** Our own document and selfie capture, uploaded through the BFF to a provider that takes images by API. */
export const NativeCaptureClientSchema = z.object({
  provider_key: z.enum(NATIVE_CAPTURE_PROVIDERS),
  flow: z.literal('native_capture'),
  document_types: z.array(CaptureDocumentTypeSchema).min(1),
  selfie: z.boolean().describe('Whether a selfie photo is captured after the document.'),
  max_bytes: z
    .number()
    .int()
    .positive()
    .describe("The smallest of the provider's per-side maximums, for widgets built before `limits`; read `limits` instead."),
  // Optional so a widget still reads a BFF from before it: without it, max_bytes and no minimum.
  limits: z
    .object({ document_front: SideLimitsSchema, document_back: SideLimitsSchema, selfie: SideLimitsSchema })
    .optional()
    .describe("The provider's size window for each side: compression aims inside it (Onfido: documents 2 KB-3 MB, selfies 32 KB-10 MB)."),
  min_long_edge: z.number().int().positive().describe('The long edge images are kept at, where the source allows.'),
});
export type NativeCaptureClient = z.infer<typeof NativeCaptureClientSchema>;
