// <identity-verify-handoff>: around our own capture on the first device. In `capture` mode it
// slots the capture and offers "Use your phone instead"; in `phone` mode it shows the QR code and
// the link to open on the phone, then, once the phone took the session, that the person continues
// there. Its words are the catalogue's (handoff group); its styles adopted (strict CSP).
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { HandoffWords } from '../i18n/en-core.js';
import { QUIET_ZONE, type QrPath } from '../drivers/bankid_se/qr.js';
import { baseline, controls, themedHost } from '../styles.js';

export const HANDOFF_TAG = 'identity-verify-handoff';

/** `asking`: a link is being made; `waiting`: for a phone to open it; `on_phone`: a phone took the session. */
export type HandoffPhase = 'asking' | 'waiting' | 'on_phone' | 'expired' | 'failed';

export interface HandoffView {
  mode: 'capture' | 'phone';
  /** null until English's arrive, where the catalogue in use has none. */
  words: HandoffWords | null;
  /** The phone is offered at once because this device has no camera. */
  noCamera: boolean;
  phase: HandoffPhase;
  link: string | null;
  qr: QrPath | null;
  /** The error's words when `failed`. */
  error: string | null;
}

export interface HandoffActions {
  usePhone(): void;
  useThisDevice(): void;
  newLink(): void;
}

const styles = css`
  :host {
    display: block;
  }
  h3 {
    font-size: 1.1em;
    margin: 0 0 0.5em;
  }
  h3:focus {
    outline: none;
  }
  p {
    margin: 0 0 0.75em;
  }
  .qr {
    display: block;
    width: min(100%, 14rem);
    height: auto;
    aspect-ratio: 1;
    margin: 0 auto 0.75em;
    border-radius: 4px;
  }
  .qr .light {
    fill: #fff;
  }
  .qr .dark {
    fill: #000;
  }
  .link {
    overflow-wrap: anywhere;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.85em;
    user-select: all;
  }
  .muted {
    color: var(--_muted);
  }
  .status {
    min-height: 1.5em;
    font-weight: 600;
  }
  .status.error {
    color: var(--_danger);
  }
`;

/**
 * @summary The handoff to a phone around our capture, mounted by handoff/desktop.ts. Set `view` and `actions` before connecting it.
 *
 * @csspart qr - The QR code (an SVG image).
 * @csspart link - The link to open on the phone, as text to copy.
 * @csspart status - The live region saying where the handoff stands.
 * @csspart button - Every button; the main action also has part `primary`.
 */
export class HandoffElement extends LitElement {
  static override styles = [themedHost, baseline, controls, styles];
  static override properties = { theme: { reflect: true }, view: { attribute: false } };

  theme: 'light' | 'dark' | 'auto' = 'auto';
  view: HandoffView | null = null;
  actions: HandoffActions | null = null;
  /** Whether the person switched here with a button: the new view's heading then takes the focus. */
  focusOnSwitch = false;

  protected override render() {
    const v = this.view;
    if (!v?.words) return v?.mode === 'capture' ? html`<slot></slot>` : nothing;
    const w = v.words;
    const act = (fn: keyof HandoffActions) => () => this.actions?.[fn]();
    if (v.mode === 'capture') {
      return html`<slot></slot>
        <div class="actions"><button type="button" part="button" @click=${act('usePhone')}>${w.use_phone}</button></div>`;
    }
    const status = { asking: '', waiting: w.waiting, on_phone: w.on_phone, expired: w.expired, failed: v.error ?? '' }[v.phase];
    const showLink = v.phase === 'waiting' && v.link;
    return html`<h3 tabindex="-1">${w.heading}</h3>
      ${v.noCamera ? html`<p>${w.no_camera}</p>` : nothing}
      ${showLink
        ? html`<p>${w.instructions}</p>
            ${v.qr ? this.#qr(v.qr, w.qr_label) : nothing}
            <p class="link" part="link">${v.link}</p>
            <p class="muted">${w.expiry}</p>`
        : nothing}
      <p class="status ${v.phase === 'failed' ? 'error' : ''}" part="status" role="status" aria-live="polite">${status}</p>
      <div class="actions">
        ${v.phase === 'expired' || v.phase === 'failed'
          ? html`<button type="button" class="primary" part="button primary" @click=${act('newLink')}>${w.new_link}</button>`
          : nothing}
        ${v.phase === 'on_phone'
          ? html`<button type="button" part="button" @click=${act('newLink')}>${w.new_link}</button>`
          : nothing}
        ${!v.noCamera ? html`<button type="button" part="button" @click=${act('useThisDevice')}>${w.use_this_device}</button>` : nothing}
      </div>`;
  }

  #qr(qr: QrPath, label: string) {
    const side = qr.size + 2 * QUIET_ZONE;
    return html`<svg class="qr" part="qr" role="img" aria-label=${label} viewBox="${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}" shape-rendering="crispEdges">
      <rect class="light" x=${-QUIET_ZONE} y=${-QUIET_ZONE} width=${side} height=${side}></rect>
      <path class="dark" d=${qr.d}></path>
    </svg>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const before = changed.get('view') as HandoffView | null | undefined;
    // A switch the person asked for moves their focus with them, to the new view's heading.
    if (this.focusOnSwitch && before && before.mode !== this.view?.mode) {
      this.focusOnSwitch = false;
      (this.renderRoot.querySelector<HTMLElement>('h3') ?? this.renderRoot.querySelector<HTMLElement>('button'))?.focus();
    }
  }
}

/** The class, defined once however many chunks ask. */
export function handoffElement(): typeof HandoffElement {
  if (!customElements.get(HANDOFF_TAG)) customElements.define(HANDOFF_TAG, HandoffElement);
  return customElements.get(HANDOFF_TAG) as typeof HandoffElement;
}
