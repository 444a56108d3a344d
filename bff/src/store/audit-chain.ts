// The audit trail as a hash chain, one per tenant (seed 003: all PII access is logged to an
// append-only, hash-chained trail). Each row carries its place in its tenant's chain (`seq`), the
// hash of the row before it and its own hash over both and every field it holds, so a row
// altered, removed or slipped in breaks the chain at that row, and the verification names it.
import { createHash } from 'node:crypto';

/** The chain of entries that belong to no session (and so to no tenant). */
export const SYSTEM_CHAIN = '';
/** What the first row of every chain links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit row the hash covers: all of them, its links included. */
export interface ChainedFields {
  tenant: string;
  seq: number;
  prev_hash: string;
  id: string;
  session_id: string | null;
  actor: string;
  action: string;
  detail: string;
  created_at: string;
}

/** SHA-256 (hex) over the row's fields in a fixed order, as JSON: no two rows can share an encoding. */
export function chainHash(row: ChainedFields): string {
  const fields = [row.tenant, row.seq, row.prev_hash, row.id, row.session_id, row.actor, row.action, row.detail, row.created_at];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export type ChainVerdict =
  | { valid: true; rows: number }
  | { valid: false; rows: number; first_broken: { id: string | null; seq: number; reason: 'hash_mismatch' | 'link_mismatch' | 'missing_row' | 'head_mismatch' } };

/**
 * Walks a tenant's rows in chain order and names the first that does not hold: its hash is not
 * its fields' (altered), it does not link to the row before (one removed or inserted), or the
 * chain ends before the head says it does (rows removed at the end).
 */
export function verifyChain(rows: ReadonlyArray<ChainedFields & { hash: string }>, head: { seq: number; hash: string } | null): ChainVerdict {
  let prev = GENESIS_HASH;
  for (const [index, row] of rows.entries()) {
    const expectedSeq = index + 1;
    if (row.seq !== expectedSeq) return { valid: false, rows: rows.length, first_broken: { id: row.id, seq: expectedSeq, reason: 'missing_row' } };
    if (row.prev_hash !== prev) return { valid: false, rows: rows.length, first_broken: { id: row.id, seq: row.seq, reason: 'link_mismatch' } };
    if (chainHash(row) !== row.hash) return { valid: false, rows: rows.length, first_broken: { id: row.id, seq: row.seq, reason: 'hash_mismatch' } };
    prev = row.hash;
  }
  const last = rows.at(-1);
  if (head && (head.seq !== (last?.seq ?? 0) || head.hash !== (last?.hash ?? GENESIS_HASH))) {
    return { valid: false, rows: rows.length, first_broken: { id: null, seq: (last?.seq ?? 0) + 1, reason: 'head_mismatch' } };
  }
  return { valid: true, rows: rows.length };
}
