// Work a provider must do for us even when it cannot right now: ending an attempt we closed
// (abandon) and erasing what it holds of the person (redact). Each is tried at once; if the
// provider fails or is not ready, a job is queued and retried with backoff, by whichever replica
// claims it first, until it is done or given up (then logged for an operator). The host sees
// what is still pending on the session (provider_cleanup).
import { ApiError, ProviderError } from '../errors.js';
import { ProviderNotReady } from '../providers/types.js';
import { reachedProvider, type ProviderJobRow } from '../store/schema.js';
import { DEFAULT_RECONCILER_TIMING } from './reconciler.js';
import type { Clock } from '../clock.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { AttemptRecord, SessionRecord, Store } from '../store/store.js';

export type ProviderJobKind = ProviderJobRow['kind'];

/** First retry after 30 s, doubling to at most an hour; given up after 12 tries (about 8 hours). */
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3600_000;
export const MAX_JOB_TRIES = 12;
/** How long a claimed run may take before another replica may claim the job again. */
const RUN_DEADLINE_MS = 5 * 60_000;

/** When a fallback abandon is due: by then the request that queued it has done it, or died (the reconciler's intent timeout). */
const FALLBACK_AFTER_MS = DEFAULT_RECONCILER_TIMING.intentTimeoutMs;

export const retryDelayMs = (tries: number) => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, tries - 1), MAX_RETRY_MS);

const errorCode = (error: unknown) => (error instanceof ProviderNotReady ? 'not_ready' : error instanceof ApiError ? error.code : 'internal_error');

export function createProviderJobs({ store, providers, clock, log }: { store: Store; providers: ProviderRegistry; clock: Clock; log: (entry: Record<string, unknown>) => void }) {
  const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  /** Does the provider work once; true when done (or nothing to do), false when it must be tried again. */
  async function run(kind: ProviderJobKind, session: SessionRecord, attempt: AttemptRecord): Promise<true | { code: string }> {
    const adapter = providers.get(attempt.provider_key);
    const work = kind === 'abandon' ? adapter?.abandon : adapter?.redact;
    // An intent whose provider never answered holds nothing there; a provider without the call keeps nothing to end.
    if (!adapter || !work || !reachedProvider(attempt)) return true;
    try {
      await work.call(adapter, { session, attempt, remoteIp: null });
      return true;
    } catch (error) {
      const code = errorCode(error);
      if (!(error instanceof ProviderNotReady)) {
        log({ level: 'warn', msg: `provider ${kind} failed`, provider_key: attempt.provider_key, attempt_id: attempt.id, code, ...(error instanceof ProviderError ? error.logFields() : {}) });
      }
      return { code };
    }
  }

  /**
   * Does the work now; a provider that fails or is not ready gets a queued job. True when done
   * now, and then a job queued for it beforehand (a fallback) is closed.
   */
  async function now(kind: ProviderJobKind, session: SessionRecord, attempt: AttemptRecord): Promise<boolean> {
    const done = await run(kind, session, attempt);
    if (done === true) {
      await store.closeProviderJob(attempt.id, kind);
      return true;
    }
    await store.queueProviderJob({ session_id: session.id, attempt_id: attempt.id, provider_key: attempt.provider_key, kind, next_run_at: at(retryDelayMs(1)), last_error_code: done.code });
    return false;
  }

  /** Runs the jobs that are due, each claimed by one replica. */
  async function runDue(): Promise<{ done: number; retried: number; givenUp: number }> {
    const tally = { done: 0, retried: 0, givenUp: 0 };
    for (const job of await store.dueProviderJobs()) {
      if (!(await store.claimProviderJob(job, at(RUN_DEADLINE_MS)))) continue;
      const [session, attempt] = await Promise.all([store.getSession(job.session_id), store.findAttemptById(job.attempt_id)]);
      const outcome = session && attempt ? await run(job.kind, session, attempt) : true;
      const tries = job.tries + 1;
      if (outcome === true) {
        await store.finishProviderJob(job.id, { status: 'done', last_error_code: null });
        tally.done++;
      } else if (tries >= MAX_JOB_TRIES) {
        await store.finishProviderJob(job.id, { status: 'given_up', last_error_code: outcome.code });
        log({ level: 'error', msg: `provider ${job.kind} given up`, provider_key: job.provider_key, attempt_id: job.attempt_id, session_id: job.session_id, tries, code: outcome.code });
        tally.givenUp++;
      } else {
        await store.finishProviderJob(job.id, { status: 'queued', next_run_at: at(retryDelayMs(tries)), last_error_code: outcome.code });
        tally.retried++;
      }
    }
    return tally;
  }

  /**
   * The abandon of an attempt a transaction closes, to queue in that same transaction, due only
   * once the request would have finished: the request ends it at its provider after committing
   * (now() closes this job), and if it dies in between (kill -9) the reconciler does instead of
   * leaving it live there.
   */
  function fallbackAbandon(sessionId: string, attempt: { id: string; provider_key: string }) {
    return {
      session_id: sessionId,
      attempt_id: attempt.id,
      provider_key: attempt.provider_key,
      kind: 'abandon' as const,
      next_run_at: at(FALLBACK_AFTER_MS),
      last_error_code: null,
    };
  }

  return { now, runDue, fallbackAbandon };
}

export type ProviderJobs = ReturnType<typeof createProviderJobs>;
