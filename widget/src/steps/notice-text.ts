// A provider's notice as shown and recorded, kept apart from rendering so tests can check it in
// node, and apart from ./text.ts because it is needed only by the notice step, a lazy one (./index.ts).
import { providerNoticeText, type ProviderNoticeText, type ProviderNoticeWords } from '@identity-verify/contract/notices';
import { format, type Messages } from '../i18n/index.js';

export interface ShownProviderNotice extends ProviderNoticeWords {
  version: string;
  versionLine: string;
  /** The language it is shown in: the person's when the BFF has it, else English. */
  locale: string;
  /** What is recorded: the paragraphs and each link as displayed, one per line. */
  text: string;
}

/**
 * A provider's notice as the BFF served it in the catalogue, in the person's language when it is
 * written in it (else English), with the host named: exactly what is shown and recorded.
 */
export function providerNotice(texts: readonly ProviderNoticeText[], notice: string, m: Messages, organization: string): ShownProviderNotice | null {
  const ofNotice = texts.filter((t) => t.notice === notice);
  const words = ofNotice.find((t) => t.locale === m.lang) ?? ofNotice.find((t) => t.locale === 'en');
  if (!words) return null;
  const versionLine = format(m.ui.consent_version, { version: words.version });
  return { ...words, body: format(words.body, { organization }), versionLine, text: providerNoticeText(words, organization) };
}
