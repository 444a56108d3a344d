// The provider's own step, as its driver declares it presents. An inline step (Turnstile, Onfido's
// SDK, our capture) is mounted by its driver into light DOM and slotted in here; a step on request
// (Stripe's modal) or by redirect (a provider's own page) gets an explanation and the control that
// opens it, and, once closed unfinished, resume or another way.
import { html } from 'lit';
import type { ActiveAttempt } from '@identity-verify/contract/schemas';
import type { FlowState } from '../flow/types.js';
import { format } from '../i18n/index.js';
import type { AnyDriver } from '../drivers/driver.js';
import { presentationOf } from '../drivers/presentation.js';
import { driverOf, hostedPageOf } from '../drivers/registry.js';
import { heading, spinner, type StepContext } from './context.js';

type ProviderStep = Extract<FlowState, { step: 'provider_step' }>;

const button = (label: string, onClick: () => void, primary = false, busy = false) =>
  primary
    ? html`<button part="button primary" class="primary" type="button" aria-disabled=${busy} @click=${onClick}>${label}</button>`
    : html`<button part="button" type="button" @click=${onClick}>${label}</button>`;

function renderOnRequest(s: ProviderStep, attempt: ActiveAttempt, ctx: StepContext, title: string, driver: AnyDriver) {
  const m = ctx.messages;
  const launch = () => ctx.send({ type: 'launch' });
  const another = button(m.ui.choose_another, () => ctx.send({ type: 'back' }));
  if (s.phase === 'left') {
    return html`${heading(title)}<p>${m.ui.provider_left_body}</p>
      <div class="actions">${another}${button(m.ui.provider_resume, launch, true)}</div>`;
  }
  const page = presentationOf(attempt.client, ctx.preferRedirect) === 'redirect' && hostedPageOf(attempt.client);
  const provider = driver.brand;
  const intro = format(page ? m.ui.provider_redirect_intro : m.ui.provider_modal_intro, { provider });
  const label = format(m.ui[driver.launchLabel ?? (page ? 'provider_continue' : 'provider_open')], { provider });
  const open = s.phase === 'open';
  // A plain link to the provider's page: navigation, announced as such, and it works before any driver loads.
  const action = page ? html`<a part="button primary" class="button primary" href=${page}>${label}</a>` : button(label, launch, true, open);
  return html`${heading(title)}<p>${intro}</p>${open ? html`<p>${spinner}</p>` : null}
    <div class="actions">${button(m.ui.back, () => ctx.send({ type: 'back' }))}${action}</div>`;
}

export function renderProviderStep(s: ProviderStep, ctx: StepContext) {
  const m = ctx.messages;
  const driver = driverOf(s.provider_key);
  // The catalogue's name when the person chose from the list; the driver's brand when resumed without it.
  const name = s.provider?.name ?? driver?.brand;
  const title = name ? format(m.ui.provider_heading, { provider: name }) : m.ui.provider_heading_generic;
  const back = button(m.ui.back, () => ctx.send({ type: 'back' }));
  if (s.error) {
    return html`${heading(title)}
      <div class="actions">${back}${button(m.ui.retry, () => ctx.send({ type: 'retry' }), true)}</div>`;
  }
  if (!s.attempt) return html`${heading(title)}<p>${spinner}</p><div class="actions">${back}</div>`;
  if (driver && presentationOf(s.attempt.client, ctx.preferRedirect) !== 'inline') return renderOnRequest(s, s.attempt, ctx, title, driver);
  // Third-party SDKs query and style the document, which does not reach into a shadow root.
  // Our own capture has its own Cancel, so a second way back would only confuse.
  return html`
    ${heading(title)}
    <p class="muted">${m.ui.provider_hint}</p>
    <div class="provider" part="provider"><slot name="provider"></slot></div>
    ${s.attempt.client.flow === 'native_capture' ? null : html`<div class="actions">${back}</div>`}
  `;
}
