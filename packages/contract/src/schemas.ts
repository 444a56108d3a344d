// zod schemas for every BFF request and response body. The BFF validates with them and
// generates /openapi.json from them; the widget imports only the inferred types.
import type { IdentityProfileReport } from './identity-profile.js';
import { ServiceIdSchema } from './services.js';
import { DELEGATION_CLAIM, DELEGATION_NOTICE, SessionDelegationSchema } from './delegation.js';
import { z } from 'zod';
import {
  ASSURANCE_LEVELS,
  CAPTURE_MODES,
  CLAIM_TYPES,
  CONSENT_DECISIONS,
  CONSENT_NOTICES,
  FACE_CHECKS,
  FLOW_KINDS,
  PROVIDER_KEYS,
  SESSION_STATUSES,
  TRUST_LAYERS,
} from './vocabulary.js';
import { isCountryCode } from './countries.js';
import { NOTICE_LANGUAGES, type ProviderNoticeText } from './notices.js';
import { PROVIDER_CLIENT_SCHEMAS, PROVIDER_RESULT_SCHEMAS } from './providers/list.js';
import { CaptureDocumentTypeSchema, CaptureSideSchema, NativeCaptureClientSchema } from './providers/native-capture.js';
import type { OnfidoClientSchema } from './providers/onfido.js';
import { httpUrl } from './providers/shared.js';
import type { SignicatOnfidoClientSchema } from './providers/signicat_onfido.js';

// Each provider's schemas, and our capture's, are exported from here too: one import path for all.
export * from './providers/native-capture.js';
export * from './providers/onfido.js';
export * from './providers/signicat_onfido.js';
export * from './providers/stripe_identity.js';
export * from './providers/turnstile.js';

const isoDateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');

export const ProviderKeySchema = z.enum(PROVIDER_KEYS);
export const AssuranceLevelSchema = z.enum(ASSURANCE_LEVELS);
export const TrustLayerSchema = z.enum(TRUST_LAYERS);
export const ClaimTypeSchema = z.enum(CLAIM_TYPES);
export const FlowKindSchema = z.enum(FLOW_KINDS);
export const FaceCheckSchema = z.enum(FACE_CHECKS);
export const ConsentNoticeSchema = z.enum(CONSENT_NOTICES);
/** Known statuses, plus any string: readers tolerate statuses added later. */
export const SessionStatusSchema = z.union([z.enum(SESSION_STATUSES), z.string()]);
export const CountryCodeSchema = z
  .string()
  .refine(isCountryCode, { message: 'Expected an ISO 3166-1 alpha-2 country code such as "US" or "SE".' });
export const LocaleSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a BCP 47 language tag such as "en" or "es-MX".');

// ---- errors -------------------------------------------------------------------------------

export const ErrorIssueSchema = z.object({
  path: z.string().describe('Where the problem is, e.g. "body.requirements.layer" or "query.country".'),
  message: z.string(),
});
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.object({ issues: z.array(ErrorIssueSchema).optional() }).catchall(z.unknown()).optional(),
    request_id: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---- shared objects -------------------------------------------------------------------------

export const RequirementsSchema = z
  .object({
    layer: TrustLayerSchema.default('humanity').describe(
      'The lowest trust layer that satisfies this session. Layers are graduated: humanity is met by any provider, identity only by one that verifies who the person is, and a verification at the identity layer also issues verified_human.',
    ),
    min_assurance: AssuranceLevelSchema.default('low'),
    accepted_providers: z.array(ProviderKeySchema).max(PROVIDER_KEYS.length).default([]),
    allowed_countries: z.array(CountryCodeSchema).max(300).default([]),
    face_check: FaceCheckSchema.optional().describe(
      'The face check beside the document: none, a selfie photo, a selfie video or a motion capture. Default: photo when min_assurance is high, else none. Providers that cannot do it are not offered; one that takes no document and no face (BankID, whose eID proves its holder) meets the default, and is left out only when a face check is named.',
    ),
    capture: z
      .enum(CAPTURE_MODES)
      .optional()
      .describe(
        "Who captures the images, for providers that can take either: native (the widget's own capture, the same look for every provider, images uploaded through the BFF) or sdk (the provider's own SDK). A preference, not a filter: a provider with one way uses it, and one whose native capture cannot do the face check asked for (video, motion) uses its SDK. Default: each provider's configured capture (ONFIDO_CAPTURE, SIGNICAT_CAPTURE).",
      ),
  })
  .strict();
export type Requirements = z.output<typeof RequirementsSchema>;

export const LastErrorSchema = z.object({ code: z.string(), reason: z.string() });
export type LastError = z.infer<typeof LastErrorSchema>;

export const ClaimSchema = z.object({
  id: z.string(),
  type: ClaimTypeSchema,
  provider_key: ProviderKeySchema,
  assurance_level: AssuranceLevelSchema,
  issued_at: isoDateTime,
});
export type Claim = z.infer<typeof ClaimSchema>;

export const ProviderNoticeTextSchema = z.object({
  notice: ConsentNoticeSchema.exclude(['privacy_notice']),
  version: z.string(),
  locale: z.enum(NOTICE_LANGUAGES),
  heading: z.string(),
  body: z.string().describe('May name the host as {organization}, which the widget fills in.'),
  confirm: z.string(),
  links_label: z.string(),
  links: z.array(z.object({ label: z.string(), href: z.url({ protocol: /^https$/ }) })),
}) satisfies z.ZodType<ProviderNoticeText>;

export const ProviderCatalogueEntrySchema = z.object({
  id: z.string(),
  provider_key: ProviderKeySchema,
  name: z.string(),
  supported_layers: z.array(TrustLayerSchema).describe('Every layer up to the highest this provider verifies (layers are graduated: identity includes humanity).'),
  claim_types: z.array(ClaimTypeSchema).describe('The claims a verification here issues: those of each supported layer.'),
  assurance_level: AssuranceLevelSchema,
  coverage: z.union([z.literal('global'), z.array(z.string())]).describe('"global" or ISO alpha-2 codes'),
  flow: FlowKindSchema,
  active: z.boolean(),
  notices: z
    .array(ConsentNoticeSchema)
    .describe("Notices the person must accept before this provider starts, for this session and country (e.g. Onfido's US biometric notice)."),
  notice_texts: z
    .array(ProviderNoticeTextSchema)
    .describe('The words of each of those notices, in every language they are written in: the widget shows them and records what it showed.'),
});
export type ProviderCatalogueEntry = z.infer<typeof ProviderCatalogueEntrySchema>;

// ---- host backend API ------------------------------------------------------------------------

export const PersonSchema = z
  .object({
    first_name: z.string().trim().min(1).max(100),
    last_name: z.string().trim().min(1).max(100),
  })
  .strict();
export type Person = z.infer<typeof PersonSchema>;

/**
 * The host's own id for the person (its user id): opaque to us, never checked for personal data,
 * so it must not be one (no e-mail addresses: no "@"). Claims are kept per tenant and subject.
 */
export const SubjectSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:|-]*$/, 'Expected your own opaque user id: letters, digits and _ . : | - (no e-mail address), up to 128 characters.');

export const CreateSessionRequestSchema = z
  .object({
    reference: z.string().min(1).max(200).optional().describe('Your own id for this verification.'),
    subject: SubjectSchema.optional().describe(
      'Your own id for the person (your user id, not personal data). The claims a verification issues are kept for this subject, can be listed and revoked (/v1/identity/claims), and can be reused by a later session with reuse_claims.',
    ),
    reuse_claims: z
      .boolean()
      .optional()
      .describe(
        "Complete at once, without the person verifying again, when the subject already holds a claim that meets this session's requirements: unexpired, unrevoked, of the claim type of the required layer, at least min_assurance, from one of accepted_providers if any (allowed_countries and face_check are not matched against a claim). The session is then created verified with those claims, and session.verified is sent. Needs subject. Default false.",
      ),
    service_id: ServiceIdSchema.optional().describe(
      "The service this verification is for (POST /v1/services/:id/requirements): the session takes that service's layer, minimum assurance and accepted providers as its requirements, so give one or the other.",
    ),
    requirements: RequirementsSchema.optional().describe('What this session needs; default a humanity check at low assurance. Not with service_id.'),
    locale: LocaleSchema.optional(),
    return_url: httpUrl.optional(),
    person: PersonSchema.optional().describe(
      'What you already know of the person, for providers that compare it with the document (Onfido creates its applicant with it). Encrypted at rest; never sent to the widget.',
    ),
    metadata: z
      .record(z.string().min(1).max(40), z.string().max(500))
      .refine((m) => Object.keys(m).length <= 20, 'At most 20 metadata keys.')
      .optional(),
  })
  .strict();
export type CreateSessionRequest = z.input<typeof CreateSessionRequestSchema>;

export const CreateSessionResponseSchema = z.object({
  id: z.string(),
  client_secret: z.string(),
  status: SessionStatusSchema,
  expires_at: isoDateTime,
});
export type CreateSessionResponse = z.infer<typeof CreateSessionResponseSchema>;

/** Personal data a provider verified: host backend only, on explicit request (include=verified_outputs). */
export const VerifiedOutputsSchema = z.object({
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  address: z
    .object({
      line1: z.string().nullable(),
      line2: z.string().nullable(),
      city: z.string().nullable(),
      state: z.string().nullable(),
      postal_code: z.string().nullable(),
      country: z.string().nullable(),
    })
    .nullable(),
  dob: z
    .object({ day: z.number().nullable(), month: z.number().nullable(), year: z.number().nullable() })
    .nullable()
    .optional()
    .describe('Kept, encrypted, by providers that hand it over with the sign-in (Login.gov, ID.me); read live for those that do not.'),
  id_number: z.string().nullable().optional().describe("The person's national identity number as the provider established it (BankID: the Swedish personnummer, 12 digits)."),
  id_number_last4: z.string().nullable().optional().describe("The last four digits of the person's national ID number (a US SSN), when the deployment asked for it."),
});
/** Read live from the provider with a restricted key (include=sensitive_outputs); never stored. */
export const SensitiveOutputsSchema = z.object({
  dob: z.object({ day: z.number().nullable(), month: z.number().nullable(), year: z.number().nullable() }).nullable(),
  id_number: z.string().nullable(),
  document_number: z.string().nullable(),
  document_expiration_date: z.object({ day: z.number().nullable(), month: z.number().nullable(), year: z.number().nullable() }).nullable(),
});
/** Short-lived links to the provider's copies of the images (include=images); we keep no copy. */
export const ImageLinkSchema = z.object({
  kind: z.enum(['document', 'selfie']),
  url: z.string(),
  expires_at: isoDateTime,
});
/**
 * What a provider decided, beyond our normalized status: for the host backend's reviewers. No PII.
 * Each provider's verdict lives in its own file under providers/ and joins through providers/list.ts.
 */
export const ProviderResultSchema = z.discriminatedUnion('provider_key', PROVIDER_RESULT_SCHEMAS);
export type ProviderResult = z.infer<typeof ProviderResultSchema>;

export const HostSessionQuerySchema = z
  .object({
    include: z
      .string()
      .regex(
        /^(verified_outputs|sensitive_outputs|images|identity_profile)(,(verified_outputs|sensitive_outputs|images|identity_profile))*$/,
        'A comma-separated list of: verified_outputs, sensitive_outputs, images, identity_profile.',
      )
      .optional(),
  })
  .strict();

export const HostSessionSchema = z.object({
  id: z.string(),
  object: z.literal('identity_session'),
  reference: z.string().nullable(),
  subject: z.string().nullable().describe('Your id for the person, as given at creation.'),
  service_id: z.string().nullable().describe('The service whose requirements the session took, as given at creation.'),
  status: SessionStatusSchema,
  provider_key: ProviderKeySchema.nullable(),
  requirements: RequirementsSchema,
  locale: z.string().nullable(),
  country_of_residence: z.string().nullable(),
  claims: z.array(ClaimSchema),
  delegation: SessionDelegationSchema.nullable().describe('For a session of a delegation service: the scopes it asks and the decision on them.'),
  last_error: LastErrorSchema.nullable(),
  metadata: z.record(z.string(), z.string()),
  return_url: z.string().nullable(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  expires_at: isoDateTime,
  completed_at: isoDateTime.nullable(),
  redaction: z
    .object({ status: z.enum(['processing', 'redacted']), redacted_at: isoDateTime })
    .nullable()
    .describe('Our copy is erased at redacted_at; processing while a provider has yet to erase its own (see provider_cleanup).'),
  provider_cleanup: z
    .array(
      z.object({
        provider_key: ProviderKeySchema,
        action: z.enum(['abandon', 'redact']),
        tries: z.number().int(),
        last_error_code: z.string().nullable(),
      }),
    )
    .describe('Work a provider could not do yet (ending an attempt, erasing what it holds of the person): retried until it is done.'),
  provider_result: ProviderResultSchema.nullable().describe("The provider's own verdict and breakdown, once it decided."),
  verified_outputs: VerifiedOutputsSchema.nullable().optional(),
  sensitive_outputs: SensitiveOutputsSchema.nullable().optional(),
  images: z.array(ImageLinkSchema).optional(),
  identity_profile: z
    .custom<IdentityProfileReport>((value) => typeof value === 'object' && value !== null)
    .nullable()
    .optional()
    .meta({ type: 'object' })
    .describe("Seed 004's identity profile report of what the provider established (include=identity_profile): for a verified identity session, else null. Its JSON schema is IDENTITY_PROFILE_REPORT_SCHEMA."),
});
export type HostSession = z.infer<typeof HostSessionSchema>;
export type VerifiedOutputs = z.infer<typeof VerifiedOutputsSchema>;
export type SensitiveOutputs = z.infer<typeof SensitiveOutputsSchema>;
export type ImageLink = z.infer<typeof ImageLinkSchema>;

export const ConsentRecordSchema = z.object({
  id: z.string(),
  notice: z.enum([...CONSENT_NOTICES, DELEGATION_NOTICE]).describe('A consent notice, or delegation: the decision on the scopes a service asked.'),
  version: z.string(),
  text_sha256: z.string(),
  locale: z.string(),
  decision: z.enum(CONSENT_DECISIONS),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  recorded_at: isoDateTime,
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

// ---- widget API (the STACK identity endpoints, plus consents and residence) -------------------

/**
 * What the widget needs to start an attempt's step in the browser. Never a secret. Our own capture
 * is one shape for every provider that takes images by API; every other client is its provider's
 * own (providers/<key>.ts, listed in providers/list.ts), told apart by provider_key. A provider may
 * hand out either (Onfido: its SDK, or our capture), so `flow` tells our capture apart first.
 */
export const ProviderClientSchema = z.union([NativeCaptureClientSchema, z.discriminatedUnion('provider_key', PROVIDER_CLIENT_SCHEMAS)]);
export type ProviderClient = z.infer<typeof ProviderClientSchema>;
/** Onfido's SDK client under either key that hands one out (Onfido, or Signicat's SDK variant): what the Onfido driver runs. */
export type OnfidoClient = z.infer<typeof OnfidoClientSchema> | z.infer<typeof SignicatOnfidoClientSchema>;
export type SignicatOnfidoClient = z.infer<typeof SignicatOnfidoClientSchema>;

export const PendingVerificationSchema = z.object({
  session_id: z.string().describe('Our id for this provider attempt.'),
  provider_key: ProviderKeySchema,
  session_ref: z.string().describe('The reference to complete this attempt with.'),
  status: z.literal('pending'),
  created_at: isoDateTime,
  expires_at: isoDateTime,
});
export type PendingVerification = z.infer<typeof PendingVerificationSchema>;

export const ActiveAttemptSchema = PendingVerificationSchema.extend({ client: ProviderClientSchema });
export type ActiveAttempt = z.infer<typeof ActiveAttemptSchema>;

export const ConsentDecisionSummarySchema = z.object({
  notice: z.enum(CONSENT_NOTICES),
  version: z.string(),
  decision: z.enum(CONSENT_DECISIONS),
});

/** The widget's view of its own session: enough to resume the right step after a reload. */
export const WidgetSessionSchema = z.object({
  id: z.string(),
  status: SessionStatusSchema,
  locale: z.string().nullable(),
  requirements: z.object({ layer: TrustLayerSchema, min_assurance: AssuranceLevelSchema }),
  allowed_countries: z.array(z.string()).describe('Empty means any country.'),
  country_of_residence: z.string().nullable(),
  consents: z.array(ConsentDecisionSummarySchema),
  active_attempt: ActiveAttemptSchema.nullable(),
  claims: z.array(ClaimSchema.pick({ type: true, provider_key: true, assurance_level: true })),
  reused: z
    .boolean()
    .optional()
    .describe('True when the session was verified at once with claims the person already held (the host allowed reuse): no provider step ran.'),
  delegation: SessionDelegationSchema.omit({ claim_id: true })
    .nullable()
    .optional()
    .describe("For a session of a delegation service: the scopes the person is asked to delegate once verified, and their decision."),
  last_error: LastErrorSchema.nullable(),
  expires_at: isoDateTime,
});
export type WidgetSession = z.infer<typeof WidgetSessionSchema>;

export const ProvidersQuerySchema = z.object({ country: CountryCodeSchema.optional() }).strict();

export const InitiateRequestSchema = z
  .object({
    provider_key: ProviderKeySchema,
    requested_claims: z.array(ClaimTypeSchema).min(1, 'At least one claim type is required.'),
    return_url: httpUrl.optional(),
  })
  .strict();
export type InitiateRequest = z.infer<typeof InitiateRequestSchema>;
export const InitiateResponseSchema = ActiveAttemptSchema;
export type InitiateResponse = z.infer<typeof InitiateResponseSchema>;

export const SyncRequestSchema = z.object({ provider_key: ProviderKeySchema }).strict();
export const CompleteRequestSchema = z
  .object({ provider_key: ProviderKeySchema, session_ref: z.string().min(1).max(255) })
  .strict();
/** Where an uploaded image goes: the attempt, and which image it is. The body is the image itself. */
export const UploadQuerySchema = z
  .object({
    provider_key: ProviderKeySchema,
    session_ref: z.string().min(1).max(255),
    side: CaptureSideSchema,
    document_type: CaptureDocumentTypeSchema.optional().describe('Required for the document sides.'),
  })
  .strict()
  .refine((q) => q.side === 'selfie' || q.document_type, { message: 'document_type is required for a document side.', path: ['document_type'] });
export const UploadResponseSchema = z.object({
  side: CaptureSideSchema,
  bytes: z.number().int(),
  received_at: isoDateTime,
});
export type UploadResponse = z.infer<typeof UploadResponseSchema>;

/** Fresh client credentials for an open attempt (an Onfido SDK token that expired mid-flow). */
export const RefreshRequestSchema = CompleteRequestSchema;

export const TokenRequestSchema = z
  .object({
    provider_key: ProviderKeySchema,
    session_ref: z.string().min(1).max(255),
    token: z.string().min(1).max(2048, 'A token is at most 2048 characters.'),
  })
  .strict();
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

/** The answer to sync, complete and token: where the session stands now. */
export const VerificationResultSchema = z.object({
  session_id: z.string(),
  status: SessionStatusSchema,
  provider_key: ProviderKeySchema.nullable(),
  claims: z.array(ClaimSchema.pick({ type: true, provider_key: true, assurance_level: true })),
  last_error: LastErrorSchema.nullable(),
});
export type VerificationResult = z.infer<typeof VerificationResultSchema>;

/**
 * Where the session and its open attempt stand now: what /v1/identity/verify/sync answers and
 * what /v1/identity/verify/events pushes each time it changes (a provider's verdict, an
 * attempt's fresh client state such as the next frame of an animated QR).
 */
export const LiveStateSchema = VerificationResultSchema.extend({
  active_attempt: ActiveAttemptSchema.nullable().describe("The open attempt with its current client state, or null when none is open."),
});
export type LiveState = z.infer<typeof LiveStateSchema>;

export const ConsentRequestSchema = z
  .object({
    notice: z.enum(CONSENT_NOTICES),
    version: z.string().min(1).max(40),
    locale: LocaleSchema,
    text: z.string().min(1).max(20_000).describe('The exact text shown; the BFF stores its SHA-256.'),
    decision: z.enum(CONSENT_DECISIONS),
  })
  .strict();
export type ConsentRequest = z.infer<typeof ConsentRequestSchema>;
export const ConsentResponseSchema = z.object({
  id: z.string(),
  notice: z.enum(CONSENT_NOTICES),
  version: z.string(),
  decision: z.enum(CONSENT_DECISIONS),
  text_sha256: z.string(),
  recorded_at: isoDateTime,
  session_status: SessionStatusSchema,
});
export type ConsentResponse = z.infer<typeof ConsentResponseSchema>;

export const ResidenceRequestSchema = z.object({ country: CountryCodeSchema }).strict();

// ---- claims (seed 003: GET /v1/identity/claims, DELETE /v1/identity/claims/:id) ----------------

/**
 * A claim as the host backend and the widget read it: never personal data. A humanity claim
 * carries none; an identity claim's personal data stays encrypted with us and is named only by
 * its opaque claim_ref.
 */
export const IdentityClaimSchema = z.object({
  id: z.string(),
  object: z.literal('identity_claim'),
  type: z.enum([...CLAIM_TYPES, DELEGATION_CLAIM]),
  layer: z.enum([...TRUST_LAYERS, 'delegation']),
  subject: z.string().nullable().describe('The subject the claim was issued for; null when its session named none (then it is never reused).'),
  session_id: z.string().describe('The session whose verification issued it (for a delegation, the session the person granted it in).'),
  provider_key: ProviderKeySchema.describe('The provider that verified the person (for a delegation, the one behind the identity claim it stands on).'),
  assurance_level: AssuranceLevelSchema,
  status: z.enum(['active', 'expired', 'revoked']),
  issued_at: isoDateTime,
  expires_at: isoDateTime,
  revoked_at: isoDateTime.nullable(),
  claim_ref: z
    .string()
    .nullable()
    .describe('Identity claims only: an opaque reference to the personal data the claim rests on, resolved server side; null for humanity claims.'),
  delegated_scopes: z.array(z.string()).nullable().describe('Delegation claims only (layer 3): the scopes the person delegated; no personal data.'),
  basis_claim_id: z
    .string()
    .nullable()
    .describe('Delegation claims only: the identity claim it stands on. Revoking that claim revokes this one too, and their passports.'),
});
export type IdentityClaim = z.infer<typeof IdentityClaimSchema>;

export const ClaimsQuerySchema = z
  .object({ subject: SubjectSchema.optional().describe('Host backend: required, the subject whose claims to list. The widget lists its own session\'s and sends none.') })
  .strict();

export const RevokeClaimResponseSchema = z.object({ success: z.literal(true) });
