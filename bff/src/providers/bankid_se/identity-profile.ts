// BankID's identity profile (seed 004): what a completed BankID order established, from what
// collect returned and we kept.
//
//   assurance_process      high, under BankID's rules, by the order type (an identification, auth,
//                          or a signature, sign)
//   electronic_records     the identification the person's bank made when it issued the BankID:
//                          the personnummer and names collect returned (the bank is not named by
//                          collect, so no provider_org), the order's ref as its id (a random UUID)
//   documents              only when BankID read the person's ID document's chip (the mrtd step-up)
//   authentication_report  the order: high, under the certificate policies the order accepted
//                          (collect does not say which of them the person's certificate carries)
import type { DocumentEvidence, IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { identityAssertionOf, reportIdentityOf } from '../identity-profile.js';
import type { ProfileContext } from '../types.js';

/** Kept with the attempt when its order completes (non-PII): the order type and the certificate policies it accepted. */
export const PROFILE_KEYS = { kind: 'order_kind', policies: 'certificate_policies' } as const;

export function profileDataOf(kind: 'auth' | 'sign', certificatePolicies: readonly string[]): Record<string, string> {
  return { [PROFILE_KEYS.kind]: kind, [PROFILE_KEYS.policies]: certificatePolicies.join(' ') };
}

export function bankIdProfile(ctx: ProfileContext): IdentityProfileReport {
  const result = ctx.details?.provider_key === 'bankid_se' ? ctx.details : null;
  const orderRef = ctx.attempt.private_data.order_ref;
  // Only a verified identity session reaches here: its order completed and was kept.
  if (!result || !orderRef) throw new Error('No completed BankID order is kept for this attempt.');
  const identity = reportIdentityOf(ctx);
  const assertion = identityAssertionOf(ctx.verified);
  const person = ctx.verified;
  const kind = ctx.attempt.private_data[PROFILE_KEYS.kind] === 'sign' ? 'sign' : 'auth';
  const policies = (ctx.attempt.private_data[PROFILE_KEYS.policies] ?? '').split(' ').filter(Boolean);
  const chip: DocumentEvidence[] = result.mrtd
    ? [
        {
          evidence_id: `${orderRef}-mrtd`,
          timestamp: identity.timestamp,
          // BankID says the chip was read, not what it holds.
          document_fields: {},
          passed_checks: [{ check: 'CHIP_DIGITAL_SIGNATURE' }],
          verifying_org: 'BANKID',
        },
      ]
    : [];
  return {
    identity_assertion: assertion,
    verification_report: {
      ...identity,
      trust_framework: 'NONE',
      schemes_compliance: [],
      assurance_process: { level_of_assurance: 'HIGH', policy: 'BANKID_SE', procedure: kind.toUpperCase() },
      evidence: {
        ...(chip.length ? { documents: chip } : {}),
        electronic_records: [
          {
            evidence_id: orderRef,
            timestamp: identity.timestamp,
            identity_details: {
              ...(person?.id_number ? { personal_number: person.id_number } : {}),
              ...(person?.first_name ? { given_names: person.first_name } : {}),
              ...(person?.last_name ? { family_name: person.last_name } : {}),
            },
            verifying_org: 'BANKID',
          },
        ],
      },
      authentication_report: {
        report_id: `ar_${ctx.attempt.id}`,
        timestamp: identity.timestamp,
        level: 'HIGH',
        // One of these is the person's certificate's; which one, collect does not say.
        policy: policies.length ? `BANKID_SE:${policies.join('|')}` : 'BANKID_SE',
        trust_framework: 'NONE',
      },
    },
  };
}
