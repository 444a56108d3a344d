// The words of each notice a person accepts or declines, and how the text recorded with a
// decision is composed from them. One source for both sides: the widget composes the text it
// shows from these words, and the BFF checks that a recorded text is one it would have shown
// (the version and words it knows, in that language), so consent evidence is not whatever a
// browser says. Plain data, no zod: the widget imports the privacy notice's words into its core.
import type { ConsentNotice, TrustLayer } from './vocabulary.js';

/** Languages the notices are written in. A text in any other language is refused. */
export const NOTICE_LANGUAGES = ['en', 'es'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

/** The language a BCP 47 tag's text is in, when notices are written in it. */
export function noticeLanguage(tag: string): NoticeLanguage | null {
  const language = tag.split('-')[0]!.toLowerCase();
  return (NOTICE_LANGUAGES as readonly string[]).includes(language) ? (language as NoticeLanguage) : null;
}

/** Stands for the host's name in a notice's words; the widget fills it in. */
export const ORGANIZATION = '{organization}';

// ---- the privacy notice: the consent step's, before anything else -----------------------------

/** Bump when its wording changes in any language; the BFF accepts only versions it knows. */
export const PRIVACY_NOTICE_VERSION = '2026-11';

export interface PrivacyNoticeWords {
  body_humanity: string;
  body_identity: string;
  /** The label of the link to the host's own privacy policy, when the host gives one. */
  link: string;
}

export const PRIVACY_NOTICE_EN: PrivacyNoticeWords = {
  body_humanity:
    '{organization} uses identity-verify to confirm that you are a real person. You choose how to check in the next steps, and {organization} receives only the result.',
  body_identity:
    '{organization} uses identity-verify to confirm who you are, with a verification provider you choose in the next steps. {organization} receives the result of the check.',
  link: 'Read the privacy notice',
};

export const PRIVACY_NOTICE_ES: PrivacyNoticeWords = {
  body_humanity:
    '{organization} usa identity-verify para confirmar que eres una persona real. En los siguientes pasos eliges cómo comprobarlo, y {organization} solo recibe el resultado.',
  body_identity:
    '{organization} usa identity-verify para confirmar quién eres, con un proveedor de verificación que eliges en los siguientes pasos. {organization} recibe el resultado de la comprobación.',
  link: 'Lee el aviso de privacidad',
};

/** The privacy notice's body for a session's layer, as shown. */
export function privacyNoticeBody(words: PrivacyNoticeWords, layer: TrustLayer, organization: string): string {
  return fill(layer === 'identity' ? words.body_identity : words.body_humanity, organization);
}

/** What is recorded for the privacy notice: its body and, when shown, its link, one per line. */
export function privacyNoticeText(body: string, link: { label: string; href: string } | null): string {
  return link ? `${body}\n${link.label}: ${link.href}` : body;
}

// ---- a provider's own notice, after the person chose the provider ----------------------------

/** A provider's notice in one language, as the BFF serves it in its catalogue. */
export interface ProviderNoticeWords {
  heading: string;
  /** Its first paragraph, which may name the host as {organization}. */
  body: string;
  /** What accepting means, after the links. */
  confirm: string;
  /** The accessible name of the list of links. */
  links_label: string;
  /** The policies the person accepts. */
  links: Array<{ label: string; href: string }>;
}

/** A provider notice's words served with its name, version and language. */
export interface ProviderNoticeText extends ProviderNoticeWords {
  notice: Exclude<ConsentNotice, 'privacy_notice'>;
  version: string;
  locale: NoticeLanguage;
}

/** What is recorded for a provider's notice: its paragraphs and each link as shown, one per line. */
export function providerNoticeText(words: ProviderNoticeWords, organization: string): string {
  return [fill(words.body, organization), words.confirm, ...words.links.map((l) => `${l.label}: ${l.href}`)].join('\n');
}

function fill(template: string, organization: string): string {
  return template.split(ORGANIZATION).join(organization);
}
