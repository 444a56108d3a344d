// The emulated Web SDK's look, applied as a constructable stylesheet adopted by its shadow root:
// no <style> element and no style attribute, so a host page's CSP needs no 'unsafe-inline'.

const CSS = `
:host { display: block; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
.sdk {
  --fg: #1b1b1f; --bg: #fff; --muted: #55555f; --border: #c8c8d0; --accent: #3b5bdb; --on-accent: #fff; --error: #a3161b;
  color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 8px; padding: 1rem 1.25rem; max-width: 40rem;
}
.sdk.dark { --fg: #ececf1; --bg: #1e1e24; --muted: #b4b4be; --border: #44444d; --accent: #a5b4fc; --on-accent: #1e1e24; --error: #ff8a8f; }
@media (prefers-color-scheme: dark) {
  .sdk:not(.light) { --fg: #ececf1; --bg: #1e1e24; --muted: #b4b4be; --border: #44444d; --accent: #a5b4fc; --on-accent: #1e1e24; --error: #ff8a8f; }
}
.bar { display: flex; justify-content: space-between; align-items: center; gap: 1rem; margin-bottom: 0.5rem; }
.brand { font-size: 0.875rem; color: var(--muted); }
h2 { font-size: 1.375rem; margin: 0 0 0.75rem; }
h2:focus { outline: none; }
h2:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
p { margin: 0 0 0.75rem; }
fieldset { border: 0; margin: 0 0 1rem; padding: 0; }
legend { font-weight: 600; margin-bottom: 0.5rem; }
.choice { display: flex; align-items: center; gap: 0.5rem; padding: 0.25rem 0; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; }
button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: var(--on-accent); cursor: pointer; }
button.secondary, button.exit { background: var(--bg); color: var(--accent); }
button:disabled { opacity: 0.55; cursor: not-allowed; }
button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.upload { display: flex; flex-direction: column; gap: 0.25rem; margin: 1rem 0; }
.upload label { font-weight: 600; }
video, img.preview { display: block; width: 100%; max-height: 24rem; object-fit: contain; background: #111; border-radius: 6px; }
.error { color: var(--error); font-weight: 600; }
.status { min-height: 1.5em; color: var(--muted); font-size: 0.9375rem; margin: 0.5rem 0 0; }
[hidden] { display: none !important; }
`;

/** A fresh sheet per shadow root (adoptedStyleSheets needs one constructed in the same document). */
export function createStyleSheet() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  return sheet;
}
