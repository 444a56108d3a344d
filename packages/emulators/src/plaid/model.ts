// The emulator's state: identity verification attempts, link tokens and templates, with Plaid's
// vocabularies (statuses and steps exactly as the OpenAPI enumerates them) and id formats.
import { randomBytes } from 'node:crypto';
import type { PlaidTemplate } from './keys.js';

export const STEP_NAMES = ['accept_tos', 'verify_sms', 'kyc_check', 'documentary_verification', 'selfie_check', 'watchlist_screening', 'risk_check'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const STEP_STATUSES = [
  'success',
  'active',
  'failed',
  'waiting_for_prerequisite',
  'not_applicable',
  'skipped',
  'expired',
  'canceled',
  'pending_review',
  'manually_approved',
  'manually_rejected',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const IDV_STATUSES = ['active', 'success', 'failed', 'expired', 'canceled', 'pending_review'] as const;
export type IdvStatus = (typeof IDV_STATUSES)[number];

/** How the emulated Link ends beyond what the data decides: a test control, not a Plaid field. */
export const SANDBOX_OUTCOMES = ['as_entered', 'fail_kyc', 'pending_review'] as const;
export type SandboxOutcome = (typeof SANDBOX_OUTCOMES)[number];

export interface PlaidName {
  given_name: string;
  family_name: string;
}
export interface PlaidAddress {
  street: string | null;
  street2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string;
}
export interface PlaidIdNumber {
  value: string;
  type: string;
}

/** The person's data as an attempt holds it (IdentityVerificationUserData). */
export interface PlaidUser {
  phone_number: string | null;
  date_of_birth: string | null;
  ip_address: string | null;
  email_address: string | null;
  name: PlaidName | null;
  address: PlaidAddress | null;
  id_number: PlaidIdNumber | null;
}

export const emptyUser = (): PlaidUser => ({
  phone_number: null,
  date_of_birth: null,
  ip_address: null,
  email_address: null,
  name: null,
  address: null,
  id_number: null,
});

export type MatchCode = 'match' | 'partial_match' | 'no_match' | 'no_data' | 'no_input';

export interface KycResult {
  name: MatchCode;
  date_of_birth: MatchCode;
  address: MatchCode;
  id_number: MatchCode;
  phone_number: MatchCode;
}

export interface SmsAttempt {
  status: 'pending' | 'success' | 'failed' | 'canceled';
  attempt: number;
  phone_number: string | null;
  delivery_attempt_count: number;
  solve_attempt_count: number;
  initially_sent_at: number;
  last_sent_at: number;
}

export interface DocumentAttempt {
  status: 'success' | 'failed';
  attempt: number;
  nameMatch: boolean;
  dobMatch: boolean;
}

export interface Verification {
  id: string;
  client_user_id: string;
  template: PlaidTemplate;
  created_at: number;
  completed_at: number | null;
  previous_attempt_id: string | null;
  /** Consent given through the API: accept_tos is skipped, on retries too. */
  gave_consent: boolean;
  is_shareable: boolean;
  shareable_key: string | null;
  user: PlaidUser;
  status: IdvStatus;
  steps: Record<StepName, StepStatus>;
  sms: SmsAttempt[];
  kyc: KycResult | null;
  documents: DocumentAttempt[];
  watchlist_screening_id: string | null;
  /** Set by the emulated Link's outcome choice or controls.setOutcome. */
  outcome: SandboxOutcome;
  /** Whether the person has started it in Link (Plaid's first STEP_UPDATED). */
  started_in_link: boolean;
}

export interface LinkToken {
  token: string;
  template: PlaidTemplate;
  client_user_id: string;
  user: PlaidUser;
  gave_consent: boolean;
  /** The link token's `webhook`: recorded, not used for IDV (see webhooks.ts). */
  webhook: string | null;
  expires_at: number;
  /** The attempt Link opened on this token, once it did. */
  verification_id: string | null;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62, the alphabet of Plaid's ids and request ids. */
export function randomId(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length; i++) {
    const b = bytes[i % bytes.length]!;
    if (b < 248) out += BASE62[b % 62];
    if (i > length * 8) break;
  }
  return out.padEnd(length, '0');
}

/** Everything the emulator holds, cleared by reset(). */
export class PlaidState {
  readonly verifications = new Map<string, Verification>();
  readonly linkTokens = new Map<string, LinkToken>();
  readonly templates = new Map<string, PlaidTemplate>();

  constructor(private readonly initialTemplates: readonly PlaidTemplate[]) {
    this.clear();
  }

  clear(): void {
    this.verifications.clear();
    this.linkTokens.clear();
    this.templates.clear();
    for (const t of this.initialTemplates) this.templates.set(t.id, structuredClone(t));
  }

  /** Attempts of one user on one template, oldest first. */
  attemptsOf(clientUserId: string, templateId: string): Verification[] {
    return [...this.verifications.values()].filter((v) => v.client_user_id === clientUserId && v.template.id === templateId);
  }

  latestOf(clientUserId: string, templateId: string): Verification | undefined {
    return this.attemptsOf(clientUserId, templateId).at(-1);
  }
}
