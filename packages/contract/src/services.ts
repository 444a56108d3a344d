// Service identity requirements (seed 003): what a host's service needs of a person before it
// serves them: a trust layer, a claim, a minimum assurance, the providers it accepts, and, for the
// identity layer, the personal data it needs and the GDPR lawful basis it processes it under. A
// session created for the service (service_id) takes its requirements from here.
import { z } from 'zod';
import { ASSURANCE_LEVELS, CLAIM_TYPES, PROVIDER_KEYS } from './vocabulary.js';
import { ScopeSchema } from './delegation.js';

/** Seed 003's layers: the two a verification reaches, and delegation (layer 3) of scopes on top. */
export const SERVICE_LAYERS = ['humanity', 'identity', 'delegation'] as const;
export type ServiceLayer = (typeof SERVICE_LAYERS)[number];

/** The six lawful bases of GDPR article 6(1), (a) to (f). */
export const LAWFUL_BASES = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** The claim each layer's requirement names: a delegation stands on a verified identity. */
export const CLAIM_OF_LAYER: Record<ServiceLayer, (typeof CLAIM_TYPES)[number]> = {
  humanity: 'verified_human',
  identity: 'verified_identity',
  delegation: 'verified_identity',
};

/** A service's id as the host names it (svc_123): letters, digits and _-.: */
export const ServiceIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'Letters, digits and _ . : - only.');

export const SetServiceRequirementSchema = z
  .object({
    layer: z.enum(SERVICE_LAYERS).describe('The trust layer the service needs: humanity, identity, or delegation (layer 3, scopes delegated on top of a verified identity).'),
    requires_claim: z.enum(CLAIM_TYPES).describe('The claim type it needs: verified_human for humanity, verified_identity for identity and delegation.'),
    minimum_assurance: z.enum(ASSURANCE_LEVELS),
    accepted_providers: z.array(z.enum(PROVIDER_KEYS)).max(PROVIDER_KEYS.length).default([]).describe('Only these providers; empty means any.'),
    required_scopes: z.array(ScopeSchema).max(50).default([]).describe('For delegation: the scopes the person must have delegated.'),
    scope_descriptions: z
      .record(ScopeSchema, z.string().trim().min(1).max(200))
      .default({})
      .describe("For delegation: your plain words for each required scope, in the person's language (\"File your tax return\"), which the widget shows them instead of the scope."),
    requires_pii: z.boolean().default(false).describe('Whether the service needs the personal data a verification established. Must be true for the identity layer.'),
    lawful_basis: z.enum(LAWFUL_BASES).optional().describe('The GDPR article 6 basis the personal data is processed under. Required when requires_pii is true.'),
  })
  .strict();
export type SetServiceRequirement = z.input<typeof SetServiceRequirementSchema>;

export const ServiceRequirementSchema = z.object({
  object: z.literal('service_requirement'),
  service_id: z.string(),
  layer: z.enum(SERVICE_LAYERS),
  requires_claim: z.enum(CLAIM_TYPES),
  minimum_assurance: z.enum(ASSURANCE_LEVELS),
  accepted_providers: z.array(z.enum(PROVIDER_KEYS)),
  required_scopes: z.array(z.string()),
  scope_descriptions: z.record(z.string(), z.string()),
  requires_pii: z.boolean(),
  lawful_basis: z.enum(LAWFUL_BASES).nullable(),
  updated_at: z.string(),
});
export type ServiceRequirement = z.infer<typeof ServiceRequirementSchema>;

/**
 * Why a requirement cannot be set, or null. The identity layer (and delegation, which stands on
 * it) processes personal data, so it must say so and name its lawful basis (seed 003:
 * GDPR_VIOLATION); and personal data declared needed must have a basis.
 */
export function gdprProblem(r: { layer: ServiceLayer; requires_pii: boolean; lawful_basis?: LawfulBasis | undefined }): { path: string; message: string } | null {
  if (r.layer !== 'humanity' && !r.requires_pii) return { path: 'body.requires_pii', message: `A ${r.layer} requirement processes personal data: set requires_pii to true and give a lawful_basis.` };
  if (r.requires_pii && !r.lawful_basis) return { path: 'body.lawful_basis', message: `Personal data needs a GDPR lawful basis: one of ${LAWFUL_BASES.join(', ')}.` };
  return null;
}
