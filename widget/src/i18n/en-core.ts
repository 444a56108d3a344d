// English in the core: every interface string and the privacy notice, for the first render and
// every step, and the words of the errors a page can show before the BFF answered or without the
// network (a missing attribute, no connection, a chunk that did not load). The words of every other
// error code are in ./en.ts, a chunk the element loads as it starts, as it loads Spanish (./index.ts).
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
  already_verified_heading: "You're already verified",
  already_verified_body: '{organization} accepted a verification you completed before. There is nothing more to do.',
  failed_heading: 'The check did not pass',
  failed_retry_hint: 'You can try again.',
  left_heading: 'You left before finishing',
  left_body: 'Nothing was verified. You can try again, or choose another way.',
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

/** Every public error code the person can meet, in words (GDPR_VIOLATION answers only a host's setting of a service's requirements). */
export type ErrorWords = Record<Exclude<PublicErrorCode, 'GDPR_VIOLATION'>, string>;

export interface Messages {
  /** The language these messages are in (a BCP 47 primary tag). */
  lang: string;
  ui: Record<UiKey, string>;
  /** The privacy notice's words: the contract's, which the BFF checks a recorded text against. */
  privacy: PrivacyNoticeWords;
  /**
   * Public error codes in words for the person in front of the widget: every one in a complete
   * catalogue, a few in the core's English (errorText says ui.error_unknown for a code without words).
   */
  errors: Partial<ErrorWords>;
  /** Continuing on a phone: in every complete catalogue, not in the core's English. */
  handoff?: HandoffWords;
  /** A delegation service's question: in every complete catalogue (it comes after a verification, long after they loaded). */
  delegation?: DelegationWords;
}

/** The words of the delegation step: `{organization}` asks to act for the person within the scopes listed. */
export type DelegationKey = 'heading' | 'body' | 'revoke_hint' | 'allow' | 'decline' | 'granted' | 'declined';
export type DelegationWords = Record<DelegationKey, string>;

/** The words of continuing on a phone (../handoff/): only in the complete catalogues, since only that lazy chunk shows them. */
export type HandoffKey = 'use_phone' | 'heading' | 'no_camera' | 'instructions' | 'qr_label' | 'expiry' | 'waiting' | 'on_phone' | 'expired' | 'new_link' | 'use_this_device';
export type HandoffWords = Record<HandoffKey, string>;

/** A complete catalogue: every public error code in words (the core's English has only a few), and the handoff's and delegation's words. */
export type CompleteMessages = Messages & { errors: ErrorWords; handoff: HandoffWords; delegation: DelegationWords };

export const enCore = {
  lang: 'en',
  ui,
  privacy: PRIVACY_NOTICE_EN,
  errors: {
    network_error: 'The verification service could not be reached. Check your connection and try again.',
    missing_client_secret: 'This page has not set up the verification correctly.',
    missing_api_base: 'This page has not set up the verification correctly.',
    driver_failed: 'This step could not be loaded. Please try again.',
  },
} satisfies Messages;
