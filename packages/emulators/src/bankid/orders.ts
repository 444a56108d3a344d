// BankID orders and how they move, on the emulator's clock: pending until the app gets the order
// (a QR scan or the autostart link), then the app's steps, then complete or failed. Time-driven
// steps (expiry, "started" turning into "userSign", the ID-document scan) are worked out when an
// order is read, so a test moves the clock and collects, with no timers and no sleeps.
import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../shared/clock.js';
import { completionData, type CompletionData } from './completion.js';
import type { BankIdPerson } from './people.js';
import { qrPayload } from './qr.js';

export const ORDER_KINDS = ['auth', 'sign', 'phone/auth', 'phone/sign'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** The hint codes BankID documents; collect may carry others (tests set them to check tolerance). */
export const PENDING_HINTS = ['outstandingTransaction', 'noClient', 'started', 'userMrtd', 'userCallConfirm', 'userSign'] as const;
export const FAILED_HINTS = ['expiredTransaction', 'certificateErr', 'userCancel', 'cancelled', 'startFailed', 'userDeclinedCall', 'notSupportedByUserApp', 'transactionRiskBlocked'] as const;

/** An order the app has not got expires after this long (BankID: 30 s for the QR code). */
export const START_WITHIN_MS = 30_000;
/** An order the app got but the person did not finish expires this long after it was made. */
export const ORDER_LIFETIME_MS = 180_000;
/** After the autostart link, the app searches for a usable BankID this long ("started"). */
export const STARTED_MS = 2_000;
/** The ID-document scan a requirement.mrtd order asks for takes this long ("userMrtd"). */
export const MRTD_SCAN_MS = 2_000;
/** How long a final order can be collected: complete 3 minutes, failed 5 (BankID's windows). */
export const COLLECTABLE_MS = { complete: 180_000, failed: 300_000 } as const;

export interface Requirement {
  pinCode?: boolean;
  mrtd?: boolean;
  cardReader?: 'class1' | 'class2';
  certificatePolicies?: string[];
  personalNumber?: string;
}

export interface OrderRequest {
  kind: OrderKind;
  endUserIp?: string;
  /** requirement.personalNumber, or the phone orders' personalNumber. */
  personalNumber?: string;
  requirement: Requirement;
  userVisibleData?: string;
  userNonVisibleData?: string;
  userVisibleDataFormat?: string;
  returnRisk?: boolean;
  returnUrl?: string;
  callInitiator?: 'user' | 'RP';
}

export type OrderStatus = 'pending' | 'complete' | 'failed';
export type PickUp = 'qr' | 'autostart' | 'phone';

export interface Order extends OrderRequest {
  orderRef: string;
  /** auth and sign only: the phone orders are started by a call. */
  start?: { autoStartToken: string; qrStartToken: string; qrStartSecret: string };
  createdAt: number;
  status: OrderStatus;
  /** When and how the app got the order. */
  pickedUp?: { at: number; via: PickUp };
  person?: BankIdPerson;
  /** When the person chose Identify on an order that still needs the ID-document scan. */
  identifiedAt?: number;
  /** A pending hint set by a test, over the one the steps give. */
  hintOverride?: string;
  finalHint?: string;
  finishedAt?: number;
  completion?: CompletionData;
  /** A final state is collectable once (BankID: "the order cannot be collected twice"). */
  collected: boolean;
  cancelledByRp: boolean;
}

export type CollectAnswer =
  | { ok: true; body: { orderRef: string; status: OrderStatus; hintCode?: string; completionData?: CompletionData } }
  | { ok: false; details: string };

export class OrderStore {
  #orders = new Map<string, Order>();
  constructor(private readonly clock: EmulatorClock, private readonly signingKey: () => string) {}

  clear(): void {
    this.#orders.clear();
  }

  /** A new order, or the pending order that has the same personal number (then both are aborted). */
  create(request: OrderRequest): { order: Order } | { alreadyInProgress: true } {
    const now = this.clock.now();
    this.#forgetOld(now);
    if (request.personalNumber) {
      const other = [...this.#orders.values()].find((o) => this.settle(o).status === 'pending' && o.personalNumber === request.personalNumber);
      if (other) {
        this.#finish(other, 'failed', now, 'cancelled');
        return { alreadyInProgress: true };
      }
    }
    const phone = request.kind.startsWith('phone/');
    const order: Order = {
      ...request,
      orderRef: randomUUID(),
      ...(phone ? {} : { start: { autoStartToken: randomUUID(), qrStartToken: randomUUID(), qrStartSecret: randomUUID() } }),
      createdAt: now,
      status: 'pending',
      collected: false,
      cancelledByRp: false,
    };
    this.#orders.set(order.orderRef, order);
    return { order };
  }

  get(orderRef: string): Order | undefined {
    const order = this.#orders.get(orderRef);
    return order && this.settle(order);
  }

  find(match: (o: Order) => boolean): Order | undefined {
    const order = [...this.#orders.values()].find(match);
    return order && this.settle(order);
  }

  /** Whole seconds since the order was made: the t of its current QR code. */
  second(order: Order): number {
    return Math.max(0, Math.floor((this.clock.now() - order.createdAt) / 1000));
  }

  currentQr(order: Order): string | undefined {
    return order.start && qrPayload(order.start.qrStartToken, order.start.qrStartSecret, this.second(order));
  }

  /** Applies what time has done to a pending order: expiry, the app's timed steps. */
  settle(order: Order): Order {
    if (order.status !== 'pending') return order;
    const now = this.clock.now();
    if (order.identifiedAt !== undefined && now >= order.identifiedAt + MRTD_SCAN_MS) {
      this.#complete(order, order.identifiedAt + MRTD_SCAN_MS);
    } else if (!order.pickedUp && now >= order.createdAt + START_WITHIN_MS) {
      this.#finish(order, 'failed', order.createdAt + START_WITHIN_MS, 'expiredTransaction');
    } else if (now >= order.createdAt + ORDER_LIFETIME_MS) {
      this.#finish(order, 'failed', order.createdAt + ORDER_LIFETIME_MS, 'expiredTransaction');
    }
    return order;
  }

  hint(order: Order): string | undefined {
    if (order.status !== 'pending') return order.finalHint;
    if (order.hintOverride) return order.hintOverride;
    if (order.identifiedAt !== undefined) return 'userMrtd';
    if (!order.pickedUp) return 'outstandingTransaction';
    if (order.pickedUp.via === 'autostart' && this.clock.now() < order.pickedUp.at + STARTED_MS) return 'started';
    return 'userSign';
  }

  collect(orderRef: string): CollectAnswer {
    const order = this.get(orderRef);
    if (!order || order.cancelledByRp) return { ok: false, details: 'No such order' };
    if (order.status !== 'pending') {
      if (order.collected) return { ok: false, details: 'The order cannot be collected twice' };
      if (this.clock.now() > order.finishedAt! + COLLECTABLE_MS[order.status]) return { ok: false, details: 'The order is too old to be collected' };
      order.collected = true;
    }
    const hintCode = order.status === 'complete' ? undefined : this.hint(order);
    return {
      ok: true,
      body: { orderRef: order.orderRef, status: order.status, ...(hintCode ? { hintCode } : {}), ...(order.completion ? { completionData: order.completion } : {}) },
    };
  }

  /** The RP gives up on an order; a second cancel, or one of a finished order, is refused. */
  cancel(orderRef: string): { ok: true } | { ok: false; details: string } {
    const order = this.get(orderRef);
    if (!order) return { ok: false, details: 'No such order' };
    if (order.cancelledByRp) return { ok: false, details: 'The order cannot be cancelled twice' };
    if (order.status !== 'pending') return { ok: false, details: 'The order is no longer pending' };
    order.cancelledByRp = true;
    this.#finish(order, 'failed', this.clock.now(), 'cancelled');
    return { ok: true };
  }

  /** The app got the order (once: a second scan or link shows the same order). */
  pickUp(order: Order, via: PickUp): void {
    if (order.status === 'pending' && !order.pickedUp) order.pickedUp = { at: this.clock.now(), via };
  }

  /** The person chose Identify (or Sign) in the app. */
  identify(order: Order, person: BankIdPerson): void {
    if (order.status !== 'pending') return;
    order.person = person;
    order.hintOverride = undefined;
    if (person.blocked) this.#finish(order, 'failed', this.clock.now(), 'certificateErr');
    else if (order.requirement.mrtd) order.identifiedAt = this.clock.now();
    else this.#complete(order, this.clock.now());
  }

  fail(order: Order, hintCode: string): void {
    if (order.status === 'pending') this.#finish(order, 'failed', this.clock.now(), hintCode);
  }

  setHint(order: Order, hintCode: string | undefined): void {
    if (order.status === 'pending') order.hintOverride = hintCode;
  }

  #complete(order: Order, at: number): void {
    this.#finish(order, 'complete', at);
    order.completion = completionData(order, order.person!, at, this.signingKey());
  }

  #finish(order: Order, status: Exclude<OrderStatus, 'pending'>, at: number, hintCode?: string): void {
    order.status = status;
    order.finishedAt = at;
    order.finalHint = hintCode;
    order.identifiedAt = undefined;
    order.hintOverride = undefined;
  }

  /** Orders past every window are dropped, so a long-running emulator does not grow. */
  #forgetOld(now: number): void {
    for (const [ref, order] of this.#orders) {
      this.settle(order);
      if (order.finishedAt !== undefined && now > order.finishedAt + 2 * COLLECTABLE_MS.failed) this.#orders.delete(ref);
    }
  }
}
