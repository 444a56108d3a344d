// Service identity requirements (seed 003): a host says what one of its services needs of a
// person, and a session created for that service (service_id) takes it as its requirements.
import {
  CLAIM_OF_LAYER,
  gdprProblem,
  ServiceIdSchema,
  ServiceRequirementSchema,
  SetServiceRequirementSchema,
  type ServiceRequirement,
} from '@identity-verify/contract/services';
import type { AppDeps } from '../app.js';
import { ApiError } from '../errors.js';
import type { RouteTable } from '../http/route.js';
import type { ServiceRequirementsTable } from '../store/schema.js';

export const requirementView = (row: ServiceRequirementsTable): ServiceRequirement =>
  ServiceRequirementSchema.parse({
    object: 'service_requirement',
    service_id: row.service_id,
    layer: row.layer,
    requires_claim: row.requires_claim,
    minimum_assurance: row.minimum_assurance,
    accepted_providers: JSON.parse(row.accepted_providers),
    required_scopes: JSON.parse(row.required_scopes),
    scope_descriptions: row.scope_descriptions ? JSON.parse(row.scope_descriptions) : {},
    requires_pii: Boolean(row.requires_pii),
    lawful_basis: row.lawful_basis,
    updated_at: row.updated_at,
  });

const serviceIdOf = (raw: string) => {
  const parsed = ServiceIdSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError('validation_failed', undefined, { issues: [{ path: 'params.id', message: parsed.error.issues[0]!.message }] });
  return parsed.data;
};

export function serviceRoutes(routes: RouteTable, { store }: AppDeps) {
  routes.add(
    {
      method: 'post',
      path: '/v1/services/:id/requirements',
      summary: "Set what a service needs of a person (layer, claim, assurance, providers, scopes, personal data and its lawful basis); it replaces the service's last",
      tag: 'Host backend',
      auth: 'api_key',
      body: SetServiceRequirementSchema,
      responses: { 201: { description: 'Set', schema: ServiceRequirementSchema } },
    },
    async (c, { body }) => {
      const serviceId = serviceIdOf(c.req.param('id')!);
      const claim = CLAIM_OF_LAYER[body.layer];
      if (body.requires_claim !== claim) {
        throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.requires_claim', message: `A ${body.layer} requirement names the claim ${claim}.` }] });
      }
      if (body.layer === 'delegation' && body.required_scopes.length === 0) {
        throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.required_scopes', message: 'A delegation requirement names at least one scope.' }] });
      }
      const undescribed = Object.keys(body.scope_descriptions).find((scope) => !body.required_scopes.includes(scope));
      if (undescribed) {
        throw new ApiError('validation_failed', undefined, { issues: [{ path: `body.scope_descriptions.${undescribed}`, message: 'Describe only the scopes in required_scopes.' }] });
      }
      const gdpr = gdprProblem(body);
      if (gdpr) throw new ApiError('GDPR_VIOLATION', undefined, { issues: [gdpr] });
      const tenant = c.get('tenant');
      await store.setServiceRequirement({
        tenant,
        service_id: serviceId,
        layer: body.layer,
        requires_claim: body.requires_claim,
        minimum_assurance: body.minimum_assurance,
        accepted_providers: JSON.stringify(body.accepted_providers),
        required_scopes: JSON.stringify(body.required_scopes),
        scope_descriptions: JSON.stringify(body.scope_descriptions),
        requires_pii: body.requires_pii ? 1 : 0,
        lawful_basis: body.lawful_basis ?? null,
      });
      await store.audit({ session_id: null, tenant, actor: 'host', action: 'service_requirement.set', detail: { service_id: serviceId, layer: body.layer, requires_pii: body.requires_pii } });
      return c.json(requirementView((await store.serviceRequirement(tenant, serviceId))!), 201);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/services/:id/requirements',
      summary: 'What a service needs of a person',
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'The requirement', schema: ServiceRequirementSchema } },
    },
    async (c) => {
      const row = await store.serviceRequirement(c.get('tenant'), serviceIdOf(c.req.param('id')!));
      if (!row) throw new ApiError('not_found', 'This service has no requirements set.');
      return c.json(requirementView(row));
    },
  );
}
