// The verifications this demo's host backend offers, by name. The page sends a preset's key and
// at most a few enumerated choices; the server builds the session's requirements from them, so no
// browser can ask for requirements of its own. Copy the shape: your product names what it needs.
// Plain data and one pure function (no Node imports): the page imports it for its form and snippet.
import type { AssuranceLevel, CaptureMode, FaceCheck, ProviderKey, TrustLayer } from '@identity-verify/contract/vocabulary';

export interface Preset {
  key: string;
  name: string;
  /** What the person is asked for, in a line. */
  summary: string;
  requirements: { layer: TrustLayer; min_assurance: AssuranceLevel; face_check?: FaceCheck };
  /** What the session's metadata tells a provider beyond the requirements (Yoti's identity profile). */
  metadata?: Record<string, string>;
  /**
   * The providers that can do it, in the order offered: the session accepts these only (or the
   * ones the person ticked among them), so every choice the form offers has a way to verify.
   */
  providers: readonly ProviderKey[];
  /**
   * A service of this host asking, once the person is verified, to act for them within scopes
   * (seed 003's layer 3, delegation): the session is created for it, taking its requirements.
   */
  service?: { id: string; required_scopes: readonly string[]; scope_descriptions: Readonly<Record<string, string>> };
}

/** The names people know the providers by. */
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

const DOCUMENT_PROVIDERS = ['stripe_identity', 'onfido', 'signicat_onfido'] as const;
/** Sign-in with an account the person already has, verified by the provider (US residents). */
const ACCOUNT_PROVIDERS = ['login_gov', 'id_me'] as const;
/** A national eID the person confirms in its own app, with no document or selfie (residents of Sweden). */
const EID_PROVIDERS = ['bankid_se'] as const;

export const PRESETS = [
  {
    key: 'humanity',
    name: 'Humanity check',
    summary: 'A real person is present. Turnstile needs no documents; an identity verification proves it too.',
    requirements: { layer: 'humanity', min_assurance: 'low' },
    providers: ['turnstile', ...DOCUMENT_PROVIDERS, ...ACCOUNT_PROVIDERS, ...EID_PROVIDERS],
  },
  {
    key: 'identity_low',
    name: 'Identity, low assurance',
    summary: 'Who the person is, from an ID document alone, an account verified by Login.gov or ID.me, or BankID.',
    requirements: { layer: 'identity', min_assurance: 'low', face_check: 'none' },
    providers: [...DOCUMENT_PROVIDERS, ...ACCOUNT_PROVIDERS, ...EID_PROVIDERS],
  },
  {
    key: 'identity_selfie',
    name: 'Identity with selfie',
    summary: 'An ID document and a selfie photo compared with it.',
    requirements: { layer: 'identity', min_assurance: 'substantial', face_check: 'photo' },
    providers: [...DOCUMENT_PROVIDERS, ...ACCOUNT_PROVIDERS],
  },
  {
    key: 'identity_high',
    name: 'Identity, high assurance',
    summary: 'An ID document and a selfie, by a provider of high assurance (KYC grade), Plaid, or BankID.',
    // The face check is the default at high assurance (a selfie photo), which BankID's eID meets without one.
    requirements: { layer: 'identity', min_assurance: 'high' },
    providers: [...DOCUMENT_PROVIDERS, 'plaid', ...ACCOUNT_PROVIDERS, ...EID_PROVIDERS],
  },
  {
    key: 'uk_right_to_work',
    name: 'UK right to work',
    summary: 'A right-to-work check under the UK digital identity framework, certified by Yoti.',
    requirements: { layer: 'identity', min_assurance: 'high' },
    // Yoti's identity profile: the UK trust framework (UK_TFIDA) and its right-to-work scheme.
    metadata: { yoti_identity_profile: 'UK_TFIDA:RTW' },
    providers: ['yoti'],
  },
  {
    key: 'delegation_tax',
    name: 'Act on the person’s behalf (delegation)',
    summary: 'A high-assurance identity, then the person decides whether the service may file and read their tax return for them.',
    requirements: { layer: 'identity', min_assurance: 'high' },
    providers: [...DOCUMENT_PROVIDERS, 'plaid', ...ACCOUNT_PROVIDERS, ...EID_PROVIDERS],
    service: {
      id: 'demo_tax_filing',
      required_scopes: ['tax:file', 'tax:read'],
      scope_descriptions: { 'tax:file': 'File your tax return', 'tax:read': 'Read your tax records' },
    },
  },
  {
    key: 'identity_video',
    name: 'Identity with video selfie',
    summary: 'An ID document and a short video selfie, in Onfido’s SDK.',
    requirements: { layer: 'identity', min_assurance: 'high', face_check: 'video' },
    providers: ['onfido', 'signicat_onfido'],
  },
  {
    key: 'identity_motion',
    name: 'Identity with motion selfie',
    summary: 'An ID document and a motion capture of the face, in Onfido’s SDK.',
    requirements: { layer: 'identity', min_assurance: 'high', face_check: 'motion' },
    providers: ['onfido'],
  },
] as const satisfies readonly Preset[];

export type PresetKey = (typeof PRESETS)[number]['key'];
export const PRESET_KEYS = PRESETS.map((p) => p.key) as [PresetKey, ...PresetKey[]];
export const DEFAULT_PRESET: PresetKey = 'humanity';

export function presetOf(key: PresetKey): Preset {
  return PRESETS.find((p) => p.key === key)!;
}

/** What the page may choose beside the preset, each from a closed list. */
export interface StartChoices {
  preset: PresetKey;
  /** Providers ticked; none means every one the preset allows. */
  providers?: readonly ProviderKey[];
  capture?: CaptureMode;
}

/** Why a choice cannot be made, worded for the person at the form. */
export class PresetChoiceError extends Error {
  override readonly name = 'PresetChoiceError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The requirements a session is created with, from a preset and the page's choices. `available`
 * are the providers this deployment runs: a preset offers only those of its providers.
 */
export function requirementsFor(choices: StartChoices, available: readonly ProviderKey[]) {
  const preset = presetOf(choices.preset);
  const allowed = preset.providers.filter((key) => available.includes(key));
  const ticked = choices.providers ?? [];
  const refused = ticked.filter((key) => !allowed.includes(key));
  const names = (keys: readonly ProviderKey[]) => keys.map((key) => PROVIDER_NAMES[key]).join(', ');
  if (refused.length) throw new PresetChoiceError('body.providers', `“${preset.name}” cannot be done with ${names(refused)}. Tick none, or some of: ${names(allowed)}.`);
  if (!allowed.length) throw new PresetChoiceError('body.preset', `No provider of “${preset.name}” runs here.`);
  return {
    ...preset.requirements,
    accepted_providers: ticked.length ? allowed.filter((key) => ticked.includes(key)) : allowed,
    ...(choices.capture ? { capture: choices.capture } : {}),
  };
}
