// The element's stylesheet (adopted by the shadow root, so it needs no inline <style> under CSP).
import { css, unsafeCSS } from 'lit';
import { THEMES, themeDeclarations } from './theme.js';

const light = unsafeCSS(themeDeclarations(THEMES.light));
const dark = unsafeCSS(themeDeclarations(THEMES.dark));

/** The themed host every shadow root of ours starts from: the colour tokens of light and dark (or the person's preference), and the font. */
export const themedHost = css`
  :host {
    ${light}
    display: block;
    color: var(--_text);
    font-family: var(--identity-verify-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--identity-verify-font-size, 1rem);
    line-height: 1.5;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
`;

/** Resets every shadow root of ours shares: sizing, and fieldsets that group without a frame. */
export const baseline = css`
  * {
    box-sizing: border-box;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
  legend {
    font-weight: 600;
    margin-block-end: 0.5em;
    padding: 0;
  }
`;

/**
 * The controls every shadow root of ours shares: buttons (and links that act as one, for
 * navigation to a provider's hosted page), the primary action, a busy one, the row of actions and
 * the focus ring. Each element keeps its own status line: the widget's is a quiet aside, a
 * provider step's (BankID's guidance, the capture's) is the message itself.
 */
export const controls = css`
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
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
    display: inline-flex;
    align-items: center;
    text-decoration: none;
  }
  button.primary,
  a.button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  button[aria-disabled='true'],
  button:disabled {
    cursor: progress;
    opacity: 0.75;
  }
`;

const elementStyles = css`
  :host([hidden]) {
    display: none;
  }
  .card {
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--identity-verify-radius, 12px);
    padding: 1.25em;
    max-width: 32em;
    /* Step actions go last, after the live region, so an error reads before its "try again". */
    display: flex;
    flex-direction: column;
  }
  .card > .actions {
    order: 1;
  }
  h2 {
    font-size: 1.25em;
    line-height: 1.3;
    margin: 0 0 0.75em;
  }
  p {
    margin: 0 0 0.75em;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }
  a {
    color: var(--_accent);
    text-underline-offset: 0.15em;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .actions {
    margin-block-start: 1em;
  }
  /* Accept and decline are equal choices: same size, same weight, side by side. */
  .choices button {
    flex: 1 1 10em;
  }
  label {
    display: block;
    font-weight: 600;
    margin-block-end: 0.25em;
  }
  select {
    font: inherit;
    width: 100%;
    min-height: 2.75em;
    padding: 0.4em 0.6em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--identity-verify-radius, 12px) / 2);
    background: var(--_background);
    color: var(--_text);
  }
  .option {
    display: flex;
    gap: 0.75em;
    align-items: flex-start;
    font-weight: normal;
    padding: 0.75em;
    margin-block-end: 0.5em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--identity-verify-radius, 12px) / 2);
    background: var(--_surface);
    cursor: pointer;
  }
  .option:has(input:checked) {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
  }
  .option input {
    margin-block-start: 0.3em;
    accent-color: var(--_accent);
  }
  .option strong {
    display: block;
  }
  /* Kept in the accessibility tree when empty: a live region that appears together with its
     text is not announced by every screen reader. */
  .status:empty {
    margin: 0;
  }
  .status {
    margin: 0 0 0.5em;
    color: var(--_muted);
  }
  .status.error {
    color: var(--_danger);
    font-weight: 600;
  }
  h2.verified {
    color: var(--_success);
  }
  .provider {
    min-height: 4.5em;
    margin: 0.5em 0;
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-inline-end: 0.5em;
    vertical-align: -0.15em;
    border: 2px solid var(--_border);
    border-block-start-color: var(--_accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
      border-block-start-color: var(--_border);
    }
  }
`;

export const styles = [themedHost, baseline, controls, elementStyles];
