// The Stripe Identity emulator: one Hono app standing in for https://api.stripe.com (Identity,
// Files, FileLinks, Events), verify.stripe.com (the hosted page) and js.stripe.com (Stripe.js),
// that signs and sends webhooks, plus its test controls.
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { createEmulatorKit, inProcessFetch, type Emulator, type EmulatorControls } from '../shared/kit.js';
import type { DeliveryRecord, WebhookDeliveryControls } from '../shared/webhooks.js';
import { IdempotencyStore, newRequestId, stripeJson, type ApiDeps } from './api.js';
import { mountStripeControls } from './controls-http.js';
import { errors } from './errors.js';
import { mountFilesApi } from './files-api.js';
import { mountHostedPages } from './hosted.js';
import { checkKeys, type StripeKeyOptions, type StripeKeys } from './keys.js';
import { Lifecycle, type EventRequest, type SessionEventType } from './lifecycle.js';
import { newId, StripeState, type Outcome, type SessionRecord } from './model.js';
import { renderEvent, renderSession, type RenderContext } from './render.js';
import { mountSessionsApi } from './sessions-api.js';
import {
  checkEndpoint,
  createStripeDispatcher,
  listens,
  stripeDelivery,
  type ReleaseOrder,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointInput,
} from './webhooks.js';

/** The API version stripe-node v23 pins, used as the emulated account's default version. */
export const STRIPE_DEFAULT_API_VERSION = '2026-10-28.endive';

export interface StripeEmulatorOptions {
  /** API keys the emulator accepts (default: the emulator's own sk_/rk_/pk_ test keys). */
  keys?: StripeKeyOptions;
  /** Webhook endpoints known from the start (more can be added with controls). */
  webhooks?: readonly WebhookEndpointInput[];
  clock?: EmulatorClock;
  /** The account's default API version (answers without a Stripe-Version header, event api_version). */
  apiVersion?: string;
  /** Seconds a submitted session stays `processing` (default 0). */
  processingSeconds?: number;
  /** Seconds a redaction stays `processing` (default 0). */
  redactionSeconds?: number;
  /** Public base URL for `url` fields (default: the origin each request was sent to). */
  publicUrl?: string;
  /** How webhooks are sent (default: global fetch); tests can route them in process. */
  fetch?: typeof fetch;
  /** How long a webhook endpoint may take to answer (default 10 s). */
  webhookTimeoutMs?: number;
}

export interface StripeControls extends EmulatorControls {
  readonly keys: StripeKeys;
  /** What a tester's button does on the hosted page or in the modal, without a browser. */
  submitOutcome(sessionId: string, outcome: Outcome): void;
  /** The outcomes the hosted page offers for this session ("verified" and the applicable last_error codes). */
  outcomes(sessionId: string): Outcome[];
  /** Runs due delayed steps (processing → result, redaction → redacted) now. */
  settle(): void;
  addWebhookEndpoint(input: WebhookEndpointInput): WebhookEndpoint;
  removeWebhookEndpoint(id: string): boolean;
  webhookEndpoints(): WebhookEndpoint[];
  /** Every webhook delivery attempt, oldest first. */
  deliveries(filter?: { event_id?: string; event_type?: string }): WebhookDelivery[];
  /** Hold new events instead of sending them, until releaseWebhooks(). */
  pauseWebhooks(): void;
  /** Send held events in the given order ('created', 'reverse', or event ids first) and resume. */
  releaseWebhooks(order?: ReleaseOrder): Promise<WebhookDelivery[]>;
  /** Send an event again (same id and body, new signature): a duplicate delivery. */
  resendEvent(eventId: string, endpointId?: string): Promise<WebhookDelivery[]>;
  /** Wait until no delivery is under way. */
  flushWebhooks(): Promise<void>;
  /** Drop, duplicate, delay, retry, hold and reorder deliveries (shared by every emulator). */
  readonly delivery: WebhookDeliveryControls;
}

export type StripeEmulator = Emulator<StripeControls>;

/** Personal fields and bearer links in bodies and answers are redacted from the request log. */
const REDACT = [
  ...['first_name', 'last_name', 'dob', 'id_number', 'address', 'email', 'phone', 'number', 'expiration_date', 'issued_date'],
  ...['sex', 'unparsed_sex', 'unparsed_place_of_birth', 'provided_details[email]', 'provided_details[phone]', 'url'],
];

function checkOptions(options: StripeEmulatorOptions): void {
  for (const name of ['processingSeconds', 'redactionSeconds', 'webhookTimeoutMs'] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) throw new TypeError(`stripe emulator: ${name} takes a finite number ≥ 0.`);
  }
  if (options.apiVersion !== undefined && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(options.apiVersion)) {
    throw new TypeError('stripe emulator: apiVersion looks like 2026-10-28.endive.');
  }
  if (options.publicUrl !== undefined && !/^https?:\/\/[^/]+$/.test(options.publicUrl)) {
    throw new TypeError('stripe emulator: publicUrl is an origin such as http://127.0.0.1:4242 (no path, no trailing slash).');
  }
}

export function createStripeEmulator(options: StripeEmulatorOptions = {}): StripeEmulator {
  checkOptions(options);
  const keys = checkKeys(options.keys);
  const clock = options.clock ?? createClock();
  const apiVersion = options.apiVersion ?? STRIPE_DEFAULT_API_VERSION;
  const initialEndpoints = (options.webhooks ?? []).map(checkEndpoint);
  const state = new StripeState();
  const idempotency = new IdempotencyStore();
  const nowSeconds = () => Math.floor(clock.now() / 1000);

  let endpoints = [...initialEndpoints];
  const dispatcher = createStripeDispatcher({
    clock,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    payloadOf: (id) => {
      const event = state.events.get(id);
      return event && { type: event.type, body: JSON.stringify(renderEvent(event, apiVersion), null, 2) };
    },
    onDelivered: (id) => {
      const event = state.events.get(id);
      if (event) event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
    },
  });
  const audience = (type: string) => endpoints.filter((e) => listens(e, type));
  const view = (r: DeliveryRecord<string, WebhookEndpoint>) => stripeDelivery(r, (id) => state.events.get(id)?.type);

  const lifecycle: Lifecycle = new Lifecycle({
    state,
    clock,
    processingSeconds: options.processingSeconds ?? 0,
    redactionSeconds: options.redactionSeconds ?? 0,
    emit(type: SessionEventType, s: SessionRecord, request?: EventRequest) {
      const event = {
        seq: state.nextSeq(),
        id: newId('evt'),
        created: nowSeconds(),
        type,
        // The event view of the session: no credentials (so no url to build) and no expansions.
        object: renderSession(s, {}, render('', false)),
        request: request ?? { id: null, idempotency_key: null },
        pending_webhooks: audience(type).length,
      };
      state.events.set(event.id, event);
      void dispatcher.send(event.id, audience(type));
    },
  });

  function render(origin: string, credentials: boolean): RenderContext {
    return { state, origin, now: nowSeconds(), credentials, usable: (s, c) => lifecycle.usable(s, c), apiVersion };
  }

  const { app, controls: base } = createEmulatorKit({
    name: 'stripe',
    redactKeys: REDACT,
    clock,
    onReset: () => {
      lifecycle.clear();
      state.clear();
      idempotency.clear();
      dispatcher.clear();
      endpoints = [...initialEndpoints];
    },
  });

  const api: ApiDeps = { keys, apiVersion, idempotency, now: () => clock.now(), settle: () => lifecycle.settle(), publicUrl: options.publicUrl };
  mountSessionsApi(app, { api, state, lifecycle, render });
  mountFilesApi(app, { api, state, now: nowSeconds, render });
  mountHostedPages(app, { state, lifecycle, keys, publicUrl: options.publicUrl });

  const sessionFor = (id: string) => {
    lifecycle.settle();
    const s = state.sessions.get(id);
    if (!s) throw new RangeError(`No such verification session: ${id}`);
    return s;
  };

  const controls: StripeControls = {
    ...base,
    keys,
    submitOutcome(sessionId, outcome) {
      const s = sessionFor(sessionId);
      if (s.status !== 'requires_input' || s.redaction) {
        throw new RangeError(`${sessionId} is ${s.status}; only a requires_input session can be submitted.`);
      }
      lifecycle.submit(s, outcome);
    },
    outcomes: (sessionId) => lifecycle.outcomes(sessionFor(sessionId)),
    settle: () => lifecycle.settle(),
    addWebhookEndpoint(input) {
      const endpoint = checkEndpoint(input);
      endpoints.push(endpoint);
      return { ...endpoint };
    },
    removeWebhookEndpoint(id) {
      const before = endpoints.length;
      endpoints = endpoints.filter((e) => e.id !== id);
      return endpoints.length < before;
    },
    webhookEndpoints: () => endpoints.map((e) => ({ ...e, enabled_events: [...e.enabled_events] })),
    deliveries: (filter = {}) =>
      dispatcher
        .deliveries()
        .map(view)
        .filter((d) => (!filter.event_id || d.event_id === filter.event_id) && (!filter.event_type || d.event_type === filter.event_type)),
    pauseWebhooks: () => dispatcher.pause(),
    releaseWebhooks: async (order) => (await dispatcher.release(order)).map(view),
    resendEvent: async (eventId, endpointId) => {
      const event = state.events.get(eventId);
      if (!event) throw new RangeError(`No such event: ${eventId}`);
      const targets = endpointId ? endpoints.filter((e) => e.id === endpointId) : audience(event.type);
      return (await dispatcher.send(eventId, targets, { redelivery: true })).map(view);
    },
    flushWebhooks: () => dispatcher.flush(),
    delivery: dispatcher,
  };

  mountStripeControls(app, controls, state);
  // Stripe's answer for any other /v1 path or method, registered last so real routes win.
  app.all('/v1/*', (c) => {
    const e = errors.unrecognizedUrl(c.req.method, new URL(c.req.url).pathname);
    return stripeJson(e.status, { error: e.body }, { 'request-id': newRequestId() });
  });

  return { name: 'stripe', app, controls, fetch: inProcessFetch(app) };
}
