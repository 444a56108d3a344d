// What every step renderer receives from the element, and the heading each step opens with.
import { html, nothing } from 'lit';
import type { WidgetSession } from '@identity-verify/contract/schemas';
import type { Messages } from '../i18n/index.js';
import type { FlowEvent } from '../flow/types.js';

export interface StepContext {
  messages: Messages;
  /** BCP 47 tag for names and dates (matches the messages' language). */
  locale: string;
  /** The host's name as set on the element, or a neutral fallback. */
  organization: string;
  privacyUrl: string | null;
  /** The page prefers providers' hosted pages to their modals (a WebView, a narrow screen, the host). */
  preferRedirect: boolean;
  send(event: FlowEvent): void;
}

/** The one heading of a step; the element focuses it when the step changes. */
export const heading = (text: string, tone?: string) =>
  html`<h2 part="heading" class=${tone ?? nothing} tabindex="-1">${text}</h2>`;

/** A decorative spinner: the words go to the live region, so it is hidden from assistive tech. */
export const spinner = html`<span class="spinner" aria-hidden="true"></span>`;

/** The actions of a step that failed: try again (or `label`), and with `another`, choose another way. */
export const retryButton = (ctx: StepContext, label = ctx.messages.ui.retry, another = false) =>
  html`<div class="actions">
    ${another ? html`<button part="button" type="button" @click=${() => ctx.send({ type: 'back' })}>${ctx.messages.ui.choose_another}</button>` : null}
    <button part="button primary" class="primary" type="button" @click=${() => ctx.send({ type: 'retry' })}>${label}</button>
  </div>`;

export const organizationOf = (name: string | null | undefined, messages: Messages): string =>
  name?.trim() || messages.ui.consent_organization_fallback;

export type { WidgetSession };
