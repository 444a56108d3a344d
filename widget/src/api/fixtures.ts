// Sample BFF answers for the widget's unit tests (never imported by the bundle).
import type {
  ActiveAttempt,
  ProviderCatalogueEntry,
  VerificationResult,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import type { ProviderNoticeText } from '@identity-verify/contract/notices';

export function sampleSession(overrides: Partial<WidgetSession> = {}): WidgetSession {
  return {
    id: 'ivs_test_1',
    status: 'requires_input',
    locale: null,
    requirements: { layer: 'humanity', min_assurance: 'low' },
    allowed_countries: [],
    country_of_residence: null,
    consents: [],
    active_attempt: null,
    claims: [],
    last_error: null,
    expires_at: '2030-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function sampleAttempt(overrides: Partial<ActiveAttempt> = {}): ActiveAttempt {
  return {
    session_id: 'iva_test_1',
    provider_key: 'turnstile',
    session_ref: 'ref_1',
    status: 'pending',
    created_at: '2030-01-01T00:00:00.000Z',
    expires_at: '2030-01-01T00:05:00.000Z',
    client: {
      provider_key: 'turnstile',
      flow: 'inline_token',
      script_url: 'http://127.0.0.1:9/turnstile/v0/api.js?render=explicit',
      sitekey: '1x00000000000000000000AA',
      action: 'verify',
      cdata: 'ivs_test_1',
    },
    ...overrides,
  };
}

/** A Stripe Identity attempt as the BFF hands it out (emulated Stripe.js, hosted page url). */
export function sampleStripeAttempt(overrides: Partial<ActiveAttempt> = {}): ActiveAttempt {
  return sampleAttempt({
    provider_key: 'stripe_identity',
    session_ref: 'vs_test_1',
    client: {
      provider_key: 'stripe_identity',
      flow: 'sdk_modal',
      publishable_key: 'pk_test_sample',
      client_secret: 'vs_test_1_secret_test_first',
      url: 'http://127.0.0.1:9/verify/start/test_sample',
      stripe_js_url: 'http://127.0.0.1:9/v3/stripe.js',
    },
    ...overrides,
  });
}

/** An Onfido attempt: an SDK token for the embedded UI, selfie photo as the face step. */
export function sampleOnfidoAttempt(overrides: Partial<ActiveAttempt> = {}): ActiveAttempt {
  return sampleAttempt({
    provider_key: 'onfido',
    session_ref: 'applicant_1',
    client: {
      provider_key: 'onfido',
      flow: 'embedded_sdk',
      sdk_token: 'header.payload.signature',
      sdk_url: 'http://127.0.0.1:9/web-sdk/v14/Onfido.js',
      face: 'standard',
      workflow_run_id: null,
    },
    ...overrides,
  });
}

/** A provider notice's words as the BFF serves them (sample words, in English and Spanish). */
export function sampleNoticeTexts(notice: ProviderNoticeText['notice'], version = 'onfido-us-2026-12'): ProviderNoticeText[] {
  const link = (label: string) => ({ label, href: 'https://onfido.com/privacy/' });
  return [
    { notice, version, locale: 'en', heading: 'Your face scan and Onfido', body: '{organization} uses Onfido, a third-party provider.', confirm: 'By selecting Accept, you accept its policies.', links_label: "Onfido's policies", links: [link('Onfido Privacy Policy')] },
    { notice, version, locale: 'es', heading: 'El escaneo de tu rostro y Onfido', body: '{organization} usa Onfido, un proveedor externo.', confirm: 'Al seleccionar Aceptar, aceptas sus políticas.', links_label: 'Las políticas de Onfido', links: [link('Política de Privacidad de Onfido')] },
  ];
}

/** Onfido as the BFF lists it for a US resident and a face check: its biometric notice first, with its words. */
export const onfidoProvider = (notices: ProviderCatalogueEntry['notices'] = ['onfido_biometric_us']): ProviderCatalogueEntry =>
  sampleProvider({
    notice_texts: notices.flatMap((n) => (n === 'privacy_notice' ? [] : sampleNoticeTexts(n))),
    id: 'idp_onfido',
    provider_key: 'onfido',
    name: 'Onfido',
    supported_layers: ['identity'],
    claim_types: ['verified_identity'],
    assurance_level: 'high',
    flow: 'embedded_sdk',
    notices,
  });

export const stripeProvider = (): ProviderCatalogueEntry =>
  sampleProvider({
    id: 'prv_stripe_identity',
    provider_key: 'stripe_identity',
    name: 'Stripe Identity',
    supported_layers: ['humanity', 'identity'],
    claim_types: ['verified_human', 'verified_identity'],
    assurance_level: 'high',
    flow: 'sdk_modal',
  });

export function sampleProvider(overrides: Partial<ProviderCatalogueEntry> = {}): ProviderCatalogueEntry {
  return {
    id: 'prv_turnstile',
    provider_key: 'turnstile',
    name: 'Cloudflare Turnstile',
    supported_layers: ['humanity'],
    claim_types: ['verified_human'],
    assurance_level: 'low',
    coverage: 'global',
    flow: 'inline_token',
    active: true,
    notices: [],
    notice_texts: [],
    ...overrides,
  };
}

export function sampleResult(overrides: Partial<VerificationResult> = {}): VerificationResult {
  return {
    session_id: 'ivs_test_1',
    status: 'verified',
    provider_key: 'turnstile',
    claims: [{ type: 'verified_human', provider_key: 'turnstile', assurance_level: 'low' }],
    last_error: null,
    ...overrides,
  };
}
