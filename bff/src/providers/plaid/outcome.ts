// Plaid's verdict on an identity verification attempt, onto ours: pure, so it is tested on its
// own. The attempt a user is on now is the newest of their attempts (a retry makes a new one).
import type { OutcomeErrorCode } from '@identity-verify/contract/errors';
import { PLAID_STEPS, type PlaidResult } from '@identity-verify/contract/providers/plaid';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { Outcome } from '../types.js';
import type { Verification } from './client.js';

type Step = (typeof PLAID_STEPS)[number];

/** Tries one attempt of ours gets at Plaid: the first and two retries. */
export const MAX_TRIES = 3;

/** Steps the person can pass on another try. A screening hit or a risk signal is not theirs to fix (and Plaid refuses an `incomplete` retry after them). */
const RETRYABLE: readonly Step[] = ['verify_sms', 'kyc_check', 'documentary_verification', 'selfie_check'];

/** Why each step failed, in our words: Plaid's own may one day carry the person's details. */
const FAILED_STEP: Record<Step, { code: OutcomeErrorCode; reason: string }> = {
  accept_tos: { code: 'consent_declined', reason: "Plaid's terms (accept_tos) were not accepted." },
  verify_sms: { code: 'verification_failed', reason: 'Plaid could not verify the phone number (verify_sms).' },
  kyc_check: { code: 'verification_failed', reason: "The details entered did not match Plaid's data sources (kyc_check)." },
  documentary_verification: { code: 'document_unverified_other', reason: 'Plaid could not verify the identity document (documentary_verification).' },
  selfie_check: { code: 'selfie_unverified_other', reason: "Plaid's selfie check did not pass (selfie_check)." },
  watchlist_screening: { code: 'verification_failed', reason: "Plaid's watchlist screening did not pass (watchlist_screening)." },
  risk_check: { code: 'verification_failed', reason: "Plaid's risk check did not pass (risk_check)." },
};

/** The steps' statuses for the host: Plaid's words for each step, nothing of the person. */
export function resultOf(v: Verification): PlaidResult {
  const steps = Object.fromEntries(PLAID_STEPS.map((step) => [step, v.steps[step] ?? null])) as PlaidResult['steps'];
  return { provider_key: 'plaid', identity_verification_id: v.id, status: v.status, steps };
}

/** The attempt the user is on now: the one no other names as its previous attempt, else the latest created. */
export function newestOf(attempts: readonly Verification[]): Verification | null {
  const superseded = new Set(attempts.map((a) => a.previous_attempt_id).filter(Boolean));
  const candidates = attempts.filter((a) => !superseded.has(a.id));
  const pool = candidates.length ? candidates : attempts;
  return pool.reduce<Verification | null>((newest, a) => (!newest || Date.parse(a.created_at) >= Date.parse(newest.created_at) ? a : newest), null);
}

/** The first step, in template order, that failed or that a reviewer rejected. */
export function failedStepOf(v: Verification): { step: Step; byReviewer: boolean } | null {
  for (const step of PLAID_STEPS) {
    const status = v.steps[step];
    if (status === 'failed' || status === 'manually_rejected') return { step, byReviewer: status === 'manually_rejected' };
  }
  return null;
}

function personOf(v: Verification): VerifiedOutputs {
  const user = v.user;
  const [year, month, day] = (user?.date_of_birth ?? '').split('-').map(Number);
  const a = user?.address;
  return {
    first_name: user?.name?.given_name ?? null,
    last_name: user?.name?.family_name ?? null,
    address: a ? { line1: a.street ?? null, line2: a.street2 ?? null, city: a.city ?? null, state: a.region ?? null, postal_code: a.postal_code ?? null, country: a.country ?? null } : null,
    dob: year && month && day ? { year, month, day } : null,
  };
}

export interface OutcomeOptions {
  /** Whether the session asked who the person is: only then are their details kept (the claims are the same). */
  identity: boolean;
  /** Whether a failure may still be retried at Plaid (tries left). */
  mayRetry: boolean;
}

export function outcomeOf(v: Verification, { identity, mayRetry }: OutcomeOptions): Outcome {
  const details = resultOf(v);
  switch (v.status) {
    case 'success':
      // Every layer reached is claimed, whatever was asked; the person's details are kept only
      // for a session that asked who they are.
      return { status: 'verified', claims: ['verified_identity'], assurance: 'high', ...(identity ? { pii: personOf(v) } : {}), details };
    case 'failed': {
      const failed = failedStepOf(v);
      const why = failed ? FAILED_STEP[failed.step] : { code: 'verification_failed' as const, reason: 'Plaid could not verify the person.' };
      // A retry happens at Plaid on the same user (/identity_verification/retry), inside this
      // attempt: it stays open while the person may try again; a reviewer's rejection is final.
      if (failed && !failed.byReviewer && RETRYABLE.includes(failed.step) && mayRetry) {
        return { status: 'requires_input', error: why, attemptStaysOpen: true, httpError: 'provider_rejected', details };
      }
      return { status: 'rejected', error: failed?.byReviewer ? { code: why.code, reason: `A reviewer at Plaid rejected the verification (${failed.step}).` } : why, details };
    }
    case 'pending_review': {
      // A reviewer decides in Plaid's dashboard and Plaid tells us (STATUS_UPDATED): the person is
      // done, the session needs review, and the verdict read after Plaid's event settles it.
      const step = PLAID_STEPS.find((s) => v.steps[s] === 'pending_review');
      const reason = step ? `A reviewer at Plaid is checking the verification (${step}).` : 'A reviewer at Plaid is checking the verification.';
      return { status: 'needs_review', error: { code: 'verification_failed', reason }, reviewedByProvider: true, details };
    }
    case 'expired':
      return { status: 'canceled', error: { code: 'session_expired', reason: 'The Plaid session expired before it was completed.' }, details };
    case 'canceled':
      return { status: 'canceled', error: { code: 'abandoned', reason: 'The Plaid session was canceled.' }, details };
    default:
      // active, or a status Plaid adds later: the person is not done, or we wait for one we know.
      return { status: 'pending' };
  }
}
