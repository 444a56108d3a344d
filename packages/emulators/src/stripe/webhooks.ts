// Webhook delivery as Stripe does it: each event POSTed as JSON to every endpoint that listens for
// its type, signed `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body" keyed by whsec_…>`.
// Deliveries to one endpoint go out in event order; tests can hold them and release them in any
// order, or send an event again, to exercise out-of-order and duplicate delivery. A failing or
// unreachable endpoint is recorded, never thrown.
import { createHmac } from 'node:crypto';
import type { EmulatorClock } from '../shared/clock.js';
import { STRIPE_EMULATOR_WEBHOOK_SECRET } from './keys.js';
import { newId, randomToken } from './model.js';

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
  /** True when a test asked for this event to be sent again. */
  redelivery: boolean;
  /** HTTP status the endpoint answered, or null when it could not be reached. */
  status: number | null;
  ok: boolean;
  /** Why it failed (connection refused, timeout…), without the endpoint's response body. */
  error: string | null;
  duration_ms: number;
}

export type ReleaseOrder = 'created' | 'reverse' | readonly string[];

interface DispatcherOptions {
  clock: EmulatorClock;
  fetch: typeof fetch;
  timeoutMs: number;
  /** The event's JSON as Stripe would send it now, or undefined if it no longer exists. */
  payloadOf(eventId: string): { type: string; body: string } | undefined;
  onDelivered(eventId: string): void;
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

const listens = (endpoint: WebhookEndpoint, type: string) =>
  endpoint.enabled_events.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));

export class WebhookDispatcher {
  endpoints: WebhookEndpoint[] = [];
  #deliveries: WebhookDelivery[] = [];
  #nextId = 1;
  #held: string[] = [];
  #paused = false;
  #queues = new Map<string, Promise<unknown>>();
  #inflight = new Set<Promise<unknown>>();
  #delivered = new Set<string>();

  constructor(private readonly o: DispatcherOptions) {}

  static newSecret(): string {
    return `whsec_${randomToken(32)}`;
  }

  get paused(): boolean {
    return this.#paused;
  }

  held(): string[] {
    return [...this.#held];
  }

  /** How many endpoints an event of this type goes to (its `pending_webhooks` when created). */
  audience(type: string): number {
    return this.endpoints.filter((e) => listens(e, type)).length;
  }

  /** A new event: send it now, or hold it while deliveries are paused. */
  dispatch(eventId: string): void {
    if (this.#paused) this.#held.push(eventId);
    else void this.#send(eventId, false).catch(() => undefined);
  }

  pause(): void {
    this.#paused = true;
  }

  /** Sends the held events in the given order (listed ids first, the rest oldest first) and resumes. */
  async release(order: ReleaseOrder = 'created'): Promise<WebhookDelivery[]> {
    const held = this.#held;
    this.#held = [];
    this.#paused = false;
    const sequence =
      order === 'created' ? held : order === 'reverse' ? [...held].reverse() : [...order, ...held.filter((id) => !order.includes(id))];
    const out: WebhookDelivery[] = [];
    for (const id of sequence) out.push(...(await this.#send(id, false)));
    return out;
  }

  /** Sends an event again (same id and body, fresh signature), as Stripe's retries and replays do. */
  resend(eventId: string, endpointId?: string): Promise<WebhookDelivery[]> {
    return this.#send(eventId, true, endpointId);
  }

  /** Waits until every delivery under way has finished. */
  async flush(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  deliveries(filter: { event_id?: string; event_type?: string } = {}): WebhookDelivery[] {
    return this.#deliveries
      .filter((d) => (!filter.event_id || d.event_id === filter.event_id) && (!filter.event_type || d.event_type === filter.event_type))
      .map((d) => ({ ...d }));
  }

  clear(): void {
    this.#deliveries = [];
    this.#held = [];
    this.#paused = false;
    this.#delivered.clear();
  }

  #send(eventId: string, redelivery: boolean, endpointId?: string): Promise<WebhookDelivery[]> {
    const payload = this.o.payloadOf(eventId);
    if (!payload) return Promise.resolve([]);
    const targets = this.endpoints.filter((e) => (endpointId ? e.id === endpointId : listens(e, payload.type)));
    return Promise.all(
      targets.map((endpoint) => {
        // One queue per endpoint keeps its deliveries in the order they were asked for.
        const previous = this.#queues.get(endpoint.id) ?? Promise.resolve();
        const next = previous.catch(() => undefined).then(() => this.#deliver(endpoint, eventId, redelivery));
        this.#queues.set(endpoint.id, next);
        this.#inflight.add(next);
        void next.finally(() => this.#inflight.delete(next)).catch(() => undefined);
        return next;
      }),
    );
  }

  async #deliver(endpoint: WebhookEndpoint, eventId: string, redelivery: boolean): Promise<WebhookDelivery> {
    const payload = this.o.payloadOf(eventId);
    const signedAt = Math.floor(this.o.clock.now() / 1000);
    const delivery: WebhookDelivery = {
      id: this.#nextId++,
      event_id: eventId,
      event_type: payload?.type ?? 'unknown',
      endpoint_id: endpoint.id,
      url: endpoint.url,
      signed_at: signedAt,
      redelivery,
      status: null,
      ok: false,
      error: null,
      duration_ms: 0,
    };
    this.#deliveries.push(delivery);
    if (!payload) {
      delivery.error = 'event no longer exists';
      return { ...delivery };
    }
    const started = performance.now();
    try {
      const res = await this.o.fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signStripePayload(payload.body, endpoint.secret, signedAt),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'cache-control': 'no-cache',
          accept: '*/*; q=0.5, application/xml',
        },
        body: payload.body,
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      delivery.status = res.status;
      delivery.ok = res.status >= 200 && res.status < 300;
      if (!delivery.ok) delivery.error = `endpoint answered ${res.status}`;
      const key = `${eventId} ${endpoint.id}`;
      if (delivery.ok && !this.#delivered.has(key)) {
        this.#delivered.add(key);
        this.o.onDelivered(eventId);
      }
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      delivery.error = e.name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : (e.cause?.code ?? e.message);
    }
    delivery.duration_ms = Math.round(performance.now() - started);
    return { ...delivery };
  }
}
