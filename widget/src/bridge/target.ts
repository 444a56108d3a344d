// The native side of a WebView bridge, named by the element's `bridge` attribute, and how a
// message reaches it on each platform.
import type { BridgeMessage, BridgeTarget } from '@identity-verify/contract/bridge';

/** A handler or interface name is a JavaScript identifier: it is looked up as a property of `window`. */
const IDENTIFIER = /^[A-Za-z_$][\w$]{0,63}$/;

/** `ios:<handler>`, `android:<interface>` or `react-native`; null for anything else. */
export function parseBridgeTarget(value: string | null): BridgeTarget | null {
  const text = value?.trim() ?? '';
  if (text === 'react-native') return { platform: 'react-native' };
  const match = /^(ios|android):(.+)$/.exec(text);
  if (!match || !IDENTIFIER.test(match[2]!)) return null;
  return { platform: match[1] as 'ios' | 'android', name: match[2]! };
}

interface Poster {
  postMessage(message: unknown): void;
}

interface NativeWindow {
  webkit?: { messageHandlers?: Record<string, Poster | undefined> };
  ReactNativeWebView?: Poster;
  [name: string]: unknown;
}

/**
 * The function that hands one message to the native side, or null while the app has not injected
 * it (the target is looked up for each message: an app may inject it after the page started).
 * iOS takes the object (WKScriptMessage.body), Android's JavascriptInterface and React Native a string.
 */
export function posterOf(target: BridgeTarget, win: NativeWindow = window as unknown as NativeWindow): ((message: BridgeMessage) => void) | null {
  if (target.platform === 'ios') {
    const handler = win.webkit?.messageHandlers?.[target.name];
    return handler ? (message) => handler.postMessage(message) : null;
  }
  const receiver = (target.platform === 'android' ? win[target.name] : win.ReactNativeWebView) as (Poster & { window?: unknown }) | undefined;
  // A name such as `parent`, `top` or `self` finds a window, whose postMessage is the web's, not the app's.
  if (typeof receiver?.postMessage !== 'function' || receiver.window === receiver) return null;
  return (message) => receiver.postMessage(JSON.stringify(message));
}
