// The provider list: a radio group of the ways to verify offered for the chosen country.
import { html } from 'lit';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import type { FlowState } from '../flow/types.js';
import { format } from '../i18n/index.js';
import { heading, spinner, type StepContext } from './context.js';
import { countryName } from './text.js';

export function renderProviders(s: Extract<FlowState, { step: 'provider' }>, ctx: StepContext) {
  const m = ctx.messages;
  const back = html`<button part="button" type="button" @click=${() => ctx.send({ type: 'back' })}>${m.ui.back}</button>`;
  if (s.error) {
    return html`${heading(m.ui.providers_heading)}
      <div class="actions">${back}<button part="button primary" class="primary" type="button" @click=${() => ctx.send({ type: 'retry' })}>${m.ui.retry}</button></div>`;
  }
  if (s.providers === null) return html`${heading(m.ui.providers_heading)}<p>${spinner}</p>`;
  if (s.providers.length === 0) {
    const text = format(m.ui.providers_empty, { country: countryName(s.country, ctx.locale), organization: ctx.organization });
    return html`${heading(m.ui.providers_heading)}<p>${text}</p><div class="actions">${back}</div>`;
  }
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const chosen = form.querySelector<HTMLInputElement>('input[name="provider"]:checked');
    if (chosen) ctx.send({ type: 'provider', provider_key: chosen.value as ProviderKey });
  };
  return html`
    ${heading(m.ui.providers_heading)}
    <form @submit=${submit}>
      <fieldset>
        <legend>${m.ui.providers_legend}</legend>
        ${s.providers.map(
          (p) => html`<label part="option" class="option">
            <input type="radio" name="provider" value=${p.provider_key} required />
            <span><strong>${p.name}</strong><span class="muted">${m.ui[`flow_${p.flow}`]}</span></span>
          </label>`,
        )}
      </fieldset>
      <div class="actions">
        ${back}
        <button part="button primary" class="primary" type="submit">${m.ui.continue}</button>
      </div>
    </form>
  `;
}
