// When a provider's step becomes a full-page redirect: user agents of WebViews and browsers, the
// viewport, the host's choice, and the address the hosted page comes back to.
import { describe, expect, it } from 'vitest';
import { sampleAttempt, sampleOnfidoAttempt, sampleStripeAttempt } from '../api/fixtures.js';
import { isMobileWebView, mayLeavePage, prefersRedirect, presentationOf, returnUrlOf } from './presentation.js';

const UA = {
  androidWebView:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240405.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  iosWebView: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  iosSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  iosChrome:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
  desktop: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
};

describe('isMobileWebView', () => {
  it.each([
    ['Android System WebView', UA.androidWebView, true],
    ['an iOS WKWebView', UA.iosWebView, true],
    ['Chrome on Android', UA.androidChrome, false],
    ['Safari on iOS', UA.iosSafari, false],
    ['Chrome on iOS', UA.iosChrome, false],
    ['a desktop browser', UA.desktop, false],
  ])('%s', (_, ua, expected) => expect(isMobileWebView(ua)).toBe(expected));
});

describe('prefersRedirect', () => {
  it('follows the host when it asks for the redirect', () => {
    expect(prefersRedirect({ choice: 'redirect', userAgent: UA.desktop, viewportWidth: 1280 })).toBe(true);
  });

  it('redirects below 480 px unless the host asked for the modal', () => {
    expect(prefersRedirect({ choice: null, userAgent: UA.iosSafari, viewportWidth: 375 })).toBe(true);
    expect(prefersRedirect({ choice: null, userAgent: UA.iosSafari, viewportWidth: 480 })).toBe(false);
    expect(prefersRedirect({ choice: 'modal', userAgent: UA.iosSafari, viewportWidth: 375 })).toBe(false);
  });

  it('always redirects in a mobile WebView', () => {
    expect(prefersRedirect({ choice: 'modal', userAgent: UA.androidWebView, viewportWidth: 800 })).toBe(true);
  });
});

describe('presentationOf', () => {
  it('redirects only a step on request whose attempt has a hosted page, when the page prefers it', () => {
    expect(presentationOf(sampleStripeAttempt().client, true)).toBe('redirect');
    expect(presentationOf(sampleStripeAttempt().client, false)).toBe('on_request');
    const noPage = sampleStripeAttempt();
    if (noPage.client.provider_key === 'stripe_identity') noPage.client.url = null;
    expect(presentationOf(noPage.client, true)).toBe('on_request');
    expect(presentationOf(sampleAttempt().client, true)).toBe('inline');
    expect(presentationOf(sampleOnfidoAttempt().client, true)).toBe('inline');
  });
});

describe('mayLeavePage', () => {
  it('is true only for a provider that can redirect, on a page that prefers it', () => {
    expect(mayLeavePage('stripe_identity', true)).toBe(true);
    expect(mayLeavePage('stripe_identity', false)).toBe(false);
    expect(mayLeavePage('turnstile', true)).toBe(false);
    expect(mayLeavePage('onfido', true)).toBe(false);
    expect(mayLeavePage('plaid', true)).toBe(false); // no driver in this bundle
  });
});

describe('returnUrlOf', () => {
  it('is the page without query or fragment', () => {
    const url = new URL('https://shop.example:8443/account/verify?order=42&token=abc#step');
    expect(returnUrlOf(url)).toBe('https://shop.example:8443/account/verify');
  });

  it('is null for a page that cannot be returned to over http(s)', () => {
    expect(returnUrlOf(new URL('file:///tmp/page.html'))).toBeNull();
  });
});
