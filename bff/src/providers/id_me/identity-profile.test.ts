// ID.me's identity profile from the policy a sign-in completed: IAL2 and AAL2 where the policy's
// handle names them, the handle itself where it names no level, the person only as ID.me returned them.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { ProfileContext } from '../types.js';
import { idMeProfile } from './identity-profile.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(IDENTITY_PROFILE_REPORT_SCHEMA);
const IAL2 = 'http://idmanagement.gov/ns/assurance/ial/2/aal/2';

const PERSON: VerifiedOutputs = {
  first_name: 'Jordan',
  last_name: 'Sandbox',
  address: { line1: '1 Main St', line2: null, city: 'McLean', state: 'VA', postal_code: '22102', country: 'US' },
  dob: { year: 1990, month: 1, day: 2 },
};

function ctx(acr: string, verified: VerifiedOutputs | null = PERSON): ProfileContext {
  return {
    session: { reference: 'order-42', subject: null },
    attempt: { id: 'att_9', private_data: { document_front: 'tok-front' } },
    remoteIp: null,
    verified,
    details: { provider_key: 'id_me', acr, groups: ['military'] },
    verifiedAt: new Date('2026-03-04T05:06:07Z'),
  } as unknown as ProfileContext;
}

describe("ID.me's identity profile", () => {
  it('the IAL2/AAL2 policy is IAL2 proofing under NIST 800-63-3, an AAL2 sign-in, and a record of the attributes ID.me returned', () => {
    const report = idMeProfile(ctx(IAL2));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.identity_assertion).toMatchObject({ current_name: { given_names: 'Jordan', family_name: 'Sandbox' }, date_of_birth: '1990-01-02' });
    expect(report.verification_report).toEqual({
      report_id: 'ipr_att_9',
      timestamp: '2026-03-04T05:06:07Z',
      subject_id: 'order-42',
      trust_framework: 'NONE',
      schemes_compliance: [],
      assurance_process: { level_of_assurance: 'HIGH', policy: 'NIST_800_63_3', procedure: 'IAL2' },
      evidence: {
        electronic_records: [
          {
            evidence_id: 'er_att_9',
            timestamp: '2026-03-04T05:06:07Z',
            identity_details: {
              given_names: 'Jordan',
              family_name: 'Sandbox',
              date_of_birth: '1990-01-02',
              address: { address_line1: '1 Main St', town_city: 'McLean', state: 'VA', postal_code: '22102', country_iso: 'USA' },
            },
            verifying_org: 'ID_ME',
          },
        ],
      },
      authentication_report: { report_id: 'ar_att_9', timestamp: '2026-03-04T05:06:07Z', level: 'AAL2', policy: 'NIST_800_63_3', trust_framework: 'NONE' },
    });
    // Communities (military) are not a scheme of seed 004's: not reported as one.
    expect(JSON.stringify(report)).not.toContain('military');
  });

  it('a policy handle that names no level (handles are per consumer) is reported as the ID.me policy completed, not as IAL2', () => {
    const report = idMeProfile(ctx('identity_verified'));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.verification_report!.assurance_process).toEqual({ level_of_assurance: 'HIGH', policy: 'ID_ME', procedure: 'identity_verified' });
    expect(report.verification_report!.authentication_report).toMatchObject({ level: 'identity_verified', policy: 'ID_ME' });
  });

  it('names only the attributes ID.me returned', () => {
    const report = idMeProfile(ctx(IAL2, { first_name: 'Jordan', last_name: null, address: null, dob: { year: 1990, month: 1, day: 2 } }));
    expect(report.verification_report!.evidence.electronic_records![0]!.identity_details).toEqual({ given_names: 'Jordan', date_of_birth: '1990-01-02' });
  });

  it('refuses to report an attempt whose verdict kept no policy', () => {
    expect(() => idMeProfile({ ...ctx(IAL2), details: null })).toThrow(/no policy/);
  });
});
