// Assure Events: the Signicat Events envelope `{id, timestamp, sender, eventName, eventData,
// accountId, organizationId, expiresAt, tags}` [D] POSTed to each subscriber when a process reaches
// a final status. Signicat lets a subscription carry a secret "to validate that the event payload
// is coming from Signicat" [D], but how is not retrieved [U]; we sign as most providers do: a
// lowercase hex HMAC-SHA256 of the raw body, keyed by the secret, in one header. The BFF verifies
// with verifySignicatEvent, the same code. Every attempt is recorded, a failing subscriber is
// recorded and never thrown, and any delivery can be sent again byte for byte.
import { createHmac, timingSafeEqual } from 'node:crypto';
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
  /** True when a test asked for it again. */
  redelivery: boolean;
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
  /** Settles once every first delivery of the event is done. */
  done: Promise<void>;
}

interface Waiter {
  filter: EventFilter;
  resolve(e: Emitted): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class EventDispatcher {
  subscribers = new Map<string, SignicatSubscriber>();
  #events: Emitted[] = [];
  #deliveries: SignicatEventDelivery[] = [];
  #sent = new Map<number, { subscriber: SignicatSubscriber; event: SignicatEventRecord }>();
  #nextId = 1;
  #queues = new Map<string, Promise<unknown>>();
  #inflight = new Set<Promise<unknown>>();
  #waiters: Waiter[] = [];

  constructor(private readonly o: { fetch: typeof fetch; timeoutMs: number }) {}

  emit(envelope: ReturnType<typeof processCompletedEnvelope>): void {
    const record: SignicatEventRecord = {
      id: envelope.id,
      eventName: envelope.eventName,
      dossierId: envelope.eventData.externalReference,
      processId: envelope.eventData.processId,
      status: envelope.eventData.status,
      body: JSON.stringify(envelope),
    };
    const sends = [...this.subscribers.values()]
      .filter((s) => s.eventNames.includes(record.eventName))
      .map((s) => this.#send(s, record, false));
    const emitted: Emitted = { record, done: Promise.allSettled(sends).then(() => undefined) };
    this.#events.push(emitted);
    for (const w of this.#waiters.filter((x) => matches(record, x.filter))) this.#settleWaiter(w, emitted);
  }

  /** The first event matching `filter`, emitted already or later, once its deliveries are done. */
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
    return this.#deliveries
      .filter((d) => (!filter.dossierId || d.dossierId === filter.dossierId) && (!filter.processId || d.processId === filter.processId) && (!filter.eventName || d.eventName === filter.eventName))
      .map((d) => ({ ...d }));
  }

  /** The exact body a delivery carried, for tests that verify its signature themselves. */
  bodyOf(deliveryId: number): string | undefined {
    return this.#sent.get(deliveryId)?.event.body;
  }

  /** Sends a recorded delivery again: same body, same signature. */
  resend(deliveryId: number): Promise<SignicatEventDelivery> {
    const sent = this.#sent.get(deliveryId);
    if (!sent) throw new RangeError(`No such event delivery: ${deliveryId}`);
    return this.#send(sent.subscriber, sent.event, true);
  }

  async flush(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  clear(): void {
    this.subscribers.clear();
    this.#events = [];
    this.#deliveries = [];
    this.#sent.clear();
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

  #send(subscriber: SignicatSubscriber, event: SignicatEventRecord, redelivery: boolean): Promise<SignicatEventDelivery> {
    // One queue per subscriber keeps its deliveries in the order the events happened.
    const previous = this.#queues.get(subscriber.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#deliver(subscriber, event, redelivery));
    this.#queues.set(subscriber.id, next);
    this.#inflight.add(next);
    void next.finally(() => this.#inflight.delete(next)).catch(() => undefined);
    return next;
  }

  async #deliver(subscriber: SignicatSubscriber, event: SignicatEventRecord, redelivery: boolean): Promise<SignicatEventDelivery> {
    const delivery: SignicatEventDelivery = {
      id: this.#nextId++,
      eventId: event.id,
      eventName: event.eventName,
      subscriberId: subscriber.id,
      url: subscriber.url,
      dossierId: event.dossierId,
      processId: event.processId,
      redelivery,
      status: null,
      ok: false,
      error: null,
      durationMs: 0,
    };
    this.#deliveries.push(delivery);
    this.#sent.set(delivery.id, { subscriber, event });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (subscriber.secret !== null) headers[SIGNICAT_EVENT_SIGNATURE_HEADER] = signSignicatEvent(event.body, subscriber.secret);
    const started = performance.now();
    try {
      const res = await this.o.fetch(subscriber.url, { method: 'POST', headers, body: event.body, signal: AbortSignal.timeout(this.o.timeoutMs) });
      await res.arrayBuffer().catch(() => undefined);
      delivery.status = res.status;
      delivery.ok = res.status >= 200 && res.status < 300;
      if (!delivery.ok) delivery.error = `subscriber answered ${res.status}`;
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      delivery.error = e.name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : (e.cause?.code ?? e.message);
    }
    delivery.durationMs = Math.round(performance.now() - started);
    return { ...delivery };
  }
}
