// The store's typed operations. Routes and services never write SQL: everything that changes
// state goes through here, and the state changes that must not happen twice are conditional
// updates (compare-and-set on status), so concurrent or replayed requests apply once.
// It stays one file of a little over 300 lines: every operation shares the transaction wrapper
// and the row decoding, and the compare-and-set rules read best side by side.
import { PostgresAdapter, type Transaction } from 'kysely';
import { ASSURANCE_LEVELS, type ClaimType, type AssuranceLevel, type ProviderKey, type ConsentNotice, type ConsentDecision } from '@identity-verify/contract/vocabulary';
import type { Requirements, ProviderClient, ProviderResult } from '@identity-verify/contract/schemas';
import { DELEGATION_CLAIM, type DELEGATION_NOTICE } from '@identity-verify/contract/delegation';
import type { Clock } from '../clock.js';
import { newId } from '../security/tokens.js';
import type { Db } from './database.js';
import type {
  AttemptRow,
  AttemptStatus,
  ClaimRow,
  ConsentRow,
  Database,
  NewAuditEntry,
  ProviderJobRow,
  PassportKeysTable,
  PassportsTable,
  ServiceRequirementsTable,
  SessionRow,
  SessionsTable,
} from './schema.js';
import { OPEN_ATTEMPT_STATUSES } from './schema.js';
import { EVENT_OF_STATUS, queueSessionEvent } from '../events/outbox.js';
import { chainHash, GENESIS_HASH, SYSTEM_CHAIN, verifyChain, type ChainVerdict } from './audit-chain.js';

export interface SessionRecord extends Omit<SessionRow, 'requirements' | 'metadata' | 'provider_result'> {
  requirements: Requirements;
  metadata: Record<string, string>;
  provider_result: ProviderResult | null;
}

export interface AttemptRecord extends Omit<AttemptRow, 'client' | 'private_data'> {
  provider_key: ProviderKey;
  client: ProviderClient;
  private_data: Record<string, string>;
}

export interface NewSession {
  id: string;
  tenant: string;
  reference: string | null;
  /** The host's id for the person, when it named one. */
  subject?: string | null;
  /** The host's service whose requirements the session took, when it named one. */
  service_id?: string | null;
  requirements: Requirements;
  locale: string | null;
  return_url: string | null;
  metadata: Record<string, string>;
  client_secret_hash: string;
  expires_at: string;
  person_sealed: string | null;
}

export type SessionPatch = Partial<
  Pick<
    SessionsTable,
    | 'status'
    | 'country_of_residence'
    | 'provider_key'
    | 'last_error_code'
    | 'last_error_reason'
    | 'pii_sealed'
    | 'person_sealed'
    | 'completed_at'
    | 'redacted_at'
  >
> & { provider_result?: ProviderResult | null };

const toSession = (row: SessionRow): SessionRecord => ({
  ...row,
  requirements: JSON.parse(row.requirements) as Requirements,
  metadata: JSON.parse(row.metadata) as Record<string, string>,
  provider_result: row.provider_result ? (JSON.parse(row.provider_result) as ProviderResult) : null,
});
const toAttempt = (row: AttemptRow): AttemptRecord => ({
  ...row,
  provider_key: row.provider_key as ProviderKey,
  client: JSON.parse(row.client) as ProviderClient,
  private_data: JSON.parse(row.private_data) as Record<string, string>,
});

type Executor = Db | Transaction<Database>;

/** How long a claim of each type counts once issued, in days (IDV_CLAIM_DAYS_*). */
export type ClaimLifetimes = Readonly<Record<ClaimType, number>>;
export const DEFAULT_CLAIM_LIFETIMES: ClaimLifetimes = { verified_human: 30, verified_identity: 365 };

/** What a reusable claim must meet: its type, a minimum assurance, and its provider among those accepted (all when empty). */
export interface ClaimNeed {
  type: ClaimType;
  min_assurance: AssuranceLevel;
  accepted_providers: readonly ProviderKey[];
}

export function createStore(db: Db, clock: Clock, { claimLifetimes = DEFAULT_CLAIM_LIFETIMES }: { claimLifetimes?: ClaimLifetimes } = {}) {
  const now = () => clock.now().toISOString();
  // Every widget request looks its session up: build and compile that query once (for this
  // dialect) and only swap the parameter, instead of walking Kysely's builder each time.
  const sessionById = db.selectFrom('sessions').selectAll().where('id', '=', '').compile();
  // SQLite runs one transaction at a time; PostgreSQL runs them side by side and needs row locks.
  const rowLocks = db.getExecutor().adapter instanceof PostgresAdapter;

  const ops = (x: Executor) => ({
    /**
     * Locks the session's row until the transaction ends. Every transaction that changes a session
     * and its attempts takes it first, so two of them (a webhook's verdict, a redaction, another
     * replica's initiate) queue on the session instead of locking rows in opposite orders and
     * deadlocking. Call within a transaction.
     */
    async lockSession(id: string): Promise<void> {
      if (rowLocks) await x.selectFrom('sessions').select('id').where('id', '=', id).forUpdate().execute();
    },

    async createSession(input: NewSession): Promise<SessionRecord> {
      const at = now();
      const row: SessionRow = {
        id: input.id,
        tenant: input.tenant,
        reference: input.reference,
        subject: input.subject ?? null,
        service_id: input.service_id ?? null,
        status: 'requires_input',
        requirements: JSON.stringify(input.requirements),
        locale: input.locale,
        return_url: input.return_url,
        metadata: JSON.stringify(input.metadata),
        country_of_residence: null,
        provider_key: null,
        client_secret_hash: input.client_secret_hash,
        last_error_code: null,
        last_error_reason: null,
        pii_sealed: null,
        person_sealed: input.person_sealed,
        provider_result: null,
        created_at: at,
        updated_at: at,
        expires_at: input.expires_at,
        completed_at: null,
        redacted_at: null,
      };
      await x.insertInto('sessions').values(row).execute();
      return toSession(row);
    },

    async getSession(id: string): Promise<SessionRecord | null> {
      const { rows } = await x.executeQuery<SessionRow>({ ...sessionById, parameters: [id] });
      return rows[0] ? toSession(rows[0]) : null;
    },

    /** Updates a session; with `onlyIfStatus`, only while it still has one of those statuses. */
    async updateSession(id: string, patch: SessionPatch, onlyIfStatus?: readonly string[]): Promise<boolean> {
      const { provider_result, ...columns } = patch;
      const set = provider_result === undefined ? columns : { ...columns, provider_result: provider_result && JSON.stringify(provider_result) };
      let query = x.updateTable('sessions').set({ ...set, updated_at: now() }).where('id', '=', id);
      if (onlyIfStatus) query = query.where('status', 'in', [...onlyIfStatus]);
      const result = await query.executeTakeFirst();
      const updated = Number(result.numUpdatedRows) === 1;
      // A session reaching an end its host is told of: the event is written here, with the change
      // (in its transaction when there is one), whichever path ended it.
      const type = patch.status ? EVENT_OF_STATUS[patch.status] : undefined;
      if (updated && type) {
        const s = await x.selectFrom('sessions').select(['id', 'tenant', 'status', 'provider_key', 'last_error_code']).where('id', '=', id).executeTakeFirstOrThrow();
        await queueSessionEvent(ops(x), s, type, { status: s.status, provider_key: s.provider_key, last_error_code: s.last_error_code }, now());
      }
      return updated;
    },

    async createAttempt(input: {
      session_id: string;
      provider_key: ProviderKey;
      id?: string;
      session_ref: string;
      client: ProviderClient;
      private_data: Record<string, string>;
      expires_at: string;
      status?: 'starting' | 'pending';
    }): Promise<AttemptRecord> {
      const at = now();
      const row: AttemptRow = {
        id: input.id ?? newId('iva'),
        session_id: input.session_id,
        provider_key: input.provider_key,
        session_ref: input.session_ref,
        status: input.status ?? 'pending',
        client: JSON.stringify(input.client),
        private_data: JSON.stringify(input.private_data),
        created_at: at,
        updated_at: at,
        expires_at: input.expires_at,
      };
      await x.insertInto('attempts').values(row).execute();
      return toAttempt(row);
    },

    async openAttempts(sessionId: string): Promise<AttemptRecord[]> {
      const rows = await x
        .selectFrom('attempts')
        .selectAll()
        .where('session_id', '=', sessionId)
        .where('status', 'in', OPEN_ATTEMPT_STATUSES)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toAttempt);
    },

    /**
     * Records what the provider answered for an intent, whatever became of it (a redaction must
     * reach what was created), and opens it if it is still starting; false when it was ended meanwhile.
     * Call within a transaction.
     */
    async settleAttempt(id: string, started: { session_ref: string; client: ProviderClient; private_data: Record<string, string>; expires_at: string }): Promise<boolean> {
      await x
        .updateTable('attempts')
        .set({ ...started, client: JSON.stringify(started.client), private_data: JSON.stringify(started.private_data), updated_at: now() })
        .where('id', '=', id)
        .execute();
      const result = await x.updateTable('attempts').set({ status: 'pending' }).where('id', '=', id).where('status', '=', 'starting').executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** An intent whose provider call failed: nothing reached the provider, so nothing is kept. */
    async dropIntent(id: string): Promise<void> {
      await x.deleteFrom('attempts').where('id', '=', id).where('status', '=', 'starting').execute();
    },

    /** Attempts in `statuses` untouched since `before`, oldest first: the sweeper's and reconciler's work. */
    async staleAttempts(statuses: readonly AttemptStatus[], before: string, limit = 100): Promise<AttemptRecord[]> {
      const rows = await x
        .selectFrom('attempts')
        .selectAll()
        .where('status', 'in', [...statuses])
        .where('updated_at', '<', before)
        .orderBy('updated_at')
        .limit(limit)
        .execute();
      return rows.map(toAttempt);
    },

    /**
     * Open attempts the reconciler reads again: those claimed while their provider decides
     * (submitted) and those of sessions waiting on a provider (processing), untouched since `before`.
     */
    async attemptsToReconcile({ leaseBefore, reviewBefore }: { leaseBefore: string; reviewBefore: string }, limit = 100): Promise<AttemptRecord[]> {
      const rows = await x
        .selectFrom('attempts')
        .innerJoin('sessions', 'sessions.id', 'attempts.session_id')
        .selectAll('attempts')
        .where((eb) =>
          eb.or([
            eb.and([
              eb('attempts.status', 'in', ['pending', 'submitted']),
              eb('attempts.updated_at', '<', leaseBefore),
              eb.or([eb('attempts.status', '=', 'submitted'), eb('sessions.status', '=', 'processing')]),
            ]),
            // A provider's reviewer takes hours or days: asked again far less often.
            eb.and([eb('attempts.status', '=', 'in_review'), eb('attempts.updated_at', '<', reviewBefore)]),
          ]),
        )
        .orderBy('attempts.updated_at')
        .limit(limit)
        .execute();
      return rows.map(toAttempt);
    },

    /** Marks an attempt as just looked at, so the reconciler waits before reading it again. */
    async touchAttempt(id: string): Promise<void> {
      await x.updateTable('attempts').set({ updated_at: now() }).where('id', '=', id).execute();
    },

    /** Open attempts (intents included) counted by provider and status: the open-attempts gauge, read on a scrape. */
    async countOpenAttempts(): Promise<Array<{ provider: string; status: string; count: number }>> {
      const rows = await x
        .selectFrom('attempts')
        .select((eb) => ['provider_key', 'status', eb.fn.countAll<number | string | bigint>().as('count')])
        .where('status', 'in', OPEN_ATTEMPT_STATUSES)
        .groupBy(['provider_key', 'status'])
        .execute();
      return rows.map((r) => ({ provider: r.provider_key, status: r.status, count: Number(r.count) }));
    },

    /** How many rows of `table` a session has: what its caps count. */
    async countOf(table: 'attempts' | 'consents', sessionId: string): Promise<number> {
      const row = await x.selectFrom(table).select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).where('session_id', '=', sessionId).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Sessions that ended (or expired) before `before`, oldest first: what retention purges. */
    async sessionsPastRetention(before: string, limit = 100): Promise<SessionRecord[]> {
      const rows = await x
        .selectFrom('sessions')
        .selectAll()
        .where((eb) => eb(eb.fn.coalesce('completed_at', 'expires_at'), '<', before))
        .orderBy('expires_at')
        .limit(limit)
        .execute();
      return rows.map(toSession);
    },

    /**
     * Deletes a session and every row of it but the audit trail (ids and codes only) and the claims
     * it issued for a subject, which last their own lifetime. Call within a transaction.
     */
    async purgeSession(id: string): Promise<void> {
      for (const table of ['attempts', 'consents', 'claim_reuses', 'provider_jobs'] as const) await x.deleteFrom(table).where('session_id', '=', id).execute();
      await x.deleteFrom('claims').where('session_id', '=', id).where('subject', 'is', null).execute();
      await x.deleteFrom('sessions').where('id', '=', id).execute();
    },

    async findAttemptById(id: string): Promise<AttemptRecord | null> {
      const row = await x.selectFrom('attempts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toAttempt(row) : null;
    },

    /** Queues work at a provider for an attempt after a first try failed, once per kind. */
    async queueProviderJob(job: Pick<ProviderJobRow, 'session_id' | 'attempt_id' | 'provider_key' | 'kind' | 'next_run_at' | 'last_error_code'>): Promise<void> {
      const at = now();
      await x
        .insertInto('provider_jobs')
        .values({ id: newId('job'), ...job, status: 'queued', tries: 1, created_at: at, updated_at: at })
        // A job already queued for it (a request's fallback) takes this run's time and error; one done or given up stays so.
        .onConflict((oc) =>
          oc
            .columns(['attempt_id', 'kind'])
            .doUpdateSet({ next_run_at: job.next_run_at, last_error_code: job.last_error_code, updated_at: at })
            .where('provider_jobs.status', '=', 'queued'),
        )
        .execute();
    },

    async dueProviderJobs(limit = 50): Promise<ProviderJobRow[]> {
      return x.selectFrom('provider_jobs').selectAll().where('status', '=', 'queued').where('next_run_at', '<=', now()).orderBy('next_run_at').limit(limit).execute();
    },

    /**
     * Claims a due job for one run by moving its next run past the run's deadline: of two
     * replicas, one gets it. False when another took it first.
     */
    async claimProviderJob(job: ProviderJobRow, until: string): Promise<boolean> {
      const result = await x
        .updateTable('provider_jobs')
        .set({ next_run_at: until, tries: job.tries + 1, updated_at: now() })
        .where('id', '=', job.id)
        .where('status', '=', 'queued')
        .where('next_run_at', '=', job.next_run_at)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Closes an attempt's queued job of this kind, if any: the work was just done without it. */
    async closeProviderJob(attemptId: string, kind: ProviderJobRow['kind']): Promise<void> {
      await x.updateTable('provider_jobs').set({ status: 'done', last_error_code: null, updated_at: now() }).where('attempt_id', '=', attemptId).where('kind', '=', kind).where('status', '=', 'queued').execute();
    },

    async finishProviderJob(id: string, outcome: { status: ProviderJobRow['status']; next_run_at?: string; last_error_code: string | null }): Promise<void> {
      await x.updateTable('provider_jobs').set({ ...outcome, updated_at: now() }).where('id', '=', id).execute();
    },

    /** The session's provider work not yet done: what the host is told is still pending. */
    async pendingProviderJobs(sessionId: string): Promise<ProviderJobRow[]> {
      return x.selectFrom('provider_jobs').selectAll().where('session_id', '=', sessionId).where('status', '=', 'queued').orderBy('created_at').execute();
    },

    /** Every attempt that reached a provider, newest first: what a redaction must reach. */
    async attemptsOf(sessionId: string): Promise<AttemptRecord[]> {
      const rows = await x.selectFrom('attempts').selectAll().where('session_id', '=', sessionId).orderBy('created_at', 'desc').execute();
      return rows.map(toAttempt);
    },

    async findAttempt(sessionId: string, providerKey: string, sessionRef: string): Promise<AttemptRecord | null> {
      const row = await x
        .selectFrom('attempts')
        .selectAll()
        .where('session_id', '=', sessionId)
        .where('provider_key', '=', providerKey)
        .where('session_ref', '=', sessionRef)
        .executeTakeFirst();
      return row ? toAttempt(row) : null;
    },

    /** An attempt by the provider's reference alone: how a webhook finds its session. */
    async findAttemptByRef(providerKey: string, sessionRef: string): Promise<AttemptRecord | null> {
      const row = await x
        .selectFrom('attempts')
        .selectAll()
        .where('provider_key', '=', providerKey)
        .where('session_ref', '=', sessionRef)
        .executeTakeFirst();
      return row ? toAttempt(row) : null;
    },

    async hasProviderEvent(provider: string, eventId: string): Promise<boolean> {
      const row = await x
        .selectFrom('provider_events')
        .select('event_id')
        .where('provider', '=', provider)
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Replaces what the widget needs for the attempt's next try (fresh provider credentials). */
    /**
     * Writes an attempt's client. With `onTry` (the provider references the client was made
     * from), only while the attempt is still on that try: news of a try replaced since (BankID's
     * old order after "Try again") does not overwrite the new one. False when it was not written.
     */
    async refreshAttemptClient(id: string, client: ProviderClient, onTry?: Record<string, string>): Promise<boolean> {
      let update = x.updateTable('attempts').set({ client: JSON.stringify(client), updated_at: now() }).where('id', '=', id);
      if (onTry) update = update.where('private_data', '=', JSON.stringify(onTry));
      const result = await update.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Whether the attempt is still on the try whose provider references are `onTry`. */
    async attemptOnTry(id: string, onTry: Record<string, string>): Promise<boolean> {
      const row = await x.selectFrom('attempts').select('id').where('id', '=', id).where('private_data', '=', JSON.stringify(onTry)).executeTakeFirst();
      return row !== undefined;
    },

    /** Keeps more provider references with an attempt (read later, e.g. for a result's images), beside those it has. */
    async addAttemptPrivateData(attempt: Pick<AttemptRecord, 'id' | 'private_data'>, more: Record<string, string>): Promise<void> {
      await x.updateTable('attempts').set({ private_data: JSON.stringify({ ...attempt.private_data, ...more }), updated_at: now() }).where('id', '=', attempt.id).execute();
    },

    /** Moves an attempt from one status to another; false when it was no longer in `from`. */
    async moveAttempt(id: string, from: readonly AttemptStatus[], to: AttemptStatus): Promise<boolean> {
      const result = await x
        .updateTable('attempts')
        .set({ status: to, updated_at: now() })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * Issues a session's claims for its tenant and subject, each lasting its type's lifetime. An
     * identity claim keeps the personal data the session verified (sealed as the session's, which
     * the claim names, so call after that is written) behind an opaque claim_ref.
     */
    async addClaims(
      sessionId: string,
      claims: { type: ClaimType; provider_key: ProviderKey; assurance_level: AssuranceLevel }[],
    ): Promise<void> {
      if (!claims.length) return;
      const at = clock.now();
      const session = await x.selectFrom('sessions').select(['tenant', 'subject', 'pii_sealed']).where('id', '=', sessionId).executeTakeFirstOrThrow();
      await x
        .insertInto('claims')
        .values(
          claims.map((c) => {
            const identity = c.type === 'verified_identity';
            return {
              id: newId('clm'),
              tenant: session.tenant,
              subject: session.subject,
              session_id: sessionId,
              ...c,
              issued_at: at.toISOString(),
              expires_at: new Date(at.getTime() + claimLifetimes[c.type] * 24 * 3600 * 1000).toISOString(),
              revoked_at: null,
              claim_ref: identity ? newId('cref') : null,
              pii_sealed: identity ? session.pii_sealed : null,
            };
          }),
        )
        .execute();
    },

    /** The claims a session holds, unrevoked: those its verification issued and those it reused. */
    async listClaims(sessionId: string): Promise<ClaimRow[]> {
      return x
        .selectFrom('claims')
        .selectAll()
        .where((eb) => eb.or([eb('session_id', '=', sessionId), eb('id', 'in', eb.selectFrom('claim_reuses').select('claim_id').where('session_id', '=', sessionId))]))
        .where('revoked_at', 'is', null)
        .where('type', '!=', DELEGATION_CLAIM) // a delegation granted in the session is no verification of it
        .orderBy('issued_at')
        .orderBy('type') // issued together: verified_human, then verified_identity (layer order)
        .execute();
    },

    // ---- claims kept per tenant and subject ------------------------------------------------------

    /** The subject's claims a session needing `need` may reuse (unrevoked, unexpired), the strongest, then the newest, first. */
    async reusableClaims(tenant: string, subject: string, need: ClaimNeed): Promise<ClaimRow[]> {
      const levels = ASSURANCE_LEVELS.slice(ASSURANCE_LEVELS.indexOf(need.min_assurance));
      let query = x
        .selectFrom('claims')
        .selectAll()
        .where('tenant', '=', tenant)
        .where('subject', '=', subject)
        .where('type', '=', need.type)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now())
        .where('assurance_level', 'in', levels);
      if (need.accepted_providers.length) query = query.where('provider_key', 'in', [...need.accepted_providers]);
      const rows = await query.orderBy('issued_at', 'desc').orderBy('id').execute();
      const rank = (row: ClaimRow) => ASSURANCE_LEVELS.indexOf(row.assurance_level as AssuranceLevel);
      return rows.sort((a, b) => rank(b) - rank(a)); // stable: the newest first within a level
    },

    /** Unrevoked, unexpired claims issued by one session: those a reuse takes together (an identity claim and the humanity one it implies). */
    async validClaimsIssuedBy(sessionId: string): Promise<ClaimRow[]> {
      return x
        .selectFrom('claims')
        .selectAll()
        .where('session_id', '=', sessionId)
        .where('type', '!=', DELEGATION_CLAIM) // a delegation is granted by the person, never reused for them
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now())
        .orderBy('id')
        .execute();
    },

    /** Records that a session was verified with claims its subject already held. */
    async reuseClaims(sessionId: string, claimIds: readonly string[]): Promise<void> {
      if (!claimIds.length) return;
      const at = now();
      await x.insertInto('claim_reuses').values(claimIds.map((claim_id) => ({ session_id: sessionId, claim_id, reused_at: at }))).execute();
    },

    /** Whether the session was verified with claims reused rather than by a provider. */
    async reusedClaims(sessionId: string): Promise<boolean> {
      return (await x.selectFrom('claim_reuses').select('claim_id').where('session_id', '=', sessionId).limit(1).executeTakeFirst()) !== undefined;
    },

    /** Every claim of a tenant's subject, revoked and expired ones too, the newest first. */
    async subjectClaims(tenant: string, subject: string, limit = 200): Promise<ClaimRow[]> {
      return x.selectFrom('claims').selectAll().where('tenant', '=', tenant).where('subject', '=', subject).orderBy('issued_at', 'desc').orderBy('id').limit(limit).execute();
    },

    /** A claim, when it belongs to the tenant: another tenant's reads as absent. */
    async findClaim(tenant: string, id: string): Promise<ClaimRow | null> {
      return (await x.selectFrom('claims').selectAll().where('id', '=', id).where('tenant', '=', tenant).executeTakeFirst()) ?? null;
    },

    /** Grants a delegation claim (layer 3): no personal data, its scopes, lasting as long as the identity claim it stands on. */
    async addDelegationClaim(sessionId: string, basis: ClaimRow, scopes: readonly string[]): Promise<ClaimRow> {
      const row: ClaimRow = {
        id: newId('clm'),
        tenant: basis.tenant,
        subject: basis.subject,
        session_id: sessionId,
        type: DELEGATION_CLAIM,
        provider_key: basis.provider_key,
        assurance_level: basis.assurance_level,
        issued_at: now(),
        expires_at: basis.expires_at,
        revoked_at: null,
        claim_ref: null,
        pii_sealed: null,
        delegated_scopes: JSON.stringify(scopes),
        basis_claim_id: basis.id,
      };
      await x.insertInto('claims').values(row).execute();
      return row;
    },

    /** A subject's (or, with none, a session's) delegation claims still in force, the newest first. */
    async activeDelegations(tenant: string, holder: { subject: string } | { sessionId: string }): Promise<ClaimRow[]> {
      const query = x.selectFrom('claims').selectAll().where('tenant', '=', tenant).where('type', '=', DELEGATION_CLAIM).where('revoked_at', 'is', null).where('expires_at', '>', now());
      const held = 'subject' in holder ? query.where('subject', '=', holder.subject) : query.where('session_id', '=', holder.sessionId);
      return held.orderBy('issued_at', 'desc').orderBy('id').execute();
    },

    /** The unrevoked delegation claims standing on a claim: they fall with it. */
    async delegationsResting(tenant: string, basisClaimId: string): Promise<ClaimRow[]> {
      return x.selectFrom('claims').selectAll().where('tenant', '=', tenant).where('basis_claim_id', '=', basisClaimId).where('revoked_at', 'is', null).orderBy('id').execute();
    },

    /** Revokes a claim, answering when; null when it was already revoked (or is not the tenant's). */
    async revokeClaim(tenant: string, id: string): Promise<string | null> {
      const at = now();
      // A revoked claim is never used again: the personal data behind it goes with it.
      const result = await x.updateTable('claims').set({ revoked_at: at, pii_sealed: null }).where('id', '=', id).where('tenant', '=', tenant).where('revoked_at', 'is', null).executeTakeFirst();

      return Number(result.numUpdatedRows) === 1 ? at : null;
    },

    /**
     * Erases the personal data of claims past their expiry (they count no more); answers those this
     * caller erased (of two replicas at once, each claim is erased, and so audited, by one).
     */
    async eraseLapsedClaimPii(limit = 100): Promise<Array<Pick<ClaimRow, 'id' | 'tenant' | 'session_id'>>> {
      const lapsed = await x.selectFrom('claims').select(['id', 'tenant', 'session_id']).where('pii_sealed', 'is not', null).where('expires_at', '<=', now()).limit(limit).execute();
      const erased: typeof lapsed = [];
      for (const claim of lapsed) {
        const result = await x.updateTable('claims').set({ pii_sealed: null }).where('id', '=', claim.id).where('pii_sealed', 'is not', null).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) erased.push(claim);
      }
      return erased;
    },

    /** On the host's redaction of a session: the claims it issued stay, without the personal data behind them. */

    async eraseClaimPii(sessionId: string): Promise<void> {
      await x.updateTable('claims').set({ pii_sealed: null }).where('session_id', '=', sessionId).where('pii_sealed', 'is not', null).execute();
    },

    async recordConsent(input: {
      session_id: string;
      notice: ConsentNotice | typeof DELEGATION_NOTICE;
      version: string;
      text: string;
      text_sha256: string;
      locale: string;
      decision: ConsentDecision;
      ip: string | null;
      user_agent: string | null;
    }): Promise<ConsentRow> {
      const at = now();
      const { text, ...rest } = input;
      await x
        .insertInto('notice_texts')
        .values({ sha256: input.text_sha256, text, first_seen_at: at })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      const row: ConsentRow = { id: newId('ivc'), ...rest, recorded_at: at };
      await x.insertInto('consents').values(row).execute();
      return row;
    },

    /** On redaction: the IP address and user agent are personal data; the decision record stays. */
    async eraseConsentEvidence(sessionId: string): Promise<void> {
      await x.updateTable('consents').set({ ip: null, user_agent: null }).where('session_id', '=', sessionId).execute();
    },

    async listConsents(sessionId: string): Promise<ConsentRow[]> {
      return x
        .selectFrom('consents')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('recorded_at')
        .orderBy('id')
        .execute();
    },

    /** Records a provider event id; false when it was seen before (a duplicate delivery). */
    async recordProviderEvent(provider: string, eventId: string, type: string): Promise<boolean> {
      const result = await x
        .insertInto('provider_events')
        .values({ provider, event_id: eventId, type, received_at: now() })
        .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    /**
     * Appends to the audit trail: the entry joins its tenant's hash chain (audit-chain.ts), after
     * the chain's head, which is locked until the transaction ends so two writers cannot both
     * extend it from the same row (SQLite runs one transaction at a time).
     */
    async audit(entry: NewAuditEntry): Promise<void> {
      const append = async (t: Executor) => {
        const session_id = entry.session_id ?? null;
        const owner = session_id && entry.tenant === undefined ? await t.selectFrom('sessions').select('tenant').where('id', '=', session_id).executeTakeFirst() : undefined;
        const tenant = entry.tenant ?? owner?.tenant ?? SYSTEM_CHAIN;
        await t.insertInto('audit_chain_heads').values({ tenant, seq: 0, hash: GENESIS_HASH }).onConflict((oc) => oc.column('tenant').doNothing()).execute();
        const headQuery = t.selectFrom('audit_chain_heads').select(['seq', 'hash']).where('tenant', '=', tenant);
        const head = await (rowLocks ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
        const fields = { tenant, seq: head.seq + 1, prev_hash: head.hash, id: newId('aud'), session_id, actor: entry.actor, action: entry.action, detail: JSON.stringify(entry.detail ?? {}), created_at: now() };
        const hash = chainHash(fields);
        await t.insertInto('audit_log').values({ ...fields, hash }).execute();
        await t.updateTable('audit_chain_heads').set({ seq: fields.seq, hash }).where('tenant', '=', tenant).execute();
      };
      await (x.isTransaction ? append(x) : x.transaction().execute(append));
    },

    // ---- events to the host backends (the outbox) ----------------------------------------------

    async addWebhookEndpoint(endpoint: { id: string; tenant: string; url: string; secret_sealed: string }): Promise<void> {
      await x.insertInto('webhook_endpoints').values({ ...endpoint, created_at: now(), deleted_at: null }).execute();
    },

    /** Passport signing keys still published (the one to sign with among them, if still signing). */
    async passportKeys(at: string) {
      return x.selectFrom('passport_keys').selectAll().where('publish_until', '>', at).orderBy('created_at', 'desc').execute();
    },

    async addPassportKey(key: PassportKeysTable): Promise<void> {
      await x.insertInto('passport_keys').values(key).execute();
    },

    async addPassport(passport: Omit<PassportsTable, 'revoked_at' | 'revoked_reason'>, claimIds: readonly string[]): Promise<void> {
      await x.insertInto('passports').values({ ...passport, revoked_at: null, revoked_reason: null }).execute();
      for (const claim_id of claimIds) await x.insertInto('passport_claims').values({ passport_id: passport.id, claim_id }).execute();
    },

    async findPassport(tenant: string, id: string) {
      return (await x.selectFrom('passports').selectAll().where('id', '=', id).where('tenant', '=', tenant).executeTakeFirst()) ?? null;
    },

    async passportClaimIds(passportId: string): Promise<string[]> {
      return (await x.selectFrom('passport_claims').select('claim_id').where('passport_id', '=', passportId).orderBy('claim_id').execute()).map((r) => r.claim_id);
    },

    async subjectPassports(tenant: string, subject: string, limit = 200) {
      return x.selectFrom('passports').selectAll().where('tenant', '=', tenant).where('subject', '=', subject).orderBy('issued_at', 'desc').limit(limit).execute();
    },

    /**
     * Revokes passports still active: one by id, or every one carrying `claimId` (and only those).
     * Answers those this call revoked, so each is told once.
     */
    async revokePassports(tenant: string, which: { id: string } | { claimId: string }, reason: 'revoked' | 'claim_revoked', at: string) {
      let candidates = x.selectFrom('passports').selectAll().where('tenant', '=', tenant).where('revoked_at', 'is', null).where('expires_at', '>', at);
      candidates = 'id' in which
        ? candidates.where('id', '=', which.id)
        : candidates.where('id', 'in', x.selectFrom('passport_claims').select('passport_id').where('claim_id', '=', which.claimId));
      const revoked = [];
      for (const passport of await candidates.execute()) {
        const result = await x.updateTable('passports').set({ revoked_at: at, revoked_reason: reason }).where('id', '=', passport.id).where('revoked_at', 'is', null).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) revoked.push({ ...passport, revoked_at: at, revoked_reason: reason });
      }
      return revoked;
    },

    /** Revoked passports not yet expired, every tenant's: the public status list (ids only). */
    async revokedPassports(at: string, limit = 10_000) {
      return x.selectFrom('passports').select(['id', 'revoked_at']).where('revoked_at', 'is not', null).where('expires_at', '>', at).orderBy('revoked_at').limit(limit).execute();
    },

    async serviceRequirement(tenant: string, serviceId: string) {
      return (await x.selectFrom('service_requirements').selectAll().where('tenant', '=', tenant).where('service_id', '=', serviceId).executeTakeFirst()) ?? null;
    },

    /** Sets a service's requirement, replacing the one it had. */
    async setServiceRequirement(row: Omit<ServiceRequirementsTable, 'created_at' | 'updated_at'>): Promise<void> {
      const at = now();
      await x
        .insertInto('service_requirements')
        .values({ ...row, created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['tenant', 'service_id']).doUpdateSet({ ...row, updated_at: at }))
        .execute();
    },

    async webhookEndpoints(tenant: string) {
      return x.selectFrom('webhook_endpoints').selectAll().where('tenant', '=', tenant).where('deleted_at', 'is', null).orderBy('created_at').execute();
    },

    async deleteWebhookEndpoint(tenant: string, id: string): Promise<boolean> {
      const r = await x.updateTable('webhook_endpoints').set({ deleted_at: now() }).where('id', '=', id).where('tenant', '=', tenant).where('deleted_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Writes an event and a delivery to each of its tenant's endpoints: call in the transaction that made it happen. */
    async queueHostEvent(event: { id: string; tenant: string; type: string; session_id: string | null; payload: string }): Promise<void> {
      const at = now();
      await x.insertInto('host_events').values({ ...event, created_at: at }).execute();
      const endpoints = await x.selectFrom('webhook_endpoints').select('id').where('tenant', '=', event.tenant).where('deleted_at', 'is', null).execute();
      if (!endpoints.length) return;
      await x
        .insertInto('event_deliveries')
        .values(endpoints.map((e) => ({ id: newId('evd'), event_id: event.id, endpoint_id: e.id, status: 'pending' as const, tries: 0, next_attempt_at: at, last_status_code: null, delivered_at: null, updated_at: at })))
        .execute();
    },

    async hostEvents(tenant: string, filter: { sessionId?: string; limit: number }) {
      let q = x.selectFrom('host_events').selectAll().where('tenant', '=', tenant);
      if (filter.sessionId) q = q.where('session_id', '=', filter.sessionId);
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    },

    async hostEvent(tenant: string, id: string) {
      return (await x.selectFrom('host_events').selectAll().where('id', '=', id).where('tenant', '=', tenant).executeTakeFirst()) ?? null;
    },

    /** Sends an event again to each of its tenant's endpoints now, whatever became of its earlier deliveries. */
    async requeueHostEvent(event: { id: string; tenant: string }): Promise<number> {
      const at = now();
      const endpoints = await x.selectFrom('webhook_endpoints').select('id').where('tenant', '=', event.tenant).where('deleted_at', 'is', null).execute();
      if (endpoints.length) {
        await x
          .insertInto('event_deliveries')
          .values(endpoints.map((e) => ({ id: newId('evd'), event_id: event.id, endpoint_id: e.id, status: 'pending' as const, tries: 0, next_attempt_at: at, last_status_code: null, delivered_at: null, updated_at: at })))
          .execute();
      }
      return endpoints.length;
    },

    /**
     * Claims deliveries that are due, each for this caller alone until `leaseUntil`: on PostgreSQL
     * the rows are locked with SKIP LOCKED, so replicas claiming at once take different rows.
     * Call within a transaction; the lease (next_attempt_at moved on) keeps a delivery from being
     * sent twice while it is on its way.
     */
    async claimDueDeliveries(limit: number, leaseUntil: string) {
      let due = x
        .selectFrom('event_deliveries as d')
        .innerJoin('host_events as e', 'e.id', 'd.event_id')
        .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
        .select(['d.id', 'd.tries', 'd.event_id', 'd.endpoint_id', 'e.payload', 'w.url', 'w.secret_sealed'])
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', now())
        .where('w.deleted_at', 'is', null)
        .orderBy('d.next_attempt_at')
        .limit(limit);
      if (rowLocks) due = due.forUpdate('d').skipLocked();
      const rows = await due.execute();
      if (rows.length) {
        await x.updateTable('event_deliveries').set({ next_attempt_at: leaseUntil, updated_at: now() }).where('id', 'in', rows.map((r) => r.id)).execute();
      }
      return rows;
    },

    async settleDelivery(id: string, result: { delivered: true; status: number } | { delivered: false; status: number | null; retryAt: string | null }): Promise<void> {
      const at = now();
      await x
        .updateTable('event_deliveries')
        .set(
          result.delivered
            ? { status: 'delivered', delivered_at: at, last_status_code: result.status, updated_at: at }
            : { status: result.retryAt ? 'pending' : 'failed', next_attempt_at: result.retryAt ?? at, last_status_code: result.status, updated_at: at },
        )
        .set((eb) => ({ tries: eb('tries', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },

    async deliveriesOf(eventId: string) {
      return x.selectFrom('event_deliveries').selectAll().where('event_id', '=', eventId).orderBy('updated_at').execute();
    },

    /** Checks a tenant's audit chain from its first row to its head, naming the first row that does not hold. */
    async verifyAuditChain(tenant: string): Promise<ChainVerdict> {
      const rows = await x
        .selectFrom('audit_log')
        .select(['tenant', 'seq', 'prev_hash', 'hash', 'id', 'session_id', 'actor', 'action', 'detail', 'created_at'])
        .where('tenant', '=', tenant)
        .orderBy('seq')
        .execute();
      const head = await x.selectFrom('audit_chain_heads').select(['seq', 'hash']).where('tenant', '=', tenant).executeTakeFirst();
      return verifyChain(rows, head ?? null);
    },

    async auditTrail(sessionId: string) {
      return x
        .selectFrom('audit_log')
        .select(['actor', 'action', 'detail', 'created_at'])
        .where('session_id', '=', sessionId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },
  });

  return {
    ...ops(db),
    /** Runs `fn` in one transaction: all of it lands, or none of it. */
    transaction<T>(fn: (tx: ReturnType<typeof ops>) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => fn(ops(trx)));
    },
    destroy: () => db.destroy(),
    /** The database itself, for a module that keeps tables of its own (handoff/). */
    db,
  };
}

export type Store = ReturnType<typeof createStore>;

/** A write refused by a unique index, on SQLite (better-sqlite3) or PostgreSQL (pg): a race lost, not a fault. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
