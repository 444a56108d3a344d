// The one set of migrations, applied at start on SQLite and PostgreSQL alike. Append new
// migrations; never edit one that has shipped.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { chainHash, GENESIS_HASH, SYSTEM_CHAIN } from './audit-chain.js';

const migrations: Record<string, Migration> = {
  '2026-11-22-001-initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('reference', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requirements', 'text', (c) => c.notNull())
        .addColumn('locale', 'text')
        .addColumn('return_url', 'text')
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('country_of_residence', 'text')
        .addColumn('provider_key', 'text')
        .addColumn('client_secret_hash', 'text', (c) => c.notNull())
        .addColumn('last_error_code', 'text')
        .addColumn('last_error_reason', 'text')
        .addColumn('pii_sealed', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .execute();
      await db.schema.createIndex('sessions_reference').on('sessions').column('reference').execute();

      await db.schema
        .createTable('attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('provider_key', 'text', (c) => c.notNull())
        .addColumn('session_ref', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('client', 'text', (c) => c.notNull())
        .addColumn('private_data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('attempts_provider_ref', ['provider_key', 'session_ref'])
        .execute();
      await db.schema.createIndex('attempts_session').on('attempts').columns(['session_id', 'status']).execute();

      await db.schema
        .createTable('claims')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('provider_key', 'text', (c) => c.notNull())
        .addColumn('assurance_level', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('claims_session').on('claims').column('session_id').execute();

      await db.schema
        .createTable('consents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('notice', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('text_sha256', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('consents_session').on('consents').column('session_id').execute();

      await db.schema
        .createTable('notice_texts')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('provider_events')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('provider_events_pk', ['provider', 'event_id'])
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_session').on('audit_log').columns(['session_id', 'created_at']).execute();
    },
  },
  '2026-11-22-002-redaction': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('sessions').addColumn('redacted_at', 'text').execute();
    },
  },
  '2026-12-03-003-person-and-provider-result': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('sessions').addColumn('person_sealed', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('provider_result', 'text').execute();
    },
  },
  '2026-12-07-004-attempt-intents-and-provider-jobs': {
    async up(db: Kysely<any>) {
      // One open attempt per session and provider, whichever replica or click writes it first.
      await sql`create unique index attempts_one_open on attempts (session_id, provider_key) where status in ('starting', 'pending', 'submitted')`.execute(db);
      // The reconciler's and sweeper's reads: open attempts by status and age.
      await db.schema.createIndex('attempts_status_updated').on('attempts').columns(['status', 'updated_at']).execute();
      await db.schema
        .createTable('provider_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('attempt_id', 'text', (c) => c.notNull())
        .addColumn('provider_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('tries', 'integer', (c) => c.notNull())
        .addColumn('next_run_at', 'text', (c) => c.notNull())
        .addColumn('last_error_code', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('provider_jobs_once', ['attempt_id', 'kind'])
        .execute();
      await db.schema.createIndex('provider_jobs_due').on('provider_jobs').columns(['status', 'next_run_at']).execute();
      await db.schema.createIndex('provider_jobs_session').on('provider_jobs').columns(['session_id']).execute();
    },
  },
  '2026-12-07-005-tenants': {
    async up(db: Kysely<any>) {
      // Sessions created before tenants belong to the one tenant there was: a bare key's.
      await db.schema.alterTable('sessions').addColumn('tenant', 'text', (c) => c.notNull().defaultTo('default')).execute();
      await db.schema.createIndex('sessions_tenant').on('sessions').columns(['tenant', 'created_at']).execute();
    },
  },
  '2026-12-07-006-audit-chain': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('audit_log').addColumn('tenant', 'text', (c) => c.notNull().defaultTo(SYSTEM_CHAIN)).execute();
      await db.schema.alterTable('audit_log').addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('audit_log').addColumn('hash', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema
        .createTable('audit_chain_heads')
        .addColumn('tenant', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      // The rows written before the chain are chained now, in the order they were written.
      const rows = await db
        .selectFrom('audit_log as a')
        .leftJoin('sessions as s', 's.id', 'a.session_id')
        .select(['a.id', 'a.session_id', 'a.actor', 'a.action', 'a.detail', 'a.created_at', 's.tenant as session_tenant'])
        .orderBy('a.created_at')
        .orderBy('a.id')
        .execute();
      const heads = new Map<string, { seq: number; hash: string }>();
      for (const row of rows) {
        const tenant: string = row.session_tenant ?? SYSTEM_CHAIN;
        const head = heads.get(tenant) ?? { seq: 0, hash: GENESIS_HASH };
        const fields = { tenant, seq: head.seq + 1, prev_hash: head.hash, id: row.id, session_id: row.session_id, actor: row.actor, action: row.action, detail: row.detail, created_at: row.created_at };
        const hash = chainHash(fields);
        await db.updateTable('audit_log').set({ tenant, seq: fields.seq, prev_hash: fields.prev_hash, hash }).where('id', '=', row.id).execute();
        heads.set(tenant, { seq: fields.seq, hash });
      }
      for (const [tenant, head] of heads) await db.insertInto('audit_chain_heads').values({ tenant, ...head }).execute();
      // One row per place in a tenant's chain: two writers can never both extend it from the same head.
      await db.schema.createIndex('audit_log_chain').on('audit_log').columns(['tenant', 'seq']).unique().execute();
    },
  },
  '2026-12-07-007-host-events': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema.createIndex('webhook_endpoints_tenant').on('webhook_endpoints').columns(['tenant']).execute();
      await db.schema
        .createTable('host_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('host_events_tenant').on('host_events').columns(['tenant', 'created_at']).execute();
      await db.schema
        .createTable('event_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('endpoint_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('tries', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_status_code', 'integer')
        .addColumn('delivered_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('event_deliveries_due').on('event_deliveries').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('event_deliveries_event').on('event_deliveries').columns(['event_id']).execute();
    },
  },
  '2026-12-07-008-subjects-and-reusable-claims': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('sessions').addColumn('subject', 'text').execute();
      // Claims outlive their session now: the table is rebuilt without the foreign key that deleted
      // them with it (SQLite cannot drop one in place), keyed by tenant and subject.
      await db.schema
        .createTable('claims_by_subject')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('provider_key', 'text', (c) => c.notNull())
        .addColumn('assurance_level', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('claim_ref', 'text')
        .addColumn('pii_sealed', 'text')
        .execute();
      // Claims issued before subjects belong to no subject (never reused) and last as a new one would by default.
      const days: Record<string, number> = { verified_human: 30, verified_identity: 365 };
      const old = await db
        .selectFrom('claims as c')
        .innerJoin('sessions as s', 's.id', 'c.session_id')
        .select(['c.id', 'c.session_id', 'c.type', 'c.provider_key', 'c.assurance_level', 'c.issued_at', 'c.revoked_at', 's.tenant'])
        .execute();
      for (const c of old) {
        const expires_at = new Date(Date.parse(c.issued_at) + (days[c.type] ?? 30) * 24 * 3600 * 1000).toISOString();
        await db.insertInto('claims_by_subject').values({ ...c, subject: null, expires_at, claim_ref: null, pii_sealed: null }).execute();
      }
      await db.schema.dropTable('claims').execute();
      await db.schema.alterTable('claims_by_subject').renameTo('claims').execute();
      await db.schema.createIndex('claims_session').on('claims').column('session_id').execute();
      await db.schema.createIndex('claims_subject').on('claims').columns(['tenant', 'subject', 'type']).execute();
      await db.schema.createIndex('claims_ref').on('claims').column('claim_ref').unique().execute();
      await db.schema
        .createTable('claim_reuses')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('claim_id', 'text', (c) => c.notNull())
        .addColumn('reused_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('claim_reuses_pk', ['session_id', 'claim_id'])
        .execute();
      await db.schema.createIndex('claim_reuses_claim').on('claim_reuses').column('claim_id').execute();
    },
  },
  '2026-12-07-009-service-requirements': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('service_requirements')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('layer', 'text', (c) => c.notNull())
        .addColumn('requires_claim', 'text', (c) => c.notNull())
        .addColumn('minimum_assurance', 'text', (c) => c.notNull())
        .addColumn('accepted_providers', 'text', (c) => c.notNull())
        .addColumn('required_scopes', 'text', (c) => c.notNull())
        .addColumn('requires_pii', 'integer', (c) => c.notNull())
        .addColumn('lawful_basis', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('service_requirements_pk', ['tenant', 'service_id'])
        .execute();
      await db.schema.alterTable('sessions').addColumn('service_id', 'text').execute();
    },
  },
  '2026-12-07-010-passports': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('passport_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('private_jwk_sealed', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sign_until', 'text', (c) => c.notNull())
        .addColumn('publish_until', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('passports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('kid', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema.createIndex('passports_subject').on('passports').columns(['tenant', 'subject']).execute();
      await db.schema.createIndex('passports_revoked').on('passports').columns(['revoked_at', 'expires_at']).execute();
      await db.schema
        .createTable('passport_claims')
        .addColumn('passport_id', 'text', (c) => c.notNull())
        .addColumn('claim_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('passport_claims_pk', ['passport_id', 'claim_id'])
        .execute();
      await db.schema.createIndex('passport_claims_claim').on('passport_claims').column('claim_id').execute();
    },
  },
  '2026-12-07-011-delegation': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('service_requirements').addColumn('scope_descriptions', 'text').execute();
      await db.schema.alterTable('claims').addColumn('delegated_scopes', 'text').execute();
      await db.schema.alterTable('claims').addColumn('basis_claim_id', 'text').execute();
      await db.schema.createIndex('claims_basis').on('claims').column('basis_claim_id').execute();
    },
  },
  '2026-12-07-012-handoffs': {
    async up(db: Kysely<any>) {
      // One row per session: the handoff link now open (its token's hash), and once a phone
      // redeemed it, that phone's credential (hashed). A new link replaces an unredeemed one.
      await db.schema
        .createTable('handoffs')
        .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('redeemed_at', 'text')
        .addColumn('phone_secret_hash', 'text')
        .execute();
      await db.schema.createIndex('handoffs_token').on('handoffs').column('token_hash').unique().execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
