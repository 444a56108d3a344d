// <identity-verify-bankid>: draws the view the driver computes (ui.ts) — the QR code or the
// autostart link, BankID's message in a live region, Try again and the switch of ways — and
// handles focus: to Try again when the order fails under the person's focus, and to the new
// view's main control after a restart the person asked for.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { directionOf } from '../../i18n/direction.js';
import type { AutostartLink } from './device.js';
import type { Way } from './messages.js';
import { QUIET_ZONE, type QrPath } from './qr.js';
import { bankIdStyles } from './styles.js';
import type { BankIdText } from './text.js';

export const BANKID_TAG = 'identity-verify-bankid';

export interface BankIdView {
  text: BankIdText;
  way: Way;
  failed: boolean;
  /** The code to scan: on the other-device way of a pending order (null until the first one). */
  qr: QrPath | null;
  /** The autostart link: on the this-device way of a pending order. */
  link: AutostartLink | null;
  message: string;
  /** A new order was asked for: the controls wait for the driver to be mounted with it. */
  busy: boolean;
}

export interface BankIdActions {
  retry(): void;
  switchWay(): void;
}

/**
 * @summary BankID's step, mounted by the bankid_se driver. Set `view` and `actions` before connecting it.
 *
 * @csspart qr - The QR code (an SVG image).
 * @csspart status - The live region with BankID's message.
 * @csspart button - Every button and the autostart link; the main action also has part `primary`.
 */
export class BankIdElement extends LitElement {
  static override styles = bankIdStyles;
  static override properties = { theme: { reflect: true }, view: { attribute: false } };

  theme: 'light' | 'dark' | 'auto' = 'auto';
  view: BankIdView | null = null;
  actions: BankIdActions | null = null;
  /** Focus the main control once shown: this element replaces one whose restart had the focus. */
  focusOnStart = false;
  /** The live region is rendered empty first: one that appears with its text is not announced by every screen reader. */
  #speaking = false;
  #speakTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#speakSoon();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#speakTimer);
  }

  protected override firstUpdated(): void {
    this.#speakSoon();
  }

  #speakSoon(): void {
    if (this.#speaking) return;
    clearTimeout(this.#speakTimer);
    this.#speakTimer = setTimeout(() => {
      this.#speaking = true;
      this.requestUpdate();
    }, 100);
  }

  protected override render() {
    const v = this.view;
    if (!v) return nothing;
    const t = v.text;
    const busy = v.busy ? 'true' : 'false';
    const act = (fn: keyof BankIdActions) => () => !v.busy && this.actions?.[fn]();
    // One template per way, so a switch makes new elements rather than reusing a link as a figure.
    return html`<div lang=${t.lang} dir=${directionOf(t.lang)}>
      ${v.failed ? nothing : v.way === 'other_device' ? this.#qr(v) : this.#link(v)}
      <p class="status ${v.failed ? 'error' : ''}" part="status" role="status" aria-live="polite">${this.#speaking ? v.message : ''}</p>
      <div class="actions">
        ${v.failed
          ? html`<button type="button" class="primary retry" part="button primary" aria-disabled=${busy} @click=${act('retry')}>${t.try_again}</button>`
          : nothing}
        <button type="button" class="switch" part="button" aria-disabled=${busy} @click=${act('switchWay')}>
          ${v.way === 'other_device' ? t.open_here : t.use_other_device}
        </button>
      </div>
    </div>`;
  }

  #qr(v: BankIdView) {
    if (!v.qr) return html`<div class="qr waiting" aria-hidden="true"></div>`;
    const side = v.qr.size + 2 * QUIET_ZONE;
    // Module units, crisp edges: the code scales to any size without blurring between modules.
    return html`<svg class="qr lead" part="qr" role="img" aria-label=${v.text.qr_label} tabindex="-1"
      viewBox="${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}" shape-rendering="crispEdges">
      <rect class="light" x=${-QUIET_ZONE} y=${-QUIET_ZONE} width=${side} height=${side}></rect>
      <path class="dark" d=${v.qr.d}></path>
    </svg>`;
  }

  #link(v: BankIdView) {
    if (!v.link) return nothing;
    return v.link.newTab
      ? html`<a class="button primary lead" part="button primary" href=${v.link.href} target="_blank" rel="noopener">${v.text.open_here}</a>`
      : html`<a class="button primary lead" part="button primary" href=${v.link.href}>${v.text.open_here}</a>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const before = changed.get('view') as BankIdView | null | undefined;
    const now = this.view;
    if (!now) return;
    if (this.focusOnStart) {
      this.focusOnStart = false;
      if (this.#focusIsLost()) this.#focus(now.failed ? '.retry' : '.lead');
      return;
    }
    // The failed order's controls replace the ones the person may have been on.
    if (now.failed && before && !before.failed && (this.#focusIsLost() || this.#hasFocus())) this.#focus('.retry');
  }

  /** Nothing focused: the element that had the focus was just removed (ours, or the one we replace). */
  #focusIsLost(): boolean {
    const active = document.activeElement;
    return !active || active === document.body;
  }

  #hasFocus(): boolean {
    return !!(this.renderRoot as ShadowRoot).activeElement;
  }

  #focus(selector: string): void {
    this.renderRoot.querySelector<HTMLElement | SVGElement>(selector)?.focus();
  }
}

/** The element class, defined once per page (two copies of the widget share the first definition). */
export function bankIdElement(): CustomElementConstructor {
  if (!customElements.get(BANKID_TAG)) customElements.define(BANKID_TAG, BankIdElement);
  return customElements.get(BANKID_TAG)!;
}

declare global {
  interface HTMLElementTagNameMap {
    'identity-verify-bankid': BankIdElement;
  }
}
