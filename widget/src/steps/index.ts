// Picks the renderer for the flow's current step.
import type { FlowState } from '../flow/types.js';
import type { StepContext } from './context.js';
import { renderConsent } from './consent.js';
import { renderCountry } from './country.js';
import { renderNotice } from './notice.js';
import { renderProviders } from './providers.js';
import { renderProviderStep } from './provider-step.js';
import { renderError, renderResult, renderWaiting } from './result.js';

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
      return renderNotice(state, ctx);
    case 'provider_step':
      return renderProviderStep(state, ctx);
    case 'result':
      return renderResult(state, ctx);
    case 'error':
      return renderError(state, ctx);
  }
}

export { organizationOf, type StepContext } from './context.js';
export { statusLine } from './text.js';
