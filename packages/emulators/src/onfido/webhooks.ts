// Onfido webhooks: registered endpoints, events POSTed as `{"payload":{resource_type, action,
// object}}` and signed `X-SHA2-Signature: <hex HMAC-SHA256 of the raw body keyed by the webhook's
// token>` (no timestamp, no tolerance). Every attempt is recorded; a failing endpoint is recorded,
// never thrown; any delivery can be sent again byte for byte, as Onfido's resend does.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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
  /** True when a test or POST /webhooks/resend asked for it again. */
  redelivery: boolean;
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

interface Sent {
  webhook: WebhookRecord;
  body: string;
  action: string;
  resource_type: string;
  resource_id: string;
}

export class WebhookDispatcher {
  webhooks = new Map<string, WebhookRecord>();
  #deliveries: WebhookDelivery[] = [];
  #bodies = new Map<number, Sent>();
  #nextId = 1;
  #queues = new Map<string, Promise<unknown>>();
  #inflight = new Set<Promise<unknown>>();

  constructor(private readonly o: { fetch: typeof fetch; timeoutMs: number }) {}

  static defaultToken = ONFIDO_EMULATOR_WEBHOOK_TOKEN;

  /** Sends an event to every enabled sandbox webhook that listens for it (or only to `only`, a check's webhook_ids). */
  emit(
    event: { action: WebhookEventType; resource_type: string; object: Record<string, unknown> & { id: string }; resource?: Record<string, unknown> },
    only: readonly string[] | null,
  ): void {
    const { resource_type, action, object, resource } = event;
    const body = JSON.stringify({ payload: { resource_type, action, object, ...(resource ? { resource } : {}) } });
    for (const webhook of this.webhooks.values()) {
      if (!webhook.enabled || !webhook.environments.includes('sandbox') || !webhook.events.includes(event.action)) continue;
      if (only && !only.includes(webhook.id)) continue;
      void this.#send({ webhook, body, action: event.action, resource_type: event.resource_type, resource_id: event.object.id }, false);
    }
  }

  /** Sends a recorded delivery again: same body, same signature. */
  resend(deliveryId: number): Promise<WebhookDelivery> {
    const sent = this.#bodies.get(deliveryId);
    if (!sent) throw new RangeError(`No such webhook delivery: ${deliveryId}`);
    return this.#send(sent, true);
  }

  /** The first deliveries of `action` about `resourceId`, one per webhook, sent again (POST /webhooks/resend). */
  resendFor(resourceId: string, action: string): Promise<WebhookDelivery[]> {
    const firsts = new Map<string, number>();
    for (const d of this.#deliveries) if (d.resource_id === resourceId && d.action === action && !firsts.has(d.webhook_id)) firsts.set(d.webhook_id, d.id);
    return Promise.all([...firsts.values()].map((id) => this.resend(id)));
  }

  deliveries(filter: { action?: string; resource_id?: string } = {}): WebhookDelivery[] {
    return this.#deliveries
      .filter((d) => (!filter.action || d.action === filter.action) && (!filter.resource_id || d.resource_id === filter.resource_id))
      .map((d) => ({ ...d }));
  }

  /** The exact body a delivery carried, for tests that verify signatures themselves. */
  bodyOf(deliveryId: number): string | undefined {
    return this.#bodies.get(deliveryId)?.body;
  }

  async flush(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  clear(): void {
    this.webhooks.clear();
    this.#deliveries = [];
    this.#bodies.clear();
  }

  #send(sent: Sent, redelivery: boolean): Promise<WebhookDelivery> {
    const { webhook } = sent;
    // One queue per webhook keeps its deliveries in the order the events happened.
    const previous = this.#queues.get(webhook.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#deliver(sent, redelivery));
    this.#queues.set(webhook.id, next);
    this.#inflight.add(next);
    void next.finally(() => this.#inflight.delete(next)).catch(() => undefined);
    return next;
  }

  async #deliver(sent: Sent, redelivery: boolean): Promise<WebhookDelivery> {
    const delivery: WebhookDelivery = {
      id: this.#nextId++,
      webhook_id: sent.webhook.id,
      url: sent.webhook.url,
      action: sent.action,
      resource_type: sent.resource_type,
      resource_id: sent.resource_id,
      redelivery,
      status: null,
      ok: false,
      error: null,
      duration_ms: 0,
    };
    this.#deliveries.push(delivery);
    this.#bodies.set(delivery.id, sent);
    const started = performance.now();
    try {
      const res = await this.o.fetch(sent.webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sha2-signature': signOnfidoPayload(sent.body, sent.webhook.token),
          'user-agent': 'Onfido-Webhooks',
        },
        body: sent.body,
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      delivery.status = res.status;
      delivery.ok = res.status >= 200 && res.status < 300;
      if (!delivery.ok) delivery.error = `endpoint answered ${res.status}`;
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      delivery.error = e.name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : (e.cause?.code ?? e.message);
    }
    delivery.duration_ms = Math.round(performance.now() - started);
    return { ...delivery };
  }
}
