// Picks the renderer for the flow's current step. The steps a person reaches after choosing a way
// to verify (a provider's notice, the provider's step) or at the end (a result) are rendered by a
// chunk of their own, which also holds the controller that mounts a provider's UI on its step, so
// the core the page loads first stays small. The element requests the chunk as its flow starts,
// beside the session's fetch, and holds back an update that needs it until it is here.
import { sessionOf } from '../flow/resume.js';
import type { FlowState } from '../flow/types.js';
import type { StepContext } from './context.js';
import { renderConsent } from './consent.js';
import { renderCountry } from './country.js';
import { renderError, renderWaiting } from './progress.js';
import { renderProviders } from './providers.js';

let lazy: typeof import('./lazy.js') | null = null;
let loading: Promise<void> | null = null;

/** Requests the lazy steps' chunk, once. Resolves when it has arrived or failed to: it never rejects. */
export function loadLazySteps(): Promise<void> {
  return (loading ??= import('./lazy.js').then(
    (module) => void (lazy = module),
    () => undefined,
  ));
}

/** The lazy chunk, once it arrived. */
export const lazyChunk = () => lazy;

/** Whether `state` is rendered by the lazy chunk, which has not arrived (yet, or at all). */
export function needsLazySteps(state: FlowState): boolean {
  return !lazy && (state.step === 'notice' || state.step === 'provider_step' || state.step === 'delegation' || state.step === 'result');
}

/**
 * What to render for `state` once the lazy chunk was asked for: the state itself, or, when the
 * chunk it needs failed to load, the error saying this step could not be loaded.
 */
export function shownState(state: FlowState): FlowState {
  if (!needsLazySteps(state)) return state;
  return { step: 'error', session: sessionOf(state), error: { code: 'driver_failed', retryable: false } };
}

/** The step's view; for a step of the lazy chunk, only once the chunk is here (see shownState). */
export function renderStep(state: FlowState, ctx: StepContext) {
  switch (state.step) {
    case 'loading':
    case 'submitting':
      return renderWaiting(state, ctx);
    case 'consent':
      return renderConsent(state, ctx);
    case 'country':
      return renderCountry(state, ctx);
    case 'provider':
      return renderProviders(state, ctx);
    case 'notice':
      return lazy!.renderNotice(state, ctx);
    case 'provider_step':
      return lazy!.renderProviderStep(state, ctx);
    case 'delegation':
      return lazy!.renderDelegation(state, ctx);
    case 'result':
      return lazy!.renderResult(state, ctx);
    case 'error':
      return renderError(state, ctx);
  }
}

export { organizationOf, type StepContext } from './context.js';
export { statusLine } from './text.js';
