// The chunk the element loads in a mobile WebView, or when its host names a native bridge or a
// complete-url: it forwards every widget event to the app, in the order they happened (those from
// before it loaded first, from the element's queue), sends the page to the complete-url at the
// end, and answers the preflight's decision for the provider steps to come.
import type { BridgeMessage } from '@identity-verify/contract/bridge';
import { WIDGET_EVENT_NAMES, type WidgetEventDetails, type WidgetEventName } from '@identity-verify/contract/events';
import { decide, type Decision } from '../preflight/decide.js';
import { preflight, type Capabilities } from '../preflight/index.js';
import { completionUrl, parseCompleteUrl } from './complete-url.js';
import { parseBridgeTarget, posterOf } from './target.js';

/** An event the element emitted before this chunk listened: its name and detail. */
export type EarlyEvent = readonly [WidgetEventName, unknown];

/** The page around the element, replaceable in tests. */
export interface BridgeIo {
  pageUrl: string;
  navigate(url: string): void;
  window: Parameters<typeof posterOf>[1];
  preflight(): Promise<Capabilities>;
}

const browserIo = (): BridgeIo => ({
  pageUrl: window.location.href,
  navigate: (url) => window.location.assign(url),
  window: window as unknown as BridgeIo['window'],
  preflight: () => preflight(),
});

/**
 * Takes over from the element's queue: `early` is forwarded at once, then every event as it is
 * dispatched, all in this one task so none slips between the two. The attributes are read now:
 * a host sets them before it adds the element to the page.
 */
export function attach(element: HTMLElement, early: readonly EarlyEvent[], io: BridgeIo = browserIo()): Promise<Decision> {
  const bridge = element.getAttribute('bridge');
  const target = parseBridgeTarget(bridge);
  if (bridge !== null && !target) console.warn(`<identity-verify>: bridge="${bridge}" is not ios:<handler>, android:<interface> or react-native; no messages are sent.`);
  const completeUrl = parseCompleteUrl(element.getAttribute('complete-url'), io.pageUrl);
  if (element.hasAttribute('complete-url') && !completeUrl) console.warn('<identity-verify>: complete-url is not a URL the widget may open (javascript:, data: and the like are refused).');
  let missing = false;

  const forward = <K extends WidgetEventName>(type: K, detail: WidgetEventDetails[K]) => {
    if (target) {
      const post = posterOf(target, io.window);
      // The version is the contract's BRIDGE_MESSAGE_VERSION, written out: that module brings zod.
      if (post) post({ v: 1, type, detail } as BridgeMessage);
      else if (!missing) {
        missing = true;
        console.warn(`<identity-verify>: the ${target.platform} bridge is not there; its messages are dropped.`);
      }
    }
    if (!completeUrl) return;
    // The app hears the last message first, then the page leaves for the app's URL.
    if (type === 'identity-verify-complete') {
      const { session_id, status } = detail as WidgetEventDetails['identity-verify-complete'];
      io.navigate(completionUrl(completeUrl, session_id, status));
    } else if (type === 'identity-verify-cancel') {
      io.navigate(completionUrl(completeUrl, (detail as WidgetEventDetails['identity-verify-cancel']).session_id, 'canceled'));
    }
  };

  for (const [type, detail] of early) forward(type, detail as never);
  for (const type of WIDGET_EVENT_NAMES) {
    element.addEventListener(type, (event) => forward(type, (event as CustomEvent<WidgetEventDetails[typeof type]>).detail));
  }
  return io.preflight().then(decide);
}
