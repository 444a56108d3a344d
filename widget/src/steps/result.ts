// Each result: how the verification ended for this person, and what they can do next. (Part of
// the lazily loaded steps: see ./index.ts.)
import { html } from 'lit';
import { retryAttempt } from '../flow/resume.js';
import type { FlowState, Outcome } from '../flow/types.js';
import { format } from '../i18n/index.js';
import { heading, retryButton, type StepContext } from './context.js';

function words(outcome: Outcome, ctx: StepContext): [title: string, body: string] {
  const { ui } = ctx.messages;
  const organization = ctx.organization;
  switch (outcome.kind) {
    case 'verified':
      return outcome.reused
        ? [ui.already_verified_heading, format(ui.already_verified_body, { organization })]
        : [ui.verified_heading, format(ui.verified_body, { organization })];
    case 'failed':
      // Leaving the provider (a sign-in cancelled there) is the person's choice, not a check failed.
      if (outcome.code === 'abandoned') return [ui.left_heading, ui.left_body];
      return [ui.failed_heading, outcome.retry ? ui.failed_retry_hint : ''];
    case 'canceled':
      return outcome.reason === 'consent_declined'
        ? [ui.canceled_heading, ui.canceled_body]
        : [ui.canceled_other_heading, format(ui.canceled_other_body, { organization })];
    case 'review':
      return [ui.review_heading, format(ui.review_body, { organization })];
    case 'expired':
      return [ui.expired_heading, format(ui.expired_body, { organization })];
    case 'processing':
      return [ui.processing_heading, format(ui.processing_body, { organization })];
    case 'ended':
      return [ui.ended_heading, ui.ended_body];
  }
}

export function renderResult(s: Extract<FlowState, { step: 'result' }>, ctx: StepContext) {
  const [title, body] = words(s.outcome, ctx);
  const retry = s.outcome.kind === 'failed' && s.outcome.retry;
  const left = s.outcome.kind === 'failed' && s.outcome.code === 'abandoned';
  // A failure retried on the same attempt (the provider keeps it), or a provider left, may also be left for another way.
  const actions = s.outcome.kind === 'processing'
    ? retryButton(ctx, ctx.messages.ui.check_again)
    : retry ? retryButton(ctx, undefined, retryAttempt(s) !== null || left) : null;
  // After a delegation service's question: what the person decided, in their words' terms.
  const decided = s.outcome.kind === 'verified' ? s.session.delegation?.status : undefined;
  const delegation = decided === 'granted' || decided === 'declined' ? ctx.messages.delegation?.[decided] : undefined;
  // The failure's reason is in the live region; the body says what can be done.
  return html`${heading(title, s.outcome.kind)}${body ? html`<p part="result">${body}</p>` : null}${
    delegation ? html`<p part="result">${format(delegation, { organization: ctx.organization })}</p>` : null
  }${actions}`;
}
