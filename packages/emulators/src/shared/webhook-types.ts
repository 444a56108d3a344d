// The shapes of the shared webhook dispatcher (./webhooks.ts): what an emulator gives it, what it
// records for each delivery, and the test controls every emulator offers over it.

/** Where a delivery goes; the id names its queue. */
export interface WebhookTarget {
  readonly id: string;
  readonly url: string;
}

/** The exact request one delivery sends, signed for its endpoint. */
export interface SignedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** When it was signed (unix seconds, emulator clock), for signatures that carry a timestamp. */
  readonly signedAt?: number;
}

export interface RetryPolicy {
  /** Further attempts after a failed one (non-2xx, timeout, unreachable); 0 = none. */
  attempts: number;
  /** Real milliseconds before the first retry; each next one waits twice as long. */
  backoffMs: number;
}

/** The order held messages go out in: as created, reversed, or these keys first (the rest as created). */
export type ReleaseOrder = 'created' | 'reverse' | readonly string[];

export interface DeliveryRecord<M, T extends WebhookTarget> {
  readonly id: number;
  readonly message: M;
  readonly target: T;
  /** 1 for a first attempt, 2… for its retries. */
  readonly attempt: number;
  /** Sent again on purpose: a resend, a replay or a duplicate. */
  readonly redelivery: boolean;
  /** What was sent (or would have been, when dropped); null when the message no longer exists. */
  readonly request: SignedRequest | null;
  /** Dropped by a test control: recorded, never sent. */
  dropped: boolean;
  /** HTTP status the endpoint answered, or null when it was not reached. */
  status: number | null;
  ok: boolean;
  /** Why it failed, without the endpoint's response body (it may echo personal data). */
  error: string | null;
  duration_ms: number;
}

export interface WebhookDispatcherOptions<M, T extends WebhookTarget> {
  /** The emulator's name, for error messages. */
  name: string;
  fetch: typeof fetch;
  /** How long an endpoint may take to answer. */
  timeoutMs: number;
  /** The log's word for a receiver: "endpoint answered 500" (default), "subscriber answered 500". */
  receiver?: string;
  /** A message's identity: release orders name it; onDelivered fires once per key and endpoint. */
  keyOf(message: M): string;
  /** The request delivering `message` to `target`, signed now; undefined once the message is gone. */
  sign(message: M, target: T): SignedRequest | undefined;
  /** After the first 2xx for a message at an endpoint (Stripe counts down pending_webhooks). */
  onDelivered?(message: M, target: T): void;
  retry?: RetryPolicy;
}

/** Test controls over delivery, the same for every emulator (in process and over HTTP). */
export interface WebhookDeliveryControls {
  /** Hold new messages instead of sending them, until release(). */
  pause(): void;
  /** Send what is held, in this order, and stop holding. */
  release(order?: ReleaseOrder): Promise<unknown[]>;
  /** The next `count` deliveries of new messages are recorded as dropped and never sent. */
  dropNext(count?: number): void;
  /** The next `count` deliveries of new messages are each sent twice, byte for byte. */
  duplicateNext(count?: number): void;
  /** The next `count` deliveries of new messages wait `ms` first (holding their endpoint's queue). */
  delayNext(ms: number, count?: number): void;
  setRetry(policy: RetryPolicy): void;
  state(): DeliveryState;
  /** Waits until nothing is under way: deliveries, delays, and retries still to come. */
  flush(): Promise<void>;
}

export interface DeliveryState {
  paused: boolean;
  /** Keys of the held messages, oldest first. */
  held: string[];
  drop: number;
  duplicate: number;
  delays_ms: number[];
  retry: RetryPolicy;
}
