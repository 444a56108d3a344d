// A database written before the audit trail was chained: its rows are chained by the migration,
// in the order they were written, each in its session's tenant's chain, and new rows follow on.
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AdjustableClock } from '../clock.js';
import { migrateToLatest, openDatabase } from './database.js';
import { migrationProvider } from './migrations.js';
import { createStore } from './store.js';

describe('the audit chain migration', () => {
  it('chains the rows already written, per tenant, and the chain goes on from there', async () => {
    const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
    try {
      const before = new Migrator({ db, provider: migrationProvider });
      expect((await before.migrateTo('2026-12-07-005-tenants')).error).toBeUndefined();
      const session = (id: string, tenant: string) => ({
        id, tenant, reference: null, status: 'requires_input', requirements: '{}', locale: null, return_url: null, metadata: '{}',
        country_of_residence: null, provider_key: null, last_error_code: null, last_error_reason: null, client_secret_hash: 'h',
        expires_at: '2030-01-01T00:00:00.000Z', created_at: '2026-12-01T00:00:00.000Z', updated_at: '2026-12-01T00:00:00.000Z', completed_at: null,
      });
      await (db as any).insertInto('sessions').values([session('ivs_a', 'acme'), session('ivs_b', 'globex')]).execute();
      const row = (id: string, session_id: string | null, at: string) => ({ id, session_id, actor: 'host', action: 'session.created', detail: '{}', created_at: at });
      await (db as any)
        .insertInto('audit_log')
        .values([row('aud_2', 'ivs_a', '2026-12-01T00:00:02.000Z'), row('aud_1', 'ivs_a', '2026-12-01T00:00:01.000Z'), row('aud_3', 'ivs_b', '2026-12-01T00:00:03.000Z'), row('aud_4', null, '2026-12-01T00:00:04.000Z')])
        .execute();

      await migrateToLatest(db);
      const store = createStore(db, new AdjustableClock());
      expect(await store.verifyAuditChain('acme')).toEqual({ valid: true, rows: 2 });
      expect(await store.verifyAuditChain('globex')).toEqual({ valid: true, rows: 1 });
      expect(await store.verifyAuditChain('')).toEqual({ valid: true, rows: 1 });
      const acme = await db.selectFrom('audit_log').select(['id', 'seq']).where('tenant', '=', 'acme').orderBy('seq').execute();
      expect(acme).toEqual([{ id: 'aud_1', seq: 1 }, { id: 'aud_2', seq: 2 }]);

      await store.audit({ session_id: 'ivs_a', actor: 'host', action: 'results.read' });
      expect(await store.verifyAuditChain('acme')).toEqual({ valid: true, rows: 3 });
    } finally {
      await db.destroy();
    }
  });
});
