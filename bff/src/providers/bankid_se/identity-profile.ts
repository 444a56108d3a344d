// BankID's identity profile (seed 004): what a completed BankID order established, from what
// collect returned and we kept.
//
//   assurance_process      high, under BankID's rules, by the order type (an identification, auth,
//                          or a signature, sign)
//   electronic_records     the identification the person's bank made when it issued the BankID:
//                          the personnummer and names collect returned (the bank is not named by
//                          collect, so no provider_org), the order's ref as its id (a random UUID)
//   documents              only when BankID read the person's ID document's chip (the mrtd step-up)
//   authentication_report  the order: high, under the certificate policy of the person's BankID,
//                          read from the end-user certificate in collect's signature (KeyInfo);
//                          when none is found there, the certificate policies the order accepted
import { X509Certificate } from 'node:crypto';
import type { DocumentEvidence, IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { identityAssertionOf, reportIdentityOf, uncertifiedReport } from '../identity-profile.js';
import type { ProfileContext } from '../types.js';

/** Kept with the attempt when its order completes (non-PII): the order type, the certificate policies it accepted and the one the person's certificate carries. */
export const PROFILE_KEYS = { kind: 'order_kind', policies: 'certificate_policies', policy: 'certificate_policy' } as const;

export function profileDataOf(kind: 'auth' | 'sign', accepted: readonly string[], signature: string): Record<string, string> {
  const policy = certificatePolicyOf(signature, accepted);
  return { [PROFILE_KEYS.kind]: kind, [PROFILE_KEYS.policies]: accepted.join(' '), ...(policy ? { [PROFILE_KEYS.policy]: policy } : {}) };
}

/** certificatePolicies (2.5.29.32) as it starts in a certificate's DER: the extension's OID. */
const CERTIFICATE_POLICIES = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x20]);

/** An OID as DER (tag, length, base-128 arcs): matched whole, so 1.2.3.4.5 is never taken for 1.2.3.4.25. */
function derOid(oid: string): Buffer {
  const [first = 0, second = 0, ...rest] = oid.split('.').map(Number);
  const body = [40 * first + second];
  for (const arc of rest) {
    const chunk = [arc % 128];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v % 128) | 0x80);
    body.push(...chunk);
  }
  return Buffer.from([0x06, body.length, ...body]);
}

/**
 * Which of the accepted certificate policies the person's BankID carries: BankID's signature
 * (XML-DSig, base64) holds the end-user certificate first in its KeyInfo, and the policy is in that
 * certificate's certificatePolicies extension. Null when the signature holds no certificate (the
 * emulator's) or none of the accepted policies is found.
 */
export function certificatePolicyOf(signature: string, accepted: readonly string[]): string | null {
  const xml = Buffer.from(signature, 'base64').toString('utf8');
  const endUser = /<(?:\w+:)?X509Certificate>([^<]+)<\/(?:\w+:)?X509Certificate>/.exec(xml)?.[1];
  if (!endUser) return null;
  let der: Buffer;
  try {
    der = new X509Certificate(Buffer.from(endUser.replace(/\s+/g, ''), 'base64')).raw;
  } catch {
    return null;
  }
  const at = der.indexOf(CERTIFICATE_POLICIES);
  if (at < 0) return null;
  const policies = der.subarray(at);
  return accepted.find((oid) => policies.includes(derOid(oid))) ?? null;
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
  const policy = ctx.attempt.private_data[PROFILE_KEYS.policy];
  const policies = policy ? [policy] : (ctx.attempt.private_data[PROFILE_KEYS.policies] ?? '').split(' ').filter(Boolean);
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
  return uncertifiedReport(ctx, assertion, {
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
      // The person's certificate's policy; failing that, one of those the order accepted.
      policy: policies.length ? `BANKID_SE:${policies.join('|')}` : 'BANKID_SE',
      trust_framework: 'NONE',
    },
  });
}
