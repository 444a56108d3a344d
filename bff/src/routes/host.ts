// The host backend API (secret API key): create, read and cancel sessions; read consents.
import { z } from 'zod';
import {
  ConsentRecordSchema,
  CreateSessionRequestSchema,
  CreateSessionResponseSchema,
  HostSessionQuerySchema,
  HostSessionSchema,
  RequirementsSchema,
  type Requirements,
} from '@identity-verify/contract/schemas';
import { requirementView } from './services.js';
import type { HostInclude } from '../verification/index.js';
import { reuseHeldClaims } from '../verification/claims.js';
import { ApiError } from '../errors.js';
import { newClientSecret, newId, sha256Hex } from '../security/tokens.js';
import type { RouteTable } from '../http/route.js';
import type { AppDeps } from '../app.js';

export function hostRoutes(routes: RouteTable, deps: AppDeps) {
  const { store, verification, clock, config } = deps;

  /** A consent's IP or user agent, sealed at rest; rows recorded before sealing hold them in clear. */
  const openEvidence = (value: string | null, sessionId: string) => (value?.startsWith('v1.') ? (deps.pii.open(value, sessionId) as string) : value);

  /** The session, when it belongs to the caller's tenant: another tenant's reads as absent, never as forbidden. */
  const sessionOr404 = async (id: string, tenant: string) => {
    const session = await store.getSession(id);
    if (!session || session.tenant !== tenant) throw new ApiError('not_found', 'No session with that id.');
    return session;
  };

  /**
   * The session's requirements: the ones given, or those of the service it is for (its layer,
   * minimum assurance and accepted providers), so the providers offered and the claims reused
   * follow the service's. Delegation (layer 3) stands on a verified identity: a session for such a
   * service verifies the identity, the delegation being its own consent step.
   */
  async function requirementsFor(tenant: string, body: { service_id?: string | undefined; requirements?: Requirements | undefined }): Promise<Requirements> {
    if (!body.service_id) return body.requirements ?? RequirementsSchema.parse({});
    if (body.requirements) {
      throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.requirements', message: "A session for a service takes the service's requirements: send service_id or requirements, not both." }] });
    }
    const row = await store.serviceRequirement(tenant, body.service_id);
    if (!row) throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.service_id', message: 'This service has no requirements set (POST /v1/services/:id/requirements).' }] });
    const service = requirementView(row);
    return RequirementsSchema.parse({
      layer: service.layer === 'humanity' ? 'humanity' : 'identity',
      min_assurance: service.minimum_assurance,
      accepted_providers: service.accepted_providers,
    });
  }

  routes.add(
    {
      method: 'post',
      path: '/v1/sessions',
      summary: 'Create a verification session and the client secret to hand to the widget',
      tag: 'Host backend',
      auth: 'api_key',
      body: CreateSessionRequestSchema,
      responses: { 201: { description: 'Created', schema: CreateSessionResponseSchema } },
    },
    async (c, { body }) => {
      if (body.reuse_claims && !body.subject) {
        throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.reuse_claims', message: 'Reusing claims needs the subject they were issued for: send subject too.' }] });
      }
      const requirements = await requirementsFor(c.get('tenant'), body);
      const expiresAt = new Date(clock.now().getTime() + config.sessionTtlSeconds * 1000).toISOString();
      const id = newId('ivs');
      const clientSecret = newClientSecret(id); // embeds the id, like Stripe's; only its hash is kept
      const session = await store.transaction(async (tx) => {
        const created = await tx.createSession({
          id,
          tenant: c.get('tenant'),
          reference: body.reference ?? null,
          subject: body.subject ?? null,
          service_id: body.service_id ?? null,
          requirements,
          locale: body.locale ?? null,
          return_url: body.return_url ?? null,
          metadata: body.metadata ?? {},
          client_secret_hash: sha256Hex(clientSecret),
          expires_at: expiresAt,
          person_sealed: body.person ? deps.pii.seal(body.person, id) : null,
        });
        await tx.audit({ session_id: created.id, actor: 'host', action: 'session.created' });
        // The person already holds what this session asks for, and the host lets it count: verified now.
        if (body.reuse_claims && (await reuseHeldClaims(tx, created, clock.now().toISOString())).length) return { ...created, status: 'verified' };
        return created;
      });
      return c.json({ id: session.id, client_secret: clientSecret, status: session.status, expires_at: session.expires_at }, 201);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/sessions/:id',
      summary: 'Read a session: status, provider, claims, last error; personal data only with include=',
      tag: 'Host backend',
      auth: 'api_key',
      query: HostSessionQuerySchema,
      responses: { 200: { description: 'The session', schema: HostSessionSchema } },
    },
    async (c, { query }) => {
      const include = new Set((query.include?.split(',') ?? []) as HostInclude[]);
      return c.json(await verification.hostView(await sessionOr404(c.req.param('id')!, c.get('tenant')), include));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/sessions/:id/redact',
      summary: "Erase the person's data at the provider and here (claims and statuses stay)",
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'The redacted session', schema: HostSessionSchema } },
    },
    async (c) => {
      const session = await sessionOr404(c.req.param('id')!, c.get('tenant'));
      await verification.redact(session);
      return c.json(await verification.hostView((await store.getSession(session.id))!));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/sessions/:id/cancel',
      summary: 'Cancel a session that has not finished',
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'The canceled session', schema: HostSessionSchema } },
    },
    async (c) => {
      const session = await sessionOr404(c.req.param('id')!, c.get('tenant'));
      await verification.cancel(session);
      return c.json(await verification.hostView((await store.getSession(session.id))!));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/sessions/:id/consents',
      summary: "Read a session's consent records: notice, version, hash of the text shown, decision",
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'Consent records, oldest first', schema: z.array(ConsentRecordSchema) } },
    },
    async (c) => {
      const session = await sessionOr404(c.req.param('id')!, c.get('tenant'));
      const rows = await store.listConsents(session.id);
      // The consents carry the person's address and browser: a read of personal data, audited.
      await store.audit({ session_id: session.id, actor: 'host', action: 'consents.read' });
      return c.json(
        rows.map((r) => ({
          id: r.id,
          notice: r.notice,
          version: r.version,
          text_sha256: r.text_sha256,
          locale: r.locale,
          decision: r.decision,
          ip: openEvidence(r.ip, session.id),
          user_agent: openEvidence(r.user_agent, session.id),
          recorded_at: r.recorded_at,
        })),
      );
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/audit/verify',
      summary:
        "Verify your audit trail: every row's hash over its fields and the row before it, from the first to the last written. Names the first row that was altered, removed or cut off",
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'Whether the chain holds, over how many rows, and where it first breaks', schema: AuditChainVerdictSchema } },
    },
    async (c) => c.json(await store.verifyAuditChain(c.get('tenant'))),
  );
}

const AuditChainVerdictSchema = z.object({
  valid: z.boolean(),
  rows: z.number().int().describe('Rows in your chain.'),
  first_broken: z
    .object({
      id: z.string().nullable().describe('The first row that does not hold; null when rows are missing at the end.'),
      seq: z.number().int().describe('Its place in the chain, from 1.'),
      reason: z.enum(['hash_mismatch', 'link_mismatch', 'missing_row', 'head_mismatch']),
    })
    .optional(),
});
