// How an attempt's step presents on this page, from its driver's declaration and the page's
// preference for a provider's hosted page over its modal; and the address that page sends the
// person back to.
import type { ProviderClient } from '@identity-verify/contract/schemas';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import type { Presentation } from './driver.js';
import { driverOf, hostedPageOf } from './registry.js';

/** Below this viewport width a modal over the page is cramped: the hosted page serves better. */
export const NARROW_VIEWPORT_PX = 480;

/**
 * A mobile app's embedded browser, detected conservatively: Android System WebView adds "; wv)"
 * to its user agent, and an iOS WKWebView has Safari's tokens except "Safari/". A miss only
 * means the modal is tried.
 */
export function isMobileWebView(userAgent: string): boolean {
  if (/\bAndroid\b/.test(userAgent) && userAgent.includes('; wv)')) return true;
  return /\b(iPhone|iPad|iPod)\b/.test(userAgent) && /\bAppleWebKit\//.test(userAgent) && !/\bSafari\//.test(userAgent);
}

export interface PresentationEnv {
  /** The element's `stripe-flow` attribute: 'modal', 'redirect', or anything else for automatic. */
  choice: string | null;
  userAgent: string;
  viewportWidth: number;
}

/**
 * Redirect when the host asks for it, inside a mobile WebView (where a provider's modal seldom
 * gets the camera), or on a narrow viewport unless the host asked for the modal.
 */
export function prefersRedirect({ choice, userAgent, viewportWidth }: PresentationEnv): boolean {
  if (choice === 'redirect' || isMobileWebView(userAgent)) return true;
  return choice !== 'modal' && viewportWidth < NARROW_VIEWPORT_PX;
}

/** The page without its query or fragment (they may carry the host's own tokens); null off http(s). */
export function returnUrlOf(location: { protocol: string; origin: string; pathname: string }): string | null {
  return location.protocol === 'https:' || location.protocol === 'http:' ? location.origin + location.pathname : null;
}

/**
 * How an attempt's step shows: as its driver declares, except that a step on request becomes a
 * redirect when the page prefers one and the attempt has the provider's page. Our own capture,
 * and a provider this bundle has no driver for, show inline.
 */
export function presentationOf(client: ProviderClient, preferRedirect: boolean): Presentation {
  const driver = client.flow === 'native_capture' ? null : driverOf(client.provider_key);
  if (!driver) return 'inline';
  return driver.presentation === 'on_request' && preferRedirect && hostedPageOf(client) ? 'redirect' : driver.presentation;
}

/** Whether a provider's step may leave the page on this page, so its attempt needs the way back. */
export function mayLeavePage(key: ProviderKey, preferRedirect: boolean): boolean {
  const driver = driverOf(key);
  return driver?.presentation === 'redirect' || (preferRedirect && driver?.presentation === 'on_request' && !!driver.hostedPage);
}
