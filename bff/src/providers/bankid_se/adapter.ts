// BankID Sweden's adapter. An attempt is the person's BankID step; its orders are started with
// `auth` (or `sign`), followed live (the QR code recomputed each second, `collect` every two),
// restarted on a retry or a switch of device, and cancelled when the person leaves.
import { OUTCOME_ERRORS, type OutcomeErrorCode } from '@identity-verify/contract/errors';
import type { BankIdClient as BankIdWidgetClient, BankIdResult } from '@identity-verify/contract/providers/bankid_se';
import { ProviderError } from '../../errors.js';
import type { AdapterDeps, AttemptContext, Outcome, ProviderAdapter, RefreshedClient } from '../types.js';
import { BankIdRefusal, PERSON_FACING_ERRORS, createBankIdClient, type Collected, type StartedOrder } from './client.js';
import { bankIdProfile, profileDataOf } from './identity-profile.js';
import type { BankIdConfig } from './module.js';
import { currentOrder, failedClient, orderData, pendingClient, personOf, type CurrentOrder } from './order.js';

/** The QR code changes every second, so a followed attempt is asked that often. */
const FOLLOW_MS = 1_000;
/** How far past the turn of a second the next QR code is computed, so it is surely the new second's. */
const TURN_MARGIN_MS = 20;
/** BankID asks relying parties to collect an order every two seconds, whoever is watching it. */
const COLLECT_MS = 2_000;
/** Answers kept for orders followed in this process; older ones are dropped beyond this many. */
const MAX_REMEMBERED_ORDERS = 1_000;

/** How a failed order's hint code reads on the session, for the host. */
const FAILURES: Record<string, { code: OutcomeErrorCode; reason: string }> = {
  userCancel: { code: 'abandoned', reason: 'The person cancelled in the BankID app.' },
  cancelled: { code: 'abandoned', reason: 'The order was cancelled: another was started for the same person.' },
  expiredTransaction: { code: 'token_expired', reason: 'The BankID app was not started in time.' },
  startFailed: { code: 'token_expired', reason: 'The BankID app could not be started, or the QR code was not scanned in time.' },
  certificateErr: { code: 'verification_failed', reason: "The person's BankID is blocked or too old." },
};

export function createBankIdAdapter(config: BankIdConfig, deps: AdapterDeps): ProviderAdapter {
  const bankid = createBankIdClient(config, deps);
  const now = () => deps.clock.now().getTime();

  // Per order: the last collect (shared by every stream following it, so one collect per two
  // seconds however many tabs are open) and whether it was final (BankID answers a second collect
  // of a finished order with invalidParameters). Orders we cancelled ourselves are kept apart, so
  // a follower still holding the old order does not report the cancel as the person's.
  const collects = new Map<string, { at: number; answer: Promise<Collected>; final: boolean }>();
  const cancelledHere = new Set<string>();

  /** Adds to a Map or Set kept to its newest entries (both keep insertion order, oldest first). */
  function bounded<K>(collection: Map<K, unknown> | Set<K>, key: K, add: () => void) {
    collection.delete(key);
    add();
    for (const old of collection.keys()) {
      if (collection.size <= MAX_REMEMBERED_ORDERS) break;
      collection.delete(old);
    }
  }

  function collectShared(orderRef: string): Promise<Collected> {
    const last = collects.get(orderRef);
    if (last && (last.final || now() - last.at < COLLECT_MS)) return last.answer;
    const entry = { at: now(), answer: bankid.collect(orderRef), final: false };
    bounded(collects, orderRef, () => collects.set(orderRef, entry));
    entry.answer.then(
      (collected) => void (entry.final = collected.status !== 'pending'),
      () => undefined,
    );
    return entry.answer;
  }

  async function cancel(order: CurrentOrder): Promise<void> {
    bounded(cancelledHere, order.orderRef, () => cancelledHere.add(order.orderRef));
    if (collects.get(order.orderRef)?.final) return;
    await bankid.cancel(order.orderRef);
  }

  /** Starts an order for the person at `remoteIp`: its private data and first client, or why none could start. */
  async function startOrder(remoteIp: string | null): Promise<{ order: StartedOrder | null; client: BankIdWidgetClient; startedAt: number }> {
    try {
      // Without a socket (the BFF called in process) there is no peer; loopback is then the truth.
      const order = await bankid.start({ endUserIp: remoteIp ?? '127.0.0.1', signText: config.signText, authText: null });
      const startedAt = now();
      const current: CurrentOrder = { ...order, startedAt };
      return { order, client: pendingClient(current, config.appUrl, null, startedAt), startedAt };
    } catch (error) {
      // alreadyInProgress, maintenance…: the person is told in BankID's words and may try again.
      if (error instanceof BankIdRefusal && (PERSON_FACING_ERRORS as readonly string[]).includes(error.errorCode)) {
        deps.log({ level: 'warn', msg: 'bankid order not started', provider: 'bankid_se', code: error.errorCode });
        return { order: null, client: failedClient(config.appUrl, error.errorCode), startedAt: now() };
      }
      throw error;
    }
  }

  function verified(ctx: AttemptContext, completion: Extract<Collected, { status: 'complete' }>['completionData']): Outcome {
    const details: BankIdResult = { provider_key: 'bankid_se', risk: completion.risk ?? null, mrtd: completion.stepUp?.mrtd ?? false };
    // BankID established who the person is, whatever the session asked (the claim carries no
    // PII); their name and personal number are kept only when the session asked for an identity.
    const identity = ctx.session.requirements.layer === 'identity';
    return {
      status: 'verified',
      claims: ['verified_identity'],
      assurance: 'high',
      ...(identity ? { pii: personOf(completion) } : {}),
      details,
      // The order's type and certificate policy, for the identity profile (no PII).
      privateData: profileDataOf(config.signText ? 'sign' : 'auth', config.certificatePolicies, completion.signature),
    };
  }

  function failed(code: string | null): Outcome {
    const failure = (code && Object.hasOwn(FAILURES, code) ? FAILURES[code] : undefined) ?? { code: 'provider_error' as const, reason: `${OUTCOME_ERRORS.provider_error} BankID ended the order (${code ?? 'no hint code'}).` };
    // The attempt stays open: the person can start a new order from the widget.
    return { status: 'requires_input', error: failure, attemptStaysOpen: true, client: failedClient(config.appUrl, code) };
  }

  /** Where the attempt's order stands now: this second's QR code, or BankID's verdict. */
  async function follow(ctx: AttemptContext): Promise<Outcome> {
    const order = currentOrder(ctx.attempt);
    const shown = ctx.attempt.client as BankIdWidgetClient;
    if (!order || shown.order === 'failed' || cancelledHere.has(order.orderRef)) return { status: 'pending' };
    let collected: Collected | null = null;
    try {
      collected = await collectShared(order.orderRef);
    } catch (error) {
      // BankID no longer knows the order (collected elsewhere, or past its window): it cannot finish.
      if (error instanceof BankIdRefusal && error.errorCode === 'invalidParameters') return failed('invalidParameters');
      // A slow or busy BankID: the QR code keeps changing and the next collect tries again.
      if (!(error instanceof BankIdRefusal || error instanceof ProviderError)) throw error;
      deps.log({ level: 'warn', msg: 'bankid collect failed', provider: 'bankid_se', code: error instanceof BankIdRefusal ? error.errorCode : error.code });
    }
    if (!collected || collected.status === 'pending') {
      const hint = collected?.hintCode ?? shown.hint_code ?? null;
      const client = pendingClient(order, config.appUrl, hint, now());
      // Asked several times a second by each follower: written and pushed only when it changed.
      return JSON.stringify(client) === JSON.stringify(shown) ? { status: 'pending' } : { status: 'pending', client };
    }
    if (collected.status === 'complete') return verified(ctx, collected.completionData);
    return failed(collected.hintCode ?? null);
  }

  async function cancelCurrent({ attempt }: AttemptContext): Promise<void> {
    const order = currentOrder(attempt);
    if (order) await cancel(order);
  }

  return {
    key: 'bankid_se',
    faceChecks: ['none'],
    description: {
      name: 'BankID',
      supported_layers: ['identity'],
      claim_types: ['verified_identity'],
      assurance_level: 'high',
      coverage: ['SE'],
      flow: 'qr_code',
    },

    async initiate({ session, attemptId, remoteIp }) {
      const { order, client, startedAt } = await startOrder(remoteIp);
      // The attempt outlives its orders, so it is known by its own id.
      return { sessionRef: attemptId, client, privateData: orderData(order, startedAt), expiresAt: new Date(session.expires_at) };
    },

    async refreshClient(ctx): Promise<RefreshedClient> {
      const previous = currentOrder(ctx.attempt);
      if (previous) await cancel(previous);
      const { order, client, startedAt } = await startOrder(ctx.remoteIp);
      return { client, privateData: orderData(order, startedAt) };
    },

    follow: {
      intervalMs: FOLLOW_MS,
      next: follow,
      // Just past the turn of the order's second, so each QR code is shown for all of its second
      // (the app takes a code within a second of its own): not at a phase of the stream's own.
      dueIn(attempt) {
        const order = currentOrder(attempt);
        return order ? FOLLOW_MS - ((now() - order.startedAt) % FOLLOW_MS) + TURN_MARGIN_MS : FOLLOW_MS;
      },
    },
    retrieve: follow,

    identityProfile: async (ctx) => bankIdProfile(ctx),

    abandon: cancelCurrent,
    // BankID keeps nothing of the person past an order's collect window; a pending order is cancelled.
    redact: cancelCurrent,
  };
}
