// The bridge over stand-in native sides: every event reaches the app once and in order (those from
// before the chunk loaded first), in the message shape the contract validates; the complete-url
// is opened after the last message, and only for a URL the widget may open.
import { bridgeMessageSchema, type BridgeMessage } from '@identity-verify/contract/bridge';
import type { WidgetEventDetails, WidgetEventName } from '@identity-verify/contract/events';
import { describe, expect, it } from 'vitest';
import { completionUrl, parseCompleteUrl } from './complete-url.js';
import { attach, type BridgeIo, type EarlyEvent } from './index.js';
import { parseBridgeTarget } from './target.js';

const PAGE = 'https://shop.example/verify?token=host-own';
const FOUND = { webView: true, camera: true, getUserMedia: true, popups: false, storage: true };

/** The element as the bridge sees it: its attributes, and the events it dispatches. */
class StandInElement extends EventTarget {
  constructor(readonly attributes: Record<string, string>) {
    super();
  }
  getAttribute(name: string): string | null {
    return this.attributes[name] ?? null;
  }
  hasAttribute(name: string): boolean {
    return name in this.attributes;
  }
  emit<K extends WidgetEventName>(name: K, detail: WidgetEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}

/** What each native side received, and where the page was sent, in one timeline. */
function nativeSides() {
  const log: Array<{ to: string; value: unknown }> = [];
  const window = {
    webkit: { messageHandlers: { identityVerify: { postMessage: (value: unknown) => log.push({ to: 'ios', value }) } } },
    ReactNativeWebView: { postMessage: (value: unknown) => log.push({ to: 'react-native', value }) },
    IdentityVerifyBridge: { postMessage: (value: unknown) => log.push({ to: 'android', value }) },
  };
  const io: BridgeIo = { pageUrl: PAGE, navigate: (url) => log.push({ to: 'navigate', value: url }), window, preflight: async () => FOUND };
  return { log, io };
}

const early: EarlyEvent[] = [
  ['identity-verify-step', { session_id: null, step: 'loading', previous: null }],
  ['identity-verify-step', { session_id: 'ivs_1', step: 'consent', previous: 'loading' }],
  ['identity-verify-ready', { session_id: 'ivs_1', step: 'consent' }],
];

function walk(element: StandInElement): void {
  element.emit('identity-verify-consent', { session_id: 'ivs_1', notice: 'privacy_notice', decision: 'accepted' });
  element.emit('identity-verify-step', { session_id: 'ivs_1', step: 'result', previous: 'provider_step' });
  element.emit('identity-verify-complete', { session_id: 'ivs_1', status: 'verified' });
}

const types = (messages: BridgeMessage[]) => messages.map((m) => (m.type === 'identity-verify-step' ? `step:${m.detail.step}` : m.type));
const ORDER = ['step:loading', 'step:consent', 'identity-verify-ready', 'identity-verify-consent', 'step:result', 'identity-verify-complete'];

describe('attach', () => {
  it('gives iOS each event as a versioned object, the early ones first, in order', async () => {
    const { log, io } = nativeSides();
    const element = new StandInElement({ bridge: 'ios:identityVerify' });
    const decision = attach(element as unknown as HTMLElement, early, io);
    walk(element);
    expect(log.every((entry) => entry.to === 'ios')).toBe(true);
    const messages = log.map((entry) => bridgeMessageSchema.parse(entry.value));
    expect(types(messages)).toEqual(ORDER);
    expect(messages.at(-1)).toEqual({ v: 1, type: 'identity-verify-complete', detail: { session_id: 'ivs_1', status: 'verified' } });
    expect(await decision).toEqual({ preferRedirect: true, capture: 'camera' });
  });

  it.each([
    ['react-native', 'react-native'],
    ['android:IdentityVerifyBridge', 'android'],
  ])('gives %s each event as a JSON string', (bridge, to) => {
    const { log, io } = nativeSides();
    const element = new StandInElement({ bridge });
    void attach(element as unknown as HTMLElement, early, io);
    walk(element);
    expect(log.map((entry) => entry.to)).toEqual(ORDER.map(() => to));
    const messages = log.map((entry) => bridgeMessageSchema.parse(JSON.parse(entry.value as string)));
    expect(types(messages)).toEqual(ORDER);
  });

  it('sends nothing, and throws nothing, for a bridge the app has not injected or an attribute it cannot read', () => {
    for (const bridge of ['ios:otherHandler', 'android:Missing', 'android:parent', 'ios:alert(1)', 'flutter']) {
      const { log, io } = nativeSides();
      // A window, as `parent` finds one: it refers to itself and has the web's postMessage.
      const parent: Record<string, unknown> = { postMessage: (value: unknown) => log.push({ to: 'parent window', value }) };
      parent.window = parent;
      Object.assign(io.window as object, { parent });
      const element = new StandInElement({ bridge });
      void attach(element as unknown as HTMLElement, early, io);
      walk(element);
      expect(log).toEqual([]);
    }
  });

  it('opens the complete-url after the last message, with the session id and status only', () => {
    const { log, io } = nativeSides();
    const element = new StandInElement({ bridge: 'ios:identityVerify', 'complete-url': 'myapp://verify/done?from=widget' });
    void attach(element as unknown as HTMLElement, early, io);
    walk(element);
    expect(log.at(-2)).toMatchObject({ to: 'ios', value: { type: 'identity-verify-complete' } });
    expect(log.at(-1)).toEqual({ to: 'navigate', value: 'myapp://verify/done?from=widget&session_id=ivs_1&status=verified' });
    expect(log.filter((entry) => entry.to === 'navigate')).toHaveLength(1);
  });

  it('opens the complete-url with status canceled when the person declines, and for a complete queued before it loaded', () => {
    const { log, io } = nativeSides();
    const element = new StandInElement({ 'complete-url': 'https://app.example/done' });
    void attach(element as unknown as HTMLElement, [...early, ['identity-verify-cancel', { session_id: 'ivs_1', reason: 'consent_declined' }]], io);
    expect(log).toEqual([{ to: 'navigate', value: 'https://app.example/done?session_id=ivs_1&status=canceled' }]);
  });

  it('never opens a complete-url of a scheme that would run in the page', () => {
    const { log, io } = nativeSides();
    const element = new StandInElement({ 'complete-url': 'javascript:alert(document.cookie)' });
    void attach(element as unknown as HTMLElement, early, io);
    walk(element);
    expect(log).toEqual([]);
  });
});

describe('parseBridgeTarget', () => {
  it.each([
    ['ios:identityVerify', { platform: 'ios', name: 'identityVerify' }],
    [' android:IdentityVerify ', { platform: 'android', name: 'IdentityVerify' }],
    ['react-native', { platform: 'react-native' }],
    ['ios:', null],
    ['ios:a.b', null],
    ['android:x;alert(1)', null],
    ['ios:1handler', null],
    ['webkit:handler', null],
    ['', null],
    [null, null],
  ])('%j', (value, expected) => expect(parseBridgeTarget(value)).toEqual(expected));
});

describe('parseCompleteUrl', () => {
  it.each([
    ['myapp://verify/done', 'myapp://verify/done'],
    ['https://app.example/verified', 'https://app.example/verified'],
    ['/done', 'https://shop.example/done'],
    ['intent://verify/done#Intent;scheme=myapp;end', 'intent://verify/done#Intent;scheme=myapp;end'],
    ['javascript:alert(1)', null],
    [' JavaScript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vbscript:msgbox', null],
    ['blob:https://shop.example/1', null],
    ['file:///etc/passwd', null],
    ['about:blank', null],
    ['', null],
    [null, null],
  ])('%j', (value, expected) => expect(parseCompleteUrl(value, PAGE)?.href ?? null).toBe(expected));

  it('replaces a session_id or status the URL already had rather than repeating them', () => {
    expect(completionUrl(new URL('myapp://done?status=x&keep=1'), 'ivs_2', 'rejected')).toBe('myapp://done?status=rejected&keep=1&session_id=ivs_2');
  });
});
