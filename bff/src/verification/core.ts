// What every part of the verification service shares: the session's freshness, the views of an
// attempt, and "the open attempt of this session that may do X".
import { isFinalStatus, type ClaimType, type ProviderKey } from '@identity-verify/contract/vocabulary';
import type { ActiveAttempt, PendingVerification, Person, VerificationResult } from '@identity-verify/contract/schemas';
import type { Clock } from '../clock.js';
import { ApiError } from '../errors.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { ProviderAdapter } from '../providers/types.js';
import type { PiiBox } from '../security/pii.js';
import { reachedProvider, type AttemptStatus, type ClaimRow } from '../store/schema.js';
import { createProviderJobs } from './provider-jobs.js';
import type { AttemptRecord, SessionRecord, Store } from '../store/store.js';

/** What a store transaction hands its callback. */
type Transaction = Parameters<Parameters<Store['transaction']>[0]>[0];
import { SessionSignals } from './signals.js';

export interface VerificationDeps {
  store: Store;
  providers: ProviderRegistry;
  clock: Clock;
  pii: PiiBox;
  /** Wakes the streams following a session when it changes; one per process. */
  signals?: SessionSignals;
  log?: (entry: Record<string, unknown>) => void;
  /**
   * How long past its expiry a session waiting on a provider's decision (processing) stays open
   * for the verdict to land: a provider may take days (a manual review). Default 7 days.
   */
  processingGraceMs?: number;
  /** How long after it ended a session and its personal data are kept (then purged). Default 90 days. */
  retentionMs?: number;
}

export const DEFAULT_PROCESSING_GRACE_MS = 7 * 24 * 3600 * 1000;

export const publicClaim = (c: ClaimRow) => ({
  type: c.type as ClaimType,
  provider_key: c.provider_key as ProviderKey,
  assurance_level: c.assurance_level as 'low' | 'substantial' | 'high',
});

export const lastError = (s: SessionRecord) => (s.last_error_code ? { code: s.last_error_code, reason: s.last_error_reason ?? '' } : null);

export const pendingView = (a: AttemptRecord): PendingVerification => ({
  session_id: a.id,
  provider_key: a.provider_key,
  session_ref: a.session_ref,
  status: 'pending',
  created_at: a.created_at,
  expires_at: a.expires_at,
});
export const activeView = (a: AttemptRecord): ActiveAttempt => ({ ...pendingView(a), client: a.client });

/** A provider capability an operation needs, and how a provider without it is refused. */
type Capability = 'upload' | 'refreshClient' | 'verifyToken';

export function createCore({ store, providers, clock, pii, signals = new SessionSignals(), log = () => {}, processingGraceMs = DEFAULT_PROCESSING_GRACE_MS, retentionMs = 90 * 24 * 3600 * 1000 }: VerificationDeps) {
  const nowIso = () => clock.now().toISOString();
  const isPast = (iso: string) => clock.now().getTime() >= Date.parse(iso);
  const isLive = (a: AttemptRecord) => !isPast(a.expires_at);

  /**
   * Sessions expire lazily: the first read after expires_at records the expiry. A session whose
   * provider is deciding (processing) is not expired into a lost verdict: it waits out the grace.
   */
  async function fresh(session: SessionRecord): Promise<SessionRecord> {
    if (isFinalStatus(session.status)) return session;
    const waitingOnProvider = session.status === 'processing';
    if (clock.now().getTime() < Date.parse(session.expires_at) + (waitingOnProvider ? processingGraceMs : 0)) return session;
    const reason = waitingOnProvider ? 'The provider did not decide in time.' : 'The session expired before it was completed.';
    await store.transaction(async (tx) => {
      await tx.lockSession(session.id);
      if (await tx.updateSession(session.id, { status: 'expired', last_error_code: 'session_expired', last_error_reason: reason }, [session.status])) {
        await tx.audit({ session_id: session.id, actor: 'system', action: 'session.expired' });
      }
    });
    return (await store.getSession(session.id)) ?? session;
  }

  async function requireOpen(session: SessionRecord): Promise<SessionRecord> {
    const current = await fresh(session);
    if (isFinalStatus(current.status)) throw new ApiError('session_closed', `The session is ${current.status} and takes no more input.`);
    return current;
  }

  function adapterFor(key: ProviderKey): ProviderAdapter {
    const adapter = providers.get(key);
    if (!adapter) throw new ApiError('provider_not_available', `The provider "${key}" is not configured on this server.`);
    return adapter;
  }

  /**
   * The pending attempt `sessionRef` of this session at `providerKey`, whose provider can do
   * `capability`. An attempt past its expiry is refused unless `expired` says the caller handles it.
   */
  async function openAttempt(
    s: SessionRecord,
    providerKey: ProviderKey,
    sessionRef: string,
    capability: { needs: Capability; refusal: { path: string; message: string } },
    { expired = 'refuse' }: { expired?: 'refuse' | 'return' } = {},
  ): Promise<{ adapter: ProviderAdapter; attempt: AttemptRecord }> {
    const adapter = adapterFor(providerKey);
    if (!adapter[capability.needs]) throw new ApiError('validation_failed', undefined, { issues: [capability.refusal] });
    const attempt = await store.findAttempt(s.id, providerKey, sessionRef);
    if (!attempt || attempt.status !== 'pending' || (expired === 'refuse' && !isLive(attempt))) throw new ApiError('no_pending_session');
    return { adapter, attempt };
  }

  async function result(sessionId: string): Promise<VerificationResult> {
    const session = (await store.getSession(sessionId))!;
    return {
      session_id: session.id,
      status: session.status,
      provider_key: session.provider_key as ProviderKey | null,
      claims: (await store.listClaims(session.id)).map(publicClaim),
      last_error: lastError(session),
    };
  }

  const jobs = createProviderJobs({ store, providers, clock, log });

  /**
   * Ends at their providers attempts we just closed without a verdict. Called after our own
   * write, outside any transaction; a provider that cannot do it now gets a queued, retried job.
   */
  async function abandonAtProviders(session: SessionRecord, attempts: readonly AttemptRecord[]): Promise<void> {
    for (const attempt of attempts) await jobs.now('abandon', session, attempt);
  }

  /**
   * Ends an open attempt inside the caller's transaction, queuing beside it the abandon at its
   * provider: abandonAtProviders does it at once after the commit, and the queued job (closed
   * when that succeeds) is what remains should this process die in between. False when the
   * attempt was no longer in `from`.
   */
  async function endAttempt(tx: Transaction, sessionId: string, attempt: AttemptRecord, from: readonly AttemptStatus[], to: AttemptStatus): Promise<boolean> {
    if (!(await tx.moveAttempt(attempt.id, from, to))) return false;
    if (reachedProvider(attempt)) await tx.queueProviderJob(jobs.fallbackAbandon(sessionId, attempt));
    return true;
  }

  /**
   * Whether a provider's verdict on this attempt still counts: an open attempt of an open session,
   * or an attempt in the provider's review of a session that waits on it (needs_review).
   */
  const awaitsVerdict = (s: SessionRecord, a: AttemptRecord): boolean =>
    (['pending', 'submitted'].includes(a.status) && !isFinalStatus(s.status)) || (a.status === 'in_review' && s.status === 'needs_review');

  const personOf = (s: SessionRecord): Person | null => (s.person_sealed ? (pii.open(s.person_sealed, s.id) as Person) : null);

  return { store, providers, pii, signals, log, clock, jobs, retentionMs, nowIso, isLive, fresh, requireOpen, adapterFor, openAttempt, result, personOf, awaitsVerdict, abandonAtProviders, endAttempt };
}

export type Core = ReturnType<typeof createCore>;
