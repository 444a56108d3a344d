// How a provider's step should present, from what the preflight found (./index.ts). Pure, so the
// whole table is tested on its own.
import type { Capabilities } from './index.js';

export interface Decision {
  /**
   * A provider's own page by a full-page redirect rather than its modal or window: where no
   * window can open (a WebView, a disabled window.open), the redirect is the way that works.
   */
  preferRedirect: boolean;
  /**
   * What our own capture can start with: the camera inline, or the file input (a photo taken with
   * the phone's own camera app or chosen from its files) when no camera can run in this page.
   */
  capture: 'camera' | 'file';
}

/** Storage is reported, not decided on: the widget keeps nothing in it (resume comes from the BFF). */
export function decide(found: Capabilities): Decision {
  const inlineCamera = found.getUserMedia && found.camera !== false;
  return {
    preferRedirect: found.webView || !found.popups,
    capture: inlineCamera ? 'camera' : 'file',
  };
}
