// Ending a session from the host backend: cancelling it, and erasing the person's data at every
// provider it reached and in our own store (the claims and the audit trail stay).
import { crashPoint } from '../resilience/crash-point.js';
import { isFinalStatus } from '@identity-verify/contract/vocabulary';
import { OPEN_ATTEMPT_STATUSES } from '../store/schema.js';
import type { AttemptRecord, SessionRecord } from '../store/store.js';
import type { Core } from './core.js';

export function createRedaction({ store, jobs, signals, nowIso, requireOpen, abandonAtProviders, endAttempt }: Core) {
  /**
   * Closes the session, erases personal data at every provider it reached, then our own copy.
   * Closed first: a provider's webhook arriving meanwhile finds nothing open to read back from a
   * provider that is erasing (Stripe drops a redacted session's metadata).
   */
  async function redact(session: SessionRecord, actor: 'host' | 'system' = 'host'): Promise<void> {
    if (session.redacted_at) return;
    if (!isFinalStatus(session.status)) {
      await store.transaction(async (tx) => {
        await tx.lockSession(session.id);
        await tx.updateSession(session.id, { status: 'canceled', completed_at: nowIso() }, [session.status]);
        for (const a of await tx.openAttempts(session.id)) await tx.moveAttempt(a.id, OPEN_ATTEMPT_STATUSES, 'canceled');
      });
    }
    // Every attempt that reached the provider, superseded ones too: each may hold the person. A
    // provider that cannot erase now gets a retried job; the host sees it pending (provider_cleanup).
    for (const attempt of await store.attemptsOf(session.id)) await jobs.now('redact', session, attempt);
    await store.transaction(async (tx) => {
      await tx.lockSession(session.id);
      await tx.updateSession(session.id, { pii_sealed: null, person_sealed: null, redacted_at: nowIso() });
      await tx.eraseConsentEvidence(session.id);
      // The host erasing the person also erases what the identity claims kept of them (the claims
      // stay, their claim_ref no longer resolves). Retention's redaction leaves a subject's claims
      // their own lifetime.
      if (actor === 'host') await tx.eraseClaimPii(session.id);
      await tx.audit({ session_id: session.id, actor, action: 'session.redacted' });
    });
    signals.notify(session.id);
  }

  async function cancel(session: SessionRecord): Promise<void> {
    const s = await requireOpen(session);
    const ended: AttemptRecord[] = [];
    await store.transaction(async (tx) => {
      await tx.lockSession(s.id);
      await tx.updateSession(s.id, { status: 'canceled', completed_at: nowIso() }, [s.status]);
      for (const a of await tx.openAttempts(s.id)) {
        if (await endAttempt(tx, s.id, a, OPEN_ATTEMPT_STATUSES, 'canceled')) ended.push(a);
      }
      await tx.audit({ session_id: s.id, actor: 'host', action: 'session.canceled' });
    });
    crashPoint('after_ending_write');
    signals.notify(s.id);
    await abandonAtProviders(s, ended);
  }

  return { redact, cancel };
}

export type Redaction = ReturnType<typeof createRedaction>;
