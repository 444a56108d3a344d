// Where a session stands, read from the BFF's answer alone: the one place that decides which
// step to show on load, after a reload, and after each answer that changes the session.
import type {
  ActiveAttempt,
  ProviderCatalogueEntry,
  VerificationResult,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import { COUNTRY_CODES, isCountryCode } from '@identity-verify/contract/countries';
import { isFinalStatus, type ConsentDecision, type ConsentNotice } from '@identity-verify/contract/vocabulary';
import type { FlowState, Outcome, ProviderPhase } from './types.js';

export const PRIVACY_NOTICE = 'privacy_notice';

/** The latest decision on a notice counts, as it does for the BFF. */
export function hasAccepted(session: WidgetSession, notice: ConsentNotice): boolean {
  return session.consents.filter((c) => c.notice === notice).at(-1)?.decision === 'accepted';
}

export function hasAcceptedPrivacyNotice(session: WidgetSession): boolean {
  return hasAccepted(session, PRIVACY_NOTICE);
}

/** The first notice this provider needs that the person has not accepted yet, or null. */
export function pendingNotice(session: WidgetSession, provider: ProviderCatalogueEntry): ConsentNotice | null {
  return (provider.notices ?? []).find((notice) => !hasAccepted(session, notice)) ?? null;
}

/** The session with a decision on a notice recorded: it replaces any earlier one. */
export function withDecision(session: WidgetSession, notice: ConsentNotice, version: string, decision: ConsentDecision): WidgetSession {
  return { ...session, consents: [...session.consents.filter((c) => c.notice !== notice), { notice, version, decision }] };
}

/** The countries a person may choose from: the session's allow-list, or every country. */
export function countriesFor(session: WidgetSession): readonly string[] {
  const allowed = session.allowed_countries.filter(isCountryCode);
  return allowed.length > 0 ? allowed : COUNTRY_CODES;
}

/** The outcome of a session that takes no more input, or null while it still does. */
export function finalOutcome(session: WidgetSession): Outcome | null {
  switch (session.status) {
    case 'verified':
      return session.reused ? { kind: 'verified', reused: true } : { kind: 'verified' };
    case 'canceled':
      return {
        kind: 'canceled',
        reason: session.last_error?.code === 'consent_declined' ? 'consent_declined' : 'user_canceled',
      };
    case 'needs_review':
      return { kind: 'review' };
    case 'rejected':
    case 'failed':
      return { kind: 'failed', code: session.last_error?.code ?? 'verification_failed', retry: false };
    case 'expired':
      return { kind: 'expired' };
    case 'requires_input':
    case 'processing':
      return null;
    default:
      return { kind: 'ended', status: session.status };
  }
}

/**
 * The state for a session. `resume` also turns a recorded failure (a spent token) into a
 * "did not pass, try again" result; `continue` is for answers to the person's own steps, where
 * an old failure must not send them back to it.
 */
export function stateFor(session: WidgetSession, mode: 'resume' | 'continue'): FlowState {
  const outcome = finalOutcome(session);
  if (outcome) return { step: 'result', session, outcome };
  if (session.status === 'processing') return { step: 'submitting', session };
  if (!hasAcceptedPrivacyNotice(session)) return { step: 'consent', session, busy: null, error: null };
  const country = session.country_of_residence;
  if (!country) return { step: 'country', session, countries: countriesFor(session), busy: false, error: null };
  const attempt = session.active_attempt;
  if (attempt) return providerStep(session, attempt, null);
  if (mode === 'resume' && session.last_error) {
    return { step: 'result', session, outcome: { kind: 'failed', code: session.last_error.code, retry: true } };
  }
  return { step: 'provider', session, country, providers: null, error: null };
}

/**
 * Whether the provider keeps this attempt's state (a Stripe VerificationSession): the BFF can ask
 * it where the attempt stands, and a failed try is retried on the same attempt. An inline token
 * is spent once submitted, so its retry starts a new attempt.
 */
export function holdsState(attempt: ActiveAttempt): boolean {
  return attempt.client.flow !== 'inline_token';
}

export function providerStep(
  session: WidgetSession,
  attempt: ActiveAttempt,
  provider: ProviderCatalogueEntry | null,
  phase: ProviderPhase = 'ready',
): FlowState {
  return { step: 'provider_step', session, provider_key: attempt.provider_key, provider, attempt, mount: 0, error: null, phase };
}

/**
 * The state once the BFF said where an attempt stands (token, complete, sync). An attempt the
 * provider keeps stays open until the session is final: `requires_input` with a reason is a
 * failure to retry on it, without one the person has not finished yet (show the step again).
 */
export function afterResult(
  session: WidgetSession,
  attempt: ActiveAttempt | null,
  provider: ProviderCatalogueEntry | null,
  result: VerificationResult,
): FlowState {
  const open = attempt && holdsState(attempt) && !isFinalStatus(result.status) ? attempt : null;
  const next: WidgetSession = { ...session, status: result.status, claims: result.claims, last_error: result.last_error, active_attempt: open };
  if (open && next.status === 'requires_input') {
    if (next.last_error) return { step: 'result', session: next, outcome: { kind: 'failed', code: next.last_error.code, retry: true } };
    return providerStep(next, open, provider);
  }
  return stateFor(next, 'resume');
}

/** The attempt a failed result is retried on (a provider that keeps it open), or null. */
export function retryAttempt(state: FlowState): ActiveAttempt | null {
  if (state.step !== 'result' || state.outcome.kind !== 'failed' || !state.outcome.retry) return null;
  const attempt = state.session.active_attempt;
  return attempt && holdsState(attempt) ? attempt : null;
}

/** The session a state carries, if any. */
export function sessionOf(state: FlowState): WidgetSession | null {
  return state.step === 'loading' ? null : state.session;
}
