// A delegation service's question (seed 003's layer 3), once the person is verified: may the
// organization act for them within the scopes listed, each in the host's plain words (or, without
// them, the scope as named)? Nothing is pre-chosen; allow and don't allow are equal choices. The
// text recorded is the one rendered here. (Part of the lazily loaded steps: see ./index.ts.)
import { html } from 'lit';
import { DELEGATION_NOTICE_VERSION, scopeWords } from '@identity-verify/contract/vocabulary';
import type { FlowState } from '../flow/types.js';
import { errorText, format } from '../i18n/index.js';
import { heading, type StepContext } from './context.js';

export function renderDelegation(s: Extract<FlowState, { step: 'delegation' }>, ctx: StepContext) {
  const m = ctx.messages;
  const words = m.delegation;
  // Only a catalogue that failed to load lacks these words: better no question than one half asked.
  if (!words) return html`${heading(m.ui.error_heading)}<p part="result">${errorText(m, 'driver_failed')}</p>`;
  const organization = ctx.organization;
  const scopes = (s.session.delegation?.scopes ?? []).map(scopeWords);
  const title = format(words.heading, { organization });
  const intro = format(words.body, { organization });
  const hint = format(words.revoke_hint, { organization });
  const text = [title, intro, ...scopes.map((scope) => `- ${scope}`), hint].join('\n');
  const decide = (decision: 'accepted' | 'declined') => () =>
    ctx.send({ type: 'consent', decision, version: DELEGATION_NOTICE_VERSION, locale: ctx.locale, text });
  const busy = s.busy !== null;
  return html`
    ${heading(title)}
    <p part="notice">${intro}</p>
    <ul part="notice">
      ${scopes.map((scope) => html`<li>${scope}</li>`)}
    </ul>
    <p class="muted">${hint}</p>
    <div class="actions choices" role="group" aria-label=${title}>
      <button part="button" type="button" aria-disabled=${busy} @click=${decide('declined')}>${words.decline}</button>
      <button part="button" type="button" aria-disabled=${busy} @click=${decide('accepted')}>${words.allow}</button>
    </div>
  `;
}
