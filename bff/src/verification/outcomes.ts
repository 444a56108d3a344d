// Outcomes: a provider's verdict applied to a session once, whether it arrives with the person's
// request or with a provider's webhook (which is never trusted: the provider is read again).
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import { withImpliedClaims } from '../providers/registry.js';
import type { Outcome, VerifiedWebhook } from '../providers/types.js';
import type { AttemptRecord, SessionRecord } from '../store/store.js';
import type { Core } from './core.js';

export function createOutcomes({ store, pii, signals, nowIso, adapterFor, awaitsVerdict }: Core) {
  /** Applies a provider's outcome for an attempt once (a replay finds the attempt closed), and wakes the session's followers. */
  async function applyOutcome(session: SessionRecord, attempt: AttemptRecord, outcome: Outcome, actor: string): Promise<boolean> {
    try {
      return await applyOnce(session, attempt, outcome, actor);
    } finally {
      signals.notify(session.id);
    }
  }

  async function applyOnce(session: SessionRecord, attempt: AttemptRecord, outcome: Outcome, actor: string): Promise<boolean> {
    // The attempt's state as the provider told it for the try it was on when asked (its
    // references then): a try begun since is not overwritten by news of the old one.
    if ((outcome.status === 'pending' || outcome.status === 'requires_input') && outcome.client) {
      if (!(await store.refreshAttemptClient(attempt.id, outcome.client, attempt.private_data))) return false;
    }
    if (outcome.status === 'pending') return false;
    // An attempt in the provider's review is settled by a verdict only; the person is done with it.
    const inReview = attempt.status === 'in_review';
    if (inReview && !(outcome.status === 'verified' || outcome.status === 'rejected' || outcome.status === 'canceled' || outcome.status === 'failed')) return false;
    if (outcome.status === 'processing') {
      return store.updateSession(
        session.id,
        { status: 'processing', provider_key: attempt.provider_key, ...(outcome.details ? { provider_result: outcome.details } : {}) },
        ['requires_input'],
      );
    }
    if (outcome.status === 'requires_input' && outcome.attemptStaysOpen) {
      const current = await store.getSession(session.id);
      if (current?.last_error_code === outcome.error.code && current.status === 'requires_input') return false;
      return store.transaction(async (tx) => {
        await tx.lockSession(session.id);
        if (!(await tx.attemptOnTry(attempt.id, attempt.private_data))) return false;
        const applied = await tx.updateSession(
          session.id,
          { status: 'requires_input', provider_key: attempt.provider_key, last_error_code: outcome.error.code, last_error_reason: outcome.error.reason },
          ['requires_input', 'processing'],
        );
        if (applied) await tx.audit({ session_id: session.id, actor, action: 'outcome.applied', detail: { attempt_id: attempt.id, provider_key: attempt.provider_key, status: 'requires_input', code: outcome.error.code } });
        return applied;
      });
    }
    return store.transaction(async (tx) => {
      await tx.lockSession(session.id);
      const awaitingReviewer = outcome.status === 'needs_review' && outcome.reviewedByProvider === true;
      const closed = await tx.moveAttempt(attempt.id, inReview ? ['in_review'] : ['pending', 'submitted'], outcome.status === 'verified' ? 'succeeded' : awaitingReviewer ? 'in_review' : 'failed');
      if (!closed) return false;
      if (outcome.status === 'verified' && outcome.privateData) await tx.addAttemptPrivateData(attempt, outcome.privateData);
      const final = outcome.status !== 'requires_input';
      const applied = await tx.updateSession(
        session.id,
        {
          status: outcome.status,
          provider_key: attempt.provider_key,
          last_error_code: outcome.status === 'verified' ? null : outcome.error.code,
          last_error_reason: outcome.status === 'verified' ? null : outcome.error.reason,
          completed_at: final ? nowIso() : null,
          ...(outcome.status === 'verified' && outcome.pii ? { pii_sealed: pii.seal(outcome.pii, session.id) } : {}),
          ...(outcome.details ? { provider_result: outcome.details } : {}),
        },
        inReview ? ['needs_review'] : ['requires_input', 'processing'],
      );
      if (!applied) return false;
      if (outcome.status === 'verified') {
        const assurance = outcome.assurance;
        // Layers are graduated: a verified identity is a verified human too, whatever the provider listed.
        const claims = withImpliedClaims(outcome.claims).map((type) => ({ type, provider_key: attempt.provider_key, assurance_level: assurance }));
        await tx.addClaims(session.id, claims);
      }
      await tx.audit({
        session_id: session.id,
        actor,
        action: 'outcome.applied',
        detail: { attempt_id: attempt.id, provider_key: attempt.provider_key, status: outcome.status, code: outcome.status === 'verified' ? null : outcome.error.code },
      });
      return true;
    });
  }

  /**
   * A provider told us something changed. We never act on the event's body: we find the
   * attempt, ask the provider for its current state and apply that, so duplicates and
   * out-of-order deliveries converge on the same result.
   */
  async function onProviderEvent(providerKey: ProviderKey, event: VerifiedWebhook) {
    const adapter = adapterFor(providerKey);
    if (await store.hasProviderEvent(providerKey, event.eventId)) return { duplicate: true };
    const ref = event.sessionRef ?? (await event.resolveRef?.()) ?? null;
    const attempt = ref ? await store.findAttemptByRef(providerKey, ref) : null;
    const session = attempt ? await store.getSession(attempt.session_id) : null;
    if (attempt && session && adapter.retrieve && awaitsVerdict(session, attempt)) {
      const outcome = await adapter.retrieve({ session, attempt, remoteIp: null });
      await applyOutcome(session, attempt, outcome, 'provider');
    }
    // Recorded only once handled: if the provider call failed, the provider's retry gets through.
    await store.recordProviderEvent(providerKey, event.eventId, event.type);
    return { duplicate: false };
  }

  return { applyOutcome, onProviderEvent };
}

export type Outcomes = ReturnType<typeof createOutcomes>;
