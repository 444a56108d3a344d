// Login.gov's identity profile (seed 004): what a Login.gov sign-in established, from what it
// asserted and we kept at the callback.
//
//   assurance_process      the service level asserted (provider_result.acr, .ial): a facial match
//                          (verified-facial-match-required, or -preferred with ial saying one was
//                          done) is IAL2 under NIST SP 800-63-3; "verified" without one is not IAL2
//                          (Login.gov says so), so it is reported as Login.gov's own level
//   electronic_records     Login.gov's proofing of the person: the attributes it returned (names,
//                          birthdate, address, an SSN's last four when asked for), at its verified_at
//   authentication_report  the sign-in's AAL (userinfo's aal): a NIST AAL where Login.gov asserted
//                          one, else Login.gov's default multi-factor sign-in
import type { AssuranceProcess, IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { accountProofingReport, nistLevelsOf } from '../oidc/identity-profile.js';
import type { ProfileContext } from '../types.js';
import { established, serviceLevelOf } from './levels.js';

/** Kept with the attempt at the callback (non-PII): what the sign-in asserted beyond the acr. */
export const PROFILE_KEYS = { aal: 'asserted_aal', verifiedAt: 'verified_at' } as const;

/** What the callback keeps for the profile: userinfo's aal, and verified_at (unix seconds) when Login.gov sent it. */
export function profileDataOf(claims: Record<string, unknown>): Record<string, string> {
  const data: Record<string, string> = {};
  if (typeof claims.aal === 'string' && claims.aal) data[PROFILE_KEYS.aal] = claims.aal;
  if (typeof claims.verified_at === 'number' && Number.isFinite(claims.verified_at)) data[PROFILE_KEYS.verifiedAt] = String(claims.verified_at);
  return data;
}

export function loginGovProfile(ctx: ProfileContext): IdentityProfileReport {
  const result = ctx.details?.provider_key === 'login_gov' ? ctx.details : null;
  const reached = result ? established(result.acr, result.ial) : null;
  // Only a verified identity session reaches here, and its verdict kept the acr it was mapped from.
  if (!result || !reached?.claims.includes('verified_identity')) throw new Error('Login.gov asserted no identity-verified level for this attempt.');
  const level = reached.assurance.toUpperCase();
  const assurance: AssuranceProcess = reached.facialMatch
    ? { level_of_assurance: level, policy: 'NIST_800_63_3', procedure: 'IAL2' }
    : { level_of_assurance: level, policy: 'LOGIN_GOV', procedure: serviceLevelOf(result.acr) };
  const aal = ctx.attempt.private_data[PROFILE_KEYS.aal] ?? null;
  const nistAal = nistLevelsOf(aal).aal;
  const verifiedAt = Number(ctx.attempt.private_data[PROFILE_KEYS.verifiedAt]);
  return accountProofingReport(ctx, {
    org: 'LOGIN_GOV',
    assurance,
    proofedAt: Number.isFinite(verifiedAt) && verifiedAt > 0 ? new Date(verifiedAt * 1000) : null,
    // Every Login.gov account signs in with a second factor; its default (a device remembered
    // up to 30 days) is not asserted as a NIST AAL, so it is named as Login.gov's own.
    signIn: nistAal ? { level: nistAal, policy: 'NIST_800_63_3' } : { level: 'MFA', policy: 'LOGIN_GOV' },
  });
}
