// The one registry of public error codes, shared by the BFF (which answers with them) and the
// widget (which translates them). Plain data: importing it costs the widget a few hundred bytes.

/** Errors the BFF answers an HTTP request with: `{error:{code, message, details?}}`. */
export const API_ERRORS = {
  validation_failed: { status: 400, message: 'The request is not valid; see details.issues.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  // Seed 003 names this code in capitals; it is kept as it names it.
  GDPR_VIOLATION: { status: 400, message: 'An identity requirement must declare requires_pii: true and a lawful_basis; see details.issues.' },
  provider_not_available: { status: 400, message: 'That provider is not offered for this session.' },
  webhook_signature_invalid: { status: 400, message: 'The webhook signature does not verify.' },
  unauthorized: { status: 401, message: 'Missing or invalid credentials.' },
  client_secret_expired: { status: 401, message: 'The client secret has expired.' },
  forbidden: { status: 403, message: 'These credentials cannot do that.' },
  origin_not_allowed: { status: 403, message: 'This origin is not allowed to call the API.' },
  consent_required: { status: 403, message: 'A recorded consent is required before this step.' },
  biometric_consent_required: {
    status: 403,
    message: "The person has not accepted the provider's biometric notice (for Onfido: US residents, before any face check).",
  },
  not_found: { status: 404, message: 'Not found.' },
  handoff_link_invalid: { status: 404, message: 'No handoff link has this token (a newer link may have replaced it).' },
  no_pending_session: { status: 404, message: 'No pending verification matches this provider and session_ref.' },
  method_not_allowed: { status: 405, message: 'Method not allowed.' },
  request_timeout: { status: 408, message: 'The request stopped arriving before it was complete; send it again.' },
  active_session_exists: { status: 409, message: 'An active verification already exists for this provider.' },
  session_closed: { status: 409, message: 'The session has ended and takes no more input.' },
  handoff_active: { status: 409, message: 'This session was handed to a phone: this credential may only follow it, and no other phone may take it.' },
  residence_required: { status: 409, message: 'Set the country of residence (POST /v1/identity/residence) first.' },
  handoff_link_expired: { status: 410, message: 'The handoff link has expired; ask for a new one on the first device.' },
  handoff_link_used: { status: 410, message: 'The handoff link was already used; a session continues on one phone only.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'The request body must be application/json.' },
  provider_rejected: { status: 422, message: 'The provider rejected the verification.' },
  image_rejected: { status: 422, message: 'The provider did not accept the image; take another.' },
  image_too_small: { status: 422, message: "The image is smaller than the provider accepts (details.min_bytes); take another." },
  token_invalid: { status: 422, message: 'The token is not valid.' },
  token_expired: { status: 422, message: 'The token has expired or was already used.' },
  token_mismatch: { status: 422, message: 'The token was not issued for this session, action or host.' },
  rate_limited: { status: 429, message: 'Too many requests; retry later.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
  provider_error: { status: 502, message: 'The provider could not be reached or answered badly.' },
  provider_unavailable: { status: 503, message: 'The provider is busy; retry later.' },
  provider_timeout: { status: 504, message: 'The provider did not answer in time.' },
} as const satisfies Record<string, { status: number; message: string }>;
export type ApiErrorCode = keyof typeof API_ERRORS;

/**
 * Reasons a verification did not succeed, as `last_error.code` on a session. Provider-specific
 * codes (Stripe's `document_expired`, Onfido's sub-results, ...) are mapped onto these.
 */
export const OUTCOME_ERRORS = {
  consent_declined: 'The person declined the notice.',
  verification_failed: 'The provider could not verify the person.',
  human_check_failed: 'The human check did not pass.',
  token_expired: 'The check expired or was already used; try again.',
  document_expired: 'The document has expired.',
  document_unverified_other: 'The document could not be verified.',
  document_type_not_supported: 'That type of document is not accepted.',
  selfie_face_mismatch: 'The selfie does not match the document.',
  selfie_unverified_other: 'The selfie could not be verified.',
  abandoned: 'The person left the verification.',
  session_expired: 'The session expired before it was completed.',
  provider_error: 'The provider failed to complete the check.',
} as const satisfies Record<string, string>;
export type OutcomeErrorCode = keyof typeof OUTCOME_ERRORS;

/** Codes the widget can raise itself, before or without a BFF answer. */
export const CLIENT_ERRORS = {
  network_error: 'The verification service could not be reached.',
  missing_client_secret: 'The element has no client-secret attribute.',
  missing_api_base: 'The element has no api-base attribute.',
  driver_failed: 'The provider step could not be loaded.',
} as const satisfies Record<string, string>;
export type ClientErrorCode = keyof typeof CLIENT_ERRORS;

export type PublicErrorCode = ApiErrorCode | OutcomeErrorCode | ClientErrorCode;

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.prototype.hasOwnProperty.call(API_ERRORS, code);
}
