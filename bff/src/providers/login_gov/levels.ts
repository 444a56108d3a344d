// Login.gov's service levels (acr) and what a sign-in at each establishes: shared by the adapter,
// which maps the outcome from them, and the identity profile, which reports the level reached.
import type { AssuranceLevel, ClaimType } from '@identity-verify/contract/vocabulary';

export const LOGIN_GOV_ACR = {
  authOnly: 'urn:acr.login.gov:auth-only',
  verified: 'urn:acr.login.gov:verified',
  facialMatch: 'urn:acr.login.gov:verified-facial-match-required',
  facialMatchPreferred: 'urn:acr.login.gov:verified-facial-match-preferred',
} as const;

/** Deprecated values Login.gov still asserts for older integrations, and what each means today. */
const LEGACY_ACR: Readonly<Record<string, string>> = {
  'http://idmanagement.gov/ns/assurance/ial/1': LOGIN_GOV_ACR.authOnly,
  'http://idmanagement.gov/ns/assurance/loa/1': LOGIN_GOV_ACR.authOnly,
  'http://idmanagement.gov/ns/assurance/ial/2': LOGIN_GOV_ACR.verified,
  'http://idmanagement.gov/ns/assurance/loa/3': LOGIN_GOV_ACR.verified,
  'http://idmanagement.gov/ns/assurance/ial/2?bio=required': LOGIN_GOV_ACR.facialMatch,
};

/** The service level an asserted acr names today (a deprecated value read as its current one). */
export const serviceLevelOf = (acr: string): string => LEGACY_ACR[acr] ?? acr;

/** What a sign-in at a level establishes. */
export function established(acr: string, ial: string | null): { claims: ClaimType[]; assurance: AssuranceLevel; facialMatch: boolean } | null {
  const level = serviceLevelOf(acr);
  if (level === LOGIN_GOV_ACR.authOnly) return { claims: ['verified_human'], assurance: 'substantial', facialMatch: false };
  if (level === LOGIN_GOV_ACR.verified) return { claims: ['verified_human', 'verified_identity'], assurance: 'high', facialMatch: false };
  if (level === LOGIN_GOV_ACR.facialMatch) return { claims: ['verified_human', 'verified_identity'], assurance: 'high', facialMatch: true };
  // "Preferred" is a facial match only when Login.gov's ial says it was one.
  if (level === LOGIN_GOV_ACR.facialMatchPreferred) return { claims: ['verified_human', 'verified_identity'], assurance: 'high', facialMatch: ial === LOGIN_GOV_ACR.facialMatch };
  return null;
}

