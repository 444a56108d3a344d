// The options the start form offers, with the names people know them by.
import { ASSURANCE_LEVELS, PROVIDER_KEYS, type AssuranceLevel, type CaptureMode, type FaceCheck, type ProviderKey } from '@identity-verify/contract/vocabulary';

export const PROVIDER_NAMES: Record<ProviderKey, string> = {
  turnstile: 'Cloudflare Turnstile',
  stripe_identity: 'Stripe Identity',
  onfido: 'Onfido',
  signicat_onfido: 'Signicat Assure (Onfido)',
  id_me: 'ID.me',
  login_gov: 'Login.gov',
  bankid_se: 'BankID (Sweden)',
  plaid: 'Plaid Identity Verification',
  yoti: 'Yoti',
};

export const ASSURANCE_NAMES: Record<AssuranceLevel, string> = {
  low: 'Low',
  substantial: 'Substantial',
  high: 'High',
};

/** The face checks a session can ask for; '' leaves it to the assurance level. */
export const FACE_CHECK_CHOICES: ReadonlyArray<{ value: FaceCheck | ''; name: string }> = [
  { value: '', name: 'Default (a selfie photo when assurance is high)' },
  { value: 'none', name: 'None' },
  { value: 'photo', name: 'Selfie photo' },
  { value: 'video', name: 'Selfie video' },
  { value: 'motion', name: 'Motion capture' },
];

/** Who captures the images for providers that can take either; '' leaves it to each provider's configuration. */
export const CAPTURE_CHOICES: ReadonlyArray<{ value: CaptureMode | ''; name: string }> = [
  { value: '', name: 'Default (as each provider is configured)' },
  { value: 'native', name: "The widget's own capture" },
  { value: 'sdk', name: "The provider's SDK" },
];

/** Languages the widget ships; names are shown in their own language. */
export const LOCALES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
];

export { ASSURANCE_LEVELS, PROVIDER_KEYS };
