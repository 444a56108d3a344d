// <identity-verify-yoti>: Yoti's user view in a frame sized for the widget and a phone, or, after
// an error of Yoti's, what happened and what to do (an alert), with Try again where Yoti allows one.
// Moves the focus to what replaced the control the person was on: the frame's error notice, or
// the new frame after Try again.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { directionOf } from '../../i18n/direction.js';
import { baseline, controls, themedHost } from '../../styles.js';
import type { YotiText } from './text.js';

export const YOTI_TAG = 'identity-verify-yoti';

export interface YotiView {
  text: YotiText;
  /** Yoti's user view for this attempt. */
  src: string;
  /** Shown in place of the frame after an error; `retry` offers Try again (Yoti's view loaded again). */
  notice: { message: string; retry: boolean } | null;
}

const yotiOnly = css`
  :host {
    background: var(--_background);
  }
  .frame {
    display: block;
    width: 100%;
    /* Yoti's view scrolls inside: tall enough for its camera steps, within a phone's screen. */
    height: min(42rem, calc(100dvh - 8rem));
    min-height: 30rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--identity-verify-radius, 12px) / 2);
    background: #fff;
    color-scheme: normal;
  }
  .message {
    margin: 0;
  }
  .message:not(:empty) {
    margin-block-end: 0.75em;
    font-weight: 600;
    color: var(--_danger);
  }
  .message:focus {
    outline: none;
  }
`;

/**
 * @summary Yoti's step, mounted by the yoti driver. Set `view` and `onRetry` before connecting it.
 *
 * @csspart frame - The iframe of Yoti's user view.
 * @csspart status - The alert that says what went wrong and what to do.
 * @csspart button - Try again; also part `primary`.
 */
export class YotiElement extends LitElement {
  static override styles = [themedHost, baseline, controls, yotiOnly];
  static override properties = { theme: { reflect: true }, view: { attribute: false } };

  theme: 'light' | 'dark' | 'auto' = 'auto';
  view: YotiView | null = null;
  onRetry: (() => void) | null = null;

  /** The window of the frame shown now (null while a notice is shown): the only source of messages taken. */
  get frameWindow(): Window | null {
    return this.renderRoot.querySelector('iframe')?.contentWindow ?? null;
  }

  protected override render() {
    const v = this.view;
    if (!v) return nothing;
    const t = v.text;
    // The alert is always there, empty while Yoti's view shows: text put into a live region is
    // announced more surely than a region that appears with it.
    return html`<div lang=${t.lang} dir=${directionOf(t.lang)}>
      <p class="message" part="status" role="alert" tabindex="-1">${v.notice?.message ?? ''}</p>
      ${v.notice
        ? v.notice.retry
          ? html`<button type="button" class="primary retry" part="button primary" @click=${() => this.onRetry?.()}>${t.try_again}</button>`
          : nothing
        : html`<iframe class="frame" part="frame" src=${v.src} title=${t.frame_title} allow="camera"></iframe>`}
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const before = changed.get('view') as YotiView | null | undefined;
    const now = this.view;
    if (!before || !now || !!before.notice === !!now.notice) return;
    // What had the focus (inside the frame, or the Try again just pressed) is gone: focus what replaced it.
    if (!this.#hadFocus()) return;
    const next = now.notice ? (this.renderRoot.querySelector<HTMLElement>('.retry') ?? this.renderRoot.querySelector<HTMLElement>('.message')) : this.renderRoot.querySelector('iframe');
    next?.focus();
  }

  /** The focus was in this element (its frame or its button) or was lost with what was removed. */
  #hadFocus(): boolean {
    const active = document.activeElement;
    return !active || active === document.body || active === this || this.contains(active);
  }
}

/** The element class, defined once per page (two copies of the widget share the first definition). */
export function yotiElement(): CustomElementConstructor {
  if (!customElements.get(YOTI_TAG)) customElements.define(YOTI_TAG, YotiElement);
  return customElements.get(YOTI_TAG)!;
}

declare global {
  interface HTMLElementTagNameMap {
    'identity-verify-yoti': YotiElement;
  }
}
