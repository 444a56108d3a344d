// The notice registry: what the catalogue serves of a provider's notice, and which recorded texts
// the BFF takes as shown (the HTTP side is in app.test.ts and the providers' own tests).
import { describe, expect, it } from 'vitest';
import { NOTICE_LANGUAGES } from '@identity-verify/contract/notices';
import { noticeAsShown, noticeTextsOf, unknownNoticeReason } from './notices.js';
import { ONFIDO_NOTICES } from './onfido/notices.js';
import type { ProviderAdapter } from './types.js';

const onfido = { key: 'onfido', notices: ONFIDO_NOTICES } as unknown as ProviderAdapter;
const shown = (notice: 'privacy_notice' | 'onfido_biometric_us' | 'onfido_privacy_us', organization: string, language: 'en' | 'es' = 'en') => ({
  notice,
  locale: language,
  ...noticeAsShown(notice, { layer: 'identity', language, organization }, [onfido])!,
});

describe('the notice registry', () => {
  it.each(Object.keys(ONFIDO_NOTICES))("serves %s in every language notices are written in, each linking Onfido's policies over https", (notice) => {
    const texts = noticeTextsOf(onfido, [notice as 'onfido_biometric_us']);
    expect(texts.map((t) => t.locale)).toEqual([...NOTICE_LANGUAGES]);
    for (const text of texts) {
      expect(text.body).toContain('{organization}');
      expect(text.links.length).toBeGreaterThan(0);
      for (const link of text.links) expect(new URL(link.href).protocol).toBe('https:');
    }
  });

  it('serves no words for the privacy notice (the widget carries them) nor for a notice the provider lacks', () => {
    expect(noticeTextsOf(onfido, ['privacy_notice'])).toEqual([]);
    expect(noticeTextsOf({ key: 'stripe_identity' } as ProviderAdapter, ['onfido_biometric_us'])).toEqual([]);
  });

  it('takes any host name, even one with pattern characters, the same wherever the notice names it', () => {
    for (const organization of ['Acme', 'Acme (US) Inc.* [beta]', 'Ünïcødé & Co $1', 'This service']) {
      expect(unknownNoticeReason(shown('onfido_biometric_us', organization), 'identity', [onfido])).toBeNull();
      expect(unknownNoticeReason(shown('privacy_notice', organization, 'es'), 'identity', [onfido])).toBeNull();
    }
    const mixed = shown('privacy_notice', 'Acme');
    expect(unknownNoticeReason({ ...mixed, text: mixed.text.replace(/Acme(?!.*Acme)/s, 'Other') }, 'identity', [onfido])).toMatch(/not privacy_notice/);
  });

  it('tells the biometric and the privacy notice apart, and each from its other language', () => {
    const biometric = shown('onfido_biometric_us', 'Acme');
    expect(unknownNoticeReason({ ...biometric, notice: 'onfido_privacy_us', version: ONFIDO_NOTICES.onfido_privacy_us!.version }, 'identity', [onfido])).toMatch(/not onfido_privacy_us/);
    expect(unknownNoticeReason({ ...shown('onfido_privacy_us', 'Acme', 'es'), locale: 'en' }, 'identity', [onfido])).toMatch(/in en/);
    expect(unknownNoticeReason({ ...biometric, text: `${biometric.text}\nAnd you give up your rights.` }, 'identity', [onfido])).not.toBeNull();
  });
});
