// Seed 004's identity profile for a provider where the person signs in to an account the
// provider has proofed (Login.gov, ID.me): the provider's proofing of the person as an electronic
// record, the level it asserted as the assurance process, and the sign-in as the authentication
// report. No trust framework of seed 004's is certified by either: NONE, no schemes. Each
// provider says how its own assertions (acr, ial, aal) read (login_gov/, id_me/identity-profile.ts).
import type { AssuranceProcess, IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { identityAssertionOf, reportIdentityOf, reportTimestamp, uncertifiedReport } from '../identity-profile.js';
import type { ProfileContext } from '../types.js';

export interface AccountProofing {
  /** The organisation that proofed the person and signed them in (LOGIN_GOV, ID_ME). */
  org: string;
  /** The level the provider asserted the proofing reached, in seed 004's terms. */
  assurance: AssuranceProcess;
  /** When the provider verified the person's identity, where it says (Login.gov's verified_at); else the sign-in's verdict time is used. */
  proofedAt: Date | null;
  /** The sign-in's authentication, as the provider asserted it. */
  signIn: { level: string; policy: string };
}

/** What a NIST idmanagement.gov assurance URI names: its IAL, or its AAL with the qualifier it carries. */
export function nistLevelsOf(value: string | null | undefined): { ial: number | null; aal: string | null } {
  const uri = /^https?:\/\/idmanagement\.gov\/ns\/assurance\/(.*)$/.exec(value ?? '')?.[1];
  if (!uri) return { ial: null, aal: null };
  const ial = /(?:^|\/)ial\/(\d)(?=$|[/?])/.exec(uri);
  const aal = /(?:^|\/)aal\/(\d)(?:\?([a-z0-9_]+)=true)?/.exec(uri);
  return {
    ial: ial ? Number(ial[1]) : null,
    aal: aal ? `AAL${aal[1]}${aal[2] ? `_${aal[2].toUpperCase()}` : ''}` : null,
  };
}

/**
 * The report of an account-proofing sign-in. The electronic record's identity details are only
 * what the provider returned and we keep (its names, date of birth, address, an SSN's last four):
 * nothing is filled in that the provider did not say.
 */
export function accountProofingReport(ctx: ProfileContext, proofing: AccountProofing): IdentityProfileReport {
  const identity = reportIdentityOf(ctx);
  const assertion = identityAssertionOf(ctx.verified);
  const name = assertion.current_name;
  const details = {
    ...(name ? { given_names: name.given_names, ...(name.family_name ? { family_name: name.family_name } : {}) } : {}),
    ...(assertion.date_of_birth ? { date_of_birth: assertion.date_of_birth } : {}),
    ...(assertion.current_address ? { address: assertion.current_address.address } : {}),
    ...(ctx.verified?.id_number_last4 ? { id_number_last4: ctx.verified.id_number_last4 } : {}),
  };
  // Ids of ours for the attempt: the provider's subject identifies the person, so it is not used.
  const recordId = `er_${ctx.attempt.id}`;
  return uncertifiedReport(ctx, assertion, {
    assurance_process: proofing.assurance,
    evidence: {
      electronic_records: [
        { evidence_id: recordId, timestamp: reportTimestamp(proofing.proofedAt ?? ctx.verifiedAt), identity_details: details, verifying_org: proofing.org },
      ],
    },
    authentication_report: { report_id: `ar_${ctx.attempt.id}`, timestamp: identity.timestamp, level: proofing.signIn.level, policy: proofing.signIn.policy, trust_framework: 'NONE' },
  });
}
