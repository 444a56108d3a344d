// The preflight's checks over stand-in browser parts, and the decision table they feed.
import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { isNativeFunction, preflight, type Capabilities, type PreflightEnv } from './index.js';

const UA = {
  iosWebView: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  androidWebView:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240405.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36',
  desktop: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
};

/** A built-in function: what the browser's own window.open looks like to Function.prototype.toString. */
const nativeOpen = Math.max;

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

function env(overrides: Partial<PreflightEnv> = {}, devices: Array<{ kind: MediaDeviceKind }> | Error = [{ kind: 'videoinput' }, { kind: 'audioinput' }]): PreflightEnv {
  return {
    userAgent: UA.desktop,
    mediaDevices: {
      enumerateDevices: async () => {
        if (devices instanceof Error) throw devices;
        return devices as MediaDeviceInfo[];
      },
      getUserMedia: async () => {
        throw new Error('not called by the preflight');
      },
    },
    open: nativeOpen,
    storage: memoryStorage,
    ...overrides,
  };
}

describe('preflight', () => {
  it('finds a desktop browser able to do everything', async () => {
    expect(await preflight(env())).toEqual({ webView: false, camera: true, getUserMedia: true, popups: true, storage: true });
  });

  it('tells no camera from a camera it cannot know of', async () => {
    expect((await preflight(env({}, [{ kind: 'audioinput' }]))).camera).toBe(false);
    expect((await preflight(env({}, []))).camera).toBeNull();
    expect((await preflight(env({}, new Error('NotAllowedError')))).camera).toBeNull();
    expect((await preflight(env({ mediaDevices: undefined }))).camera).toBeNull();
  });

  it('sees no getUserMedia where the page has no mediaDevices (an insecure context, an older WKWebView)', async () => {
    expect((await preflight(env({ mediaDevices: undefined }))).getUserMedia).toBe(false);
  });

  it('counts on no window where window.open is replaced or gone, or in a WebView', async () => {
    expect((await preflight(env({ open: () => null }))).popups).toBe(false);
    expect((await preflight(env({ open: undefined }))).popups).toBe(false);
    expect((await preflight(env({ userAgent: UA.iosWebView }))).popups).toBe(false);
    expect((await preflight(env({ userAgent: UA.androidWebView }))).popups).toBe(false);
  });

  it('finds storage off when it is missing, blocked or full, and leaves nothing behind', async () => {
    const store = memoryStorage();
    expect((await preflight(env({ storage: () => store }))).storage).toBe(true);
    expect(store.length).toBe(0);
    expect((await preflight(env({ storage: () => null }))).storage).toBe(false);
    const blocked = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    expect((await preflight(env({ storage: blocked }))).storage).toBe(false);
    const full = { ...memoryStorage(), setItem: () => blocked() };
    expect((await preflight(env({ storage: () => full }))).storage).toBe(false);
  });
});

describe('isNativeFunction', () => {
  it('knows a built-in from a page function without calling either', () => {
    expect(isNativeFunction(nativeOpen)).toBe(true);
    expect(isNativeFunction(() => null)).toBe(false);
    expect(isNativeFunction(function open() {
      return null;
    })).toBe(false);
    expect(isNativeFunction(null)).toBe(false);
  });
});

describe('decide', () => {
  const all: Capabilities = { webView: false, camera: true, getUserMedia: true, popups: true, storage: true };
  it.each<[string, Partial<Capabilities>, { preferRedirect: boolean; capture: 'camera' | 'file' }]>([
    ['a browser that can do everything', {}, { preferRedirect: false, capture: 'camera' }],
    ['a camera the page cannot know of yet', { camera: null }, { preferRedirect: false, capture: 'camera' }],
    ['no camera attached', { camera: false }, { preferRedirect: false, capture: 'file' }],
    ['no getUserMedia', { getUserMedia: false }, { preferRedirect: false, capture: 'file' }],
    ['window.open disabled', { popups: false }, { preferRedirect: true, capture: 'camera' }],
    ['a WebView with a camera', { webView: true, popups: false }, { preferRedirect: true, capture: 'camera' }],
    ['a WebView without getUserMedia', { webView: true, popups: false, getUserMedia: false, camera: null }, { preferRedirect: true, capture: 'file' }],
    ['no storage', { storage: false }, { preferRedirect: false, capture: 'camera' }],
  ])('%s', (_, found, expected) => expect(decide({ ...all, ...found })).toEqual(expected));
});
