// <IdentityVerify>: the <identity-verify> element as a React component (React 18 and 19), through
// @lit/react, with the element's properties as typed props and its events as typed callbacks.
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { WidgetEventDetails, WidgetEventName } from '@identity-verify/contract/events';
// The element's module defines <identity-verify> as it loads (in the browser; in Node, Lit's
// server build registers it without a DOM): the component renders the real element.
import { IdentityVerifyElement } from '@identity-verify/widget';

export { IdentityVerifyElement };
export type { WidgetEventDetails, WidgetEventName };

/** The DOM event the element sends under `name`, its detail typed by the contract. */
export type IdentityVerifyEvent<K extends WidgetEventName> = CustomEvent<WidgetEventDetails[K]>;

const event = <K extends WidgetEventName>(name: K) => name as EventName<IdentityVerifyEvent<K>>;

/** Callback props, each for one of the element's events (they bubble and are composed). */
const events = {
  onReady: event('identity-verify-ready'),
  onStep: event('identity-verify-step'),
  onConsent: event('identity-verify-consent'),
  onComplete: event('identity-verify-complete'),
  onError: event('identity-verify-error'),
  onCancel: event('identity-verify-cancel'),
};

const Element = createComponent({ react: React, tagName: 'identity-verify', elementClass: IdentityVerifyElement, events, displayName: 'IdentityVerifyElement' });

type ElementProps = React.ComponentProps<typeof Element>;

/** What the element reads from its attributes or properties (see the widget's custom-elements.json). */
interface Settings {
  /** The session's client secret from your backend (never your API key). */
  clientSecret?: string | null;
  /** The BFF's base URL, e.g. `https://idv.example.com`. */
  apiBase?: string | null;
  /** A BCP 47 tag, used when the session has no locale; else the browser's. */
  locale?: string | null;
  /** Your own words over the widget's, per catalogue. */
  strings?: IdentityVerifyElement['strings'];
  theme?: IdentityVerifyElement['theme'];
  organizationName?: string | null;
  privacyPolicyUrl?: string | null;
  /** `modal` or `redirect`: how Stripe Identity opens. */
  stripeFlow?: 'modal' | 'redirect' | null;
  /** `allow` (default) or `deny`: choosing a photo from files in our own capture. */
  captureUpload?: 'allow' | 'deny' | null;
}

/**
 * Settings the element reads as it is connected, from its attributes: given as attributes, like
 * the client secret (see widget/docs/webviews.md and handoff.md).
 */
interface ConnectSettings {
  /** In a mobile app's WebView: `ios:<handler>`, `android:<interface>` or `react-native`, to post every event to the app. */
  bridge?: string | null;
  /** An app URL opened when the session ends, with `session_id` and `status` (e.g. `myapp://verified`). */
  completeUrl?: string | null;
  /** The page a phone opens to continue the verification (default: this page). */
  handoffUrl?: string | null;
}

export type IdentityVerifyProps = Omit<ElementProps, keyof Settings> & Settings & ConnectSettings;

/**
 * The element, with `clientSecret` and `apiBase` (and the settings read as it connects) given to it as attributes. React sets attributes
 * before it inserts the element, and the element starts its session as it is connected; @lit/react
 * sets properties in a layout effect, after the insertion, which would start a session without a
 * secret first (an `identity-verify-error` on the page, then a second start). The other settings
 * and the callbacks are properties and listeners, set by @lit/react.
 *
 * Under StrictMode React runs effects twice but inserts the element once, so one session's flow
 * runs; unmounting removes the element, which ends its flow (the element's disconnectedCallback).
 */
export const IdentityVerify = React.forwardRef<IdentityVerifyElement, IdentityVerifyProps>(function IdentityVerify(
  { clientSecret, apiBase, bridge, completeUrl, handoffUrl, ...props },
  ref,
) {
  const attributes = {
    'client-secret': clientSecret ?? undefined,
    'api-base': apiBase ?? undefined,
    bridge: bridge ?? undefined,
    'complete-url': completeUrl ?? undefined,
    'handoff-url': handoffUrl ?? undefined,
  };
  // Attribute names are not in the props type @lit/react derives (it knows the element's properties).
  return React.createElement(Element, { ...(props as ElementProps), ...(attributes as object), ref });
});
