// The messages the widget sends a native app that hosts it in a WebView (the element's `bridge`
// attribute): one per widget event, in the order the events happened, versioned so an app can
// refuse what it does not understand. They carry what the events carry (ids, steps, statuses,
// codes), never PII. iOS receives the object itself (WKScriptMessage.body is a dictionary);
// Android's JavascriptInterface and React Native's onMessage receive it as a JSON string.
import { z } from 'zod';
import { WIDGET_STEPS, type WidgetEventDetails, type WidgetEventName } from './events.js';
import { CONSENT_DECISIONS, CONSENT_NOTICES, DELEGATION_NOTICE } from './vocabulary.js';

/** Raised only when a message's meaning changes; a new event type or a new detail field is not a change. */
export const BRIDGE_MESSAGE_VERSION = 1;

/** One widget event as the native side receives it, told apart by `type` (the DOM event's name). */
export type BridgeMessage<K extends WidgetEventName = WidgetEventName> = {
  [N in K]: { v: typeof BRIDGE_MESSAGE_VERSION; type: N; detail: WidgetEventDetails[N] };
}[K];

/**
 * Where the messages go, from the `bridge` attribute (parsed by the widget's bridge chunk): `ios:<handler>` posts to
 * `window.webkit.messageHandlers.<handler>`, `android:<interface>` calls
 * `window.<interface>.postMessage(json)`, `react-native` calls `window.ReactNativeWebView.postMessage(json)`.
 */
export type BridgeTarget = { platform: 'ios' | 'android'; name: string } | { platform: 'react-native' };

const step = z.enum(WIDGET_STEPS);
const sessionId = z.string().min(1);
const message = <N extends WidgetEventName, D extends z.ZodType>(type: N, detail: D) =>
  z.object({ v: z.literal(BRIDGE_MESSAGE_VERSION), type: z.literal(type), detail });

/**
 * For the native side (a React Native or TypeScript app): validates a message once it is parsed.
 * Unknown fields are dropped, and statuses and codes stay open strings, as the events' types keep them.
 */
export const bridgeMessageSchema = z.discriminatedUnion('type', [
  message('identity-verify-ready', z.object({ session_id: sessionId, step })),
  message('identity-verify-step', z.object({ session_id: sessionId.nullable(), step, previous: step.nullable() })),
  message('identity-verify-consent', z.object({ session_id: sessionId, notice: z.enum([...CONSENT_NOTICES, DELEGATION_NOTICE]), decision: z.enum(CONSENT_DECISIONS) })),
  message('identity-verify-complete', z.object({ session_id: sessionId, status: z.string().min(1) })),
  message('identity-verify-error', z.object({ session_id: sessionId.nullable(), code: z.string().min(1) })),
  message('identity-verify-cancel', z.object({ session_id: sessionId, reason: z.enum(['consent_declined', 'user_canceled']) })),
]);

// Every widget event has its schema, and every schema reads as its event's message: a new event
// or detail field without its schema does not typecheck.
type Parsed = z.infer<typeof bridgeMessageSchema>;
type Assert<T extends true> = T;
type _EveryEventHasASchema = Assert<[Exclude<WidgetEventName, Parsed['type']>] extends [never] ? true : false>;
type _EverySchemaReadsAsItsMessage = Assert<Parsed extends BridgeMessage ? true : false>;
