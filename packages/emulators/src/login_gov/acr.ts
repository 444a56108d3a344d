// Login.gov's authentication context values (acr_values) and how it decides the level a sign-in
// reached, after identity-idp's saml_idp_constants.rb, OpenidConnectAuthorizeForm and
// AuthnContextResolver: unknown values are dropped, the IAL decides proofing, and the asserted acr
// is semantic (urn:acr.login.gov:…) when the request used any semantic value, legacy otherwise.

export const LOGIN_GOV_ACR = {
  authOnly: 'urn:acr.login.gov:auth-only',
  verified: 'urn:acr.login.gov:verified',
  facialMatchPreferred: 'urn:acr.login.gov:verified-facial-match-preferred',
  facialMatchRequired: 'urn:acr.login.gov:verified-facial-match-required',
} as const;

const NS = 'http://idmanagement.gov/ns/assurance';
export const LEGACY_ACR = {
  loa1: `${NS}/loa/1`,
  loa3: `${NS}/loa/3`,
  ial1: `${NS}/ial/1`,
  ial2: `${NS}/ial/2`,
  ialMax: `${NS}/ial/0`,
  ial2Strict: `${NS}/ial/2?strict=true`,
  ial2BioPreferred: `${NS}/ial/2?bio=preferred`,
  ial2BioRequired: `${NS}/ial/2?bio=required`,
} as const;

export const LOGIN_GOV_AAL = {
  /** The default: a second factor, remembered up to 30 days. */
  default: 'urn:gov:gsa:ac:classes:sp:PasswordProtectedTransport:duo',
  aal1: `${NS}/aal/1`,
  aal2: `${NS}/aal/2`,
  aal3: `${NS}/aal/3`,
  aal3Hspd12: `${NS}/aal/3?hspd12=true`,
  aal2PhishingResistant: `${NS}/aal/2?phishing_resistant=true`,
  aal2Hspd12: `${NS}/aal/2?hspd12=true`,
} as const;

/** `valid_authn_contexts` of application.yml.default, in its order (also the discovery list). */
export const ACR_VALUES_SUPPORTED: readonly string[] = [
  LEGACY_ACR.loa1, LEGACY_ACR.loa3, LEGACY_ACR.ial1, LEGACY_ACR.ial2, LEGACY_ACR.ialMax, LEGACY_ACR.ial2Strict,
  LEGACY_ACR.ial2BioPreferred, LEGACY_ACR.ial2BioRequired,
  LOGIN_GOV_AAL.default, LOGIN_GOV_AAL.aal2, LOGIN_GOV_AAL.aal3, LOGIN_GOV_AAL.aal3Hspd12, LOGIN_GOV_AAL.aal2PhishingResistant, LOGIN_GOV_AAL.aal2Hspd12,
  LOGIN_GOV_ACR.authOnly, LOGIN_GOV_ACR.verified, LOGIN_GOV_ACR.facialMatchPreferred, LOGIN_GOV_ACR.facialMatchRequired,
];

// AUTHN_CONTEXT_CLASSREF_TO_IAL: 1 = account only, 2 = identity verified, 0 = IALMAX.
const IAL_OF: Readonly<Record<string, 0 | 1 | 2>> = {
  [LEGACY_ACR.loa1]: 1, [LEGACY_ACR.loa3]: 2, [LEGACY_ACR.ial1]: 1, [LEGACY_ACR.ial2]: 2,
  [LEGACY_ACR.ial2BioPreferred]: 2, [LEGACY_ACR.ial2BioRequired]: 2, [LEGACY_ACR.ialMax]: 0,
  [LOGIN_GOV_ACR.authOnly]: 1, [LOGIN_GOV_ACR.verified]: 2, [LOGIN_GOV_ACR.facialMatchPreferred]: 2, [LOGIN_GOV_ACR.facialMatchRequired]: 2,
};
const IALS_BY_PRIORITY: readonly string[] = [
  LOGIN_GOV_ACR.facialMatchRequired, LEGACY_ACR.ial2BioRequired, LOGIN_GOV_ACR.facialMatchPreferred, LEGACY_ACR.ial2BioPreferred,
  LOGIN_GOV_ACR.verified, LEGACY_ACR.ial2, LEGACY_ACR.loa3, LEGACY_ACR.ialMax, LOGIN_GOV_ACR.authOnly, LEGACY_ACR.ial1, LEGACY_ACR.loa1,
];
const AALS_BY_PRIORITY: readonly string[] = [
  LOGIN_GOV_AAL.aal2Hspd12, LOGIN_GOV_AAL.aal3Hspd12, LOGIN_GOV_AAL.aal2PhishingResistant, LOGIN_GOV_AAL.aal3,
  LOGIN_GOV_AAL.aal2, LOGIN_GOV_AAL.default, LOGIN_GOV_AAL.aal1,
];
const FACIAL_MATCH_REQUIRED: readonly string[] = [LOGIN_GOV_ACR.facialMatchRequired, LEGACY_ACR.ial2BioRequired];
const FACIAL_MATCH_PREFERRED: readonly string[] = [LOGIN_GOV_ACR.facialMatchPreferred, LEGACY_ACR.ial2BioPreferred];
const SEMANTIC: readonly string[] = Object.values(LOGIN_GOV_ACR);
const LEGACY_TO_SEMANTIC: Readonly<Record<string, string>> = {
  [LEGACY_ACR.loa1]: LOGIN_GOV_ACR.authOnly, [LEGACY_ACR.loa3]: LOGIN_GOV_ACR.verified,
  [LEGACY_ACR.ial1]: LOGIN_GOV_ACR.authOnly, [LEGACY_ACR.ial2]: LOGIN_GOV_ACR.verified,
  [LEGACY_ACR.ial2BioPreferred]: LOGIN_GOV_ACR.facialMatchPreferred, [LEGACY_ACR.ial2BioRequired]: LOGIN_GOV_ACR.facialMatchRequired,
};

/** How far a person's identity is verified at Login.gov. */
export type ProofingLevel = 'none' | 'verified' | 'facial_match';

export interface RequestedAcr {
  /** The known values, in request order (unknown ones are silently dropped). */
  values: string[];
  /** Values naming an identity assurance level, by Login.gov's priority. */
  ialValues: string[];
  /** The AAL asked for, or the default one: userinfo's `aal`. */
  aal: string;
  /** Identity proofing asked for (the request's IAL is 2). */
  proofing: boolean;
  /** IALMAX (ial/0): whatever the person has; only for partners Login.gov allows. */
  ialMax: boolean;
  facialMatch: 'required' | 'preferred' | undefined;
  /** Any urn:acr.login.gov value asked for: then the asserted acr is semantic too. */
  semantic: boolean;
}

export function parseAcrValues(raw: string | undefined): RequestedAcr {
  const values = (raw ?? '').split(' ').filter((v) => v !== '' && ACR_VALUES_SUPPORTED.includes(v));
  const ialValues = IALS_BY_PRIORITY.filter((v) => values.includes(v));
  // Ruby's `ial_values.sort.max`: the greatest string decides, a quirk kept on purpose.
  const decisive = [...ialValues].sort().at(-1);
  const ial = decisive === undefined ? undefined : IAL_OF[decisive];
  return {
    values,
    ialValues,
    aal: AALS_BY_PRIORITY.find((v) => values.includes(v)) ?? LOGIN_GOV_AAL.default,
    proofing: ial === 2,
    ialMax: ial === 0,
    facialMatch: values.some((v) => FACIAL_MATCH_REQUIRED.includes(v))
      ? 'required'
      : values.some((v) => FACIAL_MATCH_PREFERRED.includes(v))
        ? 'preferred'
        : undefined,
    semantic: values.some((v) => SEMANTIC.includes(v)),
  };
}

export interface ReachedLevel {
  /** The id_token's `acr` and userinfo's `ial`. */
  acr: string;
  /** The person's verified identity after this sign-in, if any. */
  proofing: ProofingLevel;
}

/**
 * The level a sign-in reached. `reached: true` (the page's "Verified"): the person met what was
 * asked, verifying now if they had not (a verified person asked for "facial match preferred" keeps
 * their earlier verification, as Login.gov accepts it). `reached: false` ("Not verified at this
 * level"): they signed in with no verified identity, so the lowest level.
 */
export function resolveReachedLevel(requested: RequestedAcr, person: ProofingLevel, reached: boolean): ReachedLevel {
  const assert = (legacy: string) => ({ acr: requested.semantic ? (LEGACY_TO_SEMANTIC[legacy] ?? legacy) : legacy });
  if (!reached) return { ...assert(LEGACY_ACR.ial1), proofing: 'none' };
  if (!requested.proofing) return { ...assert(LEGACY_ACR.ial1), proofing: person };
  const facialMatch = requested.facialMatch === 'required' || (requested.facialMatch === 'preferred' && person !== 'verified');
  if (facialMatch) return { ...assert(LEGACY_ACR.ial2BioRequired), proofing: 'facial_match' };
  return { ...assert(LEGACY_ACR.ial2), proofing: person === 'facial_match' ? 'facial_match' : 'verified' };
}
