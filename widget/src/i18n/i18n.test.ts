// Catalogue completeness (every string and every public error code in every language, nothing more,
// the same placeholders as English), locale choice, and the host's own words over a catalogue's.
import { describe, expect, it } from 'vitest';
import { API_ERRORS, CLIENT_ERRORS, OUTCOME_ERRORS } from '@identity-verify/contract/errors';
import { NOTICE_LANGUAGES, PRIVACY_NOTICE_EN, PRIVACY_NOTICE_ES } from '@identity-verify/contract/notices';
import { enCore } from './en-core.js';
import { en } from './en.js';
import { es } from './es.js';
import { CATALOGUES, directionOf, errorText, format, loadMessages, resolveLocale, withStrings, type Strings } from './index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// Codes a person never meets (answers to a host's own requests) have no words: see ErrorWords in ./en-core.ts.
const HOST_ONLY = ['GDPR_VIOLATION'];
const codes = [...new Set([...Object.keys(API_ERRORS), ...Object.keys(OUTCOME_ERRORS), ...Object.keys(CLIENT_ERRORS)])].filter((c) => !HOST_ONLY.includes(c));
const others = CATALOGUES.filter((c) => c !== 'en');

describe('catalogues', () => {
  it('are the twenty languages the widget ships', () => {
    expect([...CATALOGUES].sort()).toEqual(
      ['ar', 'cs', 'da', 'de', 'en', 'es', 'fi', 'fr', 'he', 'it', 'ja', 'ko', 'nb', 'nl', 'pl', 'pt-BR', 'pt-PT', 'sv', 'tr', 'zh-Hans'].sort(),
    );
  });

  it('English has a message for every public error code a person can meet, and nothing else', () => {
    expect(Object.keys(en.errors).sort()).toEqual([...codes].sort());
  });

  it.each(CATALOGUES)('%s loads as its own chunk and is written in its language', async (catalogue) => {
    const messages = await loadMessages(catalogue);
    expect(messages.lang).toBe(catalogue);
    expect(Intl.getCanonicalLocales(messages.lang)).toEqual([catalogue]);
  });

  it.each(others)('%s has every interface string and error of English, no other, with the same placeholders, translated', async (catalogue) => {
    const messages = await loadMessages(catalogue);
    for (const part of ['ui', 'errors', 'handoff', 'delegation'] as const) {
      const english = en[part] as Record<string, string>;
      const own = messages[part] as Record<string, string>;
      expect(Object.keys(own).sort(), `${catalogue} ${part} keys`).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(english)) {
        expect(own[key], `${catalogue} ${part}.${key}`).toMatch(/\S/);
        expect(placeholders(own[key]!), `${catalogue} ${part}.${key} placeholders`).toEqual(placeholders(text));
      }
      const untranslated = Object.keys(english).filter((key) => own[key] === english[key]);
      expect(untranslated, `${catalogue} ${part} left in English`).toEqual([]);
    }
  });

  it.each(CATALOGUES)("%s shows the privacy notice in the contract's words: its own language's where they are written, else English", async (catalogue) => {
    const messages = await loadMessages(catalogue);
    const written = (NOTICE_LANGUAGES as readonly string[]).includes(catalogue);
    expect(messages.privacy).toBe(written ? { en: PRIVACY_NOTICE_EN, es: PRIVACY_NOTICE_ES }[catalogue as 'en' | 'es'] : PRIVACY_NOTICE_EN);
  });

  it('loads Spanish on demand and English complete', async () => {
    expect((await loadMessages('es')).ui.consent_accept).toBe('Aceptar y continuar');
    expect(await loadMessages('en')).toBe(en);
  });
});

describe('resolveLocale', () => {
  it('takes the first usable candidate and keeps its region for a supported language', () => {
    expect(resolveLocale(null, 'es-mx', 'en-GB')).toEqual({ catalogue: 'es', tag: 'es-MX', requested: 'es-MX' });
    expect(resolveLocale(undefined, '', 'en-GB')).toEqual({ catalogue: 'en', tag: 'en-GB', requested: 'en-GB' });
    expect(resolveLocale('fr-CA')).toEqual({ catalogue: 'fr', tag: 'fr-CA', requested: 'fr-CA' });
    expect(resolveLocale('sv-se')).toEqual({ catalogue: 'sv', tag: 'sv-SE', requested: 'sv-SE' });
    expect(resolveLocale('ar-EG').catalogue).toBe('ar');
    expect(resolveLocale('iw').catalogue).toBe('he'); // Hebrew's old code, canonicalized
  });

  it('tells Portuguese apart by region: Brazil (and no region) or elsewhere', () => {
    expect(resolveLocale('pt')).toEqual({ catalogue: 'pt-BR', tag: 'pt', requested: 'pt' });
    expect(resolveLocale('pt-BR').catalogue).toBe('pt-BR');
    expect(resolveLocale('pt-PT')).toEqual({ catalogue: 'pt-PT', tag: 'pt-PT', requested: 'pt-PT' });
    expect(resolveLocale('pt-AO').catalogue).toBe('pt-PT');
  });

  it('gives Chinese in simplified script only, and Norwegian as Bokmål', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans']) expect(resolveLocale(tag).catalogue, tag).toBe('zh-Hans');
    for (const tag of ['zh-TW', 'zh-HK', 'zh-Hant']) expect(resolveLocale(tag), tag).toMatchObject({ catalogue: 'en', tag: 'en' });
    expect(resolveLocale('nb-NO')).toEqual({ catalogue: 'nb', tag: 'nb-NO', requested: 'nb-NO' });
    expect(resolveLocale('no')).toEqual({ catalogue: 'nb', tag: 'nb', requested: 'no' });
    expect(resolveLocale('nn').catalogue).toBe('nb');
  });

  it('falls back to English for unsupported languages, so text and country names agree, and keeps what was asked for drivers with words of their own', () => {
    expect(resolveLocale('ru-RU')).toEqual({ catalogue: 'en', tag: 'en', requested: 'ru-RU' });
    expect(resolveLocale('el', 'fr')).toEqual({ catalogue: 'en', tag: 'en', requested: 'el' });
  });

  it('skips a malformed tag', () => {
    expect(resolveLocale('not a tag!', 'es')).toEqual({ catalogue: 'es', tag: 'es', requested: 'es' });
    expect(resolveLocale()).toEqual({ catalogue: 'en', tag: 'en', requested: 'en' });
  });
});

describe('directionOf', () => {
  it('is right to left for Arabic and Hebrew, whatever the region', () => {
    expect(['ar', 'ar-EG', 'he', 'he-IL'].map(directionOf)).toEqual(['rtl', 'rtl', 'rtl', 'rtl']);
    expect(['en', 'fr-CA', 'zh-Hans', 'arn'].map(directionOf)).toEqual(['ltr', 'ltr', 'ltr', 'ltr']);
  });
});

describe("withStrings: the host's words", () => {
  const strings: Strings = {
    fr: { ui: { consent_heading: 'Avant de vous lancer' }, errors: { rate_limited: 'Doucement !' } },
    en: { ui: { consent_accept: 'I agree' } },
  };

  it("go over the catalogue of their language, key by key, and over no other", async () => {
    const fr = withStrings(await loadMessages('fr'), strings);
    expect(fr.ui.consent_heading).toBe('Avant de vous lancer');
    expect(fr.ui.consent_accept).toBe('Accepter et continuer');
    expect(fr.errors.rate_limited).toBe('Doucement !');
    expect(withStrings(en, strings).ui).toMatchObject({ consent_accept: 'I agree', consent_heading: 'Before you start' });
    expect(withStrings(es, strings)).toEqual(es);
    expect(withStrings(enCore, strings).ui.consent_accept).toBe('I agree');
  });

  it('are found by catalogue, else by language for all its catalogues', async () => {
    const byLanguage: Strings = { pt: { ui: { back: 'Regressar' } }, 'pt-BR': { ui: { back: 'Voltar atrás' } } };
    expect(withStrings(await loadMessages('pt-PT'), byLanguage).ui.back).toBe('Regressar');
    expect(withStrings(await loadMessages('pt-BR'), byLanguage).ui.back).toBe('Voltar atrás');
  });

  it("leave the privacy notice as the contract words it", async () => {
    const sneaky = { fr: { privacy: { link: 'x' }, lang: 'xx' } } as unknown as Strings;
    const fr = withStrings(await loadMessages('fr'), sneaky);
    expect(fr.privacy).toBe(PRIVACY_NOTICE_EN);
    expect(fr.lang).toBe('fr');
  });

  it('take only text from what a page gives', async () => {
    const junk = { fr: { ui: { consent_heading: 42, back: null, continue: ['x'] }, errors: 'nope' } } as unknown as Strings;
    const fr = await loadMessages('fr');
    expect(withStrings(fr, junk)).toEqual(fr);
    expect(withStrings(fr, 'not an object' as unknown as Strings)).toEqual(fr);
    expect(withStrings(fr, null)).toEqual(fr);
  });

  it("fall back to English's words under a key a catalogue lacks", () => {
    const { back: _, ...ui } = es.ui;
    const partial = { ...es, ui, errors: {} } as unknown as typeof es;
    const merged = withStrings(partial, null);
    expect(merged.ui.back).toBe(en.ui.back);
    expect(merged.ui.continue).toBe(es.ui.continue);
    expect(errorText(merged, 'network_error')).toBe(en.errors.network_error);
  });
});

describe('format and errorText', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{organization} and {organization} ({other})', { organization: 'Acme' })).toBe('Acme and Acme ({other})');
  });

  it('has a generic line for codes this bundle does not know', () => {
    expect(errorText(en, 'token_invalid')).toBe(en.errors.token_invalid);
    expect(errorText(es, 'something_new')).toBe(es.ui.error_unknown);
  });
});

describe("the core's English", () => {
  it('has every interface string and the privacy notice, and the words of the errors it carries are the catalogue\'s', () => {
    expect(enCore.ui).toBe(en.ui);
    expect(enCore.privacy).toBe(en.privacy);
    for (const [code, words] of Object.entries(enCore.errors)) expect((en.errors as Record<string, string>)[code], code).toBe(words);
  });

  it('words the errors a page can show before the BFF answers or without the network', () => {
    expect(Object.keys(enCore.errors).sort()).toEqual(['driver_failed', 'missing_api_base', 'missing_client_secret', 'network_error']);
  });
});
