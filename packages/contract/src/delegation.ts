// Delegation, seed 003's layer 3: a person already verified lets a host's service act for them
// within named scopes (tax:file). It is a consent step of its own, after the verification: the
// widget shows the scopes in plain words and the person's decision is recorded like any consent.
// Granted, it is a claim of its own (type `delegation`), resting on the identity claim it stands
// on: revoking either revokes it, and every passport carrying it. Passports embed its scopes.
import { z } from 'zod';

// Plain data the widget needs too, kept where it imports no zod.
export { DELEGATION_CLAIM, DELEGATION_NOTICE, DELEGATION_NOTICE_VERSION, scopeWords } from './vocabulary.js';

/** A scope as a host names it: words joined by colons, such as tax:file. */
export const ScopeSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_.-]+(:[a-z0-9_.-]+)*$/, 'A scope is words joined by colons, such as tax:file.');

/** A scope as the person is shown it: the host's plain words for it, or null (the widget then shows the scope itself). */
export const DelegatedScopeSchema = z.object({
  scope: z.string(),
  description: z.string().nullable(),
});
export type DelegatedScope = z.infer<typeof DelegatedScopeSchema>;

export const DELEGATION_STATUSES = ['pending', 'granted', 'declined'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];

/** What a session for a delegation service asks, and where the person's decision stands. */
export const SessionDelegationSchema = z.object({
  scopes: z.array(DelegatedScopeSchema).describe("The service's required scopes, in the order it set them, with its words for each."),
  status: z
    .enum(DELEGATION_STATUSES)
    .describe('pending until the person decides (after the verification); granted when they did, or already had; declined when they did not.'),
  claim_id: z.string().nullable().describe('Host backend only: the delegation claim, once granted.'),
});
export type SessionDelegation = z.infer<typeof SessionDelegationSchema>;

/**
 * POST /v1/identity/delegate, from the widget with its session's client secret, once the session
 * is verified: the person's decision on the scopes its service asks, with the words they were
 * shown. Accepting grants the delegation claim (201); declining records the decision (200).
 */
export const DelegateRequestSchema = z
  .object({
    delegated_scopes: z.array(ScopeSchema).min(1, 'At least one scope.').max(50).describe("The scopes delegated: exactly the session's service's required scopes."),
    decision: z.enum(['accepted', 'declined']).default('accepted'),
    version: z.string().min(1).max(40).describe('The version of the words shown.'),
    locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a BCP 47 language tag such as "en" or "es-MX".'),
    text: z.string().min(1).max(20_000).describe('The exact text shown, naming every scope; the BFF stores its SHA-256.'),
  })
  .strict();
export type DelegateRequest = z.input<typeof DelegateRequestSchema>;

export const DelegationDeclinedSchema = z.object({
  object: z.literal('delegation_decision'),
  decision: z.literal('declined'),
  recorded_at: z.string(),
});
