// Every provider notice of the contract renders from its own definition, in every language the
// widget ships: walked from the contract's list, so a notice added later is covered the day it is.
import { describe, expect, it } from 'vitest';
import { CONSENT_NOTICES } from '@identity-verify/contract/vocabulary';
import { en } from '../../i18n/en.js';
import { es } from '../../i18n/es.js';
import { noticeDefinition } from './registry.js';

const providerNotices = CONSENT_NOTICES.filter((notice) => notice !== 'privacy_notice');

describe('the notices registry', () => {
  it.each(providerNotices)('%s has a definition whose words exist in English and Spanish and whose links are https', (notice) => {
    const definition = noticeDefinition(notice);
    expect(definition?.version).toBeTruthy();
    const keys = [definition!.heading, definition!.body, definition!.confirm, definition!.linksLabel, ...definition!.links.map(([label]) => label)];
    for (const messages of [en, es]) for (const key of keys) expect(messages.ui[key], `${messages.lang} ${key}`).toBeTruthy();
    for (const [, href] of definition!.links) expect(new URL(href).protocol).toBe('https:');
  });

  it("has no definition for the privacy notice (the consent step's) nor for a notice this bundle does not know", () => {
    expect(noticeDefinition('privacy_notice')).toBeUndefined();
    expect(noticeDefinition('bankid_notice' as never)).toBeUndefined();
  });
});
