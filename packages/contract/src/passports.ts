// Passports (seed 003): a signed JWT a host issues for one of its subjects, carrying chosen
// claims, for a verifier (another service, an agent) to check offline against the published
// keys (/.well-known/jwks.json, ES256). Humanity claims are embedded; an identity claim appears
// only as its claim_ref, which the issuing host resolves server side (introspection), so no
// personal data is ever in a token. Revoking a claim revokes every active passport carrying it,
// and only those; verifiers learn of it by introspection or the public status list.
import { z } from 'zod';
import { ASSURANCE_LEVELS, CLAIM_TYPES, PROVIDER_KEYS } from './vocabulary.js';
import { SubjectSchema, VerifiedOutputsSchema } from './schemas.js';
import { DELEGATION_CLAIM } from './delegation.js';

/** The longest a passport may live, in seconds (7 days): a verifier that only checks signatures learns of a revocation at the latest by then. */
export const MAX_PASSPORT_TTL_SECONDS = 7 * 24 * 3600;

export const IssuePassportRequestSchema = z
  .object({
    subject: SubjectSchema.describe('Whose claims the passport carries: your id for the person.'),
    identity_claim_ids: z.array(z.string().min(1).max(100)).min(1, 'At least one claim.').max(20).describe("The subject's claims to carry (GET /v1/identity/claims): each unrevoked and unexpired."),
    ttl_seconds: z.number().int().min(60).max(MAX_PASSPORT_TTL_SECONDS).default(3600).describe('How long the passport lives; never past the earliest expiry of its claims.'),
    audience: z.string().min(1).max(200).optional().describe('Who the passport is for (its aud), if you name one.'),
  })
  .strict();
export type IssuePassportRequest = z.input<typeof IssuePassportRequestSchema>;

/** A claim as a passport carries it: a humanity claim whole, an identity claim by its claim_ref only. */
export const PassportClaimSchema = z.union([
  z.object({
    layer: z.literal('humanity'),
    claim_id: z.string(),
    type: z.enum(CLAIM_TYPES),
    provider_key: z.enum(PROVIDER_KEYS),
    assurance_level: z.enum(ASSURANCE_LEVELS),
    issued_at: z.string(),
  }),
  z.object({
    layer: z.literal('identity'),
    claim_ref: z.string(),
    type: z.enum(CLAIM_TYPES),
    assurance_level: z.enum(ASSURANCE_LEVELS),
  }),
  /** Layer 3: the scopes delegated, embedded (they are no personal data), and the assurance of the identity they stand on. */
  z.object({
    layer: z.literal('delegation'),
    claim_id: z.string(),
    type: z.literal(DELEGATION_CLAIM),
    delegated_scopes: z.array(z.string()),
    assurance_level: z.enum(ASSURANCE_LEVELS),
    issued_at: z.string(),
  }),
]);
export type PassportClaim = z.infer<typeof PassportClaimSchema>;

/** The JWT's payload (its header: alg ES256, typ passport+jwt, kid). */
export interface PassportPayload {
  iss: string;
  sub: string;
  aud?: string;
  jti: string;
  iat: number;
  exp: number;
  identity_claims: PassportClaim[];
  /** Every scope its delegation claims carry, for a verifier that checks only the token; present when it carries one. */
  delegated_scopes?: string[];
}

export const PassportSchema = z.object({
  object: z.literal('passport'),
  id: z.string().describe("The passport's jti."),
  subject: z.string(),
  claim_ids: z.array(z.string()),
  status: z.enum(['active', 'revoked', 'expired']),
  issued_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
  /** Why it was revoked: by the host, or because a claim it carried was. */
  revoked_reason: z.enum(['revoked', 'claim_revoked']).nullable(),
});
export type Passport = z.infer<typeof PassportSchema>;

export const IssuedPassportSchema = PassportSchema.extend({ token: z.string().describe('The signed JWT (ES256) to hand to the verifier.') });

export const IntrospectRequestSchema = z
  .object({
    token: z.string().min(1).max(16_384),
    resolve_claim_refs: z.boolean().default(false).describe("Also answer the personal data each identity claim's claim_ref stands for (audited as a read of personal data)."),
  })
  .strict();

/** RFC 7662's shape: `active` alone when the token is not one of yours, forged, expired or revoked. */
export const IntrospectionSchema = z.object({
  active: z.boolean(),
  jti: z.string().optional(),
  sub: z.string().optional(),
  aud: z.string().optional(),
  iat: z.number().optional(),
  exp: z.number().optional(),
  identity_claims: z.array(PassportClaimSchema).optional(),
  delegated_scopes: z.array(z.string()).optional().describe('The scopes its delegation claims carry, when it carries one.'),
  resolved: z
    .array(z.object({ claim_ref: z.string(), verified_outputs: VerifiedOutputsSchema.nullable() }))
    .optional()
    .describe('With resolve_claim_refs: what each claim_ref stands for; null once the personal data was erased (the claim expired, or its session was redacted).'),
});
export type Introspection = z.infer<typeof IntrospectionSchema>;

/** The public status list: every revoked passport not yet expired, by its jti (random ids: nothing of the person). */
export const PassportStatusListSchema = z.object({
  object: z.literal('passport_status_list'),
  updated_at: z.string(),
  revoked: z.array(z.object({ jti: z.string(), revoked_at: z.string() })),
});
