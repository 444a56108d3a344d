// The BankID element's stylesheet, adopted by its shadow root (no <style>, no style=, so a strict
// style-src is enough), on the widget's tokens. The QR code alone keeps fixed colours: black on
// white in every theme, as readers expect, with its quiet zone in the white.
import { css } from 'lit';
import { baseline, controls, themedHost } from '../../styles.js';

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
  .status {
    min-height: 1.5em;
    margin: 0 0 0.5em;
    font-weight: 600;
  }
  .status.error {
    color: var(--_danger);
  }
  /* The autostart link is the step's main action: a full-width button of its own. */
  a.button {
    display: flex;
    align-items: center;
    justify-content: center;
    margin-block-end: 0.75em;
    text-decoration: none;
    font-weight: 600;
  }
`;

export const bankIdStyles = [themedHost, baseline, controls, bankIdOnly];
