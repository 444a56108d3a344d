// Onfido webhooks: registered endpoints, events POSTed as `{"payload":{resource_type, action,
// object}}` and signed `X-SHA2-Signature: <hex HMAC-SHA256 of the raw body keyed by the webhook's
// token>` (no timestamp, no tolerance). Every attempt is recorded; a failing endpoint is recorded,
// never thrown; any delivery can be sent again byte for byte, as Onfido's resend does. Queues, the
// log and the delivery controls are the shared dispatcher's.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deliveryOutcome, WebhookDispatcher, type DeliveryRecord } from '../shared/webhooks.js';
import { ONFIDO_EMULATOR_WEBHOOK_TOKEN } from './keys.js';
import { BASE_PATH, newId } from './model.js';
import { WEBHOOK_EVENT_TYPES } from './vocabulary.js';

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Lowercase hex HMAC-SHA256 of the raw body keyed by the webhook token: the `X-SHA2-Signature` value. */
export function signOnfidoPayload(body: string, token: string): string {
  return createHmac('sha256', token).update(body, 'utf8').digest('hex');
}

/** The receiving side, as Onfido's SDK verifiers do it: recompute and compare in constant time. */
export function verifyOnfidoSignature(body: string, signature: string, token: string): boolean {
  const expected = Buffer.from(signOnfidoPayload(body, token));
  const given = Buffer.from(signature.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookInput {
  url: string;
  name?: string;
  /** Default: a random token for API-created webhooks; ONFIDO_EMULATOR_WEBHOOK_TOKEN for ones configured in options or controls. */
  token?: string;
  enabled?: boolean;
  /** Omitted: every event. */
  events?: readonly WebhookEventType[];
  /** Omitted: both `sandbox` and `live`. This emulator is a sandbox, so a webhook without `sandbox` hears nothing. */
  environments?: readonly string[];
  payload_version?: number;
}

export interface WebhookRecord {
  id: string;
  url: string;
  name?: string;
  token: string;
  enabled: boolean;
  events: WebhookEventType[];
  environments: string[];
  payload_version?: number;
}

export interface WebhookDelivery {
  id: number;
  webhook_id: string;
  url: string;
  action: string;
  resource_type: string;
  resource_id: string;
  /** True when a test or POST /webhooks/resend asked for it again (or a duplicate was planned). */
  redelivery: boolean;
  /** 1 for a first attempt, 2… for its retries. */
  attempt: number;
  /** Dropped by a test control: never sent. */
  dropped: boolean;
  /** HTTP status the endpoint answered, or null when it could not be reached. */
  status: number | null;
  ok: boolean;
  error: string | null;
  duration_ms: number;
}

/** Checks a webhook url: https, or http on a loopback host so local receivers can be tested. */
export function checkWebhookUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return null;
  return 'must be https';
}

export function makeWebhook(input: WebhookInput, defaultToken: string): WebhookRecord {
  return {
    id: newId(),
    url: input.url,
    ...(input.name !== undefined ? { name: input.name } : {}),
    token: input.token ?? defaultToken,
    enabled: input.enabled ?? true,
    events: [...(input.events ?? WEBHOOK_EVENT_TYPES)],
    environments: [...(input.environments ?? ['sandbox', 'live'])],
    ...(input.payload_version !== undefined ? { payload_version: input.payload_version } : {}),
  };
}

export const randomWebhookToken = (): string => randomBytes(24).toString('base64url');
export const renderWebhook = (w: WebhookRecord) => ({ ...w, href: `${BASE_PATH}/webhooks/${w.id}` });

/** One event as Onfido sends it: the same body to every webhook that hears it, signed per webhook. */
interface OnfidoMessage {
  key: string;
  body: string;
  action: string;
  resource_type: string;
  resource_id: string;
}

const view = (r: DeliveryRecord<OnfidoMessage, WebhookRecord>): WebhookDelivery => ({
  id: r.id,
  webhook_id: r.target.id,
  url: r.target.url,
  action: r.message.action,
  resource_type: r.message.resource_type,
  resource_id: r.message.resource_id,
  ...deliveryOutcome(r),
});

/** Onfido's webhooks over the shared dispatcher: who hears an event, and the X-SHA2-Signature. */
export class OnfidoWebhooks {
  webhooks = new Map<string, WebhookRecord>();
  readonly dispatcher: WebhookDispatcher<OnfidoMessage, WebhookRecord>;
  #nextKey = 1;

  constructor(o: { fetch: typeof fetch; timeoutMs: number }) {
    this.dispatcher = new WebhookDispatcher({
      name: 'onfido',
      fetch: o.fetch,
      timeoutMs: o.timeoutMs,
      keyOf: (m) => m.key,
      sign: (m, webhook) => ({
        body: m.body,
        headers: { 'content-type': 'application/json', 'x-sha2-signature': signOnfidoPayload(m.body, webhook.token), 'user-agent': 'Onfido-Webhooks' },
      }),
    });
  }

  /** Sends an event to every enabled sandbox webhook that listens for it (or only to `only`, a check's webhook_ids). */
  emit(
    event: { action: WebhookEventType; resource_type: string; object: Record<string, unknown> & { id: string }; resource?: Record<string, unknown> },
    only: readonly string[] | null,
  ): void {
    const { resource_type, action, object, resource } = event;
    const body = JSON.stringify({ payload: { resource_type, action, object, ...(resource ? { resource } : {}) } });
    const targets = [...this.webhooks.values()].filter(
      (w) => w.enabled && w.environments.includes('sandbox') && w.events.includes(action) && (!only || only.includes(w.id)),
    );
    const message = { key: `event_${this.#nextKey++}`, body, action, resource_type, resource_id: object.id };
    void this.dispatcher.send(message, targets);
  }

  /** Sends a recorded delivery again: same body, same signature. */
  async resend(deliveryId: number): Promise<WebhookDelivery> {
    return view(await this.dispatcher.replay(deliveryId));
  }

  /** The first deliveries of `action` about `resourceId`, one per webhook, sent again (POST /webhooks/resend). */
  resendFor(resourceId: string, action: string): Promise<WebhookDelivery[]> {
    const firsts = new Map<string, number>();
    for (const d of this.dispatcher.deliveries()) {
      if (d.message.resource_id === resourceId && d.message.action === action && !firsts.has(d.target.id)) firsts.set(d.target.id, d.id);
    }
    return Promise.all([...firsts.values()].map((id) => this.resend(id)));
  }

  deliveries(filter: { action?: string; resource_id?: string } = {}): WebhookDelivery[] {
    return this.dispatcher
      .deliveries()
      .map(view)
      .filter((d) => (!filter.action || d.action === filter.action) && (!filter.resource_id || d.resource_id === filter.resource_id));
  }

  /** The exact body a delivery carried, for tests that verify signatures themselves. */
  bodyOf(deliveryId: number): string | undefined {
    return this.dispatcher.record(deliveryId)?.request?.body;
  }

  flush(): Promise<void> {
    return this.dispatcher.flush();
  }

  clear(): void {
    this.webhooks.clear();
    this.dispatcher.clear();
  }
}
