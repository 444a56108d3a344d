// The platform, the way offered first, and the autostart link on iOS, Android and a computer.
import { describe, expect, it } from 'vitest';
import { autostartLink, defaultWay, isMobile, platformOf } from './device.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const IPAD_AS_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
const ANDROID = 'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const PAGE = 'https://shop.example/checkout?step=verify#top';
const client = { app_url: 'bankid:///', auto_start_token: '7c40b5c9-fa74-49cf-b98c-bfe651f9a7c6' };

describe('platformOf and isMobile', () => {
  it('tells iOS (iPadOS too, which says Macintosh with a touch screen), Android and computers apart', () => {
    expect(platformOf({ userAgent: IPHONE, maxTouchPoints: 5 })).toBe('ios');
    expect(platformOf({ userAgent: IPAD_AS_MAC, maxTouchPoints: 5 })).toBe('ios');
    expect(platformOf({ userAgent: IPAD_AS_MAC, maxTouchPoints: 0 })).toBe('desktop'); // a Mac
    expect(platformOf({ userAgent: ANDROID, maxTouchPoints: 5 })).toBe('android');
    expect(platformOf({ userAgent: WINDOWS, maxTouchPoints: 0 })).toBe('desktop');
    expect(isMobile({ userAgent: ANDROID, maxTouchPoints: 5 })).toBe(true);
    expect(isMobile({ userAgent: WINDOWS, maxTouchPoints: 10 })).toBe(false); // a touch laptop
  });
});

describe('defaultWay', () => {
  it('is this device on a phone or a phone-sized viewport, another device on a computer', () => {
    expect(defaultWay({ userAgent: IPHONE, maxTouchPoints: 5, narrow: false })).toBe('this_device');
    expect(defaultWay({ userAgent: ANDROID, maxTouchPoints: 5, narrow: false })).toBe('this_device');
    expect(defaultWay({ userAgent: WINDOWS, maxTouchPoints: 0, narrow: true })).toBe('this_device');
    expect(defaultWay({ userAgent: WINDOWS, maxTouchPoints: 0, narrow: false })).toBe('other_device');
  });
});

describe('autostartLink', () => {
  it('on iOS returns to this page, its URL encoded', () => {
    expect(autostartLink(client, 'ios', PAGE)).toEqual({
      href: `bankid:///?autostarttoken=${client.auto_start_token}&redirect=https%3A%2F%2Fshop.example%2Fcheckout%3Fstep%3Dverify%23top`,
      newTab: false,
    });
  });

  it('on Android and computers says redirect=null: the platform brings the browser back', () => {
    const href = `bankid:///?autostarttoken=${client.auto_start_token}&redirect=null`;
    expect(autostartLink(client, 'android', PAGE)).toEqual({ href, newTab: false });
    expect(autostartLink(client, 'desktop', PAGE)).toEqual({ href, newTab: false });
  });

  it("opens the emulated app (an http(s) page) in a new tab, as the real app is another app", () => {
    const emulated = { ...client, app_url: 'http://127.0.0.1:4810/bankid/app' };
    expect(autostartLink(emulated, 'desktop', PAGE)).toEqual({
      href: `http://127.0.0.1:4810/bankid/app?autostarttoken=${client.auto_start_token}&redirect=null`,
      newTab: true,
    });
    expect(autostartLink({ ...emulated, app_url: 'https://app.bankid.test/' }, 'ios', PAGE)?.newTab).toBe(true);
  });

  it('is null without a token (a failed order, or one that could not start)', () => {
    expect(autostartLink({ ...client, auto_start_token: null }, 'ios', PAGE)).toBeNull();
  });

  it('is null for a base outside the contract, which an href would otherwise run or follow', () => {
    for (const app_url of ['javascript:alert(1)//', 'bankid://evil/', 'data:text/html,x', 'http://127.0.0.1/app?x=1']) {
      expect([app_url, autostartLink({ ...client, app_url }, 'desktop', PAGE)]).toEqual([app_url, null]);
    }
  });
});
