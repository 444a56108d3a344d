// The open-attempts gauge's one query: attempts pending or submitted at a provider, counted by
// provider and status. Read-only and only on a scrape; it belongs in the store's typed operations
// (store/store.ts) and moves there when the store takes it.
import { sql } from 'kysely';
import type { Db } from '../store/database.js';
import type { OpenAttemptCount } from './metrics.js';

export function openAttemptCounter(db: Db): () => Promise<OpenAttemptCount[]> {
  return async () => {
    const rows = await db
      .selectFrom('attempts')
      .select(['provider_key', 'status', sql<string>`count(*)`.as('count')])
      .where('status', 'in', ['pending', 'submitted'])
      .groupBy(['provider_key', 'status'])
      .execute();
    return rows.map((r) => ({ provider: r.provider_key, status: r.status, count: Number(r.count) }));
  };
}
