// The words steps show: the recorded consent text, country names per locale, the live-region line.
import { describe, expect, it } from 'vitest';
import { enCore } from '../i18n/en-core.js';
import { en } from '../i18n/en.js';
import { es } from '../i18n/es.js';
import { sampleNoticeTexts, sampleSession, sampleStripeAttempt } from '../api/fixtures.js';
import { providerNotice } from './notice-text.js';
import { consentNotice, countryOptions, hasErrorWords, shownError, statusLine } from './text.js';

describe('consentNotice', () => {
  it('records exactly the sentences and link shown, with the organization filled in', () => {
    const notice = consentNotice(en, 'Acme Bank', 'https://acme.example/privacy', 'humanity');
    expect(notice.body).toMatch(/^Acme Bank uses identity-verify to confirm that you are a real person\./);
    expect(notice.link).toEqual({ label: 'Read the privacy notice', href: 'https://acme.example/privacy' });
    expect(notice.text).toBe(`${notice.body}\nRead the privacy notice: https://acme.example/privacy`);
    expect(notice.versionLine).toBe(`Notice version ${notice.version}`);
  });

  it('words the identity layer differently and translates', () => {
    expect(consentNotice(en, 'Acme', null, 'identity').body).toMatch(/confirm who you are/);
    expect(consentNotice(es, 'Acme', null, 'humanity').text).toMatch(/^Acme usa identity-verify/);
  });

  it('drops a privacy link that is not http(s)', () => {
    const notice = consentNotice(en, 'Acme', 'javascript:alert(1)', 'humanity');
    expect(notice.link).toBeNull();
    expect(notice.text).toBe(notice.body);
  });
});

describe('providerNotice: a provider\'s notice as the BFF served it', () => {
  const texts = sampleNoticeTexts('onfido_biometric_us');

  it('fills in the host, and records its paragraphs and each link exactly as shown', () => {
    const notice = providerNotice(texts, 'onfido_biometric_us', en, 'Acme Bank')!;
    expect(notice.body).toBe('Acme Bank uses Onfido, a third-party provider.');
    expect(notice.locale).toBe('en');
    expect(notice.text.split('\n')).toEqual([notice.body, notice.confirm, ...notice.links.map((l) => `${l.label}: ${l.href}`)]);
    expect(notice.versionLine).toBe('Notice version onfido-us-2026-12');
  });

  it("is shown in the person's language when served in it, else in English, and says which", () => {
    expect(providerNotice(texts, 'onfido_biometric_us', es, 'Acme')).toMatchObject({ locale: 'es', body: 'Acme usa Onfido, un proveedor externo.' });
    const englishOnly = texts.filter((t) => t.locale === 'en');
    expect(providerNotice(englishOnly, 'onfido_biometric_us', es, 'Acme')).toMatchObject({ locale: 'en', body: 'Acme uses Onfido, a third-party provider.' });
  });

  it('is null for a notice served without words', () => {
    expect(providerNotice(texts, 'onfido_privacy_us', en, 'Acme')).toBeNull();
  });
});

describe('countryOptions', () => {
  it('names countries in the locale and sorts by name', () => {
    expect(countryOptions(['SE', 'DE', 'AT'], 'en').map((o) => o.name)).toEqual(['Austria', 'Germany', 'Sweden']);
    expect(countryOptions(['SE', 'DE', 'AT'], 'es').map((o) => o.name)).toEqual(['Alemania', 'Austria', 'Suecia']);
  });

  it('sorts with the locale collation, not code points', () => {
    const names = countryOptions(['IS', 'IE', 'AX'], 'en').map((o) => o.name);
    expect(names).toEqual(['Åland Islands', 'Iceland', 'Ireland']);
  });
});

describe('statusLine', () => {
  const session = sampleSession();
  it('says what is happening while waiting', () => {
    expect(statusLine({ step: 'loading' }, en)).toEqual({ text: en.ui.loading_status, error: false });
    expect(statusLine({ step: 'provider', session, country: 'SE', providers: null, error: null }, en).text).toBe(en.ui.providers_loading);
  });

  it('shows the translated error of a failed step or result', () => {
    const failed = { step: 'result', session, outcome: { kind: 'failed', code: 'human_check_failed', retry: true } } as const;
    expect(statusLine(failed, es)).toEqual({ text: es.errors.human_check_failed, error: true });
    expect(statusLine({ step: 'country', session, countries: [], busy: false, error: { code: 'network_error', retryable: true } }, en).text).toBe(en.errors.network_error);
  });

  it("follows a provider UI that opens on request: open, redirecting, closed unfinished", () => {
    const attempt = sampleStripeAttempt();
    const step = (phase: 'ready' | 'open' | 'left') =>
      ({ step: 'provider_step', session, provider_key: 'stripe_identity', provider: null, attempt, mount: 0, error: null, phase }) as const;
    expect(statusLine(step('ready'), en).text).toBe('');
    expect(statusLine(step('open'), en).text).toBe(en.ui.provider_window_open);
    expect(statusLine(step('open'), es, true).text).toBe(es.ui.provider_redirecting);
    expect(statusLine(step('left'), en)).toEqual({ text: en.ui.provider_left, error: false });
  });

  it('is empty when there is nothing to announce', () => {
    expect(statusLine({ step: 'result', session, outcome: { kind: 'verified' } }, en).text).toBe('');
    expect(statusLine({ step: 'consent', session, busy: null, error: null }, en).text).toBe('');
  });
});

describe('shownError and hasErrorWords', () => {
  const session = sampleSession();
  it("name the code the live region shows, and whether a catalogue has its words", () => {
    const failed = { step: 'result', session, outcome: { kind: 'failed', code: 'human_check_failed', retry: false } } as const;
    const offline = { step: 'country', session, countries: [], busy: false, error: { code: 'network_error', retryable: true } } as const;
    expect(shownError(failed)).toBe('human_check_failed');
    expect(shownError(offline)).toBe('network_error');
    expect(shownError({ step: 'error', session: null, error: { code: 'unauthorized', retryable: false } })).toBe('unauthorized');
    expect(shownError({ step: 'result', session, outcome: { kind: 'verified' } })).toBeNull();
    expect(shownError({ step: 'loading' })).toBeNull();
    expect([hasErrorWords(failed, enCore), hasErrorWords(failed, en), hasErrorWords(offline, enCore)]).toEqual([false, true, true]);
    expect(hasErrorWords({ step: 'loading' }, enCore)).toBe(true);
  });
});
