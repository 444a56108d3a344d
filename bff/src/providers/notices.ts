// The notices the BFF knows: the privacy notice (the consent step's, words in the contract) and
// each provider's own (words in its module). The catalogue serves a provider's words to the
// widget, and a recorded decision is accepted only when its version is current and its text is
// one the widget would have shown from these words: consent evidence the server can stand behind,
// not whatever a browser sent.
import {
  noticeLanguage,
  ORGANIZATION,
  PRIVACY_NOTICE_EN,
  PRIVACY_NOTICE_ES,
  PRIVACY_NOTICE_VERSION,
  privacyNoticeBody,
  privacyNoticeText,
  providerNoticeText,
  type NoticeLanguage,
  type PrivacyNoticeWords,
  type ProviderNoticeText,
} from '@identity-verify/contract/notices';
import type { ConsentNotice, TrustLayer } from '@identity-verify/contract/vocabulary';
import type { ProviderAdapter, ProviderNotices } from './types.js';

const PRIVACY_WORDS: Record<NoticeLanguage, PrivacyNoticeWords> = { en: PRIVACY_NOTICE_EN, es: PRIVACY_NOTICE_ES };

/** The words of `notices` in every language, as the catalogue serves them. */
export function noticeTextsOf(adapter: ProviderAdapter, notices: readonly ConsentNotice[]): ProviderNoticeText[] {
  return notices.flatMap((notice) => {
    if (notice === 'privacy_notice') return [];
    const definition = adapter.notices?.[notice];
    if (!definition) return [];
    return Object.entries(definition.words).map(([locale, words]) => ({ notice, version: definition.version, locale: locale as NoticeLanguage, ...words }));
  });
}

export interface ShownNotice {
  notice: ConsentNotice;
  version: string;
  locale: string;
  text: string;
}

type ProviderNoticeDefinition = NonNullable<ProviderNotices[keyof ProviderNotices]>;

/** A provider notice's definition, from whichever configured provider asks for it. */
function definitionOf(notice: Exclude<ConsentNotice, 'privacy_notice'>, adapters: Iterable<ProviderAdapter>): ProviderNoticeDefinition | undefined {
  for (const adapter of adapters) if (adapter.notices?.[notice]) return adapter.notices[notice];
  return undefined;
}

/**
 * The current version of `notice` and the text a widget records for it in `language`, the host
 * named `organization` and, for the privacy notice, its policy link `privacyUrl` (null: none shown).
 * Null when no configured provider asks for that notice.
 */
export function noticeAsShown(
  notice: ConsentNotice,
  shownTo: { layer: TrustLayer; language: NoticeLanguage; organization: string; privacyUrl?: string | null },
  adapters: Iterable<ProviderAdapter>,
): { version: string; text: string } | null {
  const { layer, language, organization, privacyUrl = null } = shownTo;
  if (notice === 'privacy_notice') {
    const words = PRIVACY_WORDS[language];
    const link = privacyUrl === null ? null : { label: words.link, href: privacyUrl };
    return { version: PRIVACY_NOTICE_VERSION, text: privacyNoticeText(privacyNoticeBody(words, layer, organization), link) };
  }
  const definition = definitionOf(notice, adapters);
  return definition ? { version: definition.version, text: providerNoticeText(definition.words[language], organization) } : null;
}

/**
 * Why a recorded notice is not one the widget shows, or null when it is. The host's name and its
 * privacy-policy link are the page's own (attributes of the element), so they stand as wildcards;
 * every other character must be the registry's, in the language recorded.
 */
export function unknownNoticeReason(shown: ShownNotice, layer: TrustLayer, adapters: Iterable<ProviderAdapter>): string | null {
  const language = noticeLanguage(shown.locale);
  if (!language) return `Notices are not written in "${shown.locale}".`;
  const known = [...adapters];
  const templates = [null, LINK].map((privacyUrl) => noticeAsShown(shown.notice, { layer, language, organization: ORGANIZATION, privacyUrl }, known));
  const current = templates[0];
  if (!current) return `No provider here asks for ${shown.notice}.`;
  if (shown.version !== current.version) return `${shown.notice} has no version "${shown.version}".`;
  // A provider notice has no link of the host's: both templates are the same text.
  return templates.some((t) => t && matches(shown.text, t.text)) ? null : `The text is not ${shown.notice} ${shown.version} in ${language}.`;
}

const LINK = '{link}';

/** Does `text` read as `template`, with one host name throughout and any http(s) link? */
function matches(text: string, template: string): boolean {
  let named = false;
  const pattern = template
    .split(/(\{organization\}|\{link\})/)
    .map((part) => {
      if (part === ORGANIZATION) {
        const group = named ? '\\k<organization>' : '(?<organization>[^\\n]{1,200}?)';
        named = true;
        return group;
      }
      if (part === LINK) return 'https?://[^\\s]{1,2000}';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${pattern}$`, 'u').test(text);
}
