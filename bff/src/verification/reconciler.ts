// The reconciler: what no request is left to finish. Run on an interval by every replica (each
// step claims its rows by compare-and-set, so two replicas do the work once):
//  - intents whose request died between writing the attempt and the provider's answer (a crash,
//    kill -9) are swept: closed, so the person can start again, and what the provider created for
//    one, where it can be found (findStarted), recorded on it and abandoned there;
//  - attempts claimed while their provider decides (submitted) past their lease, and attempts of
//    sessions waiting on a provider (processing), are read again from the provider and the
//    outcome applied: a verdict whose webhook was lost, or that arrived while we were down, lands;
//    a lapsed lease with no verdict goes back to pending, for the person to try again;
//  - provider jobs that are due (abandon, redact) are run;
//  - sessions past their retention are redacted at their providers and in our store, then,
//    once no provider work is left, purged.
import { ApiError, ProviderError } from '../errors.js';
import type { AttemptRecord } from '../store/store.js';
import type { Core } from './core.js';
import type { Outcomes } from './outcomes.js';
import type { Redaction } from './redaction.js';

export interface ReconcilerTiming {
  /** An intent older than this lost its request (a live one ends within the provider timeout). */
  intentTimeoutMs: number;
  /** How long an attempt may stay submitted, or untouched while its session waits on the provider, before it is read again. */
  leaseMs: number;
  /** How often an attempt in a provider's review is read again, should the provider's event about the verdict be lost. */
  reviewPollMs: number;
}

export const DEFAULT_RECONCILER_TIMING: ReconcilerTiming = { intentTimeoutMs: 2 * 60_000, leaseMs: 60_000, reviewPollMs: 15 * 60_000 };

export function createReconciler(core: Core, { applyOutcome }: Outcomes, { redact }: Redaction, timing: ReconcilerTiming = DEFAULT_RECONCILER_TIMING) {
  const { store, providers, clock, log, jobs, signals, retentionMs, awaitsVerdict } = core;
  const ago = (ms: number) => new Date(clock.now().getTime() - ms).toISOString();

  async function sweepIntents(): Promise<number> {
    let swept = 0;
    for (const intent of await store.staleAttempts(['starting'], ago(timing.intentTimeoutMs))) {
      // No reference came back: what the provider may have created for it is looked for by the
      // ids it was bound to, where the provider can be searched so, to be recorded (a redaction
      // reaches it) and ended there.
      const session = await store.getSession(intent.session_id);
      const adapter = providers.get(intent.provider_key);
      let orphan: { sessionRef: string; privateData: Record<string, string> } | null = null;
      if (session && adapter?.findStarted) {
        try {
          orphan = await adapter.findStarted({ session, attemptId: intent.id });
        } catch (error) {
          // Not swept blind: the next pass looks again.
          log({ level: 'warn', msg: 'intent search failed', provider_key: intent.provider_key, attempt_id: intent.id, code: error instanceof ApiError ? error.code : 'internal_error', ...(error instanceof ProviderError ? error.logFields() : {}) });
          continue;
        }
      }
      // Closing the intent frees the session and provider for the person's next try.
      const closed = await store.transaction(async (tx) => {
        await tx.lockSession(intent.session_id);
        if (!(await tx.moveAttempt(intent.id, ['starting'], 'canceled'))) return false;
        if (orphan) await tx.settleAttempt(intent.id, { session_ref: orphan.sessionRef, client: intent.client, private_data: orphan.privateData, expires_at: intent.expires_at });
        await tx.audit({ session_id: intent.session_id, actor: 'system', action: 'attempt.intent_swept', detail: { attempt_id: intent.id, provider_key: intent.provider_key, found_at_provider: orphan !== null } });
        return true;
      });
      if (!closed) continue;
      log({ level: 'warn', msg: 'attempt intent swept', provider_key: intent.provider_key, attempt_id: intent.id, found_at_provider: orphan !== null });
      signals.notify(intent.session_id);
      swept++;
      if (orphan && session) await jobs.now('abandon', session, { ...intent, status: 'canceled', session_ref: orphan.sessionRef, private_data: orphan.privateData });
    }
    return swept;
  }

  async function reread(attempt: AttemptRecord): Promise<'applied' | 'released' | 'waiting' | 'skipped'> {
    const session = await store.getSession(attempt.session_id);
    const adapter = providers.get(attempt.provider_key);
    if (!session || !awaitsVerdict(session, attempt)) return 'skipped';
    // Touched first: a provider that fails now is asked again after another lease, not at once.
    await store.touchAttempt(attempt.id);
    if (adapter?.retrieve) {
      let outcome;
      try {
        outcome = await adapter.retrieve({ session, attempt, remoteIp: null });
      } catch (error) {
        log({ level: 'warn', msg: 'reconcile read failed', provider_key: attempt.provider_key, attempt_id: attempt.id, code: error instanceof ApiError ? error.code : 'internal_error' });
        return 'waiting';
      }
      if (outcome.status !== 'pending' && outcome.status !== 'processing') {
        if (await applyOutcome(session, attempt, outcome, 'reconciler')) return 'applied';
      } else if (outcome.status === 'processing') {
        await applyOutcome(session, attempt, outcome, 'reconciler');
        return 'waiting';
      }
    }
    // A lapsed claim with no verdict: the request that claimed it is gone; the person may try again.
    if (attempt.status === 'submitted' && (await store.moveAttempt(attempt.id, ['submitted'], 'pending'))) {
      signals.notify(session.id);
      return 'released';
    }
    return 'waiting';
  }

  /** Sessions kept past their retention: erased everywhere, then deleted but for the audit trail. */
  async function purgeExpired(): Promise<number> {
    let purged = 0;
    for (const session of await store.sessionsPastRetention(ago(retentionMs))) {
      if (!session.redacted_at) await redact(session, 'system');
      // A provider still to erase its copy keeps the row (its job needs it) until a later pass.
      if ((await store.pendingProviderJobs(session.id)).length) continue;
      await store.transaction(async (tx) => {
        await tx.lockSession(session.id);
        await tx.purgeSession(session.id);
        await tx.audit({ session_id: session.id, actor: 'system', action: 'session.purged' });
      });
      purged++;
    }
    return purged;
  }

  /** Identity claims past their expiry count no more: what they kept of the person is erased (the claim stays, as a record). */
  async function eraseLapsedClaims(): Promise<number> {
    const erased = await store.eraseLapsedClaimPii();
    for (const claim of erased) {
      await store.audit({ tenant: claim.tenant, session_id: claim.session_id, actor: 'system', action: 'claim.pii_erased', detail: { claim_id: claim.id } });
    }
    return erased.length;
  }

  /** One pass of everything; answers what it did, for logs, metrics and tests. */
  async function runOnce() {
    const swept = await sweepIntents();
    const tally = { swept, applied: 0, released: 0, waiting: 0 };
    for (const attempt of await store.attemptsToReconcile({ leaseBefore: ago(timing.leaseMs), reviewBefore: ago(timing.reviewPollMs) })) {
      const result = await reread(attempt);
      if (result !== 'skipped') tally[result]++;
    }
    const jobsRun = await jobs.runDue();
    const purged = await purgeExpired();
    const lapsedClaims = await eraseLapsedClaims();
    return { ...tally, jobs: jobsRun, purged, lapsedClaims };
  }

  return { runOnce };
}

export type Reconciler = ReturnType<typeof createReconciler>;
