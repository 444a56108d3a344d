// The emulator's sandbox credentials and templates: a client id and secret shaped like Plaid's
// (24 and 30 hex characters), handed to the BFF by the wiring, and the default IDV template.
import type { StepName } from './model.js';

/** A client id shaped like a Plaid sandbox one; not a secret (Plaid puts it in headers and logs). */
export const PLAID_EMULATOR_CLIENT_ID = '65e0a1b2c3d4e5f6a7b8c9d0';
/** The sandbox secret paired with it. */
export const PLAID_EMULATOR_SECRET = 'e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4';

/**
 * When the documentary step runs: never, always after the data check, or only when the data
 * check fails (Plaid's template editor offers documents "as a fallback"). [U: the exact template
 * options are dashboard settings Plaid's API does not expose.]
 */
export type DocumentaryMode = 'off' | 'always' | 'fallback';

export interface TemplateSteps {
  accept_tos: boolean;
  verify_sms: boolean;
  kyc_check: boolean;
  documentary_verification: DocumentaryMode;
  selfie_check: boolean;
  watchlist_screening: boolean;
  risk_check: boolean;
}

/** An IDV template as the dashboard would configure it. */
export interface PlaidTemplate {
  /** `idvtmp_` and 14 base62 characters. */
  id: string;
  version: number;
  name: string;
  steps: TemplateSteps;
}

/** The template the wiring hands the BFF. */
export const PLAID_EMULATOR_TEMPLATE_ID = 'idvtmp_emu1DefaultKYC';

export const DEFAULT_TEMPLATE: PlaidTemplate = {
  id: PLAID_EMULATOR_TEMPLATE_ID,
  version: 1,
  name: 'Emulator default: terms, SMS, data check, documents as fallback, selfie, risk',
  steps: {
    accept_tos: true,
    verify_sms: true,
    kyc_check: true,
    documentary_verification: 'fallback',
    selfie_check: true,
    watchlist_screening: false,
    risk_check: true,
  },
};

export function templateUses(template: PlaidTemplate, step: StepName): boolean {
  const setting = template.steps[step];
  return typeof setting === 'boolean' ? setting : setting !== 'off';
}
