// The BankID element's stylesheet, adopted by its shadow root (no <style>, no style=, so a strict
// style-src is enough), on the widget's tokens. The QR code alone keeps fixed colours: black on
// white in every theme, as readers expect, with its quiet zone in the white.
import { css } from 'lit';
import { baseline, themedHost } from '../../styles.js';

const bankIdOnly = css`
  :host {
    background: var(--_background);
  }
  .qr {
    display: block;
    width: min(100%, 16rem);
    height: auto;
    aspect-ratio: 1;
    margin: 0 auto 0.75em;
    border-radius: 4px;
    outline-offset: 3px;
  }
  .qr .light {
    fill: #fff;
  }
  .qr .dark {
    fill: #000;
  }
  /* Focused only by the script (after a restart): the image itself needs no ring. */
  .qr:focus:not(:focus-visible) {
    outline: none;
  }
  .qr.waiting {
    background: #fff;
    border: 1px solid var(--_border);
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .status {
    min-height: 1.5em;
    margin: 0 0 0.5em;
    font-weight: 600;
  }
  .status.error {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    margin-block-start: 0.75em;
  }
  button,
  a.button {
    font: inherit;
    cursor: pointer;
    min-height: 2.75em;
    padding: 0.5em 1.25em;
    border-radius: calc(var(--identity-verify-radius, 12px) / 2);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
  }
  a.button {
    display: flex;
    align-items: center;
    justify-content: center;
    margin-block-end: 0.75em;
    text-decoration: none;
    font-weight: 600;
  }
  button.primary,
  a.button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
`;

export const bankIdStyles = [themedHost, baseline, bankIdOnly];
