// The words of each step, kept apart from rendering so tests can check them in node: the consent
// notice exactly as shown (it is recorded), sorted country names, and the live-region line.
import type { TrustLayer } from '@identity-verify/contract/vocabulary';
import { errorText, format, type Messages } from '../i18n/index.js';
import type { FlowState } from '../flow/types.js';
import { presentationOf } from '../drivers/presentation.js';
import { PRIVACY_NOTICE_VERSION, privacyNoticeBody, privacyNoticeText } from '@identity-verify/contract/notices';

export interface ConsentNotice {
  body: string;
  link: { label: string; href: string } | null;
  version: string;
  versionLine: string;
  /** What is recorded: the body and the link as displayed, one per line. */
  text: string;
}

/** Only http(s) links are shown: anything else (javascript:, data:) is dropped. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, globalThis.location?.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The privacy notice in the person's language, from the contract's words, exactly as shown and recorded. */
export function consentNotice(m: Messages, organization: string, privacyUrl: string | null, layer: TrustLayer): ConsentNotice {
  const body = privacyNoticeBody(m.privacy, layer, organization);
  const href = safeHttpUrl(privacyUrl);
  const link = href ? { label: m.privacy.link, href } : null;
  const versionLine = format(m.ui.consent_version, { version: PRIVACY_NOTICE_VERSION });
  return { body, link, version: PRIVACY_NOTICE_VERSION, versionLine, text: privacyNoticeText(body, link) };
}

export interface CountryOption {
  code: string;
  name: string;
}

let memo: { key: string; options: CountryOption[] } | null = null;

/** Countries named in `locale` and sorted by name (the list is long: computed once per locale). */
export function countryOptions(codes: readonly string[], locale: string): CountryOption[] {
  const key = `${locale}:${codes.join(',')}`;
  if (memo?.key === key) return memo.options;
  const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  const collator = new Intl.Collator([locale]);
  const options = codes
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name));
  memo = { key, options };
  return options;
}

export function countryName(code: string, locale: string): string {
  return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
}

/** The code of the error a state shows in the live region, if any. */
export function shownError(state: FlowState): string | null {
  if (state.step === 'result') return state.outcome.kind === 'failed' ? state.outcome.code : null;
  return 'error' in state && state.error ? state.error.code : null;
}

/** Whether `m` has the words of the error `state` shows, or it shows none. */
export function hasErrorWords(state: FlowState, m: Messages): boolean {
  const code = shownError(state);
  return code === null || code in m.errors;
}

/** The live region's line for a state: progress while waiting, else the error shown, else nothing. */
export function statusLine(state: FlowState, m: Messages, preferRedirect = false): { text: string; error: boolean } {
  const code = shownError(state);
  if (code) return { text: errorText(m, code), error: true };
  const progress = (text: string) => ({ text, error: false });
  switch (state.step) {
    case 'loading':
      return progress(m.ui.loading_status);
    case 'submitting':
      return progress(m.ui.submitting_status);
    case 'consent':
    case 'country':
    case 'notice':
      return progress(state.busy ? m.ui.working : '');
    case 'provider':
      return progress(state.providers ? '' : m.ui.providers_loading);
    case 'provider_step':
      if (!state.attempt) return progress(m.ui.provider_starting);
      if (state.phase === 'left') return progress(m.ui.provider_left);
      if (state.phase !== 'open') return progress('');
      return progress(presentationOf(state.attempt.client, preferRedirect) === 'redirect' ? m.ui.provider_redirecting : m.ui.provider_window_open);
    default:
      // A result that is not a failure; an error step always shows its code.
      return progress('');
  }
}
