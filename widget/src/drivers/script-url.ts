// The widget's one Trusted Types policy, `identity-verify`: it vouches only for the script URLs the
// widget loads itself (a provider's script the BFF named, the compression worker beside the chunks),
// so a page with `require-trusted-types-for 'script'` runs the widget. Lit brings its own policy,
// `lit-html`, for its templates. A host lists both in `trusted-types` (widget/docs/cdn-and-csp.md).

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy;
}

export const TRUSTED_TYPES_POLICY = 'identity-verify';

// Created on first use, never at load: a page that never loads a provider script needs no policy.
let policy: ScriptUrlPolicy | undefined;

/** Only http(s) script URLs pass: never javascript:, data: or blob:, whatever hands them in. */
function httpOnly(url: string): string {
  const { protocol } = new URL(url, document.baseURI);
  if (protocol !== 'https:' && protocol !== 'http:') throw new TypeError(`Not a script URL the widget loads: ${protocol}`);
  return url;
}

/**
 * `url` as a TrustedScriptURL where the browser has Trusted Types, else as it is. Typed as a string
 * because that is what `script.src` and `new Worker()` are declared to take; they accept both.
 */
export function trustedScriptUrl(url: string | URL): string {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!factory) return String(url);
  policy ??= factory.createPolicy(TRUSTED_TYPES_POLICY, { createScriptURL: httpOnly });
  return policy.createScriptURL(String(url)) as string;
}
