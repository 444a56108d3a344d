// The capture element's stylesheet, adopted by its shadow root (a constructable stylesheet: no
// <style> element, no style= attribute, so a strict style-src is enough). Colours come from the
// same tokens and `--identity-verify-*` overrides as the widget, so both themes keep AA contrast.
import { css } from 'lit';
import { baseline, controls, themedHost } from '../../styles.js';

const captureOnly = css`
  :host {
    background: var(--_background);
  }
  h3 {
    font-size: 1.125em;
    line-height: 1.3;
    margin: 0 0 0.5em;
  }
  h3:focus {
    outline: none;
  }
  h3:focus-visible {
    outline: 3px solid var(--_focus);
  }
  p {
    margin: 0 0 0.75em;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .status {
    min-height: 1.5em;
    font-weight: 600;
  }
  .status.error {
    color: var(--_danger);
  }
  .option {
    display: flex;
    gap: 0.75em;
    align-items: center;
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
    margin: 0;
    accent-color: var(--_accent);
  }
  /* The preview keeps the video's own proportions (object-fit: contain) and the guide is drawn in
     the video's coordinates with the same fit (preserveAspectRatio meet), so they line up. */
  .viewfinder {
    position: relative;
    aspect-ratio: 4 / 3;
    max-height: 70vh;
    margin: 0 auto 0.75em;
    background: #000;
    border-radius: calc(var(--identity-verify-radius, 12px) / 2);
    overflow: hidden;
  }
  .viewfinder.portrait {
    aspect-ratio: 3 / 4;
  }
  .viewfinder video,
  .viewfinder svg {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
  }
  .viewfinder video {
    object-fit: contain;
  }
  /* The front camera is shown as a mirror, as people expect; the photo itself is not mirrored. */
  .viewfinder video.mirror {
    transform: scaleX(-1);
  }
  .guide-mask {
    fill: rgb(0 0 0 / 0.5);
    fill-rule: evenodd;
  }
  .guide-outline {
    fill: none;
    stroke: #fff;
    stroke-width: 3;
    vector-effect: non-scaling-stroke;
  }
  .guide-outline.good {
    stroke: #8fd6a0;
    stroke-width: 5;
  }
  .file label {
    display: block;
    font-weight: 600;
    margin-block-end: 0.25em;
  }
  .file input {
    font: inherit;
    max-width: 100%;
    color: var(--_text);
  }
  .file input::file-selector-button {
    font: inherit;
    min-height: 2.5em;
    margin-inline-end: 0.75em;
    padding: 0.4em 1em;
    border-radius: calc(var(--identity-verify-radius, 12px) / 2);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  canvas.preview {
    display: block;
    max-width: 100%;
    max-height: 60vh;
    margin: 0 auto 0.75em;
    border-radius: calc(var(--identity-verify-radius, 12px) / 2);
  }
  progress {
    display: block;
    width: 100%;
    height: 0.75em;
    accent-color: var(--_accent);
  }
`;

export const captureStyles = [themedHost, baseline, controls, captureOnly];
