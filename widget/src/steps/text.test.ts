// The words steps show: the recorded consent text, country names per locale, the live-region line.
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { es } from '../i18n/es.js';
import { sampleSession, sampleStripeAttempt } from '../api/fixtures.js';
import { noticeDefinition } from './notices/registry.js';
import { consentNotice, countryOptions, providerNotice, statusLine } from './text.js';

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

describe("providerNotice: Onfido's US biometric notice", () => {
  const onfidoUsNotice = (m: typeof en, organization: string) => providerNotice(noticeDefinition('onfido_biometric_us')!, m, organization);

  it('names Onfido as the third party and links its three policies, all recorded with the text', () => {
    const notice = onfidoUsNotice(en, 'Acme Bank');
    expect(notice.body).toMatch(/^Acme Bank uses Onfido, a third-party provider/);
    expect(notice.confirm).toBe(
      'By selecting Accept, you confirm that you have read, understand and accept the Onfido Facial Scan Policy and Release, the Onfido Privacy Policy and the Onfido Terms of Service.',
    );
    expect(notice.links.map((l) => l.label)).toEqual(['Onfido Facial Scan Policy and Release', 'Onfido Privacy Policy', 'Onfido Terms of Service']);
    expect(notice.links.every((l) => l.href.startsWith('https://onfido.com/'))).toBe(true);
    expect(notice.text.split('\n')).toEqual([notice.body, notice.confirm, ...notice.links.map((l) => `${l.label}: ${l.href}`)]);
  });

  it('is recorded in the language shown, under one version', () => {
    const es_ = onfidoUsNotice(es, 'Acme');
    expect(es_.text).toMatch(/^Acme usa Onfido/);
    expect(es_.version).toBe(onfidoUsNotice(en, 'Acme').version);
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
