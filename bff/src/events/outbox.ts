// Events to the host backends, written in the transaction that made them happen (an outbox): a
// verdict applied and its event land together or not at all, and delivery happens after, from
// the table, at least once. The event names the session and what happened; no PII.
import type { HostEvent, HostEventType } from '@identity-verify/contract/host-events';
import { newId } from '../security/tokens.js';
import type { ClaimRow } from '../store/schema.js';
import type { SessionRecord } from '../store/store.js';
/** The event a session's new status is told to its host as, if any. */
export const EVENT_OF_STATUS: Partial<Record<string, HostEventType>> = {
  verified: 'session.verified',
  needs_review: 'session.needs_review',
  rejected: 'session.rejected',
  canceled: 'session.canceled',
  expired: 'session.expired',
};

/** Writes the event (and a delivery to each of the tenant's endpoints) with the store or transaction given. */
export async function queueSessionEvent(
  tx: { queueHostEvent(event: { id: string; tenant: string; type: string; session_id: string | null; payload: string }): Promise<void> },
  session: Pick<SessionRecord, 'id' | 'tenant'>,
  type: HostEventType,
  data: { status: string; provider_key: string | null; last_error_code: string | null },
  createdAt: string,
): Promise<void> {
  const event: HostEvent = { id: newId('evt'), object: 'event', type, created_at: createdAt, data: { session_id: session.id, ...data } };
  await tx.queueHostEvent({ id: event.id, tenant: session.tenant, type, session_id: session.id, payload: JSON.stringify(event) });
}

/** claim.revoked: which claim of which subject no longer counts (its claim_ref and personal data are not told). */
export async function queueClaimRevoked(
  tx: { queueHostEvent(event: { id: string; tenant: string; type: string; session_id: string | null; payload: string }): Promise<void> },
  claim: Pick<ClaimRow, 'id' | 'tenant' | 'subject' | 'session_id' | 'type' | 'provider_key'>,
  revokedAt: string,
): Promise<void> {
  const event: HostEvent = {
    id: newId('evt'),
    object: 'event',
    type: 'claim.revoked',
    created_at: revokedAt,
    data: { claim_id: claim.id, session_id: claim.session_id, subject: claim.subject, claim_type: claim.type, provider_key: claim.provider_key, revoked_at: revokedAt },
  };
  await tx.queueHostEvent({ id: event.id, tenant: claim.tenant, type: event.type, session_id: claim.session_id, payload: JSON.stringify(event) });
}

/** passport.revoked: which passport no longer counts, and the claim whose revocation took it down, if that was why. */
export async function queuePassportRevoked(
  tx: { queueHostEvent(event: { id: string; tenant: string; type: string; session_id: string | null; payload: string }): Promise<void> },
  passport: { id: string; tenant: string; subject: string; revoked_at: string; revoked_reason: 'revoked' | 'claim_revoked' },
  claimId: string | null,
): Promise<void> {
  const event: HostEvent = {
    id: newId('evt'),
    object: 'event',
    type: 'passport.revoked',
    created_at: passport.revoked_at,
    data: { passport_id: passport.id, subject: passport.subject, reason: passport.revoked_reason, claim_id: claimId, revoked_at: passport.revoked_at },
  };
  await tx.queueHostEvent({ id: event.id, tenant: passport.tenant, type: event.type, session_id: null, payload: JSON.stringify(event) });
}
