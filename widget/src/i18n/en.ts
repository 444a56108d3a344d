// English messages: the catalogue built into the core bundle, and the shape every other one follows.
import type { PublicErrorCode } from '@identity-verify/contract/errors';
import { PRIVACY_NOTICE_EN, type PrivacyNoticeWords } from '@identity-verify/contract/notices';

const ui = {
  loading_heading: 'Getting ready',
  loading_status: 'Loading the verification…',

  consent_heading: 'Before you start',
  consent_organization_fallback: 'This service',
  new_tab: '(opens in a new tab)',
  consent_version: 'Notice version {version}',
  consent_choice: 'Do you want to continue?',
  consent_accept: 'Accept and continue',
  consent_decline: 'Decline',

  notice_accept: 'Accept',
  notice_decline: 'Decline',

  country_heading: 'Where do you live?',
  country_label: 'Country of residence',
  country_hint: 'This decides which ways to verify are available to you.',
  country_placeholder: 'Select a country',

  providers_heading: 'Choose how to verify',
  providers_legend: 'Ways to verify',
  providers_loading: 'Loading the ways to verify…',
  providers_empty:
    'There is no way to verify for people living in {country} yet. Go back to choose another country, or contact {organization}.',
  flow_inline_token: 'A quick automatic check that you are a person. No documents needed.',
  flow_sdk_modal: 'Photograph an ID document and take a selfie in a secure window.',
  flow_embedded_sdk: 'Photograph an ID document and take a selfie, guided step by step.',
  flow_hosted_redirect: "Sign in to an account you have already verified, on the provider's own site.",
  flow_native_capture: 'Photograph an ID document and take a selfie with your camera.',
  flow_qr_code: 'Scan a QR code with the app on your phone.',

  provider_heading: 'Verify with {provider}',
  provider_heading_generic: 'Complete the check',
  provider_starting: 'Starting the check…',
  provider_hint: 'Follow the instructions below.',
  provider_modal_intro:
    '{provider} opens a secure window where you photograph an ID document and, if asked, take a selfie. It takes a few minutes.',
  provider_redirect_intro:
    "You continue on {provider}'s secure page to photograph an ID document and, if asked, take a selfie. You come back here when you are done.",
  provider_open: 'Verify with {provider}',
  provider_continue: 'Continue to {provider}',
  provider_window_open: 'Finish in the window that opened.',
  provider_redirecting: "Taking you to the provider's secure page…",
  provider_left: 'You closed the window before finishing. Nothing was submitted.',
  provider_left_body: 'You can resume where you left off, or choose another way to verify.',
  provider_resume: 'Resume verification',
  choose_another: 'Choose another way',

  submitting_heading: 'Checking',
  submitting_status: 'Confirming the result with the provider…',

  verified_heading: 'You are verified',
  verified_body: 'Thank you. {organization} has received the result.',
  failed_heading: 'The check did not pass',
  failed_retry_hint: 'You can try again.',
  canceled_heading: 'You chose not to continue',
  canceled_body: 'Nothing was checked and nothing was shared. You can close this page.',
  canceled_other_heading: 'This verification was canceled',
  canceled_other_body: 'If you still need to verify, start again from {organization}.',
  review_heading: 'Your verification is being reviewed',
  review_body: '{organization} will let you know the outcome.',
  expired_heading: 'This verification has expired',
  expired_body: 'Start again from {organization} to get a new one.',
  processing_heading: 'We are still checking',
  processing_body:
    'This is taking longer than usual. {organization} will receive the result, so you can close this page, or check again in a moment.',
  check_again: 'Check again',
  ended_heading: 'This verification has ended',
  ended_body: 'It cannot be continued here.',

  error_heading: 'Something went wrong',
  error_unknown: 'Something unexpected happened.',

  continue: 'Continue',
  back: 'Back',
  retry: 'Try again',
  working: 'Please wait…',
};

export type UiKey = keyof typeof ui;

export interface Messages {
  /** The language these messages are in (a BCP 47 primary tag). */
  lang: string;
  ui: Record<UiKey, string>;
  /** The privacy notice's words: the contract's, which the BFF checks a recorded text against. */
  privacy: PrivacyNoticeWords;
  /** Every public error code, in words for the person in front of the widget. */
  errors: Record<PublicErrorCode, string>;
}

export const en: Messages = {
  lang: 'en',
  ui,
  privacy: PRIVACY_NOTICE_EN,
  errors: {
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
    network_error: 'The verification service could not be reached. Check your connection and try again.',
    missing_client_secret: 'This page has not set up the verification correctly.',
    missing_api_base: 'This page has not set up the verification correctly.',
    driver_failed: 'This step could not be loaded. Please try again.',
  },
};
