// Catalogue completeness (every string and every public error code in every language) and locale choice.
import { describe, expect, it } from 'vitest';
import { API_ERRORS, CLIENT_ERRORS, OUTCOME_ERRORS } from '@identity-verify/contract/errors';
import { enCore } from './en-core.js';
import { en } from './en.js';
import { es } from './es.js';
import { errorText, format, loadMessages, resolveLocale } from './index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const codes = [...Object.keys(API_ERRORS), ...Object.keys(OUTCOME_ERRORS), ...Object.keys(CLIENT_ERRORS)];

describe('catalogues', () => {
  it.each([['en', en], ['es', es]] as const)('%s has a message for every public error code', (_, messages) => {
    for (const code of codes) expect((messages.errors as Record<string, string>)[code], code).toMatch(/\S/);
  });

  it('es has every interface string of en, with the same placeholders, translated', () => {
    const keys = Object.keys(en.ui) as Array<keyof typeof en.ui>;
    expect(Object.keys(es.ui).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(placeholders(es.ui[key]), key).toEqual(placeholders(en.ui[key]));
    const untranslated = keys.filter((key) => es.ui[key] === en.ui[key]);
    expect(untranslated).toEqual([]);
  });

  it('es error messages are translated too', () => {
    const same = codes.filter((code) => (es.errors as Record<string, string>)[code] === (en.errors as Record<string, string>)[code]);
    expect(same).toEqual([]);
  });

  it('loads Spanish on demand and keeps English built in', async () => {
    expect((await loadMessages('es')).ui.consent_accept).toBe('Aceptar y continuar');
    expect(await loadMessages('en')).toBe(en);
  });
});

describe('resolveLocale', () => {
  it('takes the first usable candidate and keeps its region for a supported language', () => {
    expect(resolveLocale(null, 'es-mx', 'en-GB')).toEqual({ catalogue: 'es', tag: 'es-MX', requested: 'es-MX' });
    expect(resolveLocale(undefined, '', 'en-GB')).toEqual({ catalogue: 'en', tag: 'en-GB', requested: 'en-GB' });
  });

  it('falls back to English for unsupported languages, so text and country names agree, and keeps what was asked for drivers with words of their own', () => {
    expect(resolveLocale('fr-FR')).toEqual({ catalogue: 'en', tag: 'en', requested: 'fr-FR' });
    expect(resolveLocale('sv-se')).toEqual({ catalogue: 'en', tag: 'en', requested: 'sv-SE' });
  });

  it('skips a malformed tag', () => {
    expect(resolveLocale('not a tag!', 'es')).toEqual({ catalogue: 'es', tag: 'es', requested: 'es' });
    expect(resolveLocale()).toEqual({ catalogue: 'en', tag: 'en', requested: 'en' });
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
