// The provider's own step. An inline check (Turnstile) is mounted by its driver into light DOM and
// slotted in here; a provider UI that opens on request (Stripe's modal or hosted page) gets an
// explanation and the button that opens it, and, once closed unfinished, resume or another way.
import { html } from 'lit';
import type { ActiveAttempt } from '@identity-verify/contract/schemas';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import type { FlowState } from '../flow/types.js';
import { format } from '../i18n/index.js';
import { presentationOf } from '../drivers/presentation.js';
import { heading, spinner, type StepContext } from './context.js';

type ProviderStep = Extract<FlowState, { step: 'provider_step' }>;

/** Names for buttons and for a step resumed without the catalogue entry (brand names are not translated). */
const BRANDS: Partial<Record<ProviderKey, string>> = { stripe_identity: 'Stripe', onfido: 'Onfido' };

const button = (label: string, onClick: () => void, primary = false, busy = false) =>
  primary
    ? html`<button part="button primary" class="primary" type="button" aria-disabled=${busy} @click=${onClick}>${label}</button>`
    : html`<button part="button" type="button" @click=${onClick}>${label}</button>`;

function renderOnRequest(s: ProviderStep, attempt: ActiveAttempt, ctx: StepContext, title: string, brand: string) {
  const m = ctx.messages;
  const launch = () => ctx.send({ type: 'launch' });
  const another = button(m.ui.choose_another, () => ctx.send({ type: 'back' }));
  if (s.phase === 'left') {
    return html`${heading(title)}<p>${m.ui.provider_left_body}</p>
      <div class="actions">${another}${button(m.ui.provider_resume, launch, true)}</div>`;
  }
  const client = attempt.client;
  const redirect = presentationOf(client, ctx.preferRedirect) === 'redirect' && 'url' in client && client.url;
  const intro = format(redirect ? m.ui.provider_redirect_intro : m.ui.provider_modal_intro, { provider: brand });
  const open = s.phase === 'open';
  // A plain link to the hosted page: navigation, announced as such, and it works before any driver loads.
  const action = redirect
    ? html`<a part="button primary" class="button primary" href=${redirect}>${format(m.ui.provider_continue, { provider: brand })}</a>`
    : button(format(m.ui.provider_open, { provider: brand }), launch, true, open);
  return html`${heading(title)}<p>${intro}</p>${open ? html`<p>${spinner}</p>` : null}
    <div class="actions">${button(m.ui.back, () => ctx.send({ type: 'back' }))}${action}</div>`;
}

export function renderProviderStep(s: ProviderStep, ctx: StepContext) {
  const m = ctx.messages;
  const brand = BRANDS[s.provider_key] ?? s.provider?.name;
  const name = s.provider?.name ?? brand;
  const title = name ? format(m.ui.provider_heading, { provider: name }) : m.ui.provider_heading_generic;
  const back = button(m.ui.back, () => ctx.send({ type: 'back' }));
  if (s.error) {
    return html`${heading(title)}
      <div class="actions">${back}${button(m.ui.retry, () => ctx.send({ type: 'retry' }), true)}</div>`;
  }
  if (!s.attempt) return html`${heading(title)}<p>${spinner}</p><div class="actions">${back}</div>`;
  if (s.attempt.client.flow === 'sdk_modal') return renderOnRequest(s, s.attempt, ctx, title, brand ?? title);
  // Third-party SDKs query and style the document, which does not reach into a shadow root.
  // Our own capture has its own Cancel, so a second way back would only confuse.
  return html`
    ${heading(title)}
    <p class="muted">${m.ui.provider_hint}</p>
    <div class="provider" part="provider"><slot name="provider"></slot></div>
    ${s.attempt.client.flow === 'native_capture' ? null : html`<div class="actions">${back}</div>`}
  `;
}
