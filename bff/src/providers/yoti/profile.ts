// Which identity profile a Yoti session asks for. A session's requirements have no field for a
// trust framework, so a host names one in the session's metadata, `yoti_identity_profile`, as
// FRAMEWORK:SCHEME[:OBJECTIVE] (UK_TFIDA:RTW, UK_TFIDA:RTR, UK_TFIDA:DBS:BASIC,
// YOTI_GLOBAL:IDENTITY); without it the deployment's default (YOTI_IDENTITY_PROFILE) applies.

/** The session metadata key a host names its Yoti identity profile with. */
export const PROFILE_METADATA_KEY = 'yoti_identity_profile';
export const DEFAULT_PROFILE = 'YOTI_GLOBAL:IDENTITY';

/** The schemes each trust framework offers that we ask for, and the objectives a scheme takes. */
const SCHEMES: Record<string, Record<string, { objectives: readonly string[]; objectiveRequired: boolean }>> = {
  UK_TFIDA: {
    RTW: { objectives: [], objectiveRequired: false },
    RTR: { objectives: [], objectiveRequired: false },
    DBS: { objectives: ['BASIC', 'STANDARD', 'ENHANCED'], objectiveRequired: true },
  },
  YOTI_GLOBAL: {
    // Yoti's levels of the global identity scheme (AL_L1 is the one its examples use).
    IDENTITY: { objectives: ['AL_L1', 'AL_M1'], objectiveRequired: false },
  },
};

/** Yoti's `identity_profile_requirements`, as its session specification takes it. */
export interface IdentityProfileRequirements {
  trust_framework: string;
  scheme: { type: string; objective?: string };
}

export type ProfileChoice = { ok: true; requirements: IdentityProfileRequirements } | { ok: false; problem: string };

const EXAMPLES = 'UK_TFIDA:RTW, UK_TFIDA:RTR, UK_TFIDA:DBS:BASIC or YOTI_GLOBAL:IDENTITY';

/** Reads FRAMEWORK:SCHEME[:OBJECTIVE]; every problem is one sentence that names what is accepted. */
export function parseIdentityProfile(value: string): ProfileChoice {
  const [framework = '', scheme = '', objective, ...rest] = value.trim().split(':');
  const schemes = SCHEMES[framework];
  if (!schemes || rest.length > 0) return { ok: false, problem: `must be one of ${EXAMPLES}` };
  const known = schemes[scheme];
  if (!known) return { ok: false, problem: `${framework} offers ${Object.keys(schemes).join(', ')}` };
  if (objective !== undefined && !known.objectives.includes(objective)) {
    return { ok: false, problem: known.objectives.length ? `${framework}:${scheme} takes the objective ${known.objectives.join(', ')}` : `${framework}:${scheme} takes no objective` };
  }
  if (objective === undefined && known.objectiveRequired) return { ok: false, problem: `${framework}:${scheme} needs an objective: ${known.objectives.join(', ')}` };
  return { ok: true, requirements: { trust_framework: framework, scheme: { type: scheme, ...(objective ? { objective } : {}) } } };
}

/** The FRAMEWORK:SCHEME[:OBJECTIVE] form of requirements, as kept with the attempt. */
export const profileName = (r: IdentityProfileRequirements): string => [r.trust_framework, r.scheme.type, ...(r.scheme.objective ? [r.scheme.objective] : [])].join(':');
