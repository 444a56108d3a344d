// Assure Events: the Signicat Events envelope `{id, timestamp, sender, eventName, eventData,
// accountId, organizationId, expiresAt, tags}` [D] POSTed to each subscriber when a process reaches
// a final status. Signicat lets a subscription carry a secret "to validate that the event payload
// is coming from Signicat" [D], but how is not retrieved [U]; we sign as most providers do: a
// lowercase hex HMAC-SHA256 of the raw body, keyed by the secret, in one header. The BFF verifies
// with verifySignicatEvent, the same code. Every attempt is recorded, a failing subscriber is
// recorded and never thrown, and any delivery can be sent again byte for byte (the shared
// dispatcher's queues, log and delivery controls).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookDispatcher, type DeliveryRecord } from '../shared/webhooks.js';
import { newId } from './model.js';

/** [U] The header carrying the signature. */
export const SIGNICAT_EVENT_SIGNATURE_HEADER = 'x-signicat-signature';
/** [U] Only "Process complete" exists for Assure [D]; its `eventName` string is not confirmed. */
export const ASSURE_EVENT_NAMES = { processCompleted: 'process.completed' } as const;
/** [U] Envelope values Signicat fills in; the formats are guesses. */
export const ASSURE_EVENT_SENDER = 'assure';
const EXPIRES_AFTER_MS = 7 * 86_400_000; // [U]

/** Lowercase hex HMAC-SHA256 of the raw body keyed by the subscription secret (UTF-8). */
export function signSignicatEvent(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** The receiving side: recompute over the raw body (before parsing it) and compare in constant time. */
export function verifySignicatEvent(body: string, signature: string | null | undefined, secret: string): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signSignicatEvent(body, secret));
  const given = Buffer.from(signature.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface SignicatSubscriberInput {
  url: string;
  name?: string;
  /** Default SIGNICAT_EMULATOR_EVENT_SECRET; null sends unsigned events (the secret is optional in Signicat's dashboard). */
  secret?: string | null;
  /** Event names it listens to (default: all). */
  eventNames?: readonly string[];
}

export interface SignicatSubscriber {
  id: string;
  url: string;
  name?: string;
  secret: string | null;
  eventNames: string[];
}

export interface ProcessCompletedData {
  /** The dossier id [D]. */
  externalReference: string;
  processId: string;
  status: string;
}

/** An event as emitted: its identifying fields and the exact body every subscriber got. */
export interface SignicatEventRecord {
  id: string;
  eventName: string;
  dossierId: string;
  processId: string;
  status: string;
  body: string;
}

export interface SignicatEventDelivery {
  id: number;
  eventId: string;
  eventName: string;
  subscriberId: string;
  url: string;
  dossierId: string;
  processId: string;
  /** True when a test asked for it again (or a duplicate was planned). */
  redelivery: boolean;
  /** 1 for a first attempt, 2… for its retries. */
  attempt: number;
  /** Dropped by a test control: never sent. */
  dropped: boolean;
  /** HTTP status the subscriber answered, or null when it could not be reached. */
  status: number | null;
  ok: boolean;
  /** Why it failed, without the subscriber's response body. */
  error: string | null;
  durationMs: number;
}

export interface EventFilter {
  dossierId?: string;
  processId?: string;
  status?: string;
  eventName?: string;
}

export interface EnvelopeIdentity {
  accountId: string;
  organizationId: string;
}

/** The "Process complete" envelope; ids and a status only, never personal data. */
export function processCompletedEnvelope(data: ProcessCompletedData, now: number, who: EnvelopeIdentity) {
  return {
    id: newId(),
    timestamp: new Date(now).toISOString(),
    sender: ASSURE_EVENT_SENDER,
    eventName: ASSURE_EVENT_NAMES.processCompleted,
    eventData: { externalReference: data.externalReference, processId: data.processId, status: data.status },
    accountId: who.accountId,
    organizationId: who.organizationId,
    expiresAt: new Date(now + EXPIRES_AFTER_MS).toISOString(),
    tags: [] as string[],
  };
}

export function checkSubscriberUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : 'must be an http(s) URL';
  } catch {
    return 'is not a valid URL';
  }
}

export function makeSubscriber(input: SignicatSubscriberInput, defaultSecret: string): SignicatSubscriber {
  const problem = checkSubscriberUrl(input.url);
  if (problem) throw new TypeError(`subscriber url ${problem}`);
  return {
    id: newId(),
    url: input.url,
    ...(input.name !== undefined ? { name: input.name } : {}),
    secret: input.secret === undefined ? defaultSecret : input.secret,
    eventNames: [...(input.eventNames ?? Object.values(ASSURE_EVENT_NAMES))],
  };
}

const matches = (e: SignicatEventRecord, f: EventFilter) =>
  (!f.dossierId || e.dossierId === f.dossierId) &&
  (!f.processId || e.processId === f.processId) &&
  (!f.status || e.status === f.status) &&
  (!f.eventName || e.eventName === f.eventName);

interface Emitted {
  record: SignicatEventRecord;
  /** Settles once every first delivery of the event is done (at once while deliveries are held). */
  done: Promise<void>;
}

interface Waiter {
  filter: EventFilter;
  resolve(e: Emitted): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

const view = (r: DeliveryRecord<SignicatEventRecord, SignicatSubscriber>): SignicatEventDelivery => ({
  id: r.id,
  eventId: r.message.id,
  eventName: r.message.eventName,
  subscriberId: r.target.id,
  url: r.target.url,
  dossierId: r.message.dossierId,
  processId: r.message.processId,
  redelivery: r.redelivery,
  attempt: r.attempt,
  dropped: r.dropped,
  status: r.status,
  ok: r.ok,
  error: r.error,
  durationMs: r.duration_ms,
});

/** Assure's events over the shared dispatcher: who subscribes, the signature, and waiting for an event. */
export class EventDispatcher {
  subscribers = new Map<string, SignicatSubscriber>();
  readonly dispatcher: WebhookDispatcher<SignicatEventRecord, SignicatSubscriber>;
  #events: Emitted[] = [];
  #waiters: Waiter[] = [];

  constructor(o: { fetch: typeof fetch; timeoutMs: number }) {
    this.dispatcher = new WebhookDispatcher({
      name: 'signicat',
      fetch: o.fetch,
      timeoutMs: o.timeoutMs,
      receiver: 'subscriber',
      keyOf: (event) => event.id,
      sign(event, subscriber) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (subscriber.secret !== null) headers[SIGNICAT_EVENT_SIGNATURE_HEADER] = signSignicatEvent(event.body, subscriber.secret);
        return { body: event.body, headers };
      },
    });
  }

  emit(envelope: ReturnType<typeof processCompletedEnvelope>): void {
    const record: SignicatEventRecord = {
      id: envelope.id,
      eventName: envelope.eventName,
      dossierId: envelope.eventData.externalReference,
      processId: envelope.eventData.processId,
      status: envelope.eventData.status,
      body: JSON.stringify(envelope),
    };
    const targets = [...this.subscribers.values()].filter((s) => s.eventNames.includes(record.eventName));
    const emitted: Emitted = { record, done: this.dispatcher.send(record, targets).then(() => undefined) };
    this.#events.push(emitted);
    for (const w of this.#waiters.filter((x) => matches(record, x.filter))) this.#settleWaiter(w, emitted);
  }

  /** The first event matching `filter`, emitted already or later, once its deliveries are done (or held). */
  waitFor(filter: EventFilter, timeoutMs: number): Promise<SignicatEventRecord> {
    const existing = this.#events.find((e) => matches(e.record, filter));
    if (existing) return existing.done.then(() => ({ ...existing.record }));
    return new Promise<Emitted>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`signicat emulator: no event matching ${JSON.stringify(filter)} within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref?.();
      const waiter: Waiter = { filter, resolve, reject, timer };
      this.#waiters.push(waiter);
    }).then((e) => e.done.then(() => ({ ...e.record })));
  }

  events(filter: EventFilter = {}): SignicatEventRecord[] {
    return this.#events.filter((e) => matches(e.record, filter)).map((e) => ({ ...e.record }));
  }

  deliveries(filter: EventFilter = {}): SignicatEventDelivery[] {
    return this.dispatcher
      .deliveries()
      .map(view)
      .filter((d) => (!filter.dossierId || d.dossierId === filter.dossierId) && (!filter.processId || d.processId === filter.processId) && (!filter.eventName || d.eventName === filter.eventName));
  }

  /** The exact body a delivery carried, for tests that verify its signature themselves. */
  bodyOf(deliveryId: number): string | undefined {
    return this.dispatcher.record(deliveryId)?.request?.body;
  }

  /** Sends a recorded delivery again: same body, same signature. */
  async resend(deliveryId: number): Promise<SignicatEventDelivery> {
    return view(await this.dispatcher.replay(deliveryId));
  }

  flush(): Promise<void> {
    return this.dispatcher.flush();
  }

  clear(): void {
    this.subscribers.clear();
    this.#events = [];
    this.dispatcher.clear();
    for (const w of this.#waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('signicat emulator: reset while waiting for an event'));
    }
    this.#waiters = [];
  }

  #settleWaiter(w: Waiter, e: Emitted): void {
    clearTimeout(w.timer);
    this.#waiters = this.#waiters.filter((x) => x !== w);
    w.resolve(e);
  }
}
