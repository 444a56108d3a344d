// Delegation (seed 003's layer 3): after a session for a delegation service is verified, the
// person decides on the scopes the service asks, in a consent step of its own. The decision is
// recorded like any consent (the words shown, hashed; the IP and browser, sealed); accepted, it
// is a claim of its own standing on the identity claim that verified them, and revoked with it.
import {
  DELEGATION_NOTICE,
  DELEGATION_NOTICE_VERSION,
  scopeWords,
  type DelegateRequestSchema,
  type DelegatedScope,
  type SessionDelegation,
} from '@identity-verify/contract/delegation';
import { meetsAssurance, type AssuranceLevel, type ProviderKey } from '@identity-verify/contract/vocabulary';
import type { z } from 'zod';
import { ApiError } from '../errors.js';
import type { ClaimRow, ConsentRow } from '../store/schema.js';
import type { SessionRecord } from '../store/store.js';
import { capReached, SESSION_CAPS } from './caps.js';
import { writeDecision } from './consent.js';
import type { Core } from './core.js';

type DelegateRequest = z.output<typeof DelegateRequestSchema>;

/** What a delegation service asks: its scopes in the order it set them, with its words for each. */
interface AskedDelegation {
  scopes: DelegatedScope[];
  min_assurance: AssuranceLevel;
  accepted_providers: readonly ProviderKey[];
}

export function createDelegation({ store, pii, signals, nowIso }: Core) {
  /** The delegation the session's service asks, or null when it asks none (or the session names no service). */
  async function askedBy(s: SessionRecord): Promise<AskedDelegation | null> {
    if (!s.service_id) return null;
    const row = await store.serviceRequirement(s.tenant, s.service_id);
    if (!row || row.layer !== 'delegation') return null;
    const descriptions = row.scope_descriptions ? (JSON.parse(row.scope_descriptions) as Record<string, string>) : {};
    const scopes = (JSON.parse(row.required_scopes) as string[]).map((scope) => ({ scope, description: descriptions[scope] ?? null }));
    return { scopes, min_assurance: row.minimum_assurance as AssuranceLevel, accepted_providers: JSON.parse(row.accepted_providers) as ProviderKey[] };
  }

  /** A delegation claim in force that covers every scope asked: the person's own (their subject's), or, with no subject, this session's. */
  async function covering(s: SessionRecord, asked: AskedDelegation): Promise<ClaimRow | null> {
    const held = await store.activeDelegations(s.tenant, s.subject ? { subject: s.subject } : { sessionId: s.id });
    return held.find((claim) => {
      const scopes = JSON.parse(claim.delegated_scopes ?? '[]') as string[];
      return asked.scopes.every(({ scope }) => scopes.includes(scope));
    }) ?? null;
  }

  /**
   * Where the session's delegation stands: the person's decision in this session when there is
   * one (the latest), else granted when they already hold a delegation covering the scopes (a
   * reused verification brings no new question), else pending.
   */
  async function delegationOf(s: SessionRecord, consents: readonly ConsentRow[]): Promise<SessionDelegation | null> {
    const asked = await askedBy(s);
    if (!asked) return null;
    const decided = consents.filter((c) => c.notice === DELEGATION_NOTICE).at(-1);
    const claim = await covering(s, asked);
    const status = decided ? (decided.decision === 'accepted' ? 'granted' : 'declined') : claim ? 'granted' : 'pending';
    return { scopes: asked.scopes, status, claim_id: status === 'granted' ? (claim?.id ?? null) : null };
  }

  /** The identity claim the delegation stands on: one the session holds (verified or reused) that meets the service's requirement. */
  async function basisOf(s: SessionRecord, asked: AskedDelegation): Promise<ClaimRow | null> {
    const now = Date.parse(nowIso());
    const claims = await store.listClaims(s.id);
    return (
      claims.find(
        (c) =>
          c.type === 'verified_identity' &&
          Date.parse(c.expires_at) > now &&
          meetsAssurance(c.assurance_level as AssuranceLevel, asked.min_assurance) &&
          (!asked.accepted_providers.length || asked.accepted_providers.includes(c.provider_key as ProviderKey)),
      ) ?? null
    );
  }

  /** Why the words the person was shown cannot be evidence of this decision, or null. */
  function wordsProblem(request: DelegateRequest, asked: AskedDelegation): { path: string; message: string } | null {
    const asks = asked.scopes.map((s) => s.scope);
    const missing = asks.filter((scope) => !request.delegated_scopes.includes(scope));
    const extra = request.delegated_scopes.filter((scope) => !asks.includes(scope));
    if (missing.length || extra.length) {
      return {
        path: 'body.delegated_scopes',
        message: `Delegate exactly the scopes the service asks (${asks.join(', ')})${missing.length ? `; missing: ${missing.join(', ')}` : ''}${extra.length ? `; not asked: ${extra.join(', ')}` : ''}.`,
      };
    }
    if (request.version !== DELEGATION_NOTICE_VERSION) return { path: 'body.version', message: `The delegation step's words are version ${DELEGATION_NOTICE_VERSION}.` };
    const unnamed = asked.scopes.find((scope) => !request.text.includes(scopeWords(scope)));
    if (unnamed) return { path: 'body.text', message: `The text shown must name every scope: it lacks ${unnamed.scope}'s words.` };
    return null;
  }

  /**
   * The person's decision on the scopes their verified session's service asks. Accepted: the
   * delegation claim (a new one, or the one already granted in this session). Declined: null.
   */
  async function decide(session: SessionRecord, request: DelegateRequest, client: { ip: string | null; userAgent: string | null }): Promise<{ claim: ClaimRow | null; recorded_at: string }> {
    const s = session;
    const asked = await askedBy(s);
    if (!asked) throw new ApiError('forbidden', "This session's service asks for no delegation.");
    if (s.status !== 'verified') throw new ApiError('forbidden', 'A delegation is decided once the session is verified.');
    const problem = wordsProblem(request, asked);
    if (problem) throw new ApiError('validation_failed', undefined, { issues: [problem] });
    const basis = await basisOf(s, asked);
    if (!basis) throw new ApiError('forbidden', 'The session holds no identity claim meeting the service\'s requirement (it may have been revoked).');
    const result = await store.transaction(async (tx) => {
      await tx.lockSession(s.id);
      const consents = await tx.listConsents(s.id);
      const earlier = consents.filter((c) => c.notice === DELEGATION_NOTICE).at(-1);
      if (earlier) {
        // Asked twice (a retry after a lost answer): the same answer again. A change of mind is a
        // revocation by the host, not a second decision.
        if (earlier.decision !== request.decision) throw new ApiError('forbidden', `The person already ${earlier.decision} this delegation in this session.`);
        const [claim] = request.decision === 'accepted' ? await tx.activeDelegations(s.tenant, { sessionId: s.id }) : [];
        return { claim: claim ?? null, recorded_at: earlier.recorded_at };
      }
      if (consents.length >= SESSION_CAPS.consents) throw capReached('consents');
      const row = await writeDecision(tx, pii, s.id, { ...request, notice: DELEGATION_NOTICE }, client);
      if (request.decision === 'declined') return { claim: null, recorded_at: row.recorded_at };
      const claim = await tx.addDelegationClaim(s.id, basis, request.delegated_scopes);
      await tx.audit({ session_id: s.id, actor: 'person', action: 'delegation.granted', detail: { claim_id: claim.id, basis_claim_id: basis.id, scopes: request.delegated_scopes.length } });
      return { claim, recorded_at: row.recorded_at };
    });
    signals.notify(s.id);
    return result;
  }

  return { delegationOf, decide };
}

export type Delegation = ReturnType<typeof createDelegation>;
