// The widget inside a mobile app's WebView, as the demo page would be loaded there: a phone's
// viewport and the WebView's user agent, window.open disabled (a WebView opens no window unless
// the app wires one), and the app's side of the bridge stubbed as the native code provides it
// (WKScriptMessageHandler, React Native's ReactNativeWebView, an Android JavascriptInterface). The
// stubs hand each message to this test, which plays the app: it must hear every widget event, in
// order, across the full-page redirects to a provider and back.
import { bridgeMessageSchema, type BridgeMessage } from '@identity-verify/contract/bridge';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { acceptConsent, chooseCountry, reachTurnstile, solveTurnstile, widget } from '../flow.js';
import type { StackInfo } from '../stack.js';

const UA = {
  iosWebView: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  androidWebView:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240405.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36',
};
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

type Platform = 'ios' | 'android' | 'react-native';

/**
 * What the app injects before the page's scripts run (as WKUserContentController, addJavascriptInterface
 * and react-native-webview do), and what the host page writes on the element (`bridge`, `complete-url`),
 * here set on the demo's element as it is created. Every page of the journey gets it, the providers' too.
 */
function webViewInit({ platform, completeUrl }: { platform: Platform; completeUrl: string | null }) {
  const receive = (window as unknown as { __appReceives: (platform: string, message: unknown) => void }).__appReceives;
  window.open = () => null;
  if (platform === 'ios') {
    // WKWebView hands the app the object itself, as a structured clone.
    const handler = { postMessage: (message: unknown) => void receive('ios', structuredClone(message)) };
    Object.assign(window, { webkit: { messageHandlers: { identityVerify: handler } } });
  } else if (platform === 'android') {
    // A JavascriptInterface method takes strings only.
    Object.assign(window, { IdentityVerifyBridge: { postMessage: (json: string) => void receive('android', json) } });
  } else {
    Object.assign(window, { ReactNativeWebView: { postMessage: (json: string) => void receive('react-native', json) } });
  }
  const bridge = platform === 'ios' ? 'ios:identityVerify' : platform === 'android' ? 'android:IdentityVerifyBridge' : 'react-native';
  const create = Document.prototype.createElement;
  Document.prototype.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    const element = create.call(this, tag, options);
    if (tag === 'identity-verify') {
      element.setAttribute('bridge', bridge);
      if (completeUrl) element.setAttribute('complete-url', completeUrl);
    }
    return element;
  } as typeof Document.prototype.createElement;
}

/** The app's side: every message, parsed as the contract says, in the order the WebView delivered them. */
async function asTheApp(page: Page, platform: Platform, completeUrl: string | null = null): Promise<BridgeMessage[]> {
  const received: BridgeMessage[] = [];
  await page.exposeFunction('__appReceives', (from: string, message: unknown) => {
    expect(from).toBe(platform);
    // iOS receives objects; Android and React Native JSON strings.
    expect(typeof message).toBe(platform === 'ios' ? 'object' : 'string');
    received.push(bridgeMessageSchema.parse(platform === 'ios' ? message : JSON.parse(message as string)) as BridgeMessage);
  });
  await page.addInitScript(webViewInit, { platform, completeUrl });
  return received;
}

/** A message as a short line: its type, and the step or status it carries. */
function line(message: BridgeMessage): string {
  switch (message.type) {
    case 'identity-verify-step':
      return `step ${message.detail.previous ?? '-'} -> ${message.detail.step}`;
    case 'identity-verify-ready':
      return `ready at ${message.detail.step}`;
    case 'identity-verify-consent':
      return `consent ${message.detail.notice} ${message.detail.decision}`;
    case 'identity-verify-complete':
      return `complete ${message.detail.status}`;
    case 'identity-verify-error':
      return `error ${message.detail.code}`;
    case 'identity-verify-cancel':
      return `cancel ${message.detail.reason}`;
  }
}

/** The page the app's URL stands for: an app link the test serves, so the landing can be seen. */
async function appLanding(page: Page, stack: StackInfo): Promise<string> {
  const url = `${stack.demoUrl}/app-link/verify-done`;
  await page.route(`${url}?*`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>App</title><h1>Back in the app</h1>' }));
  return url;
}

test.describe('in an iOS WKWebView', () => {
  test.use({ ...PHONE, userAgent: UA.iosWebView });

  test('the app hears every event of a Turnstile check, in order, exactly as the page does', async ({ page, stack }) => {
    const received = await asTheApp(page, 'ios');
    // The host page's own listeners, for comparison: the app must hear the same, in the same order.
    await page.addInitScript(() => {
      const seen: unknown[] = [];
      Object.assign(window, { __pageHeard: seen });
      for (const type of ['ready', 'step', 'consent', 'complete', 'error', 'cancel']) {
        document.addEventListener(`identity-verify-${type}`, (event) => seen.push({ type: event.type, detail: (event as CustomEvent).detail }));
      }
    });
    await reachTurnstile(page, stack);
    await solveTurnstile(page, 'Pass');
    await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
    await expect.poll(() => received.at(-1)?.type).toBe('identity-verify-complete');

    expect(received.map(line)).toEqual([
      'step - -> loading',
      'step loading -> consent',
      'ready at consent',
      'consent privacy_notice accepted',
      'step consent -> country',
      'step country -> provider',
      'step provider -> provider_step',
      'step provider_step -> submitting',
      'step submitting -> result',
      'complete verified',
    ]);
    const sessionId = received[1]!.detail.session_id;
    expect(received.slice(1).every((message) => message.detail.session_id === sessionId)).toBe(true);
    const heard = await page.evaluate(() => (window as unknown as { __pageHeard: unknown[] }).__pageHeard);
    expect(received.map(({ type, detail }) => ({ type, detail }))).toEqual(heard);
    expect(received.every((message) => message.v === 1)).toBe(true);
  });
});

test.describe('in a React Native WebView', () => {
  test.use({ ...PHONE, userAgent: UA.iosWebView });

  test("Stripe's hosted page by redirect, then the app's URL with the session and its status", async ({ page, stack }) => {
    const landing = await appLanding(page, stack);
    const received = await asTheApp(page, 'react-native', landing);
    await page.goto(stack.demoUrl);
    await page.getByRole('checkbox', { name: 'Stripe Identity' }).check();
    await page.getByRole('button', { name: 'Start a verification' }).click();
    await acceptConsent(page);
    await chooseCountry(page, 'United States');
    await widget(page).getByRole('radio', { name: /Stripe Identity/ }).check();
    await widget(page).getByRole('button', { name: 'Continue' }).click();
    // No modal in a WebView: the widget links to Stripe's page, opened in this same page.
    await widget(page).getByRole('link', { name: 'Continue to Stripe' }).click();
    await expect(page.getByRole('heading', { name: 'Verify your identity' })).toBeVisible();
    await page.getByRole('button', { name: "Verify as Stripe's test person (verified)" }).click();

    await expect(page.getByRole('heading', { name: 'Back in the app' })).toBeVisible();
    await expect.poll(() => received.at(-1)?.type).toBe('identity-verify-complete');
    const sessionId = received.find((message) => message.type === 'identity-verify-ready')!.detail.session_id;
    const arrived = new URL(page.url());
    expect(arrived.origin + arrived.pathname).toBe(landing);
    expect([...arrived.searchParams]).toEqual([
      ['session_id', sessionId],
      ['status', 'verified'],
    ]);
    const lines = received.map(line);
    // The first page's events up to Stripe's link, then the page the person came back to, from its start.
    expect(lines.slice(0, 7)).toEqual([
      'step - -> loading',
      'step loading -> consent',
      'ready at consent',
      'consent privacy_notice accepted',
      'step consent -> country',
      'step country -> provider',
      'step provider -> provider_step',
    ]);
    expect(lines.slice(7, 9)).toEqual(['step - -> loading', expect.stringMatching(/^step loading -> /)]);
    expect(lines.at(-1)).toBe('complete verified');
    expect(lines.filter((l) => l.startsWith('complete'))).toHaveLength(1);
    expect(received.every((message) => message.detail.session_id === null || message.detail.session_id === sessionId)).toBe(true);
  });
});

test.describe('in an Android WebView', () => {
  test.use({ ...PHONE, userAgent: UA.androidWebView });

  for (const provider of ['Login.gov', 'ID.me']) {
    test(`${provider} by redirect, and the app hears it complete`, async ({ page, stack }) => {
      const received = await asTheApp(page, 'android');
      await page.goto(stack.demoUrl);
      await page.getByRole('group', { name: 'Providers to offer' }).getByRole('checkbox', { name: provider, exact: true }).check();
      await page.getByRole('button', { name: 'Start a verification' }).click();
      await acceptConsent(page);
      await chooseCountry(page, 'United States');
      await widget(page).getByRole('radio', { name: new RegExp(`^${provider.replace('.', '\\.')}`) }).check();
      await widget(page).getByRole('button', { name: 'Continue' }).click();
      await widget(page).getByRole('link', { name: `Continue to ${provider}` }).click();
      await expect(page.getByRole('heading', { name: `${provider} (emulator)` })).toBeVisible();
      await page.getByRole('group', { name: 'Outcome' }).getByRole('radio', { name: 'Verified', exact: true }).check();
      await page.getByRole('button', { name: 'Continue' }).click();

      await expect(widget(page).getByRole('heading', { name: 'You are verified' })).toBeVisible();
      await expect.poll(() => received.at(-1)?.type).toBe('identity-verify-complete');
      const lines = received.map(line);
      expect(lines.slice(0, 3)).toEqual(['step - -> loading', 'step loading -> consent', 'ready at consent']);
      expect(lines).toContain('step provider -> provider_step');
      expect(lines.at(-1)).toBe('complete verified');
    });
  }
});
