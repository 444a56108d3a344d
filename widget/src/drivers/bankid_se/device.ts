// Where the person is: which platform (for the autostart link's return), whether this is a phone
// or tablet, and so which way to offer first. Pure functions of what the browser says, so each
// platform is tested without one.
import type { ClientOf } from '../driver.js';
import type { Way } from './messages.js';

type BankIdClient = ClientOf<'bankid_se'>;

export type Platform = 'ios' | 'android' | 'desktop';

export interface DeviceFacts {
  userAgent: string;
  /** navigator.maxTouchPoints: iPadOS presents itself as a Mac, with a touch screen. */
  maxTouchPoints: number;
  /** A phone-sized viewport (≤ 480 px wide). */
  narrow: boolean;
}

export function platformOf({ userAgent, maxTouchPoints }: Pick<DeviceFacts, 'userAgent' | 'maxTouchPoints'>): Platform {
  if (/iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1)) return 'ios';
  if (/Android/.test(userAgent)) return 'android';
  return 'desktop';
}

/** A phone or tablet by its user agent (the device BankID's mobile app would run on). */
export function isMobile(facts: Pick<DeviceFacts, 'userAgent' | 'maxTouchPoints'>): boolean {
  return platformOf(facts) !== 'desktop' || /Mobi/.test(facts.userAgent);
}

/** BankID's guidelines: the app on this device on a phone, a QR code for another device on a computer. */
export function defaultWay(facts: DeviceFacts): Way {
  return facts.narrow || isMobile(facts) ? 'this_device' : 'other_device';
}

/** BankID's own scheme, or the emulated app's page (the contract's pattern). */
const APP_URL = /^(bankid:\/\/\/|https?:\/\/[^?#]+)$/;

export interface AutostartLink {
  href: string;
  /** The emulated app is a web page: it opens beside this one, as the real app is another app. */
  newTab: boolean;
}

/**
 * The autostart link for a pending order, or null without a token. On iOS the app returns to the
 * page it is given (this one); elsewhere `redirect=null` lets the platform bring the browser back
 * by itself, since a URL there would open in a new tab of the default browser.
 */
export function autostartLink(client: Pick<BankIdClient, 'app_url' | 'auto_start_token'>, platform: Platform, pageUrl: string): AutostartLink | null {
  // The contract's bases only: an href is the one place a stray value (javascript:…) would run.
  if (!client.auto_start_token || !APP_URL.test(client.app_url)) return null;
  const redirect = platform === 'ios' ? encodeURIComponent(pageUrl) : 'null';
  return {
    href: `${client.app_url}?autostarttoken=${encodeURIComponent(client.auto_start_token)}&redirect=${redirect}`,
    newTab: /^https?:/.test(client.app_url),
  };
}
