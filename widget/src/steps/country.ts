// The country-of-residence step: a native select of allowed countries, named in the active locale.
import { html } from 'lit';
import type { FlowState } from '../flow/types.js';
import { heading, type StepContext } from './context.js';
import { countryOptions } from './text.js';

export function renderCountry(s: Extract<FlowState, { step: 'country' }>, ctx: StepContext) {
  const m = ctx.messages;
  // Only a country the person chose before (coming back from the list) is shown selected.
  const current = s.session.country_of_residence;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const select = (event.currentTarget as HTMLFormElement).elements.namedItem('country') as HTMLSelectElement;
    if (select.value) ctx.send({ type: 'country', country: select.value });
  };
  return html`
    ${heading(m.ui.country_heading)}
    <form @submit=${submit}>
      <label for="country">${m.ui.country_label}</label>
      <p id="country-hint" class="muted">${m.ui.country_hint}</p>
      <select part="select" id="country" name="country" required aria-describedby="country-hint">
        <option value="" ?selected=${!current}>${m.ui.country_placeholder}</option>
        ${countryOptions(s.countries, ctx.locale).map(
          (o) => html`<option value=${o.code} ?selected=${o.code === current}>${o.name}</option>`,
        )}
      </select>
      <div class="actions">
        <button part="button primary" class="primary" type="submit" aria-disabled=${s.busy}>${m.ui.continue}</button>
      </div>
    </form>
  `;
}
