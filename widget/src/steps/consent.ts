// The consent step: the host's privacy notice, its version, and accept/decline as equal choices.
import { html, nothing } from 'lit';
import { noticeLanguage } from '@identity-verify/contract/notices';
import type { FlowState } from '../flow/types.js';
import { enCore } from '../i18n/index.js';
import { heading, type StepContext } from './context.js';
import { consentNotice } from './text.js';

export function renderConsent(s: Extract<FlowState, { step: 'consent' }>, ctx: StepContext) {
  const m = ctx.messages;
  // The notice is written only in the contract's languages (the BFF checks a recorded text against
  // those words): in any other the catalogue shows it in English, marked so, naming a host without
  // a name in English too, and it is recorded as English. The text recorded is the one rendered here.
  const written = noticeLanguage(ctx.locale) !== null;
  const unnamed = ctx.organization === m.ui.consent_organization_fallback;
  const organization = written || !unnamed ? ctx.organization : enCore.ui.consent_organization_fallback;
  const notice = consentNotice(m, organization, ctx.privacyUrl, s.session.requirements.layer);
  const lang = written ? nothing : 'en';
  const dir = written ? nothing : 'ltr';
  const decide = (decision: 'accepted' | 'declined') => () =>
    ctx.send({ type: 'consent', decision, version: notice.version, locale: written ? ctx.locale : 'en', text: notice.text });
  const busy = s.busy !== null;
  return html`
    ${heading(m.ui.consent_heading)}
    <p part="notice" lang=${lang} dir=${dir}>${notice.body}</p>
    ${notice.link
      ? html`<p>
          <a part="link" href=${notice.link.href} target="_blank" rel="noopener noreferrer" lang=${lang} dir=${dir}>${notice.link.label}</a>
          <span class="muted">${m.ui.new_tab}</span>
        </p>`
      : null}
    <p class="muted">${notice.versionLine}</p>
    <div class="actions choices" role="group" aria-label=${m.ui.consent_choice}>
      <button part="button" type="button" aria-disabled=${busy} @click=${decide('accepted')}>${m.ui.consent_accept}</button>
      <button part="button" type="button" aria-disabled=${busy} @click=${decide('declined')}>${m.ui.consent_decline}</button>
    </div>
  `;
}
