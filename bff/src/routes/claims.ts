// Claims (seed 003): listed by the host backend for a subject and by the widget for its session's
// subject, never with personal data; revoked by the host backend, after which no session reuses
// them; and delegation (layer 3), granted by the person in the widget once verified.
import type { Passports } from '../passports/passports.js';
import { z } from 'zod';
import { ClaimsQuerySchema, IdentityClaimSchema, RevokeClaimResponseSchema } from '@identity-verify/contract/schemas';
import { DelegateRequestSchema, DelegationDeclinedSchema } from '@identity-verify/contract/delegation';
import { ApiError } from '../errors.js';
import { queueClaimRevoked } from '../events/outbox.js';
import { clientIp } from '../http/guards.js';
import type { RouteTable } from '../http/route.js';
import type { ClaimRow } from '../store/schema.js';
import { claimView } from '../verification/claims.js';
import type { AppDeps } from '../app.js';

type Transaction = Parameters<Parameters<AppDeps['store']['transaction']>[0]>[0];

export function claimRoutes(routes: RouteTable, { store, clock, verification }: AppDeps, passports: Pick<Passports, 'revokeWithin'>) {
  /**
   * Revokes a claim inside the caller's transaction, and what rests on it: the delegations standing
   * on it, then every active passport carrying any of them (and only those). Each is told once.
   */
  async function revokeWithin(tx: Transaction, claim: ClaimRow, reason: 'host' | 'basis_revoked'): Promise<void> {
    const at = await tx.revokeClaim(claim.tenant, claim.id);
    if (!at) return; // already revoked: told once
    // Audited in the tenant's chain even when the issuing session was purged since.
    await tx.audit({ tenant: claim.tenant, session_id: claim.session_id, actor: 'host', action: 'claim.revoked', detail: { claim_id: claim.id, claim_type: claim.type, reason } });
    await queueClaimRevoked(tx, claim, at);
    // Smart revocation: the active passports carrying this claim fall with it, and only those.
    await passports.revokeWithin(tx, claim.tenant, { claimId: claim.id }, at);
    for (const delegation of await tx.delegationsResting(claim.tenant, claim.id)) await revokeWithin(tx, delegation, 'basis_revoked');
  }

  routes.add(
    {
      method: 'get',
      path: '/v1/identity/claims',
      summary:
        "List claims. With your API key: a subject's claims (?subject=), revoked and expired ones too, newest first. With a client secret (the widget): the claims of its session's subject, or of the session alone when it names none",
      tag: 'Host backend',
      auth: 'api_key_or_client_secret',
      query: ClaimsQuerySchema,
      responses: { 200: { description: 'Claims, without personal data: an identity claim carries only its claim_ref', schema: z.array(IdentityClaimSchema) } },
    },
    async (c, { query }) => {
      const session = c.get('session');
      const now = clock.now();
      if (session) {
        // The widget names no subject: it reads its own session's, whatever it might send.
        if (query.subject !== undefined) throw new ApiError('validation_failed', undefined, { issues: [{ path: 'query.subject', message: "The widget lists its own session's claims: send no subject." }] });
        const rows = session.subject ? await store.subjectClaims(session.tenant, session.subject) : await store.listClaims(session.id);
        return c.json(rows.map((row) => claimView(row, now)));
      }
      if (query.subject === undefined) throw new ApiError('validation_failed', undefined, { issues: [{ path: 'query.subject', message: 'Required: the subject whose claims to list.' }] });
      return c.json((await store.subjectClaims(c.get('tenant'), query.subject)).map((row) => claimView(row, now)));
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/v1/identity/claims/:id',
      summary:
        'Revoke a claim: no session reuses it from now on, and claim.revoked is sent; the delegations standing on it, and the active passports carrying any of them, are revoked with it. Revoking it again changes nothing',
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'Revoked', schema: RevokeClaimResponseSchema } },
    },
    async (c) => {
      const tenant = c.get('tenant');
      const id = c.req.param('id')!;
      await store.transaction(async (tx) => {
        const claim = await tx.findClaim(tenant, id);
        // Another tenant's claim reads as absent, never as forbidden.
        if (!claim) throw new ApiError('not_found', 'No claim with that id.');
        await revokeWithin(tx, claim, 'host');
      });
      return c.json({ success: true as const });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/identity/delegate',
      summary:
        "Layer 3: the person's decision, in the widget, on the scopes the verified session's service asks (its delegation requirement). Accepted, a delegation claim carrying the scopes (no personal data), standing on the identity claim that verified them; declined, the decision alone. Both are recorded like a consent",
      tag: 'Widget',
      auth: 'client_secret',
      body: DelegateRequestSchema,
      responses: {
        201: { description: 'The delegation claim granted', schema: IdentityClaimSchema },
        200: { description: 'The decline, recorded', schema: DelegationDeclinedSchema },
      },
    },
    async (c, { body }) => {
      const { claim, recorded_at } = await verification.delegate(c.get('session'), body, { ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null });
      if (!claim) return c.json({ object: 'delegation_decision' as const, decision: 'declined' as const, recorded_at }, 200);
      return c.json(claimView(claim, clock.now()), 201);
    },
  );
}
