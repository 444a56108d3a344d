// The provider's own step: its UI is mounted by a driver into light DOM and slotted in here.
import { html } from 'lit';
import type { FlowState } from '../flow/types.js';
import { format } from '../i18n/index.js';
import { heading, spinner, type StepContext } from './context.js';

export function renderProviderStep(s: Extract<FlowState, { step: 'provider_step' }>, ctx: StepContext) {
  const m = ctx.messages;
  const title = s.provider ? format(m.ui.provider_heading, { provider: s.provider.name }) : m.ui.provider_heading_generic;
  const back = html`<button part="button" type="button" @click=${() => ctx.send({ type: 'back' })}>${m.ui.back}</button>`;
  if (s.error) {
    return html`${heading(title)}
      <div class="actions">${back}<button part="button primary" class="primary" type="button" @click=${() => ctx.send({ type: 'retry' })}>${m.ui.retry}</button></div>`;
  }
  if (!s.attempt) return html`${heading(title)}<p>${spinner}</p><div class="actions">${back}</div>`;
  // Third-party SDKs query and style the document, which does not reach into a shadow root.
  return html`
    ${heading(title)}
    <p class="muted">${m.ui.provider_hint}</p>
    <div class="provider" part="provider"><slot name="provider"></slot></div>
    <div class="actions">${back}</div>
  `;
}
