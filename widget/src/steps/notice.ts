// A provider's own notice, shown after the person chose it and before anything reaches it (for
// Onfido and a US resident, its biometric or privacy notice with Onfido's policies), rendered from
// the words the BFF served with the provider. Nothing is pre-ticked; accept and decline are equal choices.
import { html, nothing } from 'lit';
import type { FlowState } from '../flow/types.js';
import { heading, type StepContext } from './context.js';
import { providerNotice } from './notice-text.js';

export function renderNotice(s: Extract<FlowState, { step: 'notice' }>, ctx: StepContext) {
  const m = ctx.messages;
  const back = html`<div class="actions"><button part="button" type="button" @click=${() => ctx.send({ type: 'back' })}>${m.ui.back}</button></div>`;
  const notice = providerNotice(s.provider.notice_texts, s.notice, m, ctx.organization);
  // Unreachable while providers with a notice served without words are left out of the list; never a blank step.
  if (!notice) return html`${heading(m.ui.provider_heading_generic)}${back}`;
  // The text recorded is the one rendered here, in the language it was shown in.
  const locale = notice.locale === m.lang ? ctx.locale : notice.locale;
  // A notice shown in another language than the widget's (English, when the BFF has none in the person's) says so.
  const lang = notice.locale === m.lang ? nothing : notice.locale;
  const dir = notice.locale === m.lang ? nothing : 'ltr';
  const decide = (decision: 'accepted' | 'declined') => () => ctx.send({ type: 'consent', decision, version: notice.version, locale, text: notice.text });
  const busy = s.busy !== null;
  return html`
    <div lang=${lang} dir=${dir}>
      ${heading(notice.heading)}
      <p part="notice">${notice.body}</p>
      <ul part="links" aria-label=${notice.links_label}>
        ${notice.links.map(
          (link) => html`<li>
            <a part="link" href=${link.href} target="_blank" rel="noopener noreferrer">${link.label}</a>
            <span class="muted" lang=${lang === nothing ? nothing : ctx.locale}>${m.ui.new_tab}</span>
          </li>`,
        )}
      </ul>
      <p part="notice">${notice.confirm}</p>
    </div>
    <p class="muted">${notice.versionLine}</p>
    <div class="actions choices" role="group" aria-label=${m.ui.consent_choice}>
      <button part="button" type="button" aria-disabled=${busy} @click=${decide('declined')}>${m.ui.notice_decline}</button>
      <button part="button" type="button" aria-disabled=${busy} @click=${decide('accepted')}>${m.ui.notice_accept}</button>
    </div>
    ${back}
  `;
}
