// Ending a session from the host backend: cancelling it, and erasing the person's data at every
// provider it reached and in our own store (the claims and the audit trail stay).
import { isFinalStatus } from '@identity-verify/contract/vocabulary';
import type { SessionRecord } from '../store/store.js';
import type { Core } from './core.js';

export function createRedaction({ store, providers, signals, nowIso, requireOpen }: Core) {
  /** Erases personal data at every provider the session reached, then our own copy. */
  async function redact(session: SessionRecord): Promise<void> {
    if (session.redacted_at) return;
    for (const attempt of await store.attemptsOf(session.id)) {
      const adapter = providers.get(attempt.provider_key);
      if (adapter?.redact && attempt.status !== 'superseded') await adapter.redact({ session, attempt, remoteIp: null });
    }
    await store.transaction(async (tx) => {
      if (!isFinalStatus(session.status)) {
        await tx.updateSession(session.id, { status: 'canceled', completed_at: nowIso() }, [session.status]);
        for (const a of await tx.openAttempts(session.id)) await tx.moveAttempt(a.id, ['pending', 'submitted'], 'canceled');
      }
      await tx.updateSession(session.id, { pii_sealed: null, person_sealed: null, redacted_at: nowIso() });
      await tx.eraseConsentEvidence(session.id);
      await tx.audit({ session_id: session.id, actor: 'host', action: 'session.redacted' });
    });
    signals.notify(session.id);
  }

  async function cancel(session: SessionRecord): Promise<void> {
    const s = await requireOpen(session);
    await store.transaction(async (tx) => {
      await tx.updateSession(s.id, { status: 'canceled', completed_at: nowIso() }, [s.status]);
      for (const a of await tx.openAttempts(s.id)) await tx.moveAttempt(a.id, ['pending', 'submitted'], 'canceled');
      await tx.audit({ session_id: s.id, actor: 'host', action: 'session.canceled' });
    });
    signals.notify(s.id);
  }

  return { redact, cancel };
}
