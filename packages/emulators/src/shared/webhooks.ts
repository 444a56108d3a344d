// One webhook dispatcher for every emulator. A queue per endpoint keeps its deliveries in the order
// they were asked for; every attempt is recorded, and a failing or unreachable endpoint is recorded,
// never thrown. Tests steer delivery the ways real providers misbehave: hold and release in another
// order, drop, duplicate, delay, retry with backoff. An emulator supplies only what is its own:
// which endpoints hear a message, and the request signed for one endpoint.
import { setTimeout as sleep } from 'node:timers/promises';

import type {
  DeliveryRecord,
  DeliveryState,
  ReleaseOrder,
  RetryPolicy,
  SignedRequest,
  WebhookDeliveryControls,
  WebhookDispatcherOptions,
  WebhookTarget,
} from './webhook-types.js';

export type {
  DeliveryRecord,
  DeliveryState,
  ReleaseOrder,
  RetryPolicy,
  SignedRequest,
  WebhookDeliveryControls,
  WebhookDispatcherOptions,
  WebhookTarget,
} from './webhook-types.js';

interface Job<M, T> {
  message: M;
  target: T;
  attempt: number;
  redelivery: boolean;
  /** Bytes to send as they are (a replay); otherwise signed at delivery. */
  request?: SignedRequest | null;
}

interface Plan {
  drop: boolean;
  duplicate: boolean;
  delayMs: number;
}

const NO_PLAN: Plan = { drop: false, duplicate: false, delayMs: 0 };

function checkCount(what: string, value: number, max = 1000): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} takes a whole number from 0 to ${max}, got ${value}.`);
  return value;
}

function checkRetry(policy: RetryPolicy): RetryPolicy {
  return { attempts: checkCount('retry attempts', policy.attempts, 20), backoffMs: checkCount('retry backoffMs', policy.backoffMs, 3_600_000) };
}

export class WebhookDispatcher<M, T extends WebhookTarget> implements WebhookDeliveryControls {
  readonly #o: WebhookDispatcherOptions<M, T>;
  #records: DeliveryRecord<M, T>[] = [];
  #nextId = 1;
  #queues = new Map<string, Promise<unknown>>();
  #inflight = new Set<Promise<unknown>>();
  #held: Array<{ message: M; targets: readonly T[] }> = [];
  #paused = false;
  #drop = 0;
  #duplicate = 0;
  #delays: number[] = [];
  #retry: RetryPolicy;
  #delivered = new Set<string>();
  // Bumped by clear(): delays and retries planned before a reset are abandoned, not sent.
  #generation = 0;

  constructor(options: WebhookDispatcherOptions<M, T>) {
    this.#o = options;
    this.#retry = checkRetry(options.retry ?? { attempts: 0, backoffMs: 1000 });
  }

  /** Sends a message to these endpoints (held while paused, unless it is a redelivery). */
  send(message: M, targets: readonly T[], options: { redelivery?: boolean } = {}): Promise<DeliveryRecord<M, T>[]> {
    const redelivery = options.redelivery ?? false;
    if (this.#paused && !redelivery) {
      this.#held.push({ message, targets: [...targets] });
      return Promise.resolve([]);
    }
    return Promise.all(targets.map((target) => this.#enqueue({ message, target, attempt: 1, redelivery }, redelivery ? NO_PLAN : this.#takePlan())));
  }

  /** Sends a recorded delivery again, byte for byte (same body, same headers and signature). */
  replay(deliveryId: number): Promise<DeliveryRecord<M, T>> {
    const record = this.#records.find((r) => r.id === deliveryId);
    if (!record) throw new RangeError(`${this.#o.name} emulator: no such delivery: ${deliveryId}`);
    return this.#enqueue({ message: record.message, target: record.target, attempt: 1, redelivery: true, request: record.request }, NO_PLAN);
  }

  deliveries(): DeliveryRecord<M, T>[] {
    return this.#records.map((r) => ({ ...r }));
  }

  record(deliveryId: number): DeliveryRecord<M, T> | undefined {
    const record = this.#records.find((r) => r.id === deliveryId);
    return record && { ...record };
  }

  get paused(): boolean {
    return this.#paused;
  }

  pause(): void {
    this.#paused = true;
  }

  async release(order: ReleaseOrder = 'created'): Promise<DeliveryRecord<M, T>[]> {
    const held = this.#held;
    this.#held = [];
    this.#paused = false;
    const key = (h: (typeof held)[number]) => this.#o.keyOf(h.message);
    const sequence =
      order === 'created'
        ? held
        : order === 'reverse'
          ? [...held].reverse()
          : [...order.flatMap((k) => held.filter((h) => key(h) === k)), ...held.filter((h) => !order.includes(key(h)))];
    // Queued in sequence, so each endpoint receives them in that order.
    const sends = sequence.map((h) => this.send(h.message, h.targets));
    return (await Promise.all(sends)).flat();
  }

  dropNext(count = 1): void {
    this.#drop += checkCount('dropNext', count);
  }

  duplicateNext(count = 1): void {
    this.#duplicate += checkCount('duplicateNext', count);
  }

  delayNext(ms: number, count = 1): void {
    checkCount('delayNext ms', ms, 120_000);
    for (let i = 0; i < checkCount('delayNext count', count); i++) this.#delays.push(ms);
  }

  setRetry(policy: RetryPolicy): void {
    this.#retry = checkRetry(policy);
  }

  state(): DeliveryState {
    return {
      paused: this.#paused,
      held: this.#held.map((h) => this.#o.keyOf(h.message)),
      drop: this.#drop,
      duplicate: this.#duplicate,
      delays_ms: [...this.#delays],
      retry: { ...this.#retry },
    };
  }

  async flush(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  /** Forgets deliveries, held messages and plans; what is planned but not yet sent is abandoned. */
  clear(): void {
    this.#generation++;
    this.#records = [];
    this.#held = [];
    this.#paused = false;
    this.#drop = 0;
    this.#duplicate = 0;
    this.#delays = [];
    this.#retry = checkRetry(this.#o.retry ?? { attempts: 0, backoffMs: 1000 });
    this.#delivered.clear();
  }

  // Plans apply to new messages in the order they are asked for, one endpoint delivery each; a
  // dropped delivery uses up no duplicate or delay, as it is never sent.
  #takePlan(): Plan {
    if (this.#drop > 0) {
      this.#drop--;
      return { ...NO_PLAN, drop: true };
    }
    const plan = { drop: false, duplicate: this.#duplicate > 0, delayMs: this.#delays.shift() ?? 0 };
    if (plan.duplicate) this.#duplicate--;
    return plan;
  }

  #track<P extends Promise<unknown>>(work: P): P {
    this.#inflight.add(work);
    void work.finally(() => this.#inflight.delete(work)).catch(() => undefined);
    return work;
  }

  #enqueue(job: Job<M, T>, plan: Plan): Promise<DeliveryRecord<M, T>> {
    const previous = this.#queues.get(job.target.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#deliver(job, plan));
    this.#queues.set(job.target.id, next);
    return this.#track(next);
  }

  async #deliver(job: Job<M, T>, plan: Plan): Promise<DeliveryRecord<M, T>> {
    const generation = this.#generation;
    if (plan.delayMs > 0) await sleep(plan.delayMs, undefined, { ref: false });
    const request = job.request !== undefined ? job.request : (this.#o.sign(job.message, job.target) ?? null);
    const record: DeliveryRecord<M, T> = {
      id: this.#nextId++,
      message: job.message,
      target: job.target,
      attempt: job.attempt,
      redelivery: job.redelivery,
      request,
      dropped: plan.drop,
      status: null,
      ok: false,
      error: null,
      duration_ms: 0,
    };
    if (generation !== this.#generation) return { ...record, error: 'abandoned by a reset' };
    this.#records.push(record);
    if (!request) record.error = 'event no longer exists';
    else if (plan.drop) record.error = 'dropped by a test control';
    else await this.#post(record, request);
    if (request && !plan.drop) {
      if (record.ok) this.#onOk(job);
      else if (job.attempt <= this.#retry.attempts) this.#scheduleRetry(job);
      if (plan.duplicate) void this.#enqueue({ ...job, redelivery: true, request }, NO_PLAN).catch(() => undefined);
    }
    return { ...record };
  }

  async #post(record: DeliveryRecord<M, T>, request: SignedRequest): Promise<void> {
    const started = performance.now();
    try {
      const res = await this.#o.fetch(record.target.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      record.status = res.status;
      record.ok = res.status >= 200 && res.status < 300;
      if (!record.ok) record.error = `${this.#o.receiver ?? 'endpoint'} answered ${res.status}`;
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      record.error = e.name === 'TimeoutError' ? `no answer within ${this.#o.timeoutMs} ms` : (e.cause?.code ?? e.message);
    }
    record.duration_ms = Math.round(performance.now() - started);
  }

  #onOk(job: Job<M, T>): void {
    const key = `${this.#o.keyOf(job.message)} ${job.target.id}`;
    if (this.#delivered.has(key)) return;
    this.#delivered.add(key);
    this.#o.onDelivered?.(job.message, job.target);
  }

  #scheduleRetry(job: Job<M, T>): void {
    const generation = this.#generation;
    const wait = this.#retry.backoffMs * 2 ** (job.attempt - 1);
    // A retry is signed afresh (a new timestamp for Stripe) unless the job replays exact bytes.
    const retry = sleep(wait, undefined, { ref: false }).then(() =>
      generation === this.#generation ? this.#enqueue({ ...job, attempt: job.attempt + 1 }, NO_PLAN) : undefined,
    );
    this.#track(retry);
  }
}

/** How a delivery went, as emulators with snake_case control answers show it beside their own fields. */
export function deliveryOutcome(r: DeliveryRecord<unknown, WebhookTarget>) {
  return { redelivery: r.redelivery, attempt: r.attempt, dropped: r.dropped, status: r.status, ok: r.ok, error: r.error, duration_ms: r.duration_ms };
}
