// Consent bodies exactly as the widget records them, for tests that act as the widget: the BFF
// refuses any notice text it would not have shown (providers/notices.ts).
import type { ConsentDecision, ConsentNotice, TrustLayer } from '@identity-verify/contract/vocabulary';
import type { NoticeLanguage } from '@identity-verify/contract/notices';
import { noticeAsShown } from './providers/notices.js';
import { ONFIDO_NOTICES } from './providers/onfido/notices.js';
import type { ProviderAdapter } from './providers/types.js';

// Only the words are read: every provider that asks for a notice of its own, as far as the tests go.
const WITH_NOTICES = [{ notices: ONFIDO_NOTICES }] as unknown as ProviderAdapter[];

export function consentAsShown(
  notice: ConsentNotice,
  decision: ConsentDecision = 'accepted',
  { layer = 'identity', locale = 'en', organization = 'Acme' }: { layer?: TrustLayer; locale?: NoticeLanguage; organization?: string } = {},
) {
  const shown = noticeAsShown(notice, { layer, language: locale, organization }, WITH_NOTICES);
  if (!shown) throw new Error(`No words for ${notice}`);
  return { notice, version: shown.version, locale, text: shown.text, decision };
}

type WidgetCall = (method: string, path: string, body?: unknown) => Promise<{ json: any }>;

/** The one notice the catalogue lists for `providerKey` in `country`, as the widget finds it before showing it. */
export async function noticeOf(widget: WidgetCall, providerKey: string, country = 'US'): Promise<ConsentNotice> {
  const listed = (await widget('GET', `/v1/identity/providers?country=${country}`)).json as Array<{ provider_key: string; notices: ConsentNotice[] }>;
  const notices = listed.find((entry) => entry.provider_key === providerKey)?.notices ?? [];
  if (notices.length !== 1) throw new Error(`${providerKey} lists ${notices.length} notices in ${country}`);
  return notices[0]!;
}
