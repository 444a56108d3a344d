// The closed vocabularies shared by the BFF, the widget and the host backend, as plain data
// (no zod), so the widget can import them without pulling a validation runtime into its bundle.

export const PROVIDER_KEYS = [
  'turnstile',
  'stripe_identity',
  'onfido',
  'signicat_onfido',
  'id_me',
  'login_gov',
  'bankid_se',
  'plaid',
  'yoti',
] as const;
export type ProviderKey = (typeof PROVIDER_KEYS)[number];

/**
 * Trust layers a session can require, lowest first (STACK's layer 3, delegation, is not a
 * verification). Graduated: each layer builds on the previous one, so an identity verified also
 * proves a human.
 */
export const TRUST_LAYERS = ['humanity', 'identity'] as const;
export type TrustLayer = (typeof TRUST_LAYERS)[number];

/** True when a verification at `layer` satisfies a requirement for `required` (the same layer or a lower one). */
export function meetsLayer(layer: TrustLayer, required: TrustLayer): boolean {
  return TRUST_LAYERS.indexOf(layer) >= TRUST_LAYERS.indexOf(required);
}

export const ASSURANCE_LEVELS = ['low', 'substantial', 'high'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

/** True when `level` meets or exceeds `minimum`. */
export function meetsAssurance(level: AssuranceLevel, minimum: AssuranceLevel): boolean {
  return ASSURANCE_LEVELS.indexOf(level) >= ASSURANCE_LEVELS.indexOf(minimum);
}

/**
 * The face check a session asks for beside the document: none, a selfie photo, a selfie video or
 * a motion capture (Onfido's facial_similarity_photo, _video, _motion).
 */
export const FACE_CHECKS = ['none', 'photo', 'video', 'motion'] as const;
export type FaceCheck = (typeof FACE_CHECKS)[number];

/** The session's face check: the one it names, else a selfie photo when high assurance is required. */
export function faceCheckOf(requirements: { face_check?: FaceCheck | undefined; min_assurance: AssuranceLevel }): FaceCheck {
  return requirements.face_check ?? (requirements.min_assurance === 'high' ? 'photo' : 'none');
}

/**
 * Who captures the document and selfie, for providers that can take either: `native`, the
 * widget's own capture (one look across providers, images uploaded through the BFF), or `sdk`,
 * the provider's own SDK in the widget.
 */
export const CAPTURE_MODES = ['native', 'sdk'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];

export const CLAIM_TYPES = ['verified_human', 'verified_identity'] as const;
export type ClaimType = (typeof CLAIM_TYPES)[number];

/**
 * A session's status. Readers must tolerate values not listed here (new statuses may be added),
 * which is why `SessionStatusValue` keeps an open string branch.
 */
export const SESSION_STATUSES = [
  'requires_input',
  'processing',
  'verified',
  'needs_review',
  'rejected',
  'canceled',
  'failed',
  'expired',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type SessionStatusValue = SessionStatus | (string & {});

/** Statuses after which a session takes no more input. */
export const FINAL_STATUSES: readonly SessionStatus[] = [
  'verified',
  'needs_review',
  'rejected',
  'canceled',
  'failed',
  'expired',
];
export function isFinalStatus(status: SessionStatusValue): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/** How the widget runs a provider's step; each kind has a client-side driver. */
export const FLOW_KINDS = [
  'inline_token', // a token collected inline (Turnstile)
  'sdk_modal', // a provider SDK in a modal (Stripe.js verifyIdentity)
  'embedded_sdk', // a provider SDK mounted in the widget (Onfido Web SDK)
  'hosted_redirect', // a provider-hosted page, back through return_url (ID.me, Login.gov)
  'native_capture', // our own document and selfie capture, uploaded through the BFF
  'qr_code', // an animated QR code read by another device (BankID)
] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/**
 * The notices a person can accept or decline; each is versioned, its words known to the BFF and
 * its text as shown recorded. Onfido asks every US resident to accept its policies
 * (`privacy_notices_read`): the biometric notice when a face check is asked, else the privacy one.
 */
export const CONSENT_NOTICES = ['privacy_notice', 'onfido_biometric_us', 'onfido_privacy_us'] as const;
export type ConsentNotice = (typeof CONSENT_NOTICES)[number];
export const CONSENT_DECISIONS = ['accepted', 'declined'] as const;

/** Layer 3 (see ./delegation.ts): the claim type of a delegation, beside CLAIM_TYPES. */
export const DELEGATION_CLAIM = 'delegation' as const;
/** The notice a delegation decision is recorded under, beside the consent notices. */
export const DELEGATION_NOTICE = 'delegation' as const;
/** The version of the delegation step's words the widget shows (its words are in each catalogue). */
export const DELEGATION_NOTICE_VERSION = '2026-12-07';
/** The words the text shown for a delegation must contain for each scope: the host's description, else the scope itself. */
export const scopeWords = (scope: { scope: string; description: string | null }): string => scope.description ?? scope.scope;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];
