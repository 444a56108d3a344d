// /identity_verification/retry's strategies (Strategy in the OpenAPI): a new attempt for the same
// user and template, linked by previous_attempt_id. reset starts over; incomplete keeps the steps
// already passed (marked skipped) and restarts from the failed one, refused when that is the
// screening or the risk check; infer is incomplete after failed or expired, reset otherwise, and
// refused while the last attempt is active; custom asks for exactly the steps given.
import type { PlaidTemplate } from './keys.js';
import { FlowError, end, newAttempt } from './machine.js';
import { STEP_NAMES, type PlaidUser, type StepName, type Verification } from './model.js';

export const STRATEGIES = ['reset', 'incomplete', 'infer', 'custom'] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const CUSTOM_STEPS = ['verify_sms', 'kyc_check', 'documentary_verification', 'selfie_check'] as const;
export type CustomSteps = Record<(typeof CUSTOM_STEPS)[number], boolean>;

const PASSED = ['success', 'skipped', 'manually_approved'];

export interface RetryInput {
  previous: Verification;
  template: PlaidTemplate;
  strategy: Strategy;
  steps?: CustomSteps;
  user?: PlaidUser;
  isShareable?: boolean | null;
  now: number;
}

export interface RetryResult {
  attempt: Verification;
  /** The previous attempt when the retry canceled it (it was still active). */
  canceled: Verification | null;
}

export function retryAttempt(o: RetryInput): RetryResult {
  const { previous } = o;
  let strategy = o.strategy;
  if (strategy === 'infer') {
    if (previous.status === 'active') throw new FlowError('the infer strategy cannot be applied while the latest identity verification is active');
    strategy = previous.status === 'failed' || previous.status === 'expired' ? 'incomplete' : 'reset';
  }
  let carried: StepName[] = [];
  if (strategy === 'incomplete') {
    const failing = STEP_NAMES.find((s) => previous.steps[s] === 'failed' || previous.steps[s] === 'manually_rejected');
    if (failing === 'watchlist_screening' || failing === 'risk_check') {
      throw new FlowError(`the incomplete strategy cannot be applied when the failing step is ${failing === 'risk_check' ? 'risk_check' : 'screening'}`);
    }
    carried = STEP_NAMES.filter((s) => PASSED.includes(previous.steps[s]));
  }
  // [U] Plaid does not say what happens to an attempt still active when another is made; the
  // emulator cancels it, so one user has one active attempt per template, as Link expects.
  let canceled: Verification | null = null;
  if (previous.status === 'active') {
    end(previous, 'canceled', o.now);
    canceled = previous;
  }
  const only = strategy === 'custom' && o.steps ? { ...o.steps } : undefined;
  const attempt = newAttempt({
    template: o.template,
    clientUserId: previous.client_user_id,
    user: o.user ?? previous.user,
    gaveConsent: previous.gave_consent,
    isShareable: o.isShareable ?? previous.is_shareable,
    now: o.now,
    previous,
    only,
    carried,
  });
  // Carried results stay readable on the new attempt, as its steps say they were passed.
  if (carried.includes('kyc_check')) attempt.kyc = previous.kyc && { ...previous.kyc };
  if (carried.includes('verify_sms')) attempt.sms = previous.sms.map((s) => ({ ...s }));
  if (carried.includes('documentary_verification')) attempt.documents = previous.documents.map((d) => ({ ...d }));
  return { attempt, canceled };
}
