// Claims after their session: what the host backend and the widget read of them (never personal
// data: an identity claim shows only its claim_ref), and reuse, a new session completed at once
// with claims its subject already holds.
import type { IdentityClaim } from '@identity-verify/contract/schemas';
import { DELEGATION_CLAIM } from '@identity-verify/contract/delegation';
import { meetsLayer, TRUST_LAYERS, type AssuranceLevel, type ClaimType, type ProviderKey, type TrustLayer } from '@identity-verify/contract/vocabulary';
import { LAYER_CLAIMS } from '../providers/registry.js';
import type { ClaimRow } from '../store/schema.js';
import type { SessionRecord, Store } from '../store/store.js';

/** What a store transaction hands its callback. */
type Transaction = Parameters<Parameters<Store['transaction']>[0]>[0];

const layerOf = (type: ClaimType): TrustLayer => TRUST_LAYERS.find((layer) => LAYER_CLAIMS[layer] === type)!;

export function claimView(row: ClaimRow, now: Date): IdentityClaim {
  const type = row.type as IdentityClaim['type'];
  return {
    id: row.id,
    object: 'identity_claim',
    type,
    layer: type === DELEGATION_CLAIM ? 'delegation' : layerOf(type),
    subject: row.subject,
    session_id: row.session_id,
    provider_key: row.provider_key as ProviderKey,
    assurance_level: row.assurance_level as AssuranceLevel,
    status: row.revoked_at ? 'revoked' : Date.parse(row.expires_at) <= now.getTime() ? 'expired' : 'active',
    issued_at: row.issued_at,
    expires_at: row.expires_at,
    revoked_at: row.revoked_at,
    claim_ref: row.claim_ref,
    delegated_scopes: row.delegated_scopes ? (JSON.parse(row.delegated_scopes) as string[]) : null,
    basis_claim_id: row.basis_claim_id,
  };
}

/**
 * Verifies a session just created, in the transaction that created it, with claims its subject
 * already holds, if one meets the session's requirements: the claim type of its layer, at least
 * its assurance, from a provider it accepts. The claims of lower layers the same verification
 * issued come along (an identity verified is a human verified), as a new verification would give
 * them. Answers the claims reused, none when nothing fits (the person then verifies as usual).
 */
export async function reuseHeldClaims(tx: Transaction, session: SessionRecord, now: string): Promise<ClaimRow[]> {
  if (!session.subject) return [];
  const { layer, min_assurance, accepted_providers } = session.requirements;
  const [best] = await tx.reusableClaims(session.tenant, session.subject, { type: LAYER_CLAIMS[layer], min_assurance, accepted_providers });
  if (!best) return [];
  const together = (await tx.validClaimsIssuedBy(best.session_id)).filter((c) => c.id === best.id || meetsLayer(layer, layerOf(c.type as ClaimType)));
  const claimIds = together.map((c) => c.id);
  await tx.reuseClaims(session.id, claimIds);
  // Through updateSession, as any verdict: the host's session.verified event is queued with it.
  await tx.updateSession(session.id, { status: 'verified', provider_key: best.provider_key, completed_at: now }, ['requires_input']);
  await tx.audit({ session_id: session.id, actor: 'host', action: 'claims.reused', detail: { claim_ids: claimIds.join(','), provider_key: best.provider_key } });
  return together;
}
