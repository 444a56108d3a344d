// English messages, complete: the core's (./en-core.ts) and the words of every other public error
// code; the shape every other catalogue follows. A chunk of its own, loaded as the element starts
// (./index.ts): the core carries only the words its first render can need.
import { enCore, type CompleteMessages } from './en-core.js';

export type { CompleteMessages, Messages, UiKey } from './en-core.js';

export const en: CompleteMessages = {
  ...enCore,
  // The question of a service asking to act for the person (delegation), after their verification.
  delegation: {
    heading: 'Allow {organization} to act for you?',
    body: 'You are verified. {organization} also asks your permission to do the following on your behalf:',
    revoke_hint: 'You can withdraw this permission later by contacting {organization}.',
    allow: 'Allow',
    decline: "Don't allow",
    granted: 'You allowed {organization} to act for you as listed.',
    declined: '{organization} will not act for you. Your verification still counts.',
  },
  errors: {
    ...enCore.errors,
    validation_failed: 'Something in the request was not accepted. Please try again.',
    webhook_signature_invalid: 'A message from the verification provider could not be trusted.',
    invalid_json: 'The request could not be read. Please try again.',
    provider_not_available: 'That way to verify is not available for this verification.',
    unauthorized: 'This verification link is not valid. Start again from the page that sent you here.',
    client_secret_expired: 'This verification has timed out. Start again from the page that sent you here.',
    forbidden: 'This action is not allowed for this verification.',
    origin_not_allowed: 'This website is not allowed to run this verification.',
    consent_required: 'Please accept the notice before you continue.',
    image_rejected: 'The photo was not accepted. Please take another one.',
    image_too_small: 'The photo has too little detail. Please take another one.',
    biometric_consent_required: 'Please read and accept the notice about your face scan before you continue.',
    not_found: 'This verification could not be found.',
    no_pending_session: 'The check was not found or was already used. Please try again.',
    method_not_allowed: 'That action is not available.',
    request_timeout: 'The connection was too slow. Please try again.',
    active_session_exists: 'A check with this provider is already in progress.',
    session_closed: 'This verification has already ended.',
    residence_required: 'Please choose your country of residence first.',
    payload_too_large: 'What was sent is too large.',
    unsupported_media_type: 'What was sent could not be read.',
    provider_rejected: 'The provider could not confirm the check.',
    token_invalid: 'The check could not be confirmed.',
    token_expired: 'The check expired or was already used.',
    token_mismatch: 'The check was completed for a different site or verification.',
    rate_limited: 'Too many attempts. Wait a moment, then try again.',
    internal_error: 'Something went wrong on our side. Please try again.',
    provider_error: 'The verification provider had a problem. Please try again.',
    provider_unavailable: 'The verification provider is busy. Please try again shortly.',
    provider_timeout: 'The verification provider took too long to answer. Please try again.',
    consent_declined: 'You declined the notice.',
    verification_failed: 'The provider could not verify you.',
    human_check_failed: 'The check did not pass.',
    document_expired: 'The document has expired.',
    document_unverified_other: 'The document could not be verified.',
    document_type_not_supported: 'That type of document is not accepted.',
    selfie_face_mismatch: 'The selfie does not match the photo on the document.',
    selfie_unverified_other: 'The selfie could not be verified.',
    abandoned: 'The verification was left before it was finished.',
    session_expired: 'The verification expired before it was finished.',
    handoff_link_invalid: 'This link is not valid. Open the newest link from the device where you started.',
    handoff_link_expired: 'This link has expired. Get a new one on the device where you started.',
    handoff_link_used: 'This link has already been used. A verification can continue on one phone only.',
    handoff_active: 'This verification continues on your phone. Finish it there.',
  },
  // Continuing on a phone (../handoff/): words of its own chunk, in every catalogue.
  handoff: {
    use_phone: 'Use your phone instead',
    heading: 'Continue on your phone',
    no_camera: 'No camera was found on this device.',
    instructions: "Scan the code with your phone's camera, or open the link below on your phone.",
    qr_label: 'QR code that opens this verification on your phone',
    expiry: 'The link works once and expires in a few minutes.',
    waiting: 'Waiting for your phone…',
    on_phone: 'Continue on your phone. This page shows the result when you are done.',
    expired: 'The link has expired.',
    new_link: 'Get a new link',
    use_this_device: 'Use this device instead',
  },
};

export default en;
