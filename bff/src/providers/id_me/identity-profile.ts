// ID.me's identity profile (seed 004): what an ID.me sign-in established, from the policy it
// asserted the person completed (provider_result.acr) and the attributes it returned.
//
//   assurance_process      a policy handle naming NIST's IAL2 (…/ial/2/…, as ID.me's IAL2 policies
//                          are named) is IAL2 under NIST SP 800-63-3; a handle that names no level
//                          (handles are per consumer) is reported as the ID.me policy completed
//   electronic_records     ID.me's proofing of the person: the attributes it returned (fname,
//                          lname, birth_date, street, city, state, zip), at the sign-in's verdict;
//                          ID.me does not say when it verified the person
//   authentication_report  the AAL the handle names (…/aal/2), else the policy completed
import type { AssuranceProcess, IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { accountProofingReport, nistLevelsOf } from '../oidc/identity-profile.js';
import type { ProfileContext } from '../types.js';

export function idMeProfile(ctx: ProfileContext): IdentityProfileReport {
  const acr = ctx.details?.provider_key === 'id_me' ? ctx.details.acr : '';
  // Only a verified identity session reaches here, and its verdict kept the policy completed.
  if (!acr) throw new Error('ID.me asserted no policy for this attempt.');
  const nist = nistLevelsOf(acr);
  // The identity policy is what the adapter maps to high assurance, whatever its handle.
  const assurance: AssuranceProcess =
    nist.ial === 2 ? { level_of_assurance: 'HIGH', policy: 'NIST_800_63_3', procedure: 'IAL2' } : { level_of_assurance: 'HIGH', policy: 'ID_ME', procedure: acr };
  return accountProofingReport(ctx, {
    org: 'ID_ME',
    assurance,
    proofedAt: null,
    signIn: nist.aal ? { level: nist.aal, policy: 'NIST_800_63_3' } : { level: acr, policy: 'ID_ME' },
  });
}
