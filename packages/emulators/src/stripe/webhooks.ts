// Webhook delivery as Stripe does it: each event POSTed as JSON to every endpoint that listens for
// its type, signed `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body" keyed by whsec_…>`.
// Queues, the delivery log and the controls (hold, reorder, drop, duplicate, delay, retry) are the
// shared dispatcher's; what is Stripe's own is here: who listens, and the signature.
import { createHmac } from 'node:crypto';
import type { EmulatorClock } from '../shared/clock.js';
import { deliveryOutcome, WebhookDispatcher, type DeliveryRecord } from '../shared/webhooks.js';
import { STRIPE_EMULATOR_WEBHOOK_SECRET } from './keys.js';
import { newId } from './model.js';

/** Lowercase hex HMAC-SHA256 of `${timestamp}.${payload}` keyed by the endpoint secret (UTF-8). */
export function stripeSignature(payload: string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
}

/** The `Stripe-Signature` header Stripe would send for this body: `t=…,v1=…`. */
export function signStripePayload(payload: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${stripeSignature(payload, secret, timestamp)}`;
}

export interface WebhookEndpointInput {
  url: string;
  /** `whsec_…` (default: STRIPE_EMULATOR_WEBHOOK_SECRET, so a test needs no setup). */
  secret?: string;
  /** Event types, `prefix.*` wildcards or `*` (default: every event). */
  enabled_events?: readonly string[];
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  enabled_events: string[];
}

export interface WebhookDelivery {
  id: number;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  url: string;
  /** The `t` this delivery was signed with (emulator clock). */
  signed_at: number;
  /** True when a test asked for this event to be sent again (or a duplicate was planned). */
  redelivery: boolean;
  /** 1 for a first attempt, 2… for its retries. */
  attempt: number;
  /** Dropped by a test control: never sent. */
  dropped: boolean;
  /** HTTP status the endpoint answered, or null when it could not be reached. */
  status: number | null;
  ok: boolean;
  /** Why it failed (connection refused, timeout…), without the endpoint's response body. */
  error: string | null;
  duration_ms: number;
}

export type { ReleaseOrder } from '../shared/webhooks.js';

interface StripeDispatcherOptions {
  clock: EmulatorClock;
  fetch: typeof fetch;
  timeoutMs: number;
  /** The event's JSON as Stripe would send it now, or undefined if it no longer exists. */
  payloadOf(eventId: string): { type: string; body: string } | undefined;
  onDelivered(eventId: string): void;
}

export type StripeDispatcher = WebhookDispatcher<string, WebhookEndpoint>;

/** The shared dispatcher, sending event ids signed as Stripe does: each attempt signed afresh. */
export function createStripeDispatcher(o: StripeDispatcherOptions): StripeDispatcher {
  return new WebhookDispatcher<string, WebhookEndpoint>({
    name: 'stripe',
    fetch: o.fetch,
    timeoutMs: o.timeoutMs,
    keyOf: (eventId) => eventId,
    sign(eventId, endpoint) {
      const payload = o.payloadOf(eventId);
      if (!payload) return undefined;
      const signedAt = Math.floor(o.clock.now() / 1000);
      return {
        body: payload.body,
        signedAt,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signStripePayload(payload.body, endpoint.secret, signedAt),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'cache-control': 'no-cache',
          accept: '*/*; q=0.5, application/xml',
        },
      };
    },
    onDelivered: (eventId) => o.onDelivered(eventId),
  });
}

/** A delivery as Stripe's controls show it. */
export function stripeDelivery(r: DeliveryRecord<string, WebhookEndpoint>, typeOf: (eventId: string) => string | undefined): WebhookDelivery {
  return {
    id: r.id,
    event_id: r.message,
    event_type: typeOf(r.message) ?? 'unknown',
    endpoint_id: r.target.id,
    url: r.target.url,
    signed_at: r.request?.signedAt ?? 0,
    ...deliveryOutcome(r),
  };
}

export function checkEndpoint(input: WebhookEndpointInput): WebhookEndpoint {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new TypeError(`stripe emulator: webhook url ${JSON.stringify(input.url)} is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('stripe emulator: webhook urls must be http(s).');
  const secret = input.secret ?? STRIPE_EMULATOR_WEBHOOK_SECRET;
  if (!secret.startsWith('whsec_')) throw new TypeError('stripe emulator: webhook secrets start with whsec_.');
  return { id: newId('we'), url: url.href, secret, enabled_events: [...(input.enabled_events ?? ['*'])] };
}

export const listens = (endpoint: WebhookEndpoint, type: string) =>
  endpoint.enabled_events.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
