// The session specification POST /sessions accepts (the SDK's SessionSpecification.toJSON), checked
// as Yoti's reference describes it: a token TTL of at least 300 s [D], resources kept at least a day
// longer than the token lives [S PROVIDERS §9], notification topics from Yoti's list, an endpoint
// Yoti can reach (https; plain http only on loopback, for local receivers), identity profiles on
// UK_TFIDA (RTW, RTR, DBS with its objective, DBS_RTW) or YOTI_GLOBAL (IDENTITY, share code). Fields
// it does not know are kept, as Yoti adds fields over time. Problems answer PAYLOAD_VALIDATION with
// one `{property, message}` each.
import { z } from 'zod';
import type { PropertyError } from './errors.js';

export const DEFAULT_TOKEN_TTL_S = 600; // [U] used when client_session_token_ttl is left out
export const DEFAULT_RESOURCES_TTL_S = 7 * 86_400; // "Default is one week" [D]
export const MIN_TOKEN_TTL_S = 300;

export const NOTIFICATION_TOPICS = ['RESOURCE_UPDATE', 'TASK_COMPLETION', 'CHECK_COMPLETION', 'SESSION_COMPLETION', 'CLIENT_SESSION_TOKEN_DELETED'] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

export const CHECK_TYPES = [
  'ID_DOCUMENT_AUTHENTICITY',
  'ID_DOCUMENT_TEXT_DATA_CHECK',
  'ID_DOCUMENT_FACE_MATCH',
  'ID_DOCUMENT_COMPARISON',
  'LIVENESS',
  'FACE_COMPARISON',
  'THIRD_PARTY_IDENTITY',
  'WATCHLIST_SCREENING',
  'WATCHLIST_ADVANCED_CA',
  'SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK',
] as const;
export type CheckType = (typeof CHECK_TYPES)[number];
export const TASK_TYPES = ['ID_DOCUMENT_TEXT_DATA_EXTRACTION', 'SUPPLEMENTARY_DOCUMENT_TEXT_DATA_EXTRACTION'] as const;

/** The schemes each trust framework offers here; DBS needs an objective. */
export const SCHEMES: Readonly<Record<string, readonly string[]>> = {
  UK_TFIDA: ['RTW', 'RTR', 'DBS', 'DBS_RTW'],
  YOTI_GLOBAL: ['IDENTITY', 'GBR_RTW_SHARECODE'],
};
export const DBS_OBJECTIVES = ['BASIC', 'STANDARD', 'ENHANCED'];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const endpoint = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}, 'must be an https URL');

const config = z.record(z.string(), z.unknown());
const scheme = z.looseObject({ type: z.string().min(1), objective: z.string().min(1).optional(), config: config.optional() });

const checkScheme = (trustFramework: string, s: { type: string; objective?: string | undefined }, ctx: z.RefinementCtx, path: (string | number)[]) => {
  const allowed = SCHEMES[trustFramework];
  if (!allowed) return ctx.addIssue({ code: 'custom', path: ['trust_framework'], message: `must be one of ${Object.keys(SCHEMES).join(', ')}` });
  if (!allowed.includes(s.type)) ctx.addIssue({ code: 'custom', path: [...path, 'type'], message: `must be one of ${allowed.join(', ')} for ${trustFramework}` });
  if (s.type.startsWith('DBS') && !DBS_OBJECTIVES.includes(s.objective ?? '')) {
    ctx.addIssue({ code: 'custom', path: [...path, 'objective'], message: `must be one of ${DBS_OBJECTIVES.join(', ')}` });
  }
};

const identityProfileRequirements = z
  .looseObject({ trust_framework: z.string(), scheme })
  .superRefine((r, ctx) => checkScheme(r.trust_framework, r.scheme, ctx, ['scheme']));

const advancedIdentityProfileRequirements = z.looseObject({
  profiles: z
    .array(
      z
        .looseObject({ trust_framework: z.string(), schemes: z.array(scheme.extend({ label: z.string().min(1) })).min(1) })
        .superRefine((p, ctx) => p.schemes.forEach((s, i) => checkScheme(p.trust_framework, s, ctx, ['schemes', i]))),
    )
    .min(1),
});

export const SessionSpecificationSchema = z
  .looseObject({
    client_session_token_ttl: z.number().int().min(MIN_TOKEN_TTL_S).optional(),
    session_deadline: z.iso.datetime({ offset: true }).optional(),
    resources_ttl: z.number().int().positive().optional(),
    user_tracking_id: z.string().max(255).optional(),
    notifications: z
      .looseObject({
        endpoint,
        topics: z.array(z.enum(NOTIFICATION_TOPICS)).optional(),
        auth_token: z.string().min(1).optional(),
        auth_type: z.enum(['BASIC', 'BEARER']).optional(),
      })
      .optional(),
    requested_checks: z.array(z.looseObject({ type: z.enum(CHECK_TYPES), config: config.optional() })).optional(),
    requested_tasks: z.array(z.looseObject({ type: z.enum(TASK_TYPES), config: config.optional() })).optional(),
    sdk_config: z
      .looseObject({
        allowed_capture_methods: z.enum(['CAMERA', 'CAMERA_AND_UPLOAD']).optional(),
        locale: z.string().optional(),
        preset_issuing_country: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code').optional(),
        success_url: z.url().optional(),
        error_url: z.url().optional(),
        privacy_policy_url: z.url().optional(),
        biometric_consent_flow: z.enum(['EARLY', 'JUST_IN_TIME']).optional(),
      })
      .optional(),
    required_documents: z.array(z.looseObject({ type: z.enum(['ID_DOCUMENT', 'SUPPLEMENTARY_DOCUMENT']), filter: config.optional() })).optional(),
    block_biometric_consent: z.boolean().optional(),
    identity_profile_requirements: identityProfileRequirements.optional(),
    advanced_identity_profile_requirements: advancedIdentityProfileRequirements.optional(),
    subject: z.looseObject({ subject_id: z.string().min(1).max(255) }).optional(),
  })
  .superRefine((s, ctx) => {
    const ttl = s.client_session_token_ttl ?? DEFAULT_TOKEN_TTL_S;
    if (s.resources_ttl !== undefined && s.resources_ttl < ttl + 86_400) {
      ctx.addIssue({ code: 'custom', path: ['resources_ttl'], message: 'must be at least client_session_token_ttl + 86400' });
    }
    if (s.identity_profile_requirements && s.advanced_identity_profile_requirements) {
      ctx.addIssue({ code: 'custom', path: ['advanced_identity_profile_requirements'], message: 'cannot be combined with identity_profile_requirements' });
    }
  });

export type SessionSpecification = z.output<typeof SessionSpecificationSchema>;

export type SpecificationResult = { ok: true; spec: SessionSpecification } | { ok: false; errors: PropertyError[] };

export function parseSpecification(body: unknown): SpecificationResult {
  const parsed = SessionSpecificationSchema.safeParse(body);
  if (parsed.success) return { ok: true, spec: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => ({ property: i.path.join('.') || '(body)', message: i.message })) };
}

/** The schemes a session asks for, flattened: what its identity profile report will speak to. */
export interface RequestedScheme {
  trustFramework: string;
  type: string;
  objective?: string;
  label?: string;
}

export function requestedSchemes(spec: SessionSpecification): RequestedScheme[] {
  const simple = spec.identity_profile_requirements;
  if (simple) return [{ trustFramework: simple.trust_framework, type: simple.scheme.type, objective: simple.scheme.objective }];
  return (spec.advanced_identity_profile_requirements?.profiles ?? []).flatMap((p) =>
    p.schemes.map((s) => ({ trustFramework: p.trust_framework, type: s.type, objective: s.objective, label: s.label })),
  );
}
