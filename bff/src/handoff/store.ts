// The handoff table (migration 012): one row per session, the link now open and, once a phone
// redeemed it, that phone's credential. Only hashes are kept. Every change is one compare-and-set
// statement, so two phones (or two replicas) racing for one link cannot both win it.
import type { Db } from '../store/database.js';
import type { HandoffsTable } from '../store/schema.js';
import type { Clock } from '../clock.js';

/** A handoff as stored (the table's shape is declared with the others, in store/schema.ts). */
export type HandoffRow = HandoffsTable;

export function createHandoffStore(db: Db, clock: Clock) {
  const now = () => clock.now().toISOString();
  return {
    /**
     * Opens a link for the session, replacing one not yet redeemed (its token stops working).
     * False when a phone already redeemed a link of this session: there is no second phone.
     */
    async open(sessionId: string, tokenHash: string, expiresAt: string): Promise<boolean> {
      const at = now();
      const result = await db
        .insertInto('handoffs')
        .values({ session_id: sessionId, token_hash: tokenHash, created_at: at, expires_at: expiresAt, redeemed_at: null, phone_secret_hash: null })
        .onConflict((oc) =>
          oc.column('session_id').doUpdateSet({ token_hash: tokenHash, created_at: at, expires_at: expiresAt }).where('handoffs.redeemed_at', 'is', null),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    async byToken(tokenHash: string): Promise<HandoffRow | null> {
      return (await db.selectFrom('handoffs').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()) ?? null;
    },

    async ofSession(sessionId: string): Promise<HandoffRow | null> {
      return (await db.selectFrom('handoffs').selectAll().where('session_id', '=', sessionId).executeTakeFirst()) ?? null;
    },

    /**
     * Ends the session's handoff: a link not yet used is withdrawn, a phone that redeemed one loses
     * its credential. Either stops working at once, and the first device's client secret does
     * everything again.
     */
    async takeBack(sessionId: string): Promise<void> {
      await db.deleteFrom('handoffs').where('session_id', '=', sessionId).execute();
    },

    /** Marks the link used and binds the phone's credential to it; false when it was used or expired meanwhile. */
    async redeem(sessionId: string, tokenHash: string, phoneSecretHash: string): Promise<boolean> {
      const at = now();
      const result = await db
        .updateTable('handoffs')
        .set({ redeemed_at: at, phone_secret_hash: phoneSecretHash })
        .where('session_id', '=', sessionId)
        .where('token_hash', '=', tokenHash)
        .where('redeemed_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type HandoffStore = ReturnType<typeof createHandoffStore>;
