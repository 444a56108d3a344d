// What this page can do for a provider's step, found without asking the person anything: a
// camera, getUserMedia, windows, storage. In a lazy chunk, run only in a mobile WebView or for a
// host that named a native bridge; the element reads the decision (decide.ts) before a provider step.
import { isMobileWebView } from '../drivers/presentation.js';

export interface Capabilities {
  /** A mobile app's WebView, by its user agent (drivers/presentation.ts). */
  webView: boolean;
  /** A camera is attached; null when the page cannot tell (no enumerateDevices, or an empty list kept private). */
  camera: boolean | null;
  /** getUserMedia exists here: a secure context, and a WebView that exposes it (iOS 14.3 and later, Android). */
  getUserMedia: boolean;
  /** window.open is the browser's own, so a provider's window could open (a host may disable or stub it). */
  popups: boolean;
  /** Web storage can be written (a WebView may have it off: Android's setDomStorageEnabled). */
  storage: boolean;
}

/** The parts of the browser the checks read, injectable for tests. */
export interface PreflightEnv {
  userAgent: string;
  mediaDevices: Pick<MediaDevices, 'enumerateDevices' | 'getUserMedia'> | undefined;
  open: unknown;
  storage: () => Storage | null;
}

export function browserEnv(): PreflightEnv {
  return {
    userAgent: navigator.userAgent,
    mediaDevices: navigator.mediaDevices,
    open: window.open,
    // Reading localStorage itself throws where storage is blocked (sandboxed frames, some settings).
    storage: () => window.localStorage,
  };
}

export async function preflight(env: PreflightEnv = browserEnv()): Promise<Capabilities> {
  const webView = isMobileWebView(env.userAgent);
  return {
    webView,
    camera: await cameraPresent(env.mediaDevices),
    getUserMedia: typeof env.mediaDevices?.getUserMedia === 'function',
    // A WebView opens no window unless the app wired one (iOS createWebViewWith, Android onCreateWindow),
    // which the page cannot see: there, never count on one.
    popups: !webView && isNativeFunction(env.open),
    storage: storageWorks(env.storage),
  };
}

/**
 * Before any permission, browsers list a camera without its label, or list nothing at all (Safari
 * may): an empty list says nothing, a list without a video input says there is no camera.
 */
async function cameraPresent(mediaDevices: PreflightEnv['mediaDevices']): Promise<boolean | null> {
  if (typeof mediaDevices?.enumerateDevices !== 'function') return null;
  try {
    const devices = await mediaDevices.enumerateDevices();
    return devices.length === 0 ? null : devices.some((device) => device.kind === 'videoinput');
  } catch {
    return null;
  }
}

/** Tells the browser's window.open from a host's replacement (`window.open = () => null`) without calling it. */
export function isNativeFunction(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  try {
    return /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(value));
  } catch {
    return false;
  }
}

/** A write and its removal, of a key that says nothing about the person. */
function storageWorks(storage: PreflightEnv['storage']): boolean {
  const key = 'identity-verify:preflight';
  try {
    const store = storage();
    if (!store) return false;
    store.setItem(key, '1');
    store.removeItem(key);
    return true;
  } catch {
    return false;
  }
}
