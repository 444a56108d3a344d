// The notices a provider may need accepted before it starts, keyed by notice: each is its own file
// (its version, its words by message key, the policies it links), and joins with one line here.
// The privacy notice is the consent step's, not a provider's.
import type { ConsentNotice } from '@identity-verify/contract/vocabulary';
import type { UiKey } from '../../i18n/index.js';
import { onfido_biometric_us } from './onfido_biometric_us.js';

export type ProviderNotice = Exclude<ConsentNotice, 'privacy_notice'>;

/** A provider's notice as data; the notice step renders every one the same way. */
export interface NoticeDefinition {
  /** Bump when the wording changes (in any language): the BFF records it with each decision. */
  version: string;
  heading: UiKey;
  /** Its first paragraph, which may name the host as `{organization}`. */
  body: UiKey;
  /** What accepting means, after the links. */
  confirm: UiKey;
  /** The accessible name of the list of links. */
  linksLabel: UiKey;
  /** The policies the person accepts, each by the message naming it. */
  links: Array<[label: UiKey, href: string]>;
}

// Typed by notice, so a notice added to the contract does not typecheck until it has its file here.
const NOTICES: Record<ProviderNotice, NoticeDefinition> = {
  onfido_biometric_us,
};
// A newer BFF may list a notice this bundle does not know: looked up by any notice, one may be missing.
const byNotice: Partial<Record<ConsentNotice, NoticeDefinition>> = NOTICES;

/** A provider notice's definition, or undefined when this bundle cannot show it. */
export function noticeDefinition(notice: ConsentNotice): NoticeDefinition | undefined {
  return byNotice[notice];
}
