// The status and step machine of an identity verification attempt, with the sandbox's behaviour:
// steps run in the template's order; Leslie Knope's data passes the data check and other data
// fails it; documents read as hers and pass only when the entered name and date of birth match,
// with three attempts; the selfie check is not run in the sandbox; the risk check passes unless
// the test outcome asks for a manual review. Pure functions over a Verification: each operation
// reports what changed, so webhooks and Link events come from one place.
import { templateUses, type PlaidTemplate } from './keys.js';
import {
  STEP_NAMES,
  randomId,
  type IdvStatus,
  type PlaidUser,
  type SandboxOutcome,
  type StepName,
  type StepStatus,
  type Verification,
} from './model.js';
import { SANDBOX_SMS_CODE, dateOfBirthMatches, kycAgainstSandbox, kycPasses, nameMatches } from './people.js';

export const MAX_DOCUMENT_ATTEMPTS = 3;
export const MAX_SMS_ATTEMPTS = 3;
/** Steps that need nothing from the person: they run as soon as they are reached. */
const AUTOMATIC: readonly StepName[] = ['selfie_check', 'watchlist_screening', 'risk_check'];
const OPEN: readonly StepStatus[] = ['active', 'waiting_for_prerequisite'];
const DONE_WELL: readonly StepStatus[] = ['success', 'skipped', 'manually_approved', 'not_applicable'];

/** Link's view name for each step (SCREENING for the watchlist). */
export const VIEW_NAMES: Record<StepName, string> = {
  accept_tos: 'ACCEPT_TOS',
  verify_sms: 'VERIFY_SMS',
  kyc_check: 'KYC_CHECK',
  documentary_verification: 'DOCUMENTARY_VERIFICATION',
  selfie_check: 'SELFIE_CHECK',
  watchlist_screening: 'SCREENING',
  risk_check: 'RISK_CHECK',
};

export class FlowError extends Error {
  override name = 'FlowError';
}

export interface NewAttempt {
  template: PlaidTemplate;
  clientUserId: string;
  user: PlaidUser;
  gaveConsent: boolean;
  isShareable: boolean;
  now: number;
  previous?: Verification;
  /** Steps the attempt asks for beyond the template's choice (a custom retry); others as the template says. */
  only?: Partial<Record<StepName, boolean>>;
  /** Steps already passed in the previous attempt (an incomplete retry): marked skipped. */
  carried?: readonly StepName[];
}

export function newAttempt(o: NewAttempt): Verification {
  const steps = {} as Record<StepName, StepStatus>;
  for (const step of STEP_NAMES) {
    const wanted = templateUses(o.template, step) && o.only?.[step] !== false;
    if (!wanted) steps[step] = 'not_applicable';
    else if ((step === 'accept_tos' && o.gaveConsent) || o.carried?.includes(step)) steps[step] = 'skipped';
    else steps[step] = 'waiting_for_prerequisite';
  }
  const v: Verification = {
    id: `idv_${randomId(14)}`,
    client_user_id: o.clientUserId,
    template: o.template,
    created_at: o.now,
    completed_at: null,
    previous_attempt_id: o.previous?.id ?? null,
    gave_consent: o.gaveConsent,
    is_shareable: o.isShareable,
    shareable_key: o.isShareable ? randomId(32) : null,
    user: structuredClone(o.user),
    status: 'active',
    steps,
    sms: [],
    kyc: null,
    documents: [],
    watchlist_screening_id: null,
    outcome: 'as_entered',
    started_in_link: false,
  };
  activateNext(v);
  return v;
}

/** What one operation changed: the steps that moved, the new status if it moved, and Link's events. */
export interface Change {
  steps: Array<{ step: StepName; from: StepStatus; to: StepStatus }>;
  status: { from: IdvStatus; to: IdvStatus } | null;
  /** IDV event names with their view name, in the order Link reports them. */
  events: Array<{ name: string; view_name: string | null }>;
}

/** Runs `operation` on the attempt and reports what it changed. */
export function apply(v: Verification, operation: (v: Verification) => void): Change {
  const before = { status: v.status, steps: { ...v.steps } };
  operation(v);
  const steps = STEP_NAMES.filter((s) => before.steps[s] !== v.steps[s]).map((step) => ({ step, from: before.steps[step], to: v.steps[step] }));
  const events: Change['events'] = [];
  for (const { step, to } of steps) {
    const name = { success: 'PASS_STEP', failed: 'FAIL_STEP', pending_review: 'PENDING_REVIEW_STEP' }[to as string];
    if (name) events.push({ name: `IDENTITY_VERIFICATION_${name}`, view_name: VIEW_NAMES[step] });
  }
  for (const { step, to } of steps) if (to === 'active') events.push({ name: 'IDENTITY_VERIFICATION_START_STEP', view_name: VIEW_NAMES[step] });
  const session = { success: 'PASS_SESSION', failed: 'FAIL_SESSION', pending_review: 'PENDING_REVIEW_SESSION' }[v.status as string];
  if (before.status !== v.status && session) events.push({ name: `IDENTITY_VERIFICATION_${session}`, view_name: null });
  return { steps, status: before.status === v.status ? null : { from: before.status, to: v.status }, events };
}

export const activeStep = (v: Verification): StepName | undefined => STEP_NAMES.find((s) => v.steps[s] === 'active');

function requireActive(v: Verification, step: StepName): void {
  if (v.status !== 'active') throw new FlowError(`The identity verification is ${v.status}.`);
  if (v.steps[step] !== 'active') throw new FlowError(`The ${step} step is ${v.steps[step]}, not active.`);
}

/** Makes the first waiting step active, or settles the status once no step is open. */
export function activateNext(v: Verification, now = v.created_at): void {
  if (v.status !== 'active' || activeStep(v)) return;
  const next = STEP_NAMES.find((s) => v.steps[s] === 'waiting_for_prerequisite');
  // Automatic steps become active here and run once the person reaches them (runAutomatic).
  if (next) v.steps[next] = 'active';
  else settle(v, now);
}

function settle(v: Verification, now: number): void {
  const rescued = v.steps.kyc_check === 'failed' && v.steps.documentary_verification === 'success';
  const failed = STEP_NAMES.some((s) => (v.steps[s] === 'failed' || v.steps[s] === 'manually_rejected') && !(s === 'kyc_check' && rescued));
  if (failed) v.status = 'failed';
  else if (STEP_NAMES.some((s) => v.steps[s] === 'pending_review')) v.status = 'pending_review';
  else if (STEP_NAMES.every((s) => DONE_WELL.includes(v.steps[s]) || (s === 'kyc_check' && rescued))) v.status = 'success';
  if (v.status !== 'active') v.completed_at = now;
}

function fail(v: Verification, step: StepName, now: number): void {
  v.steps[step] = 'failed';
  v.status = 'failed';
  v.completed_at = now;
}

export function acceptTerms(v: Verification, now: number): void {
  requireActive(v, 'accept_tos');
  v.steps.accept_tos = 'success';
  activateNext(v, now);
}

/** A code entered for this number: the sandbox's code verifies any number; three wrong codes fail the step. */
export function verifySms(v: Verification, phoneNumber: string, code: string, now: number): boolean {
  requireActive(v, 'verify_sms');
  let sms = v.sms.at(-1);
  if (!sms || sms.phone_number !== phoneNumber) {
    sms = { status: 'pending', attempt: v.sms.length + 1, phone_number: phoneNumber, delivery_attempt_count: 1, solve_attempt_count: 0, initially_sent_at: now, last_sent_at: now };
    v.sms.push(sms);
  }
  sms.solve_attempt_count++;
  v.user.phone_number = phoneNumber;
  if (code.trim() === SANDBOX_SMS_CODE) {
    sms.status = 'success';
    v.steps.verify_sms = 'success';
    activateNext(v, now);
    return true;
  }
  if (v.sms.reduce((n, s) => n + s.solve_attempt_count, 0) >= MAX_SMS_ATTEMPTS) {
    sms.status = 'failed';
    fail(v, 'verify_sms', now);
  }
  return false;
}

/** The data check on what the person entered (merged over what the attempt already held). */
export function checkData(v: Verification, entered: Partial<PlaidUser>, now: number): boolean {
  requireActive(v, 'kyc_check');
  for (const [key, value] of Object.entries(entered)) if (value !== undefined) (v.user as unknown as Record<string, unknown>)[key] = value;
  v.kyc = kycAgainstSandbox(v.user);
  // The fail_kyc test outcome ends the attempt here, with no document fallback to rescue it.
  const forced = v.outcome === 'fail_kyc';
  const passed = kycPasses(v.kyc) && !forced;
  v.steps.kyc_check = passed ? 'success' : 'failed';
  const documents = v.template.steps.documentary_verification;
  if (passed && documents === 'fallback' && v.steps.documentary_verification === 'waiting_for_prerequisite') v.steps.documentary_verification = 'skipped';
  if (!passed && (forced || documents !== 'fallback' || v.steps.documentary_verification !== 'waiting_for_prerequisite')) {
    fail(v, 'kyc_check', now);
    return false;
  }
  activateNext(v, now);
  return passed;
}

/** One document upload: it reads as Leslie Knope's licence, so it passes when the entered name and DOB are hers. */
export function submitDocument(v: Verification, now: number): boolean {
  requireActive(v, 'documentary_verification');
  const nameMatch = nameMatches(v.user);
  const dobMatch = dateOfBirthMatches(v.user);
  const passed = nameMatch && dobMatch;
  v.documents.push({ status: passed ? 'success' : 'failed', attempt: v.documents.length + 1, nameMatch, dobMatch });
  if (passed) {
    v.steps.documentary_verification = 'success';
    activateNext(v, now);
  } else if (v.documents.length >= MAX_DOCUMENT_ATTEMPTS) {
    fail(v, 'documentary_verification', now);
  }
  return passed;
}

/** Runs the automatic steps the attempt has reached, in order, until one needs the person or all are done. */
export function runAutomatic(v: Verification, now: number): void {
  for (let step = activeStep(v); step && AUTOMATIC.includes(step) && v.status === 'active'; step = activeStep(v)) {
    if (step === 'selfie_check') v.steps.selfie_check = 'skipped'; // Not run in the sandbox.
    if (step === 'watchlist_screening') {
      v.watchlist_screening_id ??= `scr_${randomId(14)}`;
      v.steps.watchlist_screening = 'success';
    }
    if (step === 'risk_check') v.steps.risk_check = v.outcome === 'pending_review' ? 'pending_review' : 'success';
    activateNext(v, now);
  }
}

export function setOutcome(v: Verification, outcome: SandboxOutcome): void {
  v.outcome = outcome;
}

/** Ends an attempt from outside the flow (expired, or canceled from the dashboard). */
export function end(v: Verification, status: 'expired' | 'canceled', now: number): void {
  if (v.status !== 'active') throw new FlowError(`Only an active identity verification can become ${status}; this one is ${v.status}.`);
  for (const step of STEP_NAMES) if (OPEN.includes(v.steps[step])) v.steps[step] = status;
  v.status = status;
  v.completed_at ??= now;
}

/** A reviewer's decision on an attempt pending review, as in the dashboard. */
export function review(v: Verification, decision: 'approve' | 'reject'): void {
  if (v.status !== 'pending_review') throw new FlowError(`Only an attempt pending review can be reviewed; this one is ${v.status}.`);
  for (const step of STEP_NAMES) if (v.steps[step] === 'pending_review') v.steps[step] = decision === 'approve' ? 'manually_approved' : 'manually_rejected';
  v.status = decision === 'approve' ? 'success' : 'failed';
}
