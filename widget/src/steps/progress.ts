// The steps that only inform and are always in the core: loading and submitting (the first
// render is one), and the error the flow cannot pass (a missing attribute shows it at once).
import { html } from 'lit';
import type { FlowState } from '../flow/types.js';
import { heading, retryButton, spinner, type StepContext } from './context.js';

type Waiting = Extract<FlowState, { step: 'loading' | 'submitting' }>;

export function renderWaiting(s: Waiting, ctx: StepContext) {
  const m = ctx.messages;
  return html`${heading(s.step === 'loading' ? m.ui.loading_heading : m.ui.submitting_heading)}<p>${spinner}</p>`;
}

export function renderError(s: Extract<FlowState, { step: 'error' }>, ctx: StepContext) {
  return html`${heading(ctx.messages.ui.error_heading)}${s.error.retryable ? retryButton(ctx) : null}`;
}
