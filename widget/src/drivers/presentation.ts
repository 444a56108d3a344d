// Whether a provider's step opens as a modal over the page or as a full-page redirect to the
// provider's hosted page, and the address that page sends the person back to.
import type { ProviderClient } from '@identity-verify/contract/schemas';

export type Presentation = 'modal' | 'redirect';

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

/** How an attempt's step shows: a redirect needs the provider's hosted page (the client's `url`). */
export function presentationOf(client: ProviderClient, preferRedirect: boolean): Presentation {
  return preferRedirect && client.provider_key === 'stripe_identity' && client.url ? 'redirect' : 'modal';
}
