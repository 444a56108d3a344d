// BankID's identity profile from a completed order: the bank's identification as an electronic
// record of what collect returned, the order as the authentication, a document only for a chip read.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { ProfileContext } from '../types.js';
import { bankIdProfile, profileDataOf } from './identity-profile.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(IDENTITY_PROFILE_REPORT_SCHEMA);
const ORDER_REF = '131daac9-16c6-4618-beb0-365768f37288';
const ANNA: VerifiedOutputs = { first_name: 'Anna', last_name: 'Testsson', address: null, dob: { year: 1999, month: 8, day: 7 }, id_number: '199908072391' };

function ctx(privateData: Record<string, string>, mrtd = false): ProfileContext {
  return {
    session: { reference: null, subject: 'kund-17' },
    attempt: { id: 'att_5', private_data: { order_ref: ORDER_REF, qr_start_secret: 's', ...privateData } },
    remoteIp: null,
    verified: ANNA,
    details: { provider_key: 'bankid_se', risk: null, mrtd },
    verifiedAt: new Date('2026-05-06T07:08:09Z'),
  } as unknown as ProfileContext;
}

describe("BankID's identity profile", () => {
  it('an identification: the personnummer and names BankID returned as the bank\'s record, the order at high under the policies it accepted', () => {
    const report = bankIdProfile(ctx(profileDataOf('auth', ['1.2.752.78.1.1', '1.2.752.78.1.2', '1.2.752.78.1.5'])));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report).toEqual({
      identity_assertion: { current_name: { given_names: 'Anna', first_name: 'Anna', family_name: 'Testsson', full_name: 'Anna Testsson' }, date_of_birth: '1999-08-07' },
      verification_report: {
        report_id: 'ipr_att_5',
        timestamp: '2026-05-06T07:08:09Z',
        subject_id: 'kund-17',
        trust_framework: 'NONE',
        schemes_compliance: [],
        assurance_process: { level_of_assurance: 'HIGH', policy: 'BANKID_SE', procedure: 'AUTH' },
        evidence: {
          // The bank is not named by collect: no provider_org.
          electronic_records: [
            { evidence_id: ORDER_REF, timestamp: '2026-05-06T07:08:09Z', identity_details: { personal_number: '199908072391', given_names: 'Anna', family_name: 'Testsson' }, verifying_org: 'BANKID' },
          ],
        },
        authentication_report: { report_id: 'ar_att_5', timestamp: '2026-05-06T07:08:09Z', level: 'HIGH', policy: 'BANKID_SE:1.2.752.78.1.1|1.2.752.78.1.2|1.2.752.78.1.5', trust_framework: 'NONE' },
      },
    });
  });

  it('a signature order is reported as SIGN; a chip read in the app (mrtd) adds the document, with only the chip check', () => {
    const report = bankIdProfile(ctx(profileDataOf('sign', ['1.2.3.4.25']), true));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.verification_report!.assurance_process.procedure).toBe('SIGN');
    expect(report.verification_report!.authentication_report!.policy).toBe('BANKID_SE:1.2.3.4.25');
    expect(report.verification_report!.evidence.documents).toEqual([
      { evidence_id: `${ORDER_REF}-mrtd`, timestamp: '2026-05-06T07:08:09Z', document_fields: {}, passed_checks: [{ check: 'CHIP_DIGITAL_SIGNATURE' }], verifying_org: 'BANKID' },
    ]);
  });

  it('keeps nothing of the person with the attempt: the order type and the accepted policies', () => {
    expect(profileDataOf('auth', ['1.2.752.78.1.5'])).toEqual({ order_kind: 'auth', certificate_policies: '1.2.752.78.1.5' });
  });

  it('refuses to report an attempt with no completed order kept', () => {
    expect(() => bankIdProfile({ ...ctx({}), details: null })).toThrow(/No completed BankID order/);
  });
});
