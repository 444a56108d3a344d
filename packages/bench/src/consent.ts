// The privacy notice accepted as the widget shows it: the BFF records no text it would not have shown.
import { PRIVACY_NOTICE_EN, PRIVACY_NOTICE_VERSION, privacyNoticeBody, privacyNoticeText } from '@identity-verify/contract/notices';
import type { TrustLayer } from '@identity-verify/contract/vocabulary';

export function privacyConsentBody(layer: TrustLayer): string {
  const text = privacyNoticeText(privacyNoticeBody(PRIVACY_NOTICE_EN, layer, 'Bench'), null);
  return JSON.stringify({ notice: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, locale: 'en', text, decision: 'accepted' });
}
