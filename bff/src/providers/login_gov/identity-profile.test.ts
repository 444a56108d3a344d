// Login.gov's identity profile from what a sign-in asserted: IAL2 only for a facial match, the
// sign-in's AAL as asserted, and the person only as Login.gov returned them.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { ProfileContext } from '../types.js';
import { loginGovProfile, profileDataOf } from './identity-profile.js';
import { LOGIN_GOV_ACR } from './levels.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(IDENTITY_PROFILE_REPORT_SCHEMA);

const PERSON: VerifiedOutputs = {
  first_name: 'Marisol',
  last_name: 'Testwell',
  address: { line1: '1200 Emulator Ave NW', line2: 'Apt 4', city: 'Washington', state: 'DC', postal_code: '20001', country: 'US' },
  dob: { year: 1984, month: 7, day: 19 },
};

function ctx(acr: string, ial: string | null, privateData: Record<string, string> = {}, verified: VerifiedOutputs | null = PERSON): ProfileContext {
  return {
    session: { reference: 'order-42', subject: 'user-7' },
    attempt: { id: 'att_1', private_data: { state: 'x', ...privateData } },
    remoteIp: null,
    verified,
    details: { provider_key: 'login_gov', acr, ial },
    verifiedAt: new Date('2026-03-04T05:06:07.890Z'),
  } as unknown as ProfileContext;
}

describe("Login.gov's identity profile", () => {
  it('a facial match is IAL2 under NIST 800-63-3; the record is what Login.gov returned, at its verified_at', () => {
    const report = loginGovProfile(ctx(LOGIN_GOV_ACR.facialMatch, LOGIN_GOV_ACR.facialMatch, { asserted_aal: 'urn:gov:gsa:ac:classes:sp:PasswordProtectedTransport:duo', verified_at: '1735725600' }));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.identity_assertion).toEqual({
      current_name: { given_names: 'Marisol', first_name: 'Marisol', family_name: 'Testwell', full_name: 'Marisol Testwell' },
      date_of_birth: '1984-07-19',
      current_address: { address: { address_line1: '1200 Emulator Ave NW', address_line2: 'Apt 4', town_city: 'Washington', state: 'DC', postal_code: '20001', country_iso: 'USA' } },
    });
    expect(report.verification_report).toEqual({
      report_id: 'ipr_att_1',
      timestamp: '2026-03-04T05:06:07Z',
      subject_id: 'user-7',
      trust_framework: 'NONE',
      schemes_compliance: [],
      assurance_process: { level_of_assurance: 'HIGH', policy: 'NIST_800_63_3', procedure: 'IAL2' },
      evidence: {
        electronic_records: [
          {
            evidence_id: 'er_att_1',
            timestamp: '2025-01-01T10:00:00Z',
            identity_details: {
              given_names: 'Marisol',
              family_name: 'Testwell',
              date_of_birth: '1984-07-19',
              address: { address_line1: '1200 Emulator Ave NW', address_line2: 'Apt 4', town_city: 'Washington', state: 'DC', postal_code: '20001', country_iso: 'USA' },
            },
            verifying_org: 'LOGIN_GOV',
          },
        ],
      },
      // Login.gov's default: a second factor, not asserted as a NIST AAL.
      authentication_report: { report_id: 'ar_att_1', timestamp: '2026-03-04T05:06:07Z', level: 'MFA', policy: 'LOGIN_GOV', trust_framework: 'NONE' },
    });
  });

  it('"verified" without a facial match is not IAL2 (Login.gov says so): reported as its own level, deprecated values read as today\'s', () => {
    for (const acr of [LOGIN_GOV_ACR.verified, 'http://idmanagement.gov/ns/assurance/ial/2', 'http://idmanagement.gov/ns/assurance/loa/3']) {
      const report = loginGovProfile(ctx(acr, acr));
      expect(validate(report) ? [] : validate.errors).toEqual([]);
      expect(report.verification_report!.assurance_process).toEqual({ level_of_assurance: 'HIGH', policy: 'LOGIN_GOV', procedure: LOGIN_GOV_ACR.verified });
    }
  });

  it('"facial match preferred" is IAL2 only when the ial says a facial match was done', () => {
    expect(loginGovProfile(ctx(LOGIN_GOV_ACR.facialMatchPreferred, LOGIN_GOV_ACR.verified)).verification_report!.assurance_process.procedure).toBe(LOGIN_GOV_ACR.facialMatchPreferred);
    expect(loginGovProfile(ctx(LOGIN_GOV_ACR.facialMatchPreferred, LOGIN_GOV_ACR.facialMatch)).verification_report!.assurance_process).toMatchObject({ policy: 'NIST_800_63_3', procedure: 'IAL2' });
  });

  it('a NIST AAL asserted for the sign-in is reported as that AAL, its qualifier kept', () => {
    const at = (aal: string) => loginGovProfile(ctx(LOGIN_GOV_ACR.verified, null, { asserted_aal: aal })).verification_report!.authentication_report;
    expect(at('http://idmanagement.gov/ns/assurance/aal/2')).toMatchObject({ level: 'AAL2', policy: 'NIST_800_63_3', trust_framework: 'NONE' });
    expect(at('http://idmanagement.gov/ns/assurance/aal/2?phishing_resistant=true')).toMatchObject({ level: 'AAL2_PHISHING_RESISTANT', policy: 'NIST_800_63_3' });
    expect(at('http://idmanagement.gov/ns/assurance/aal/3?hspd12=true')).toMatchObject({ level: 'AAL3_HSPD12', policy: 'NIST_800_63_3' });
  });

  it('names only what Login.gov returned: no address when it gave none, an SSN only as the last four kept; without verified_at, the verdict time', () => {
    const report = loginGovProfile(ctx(LOGIN_GOV_ACR.verified, null, {}, { first_name: 'Desmond', last_name: 'Okafor-Test', address: null, dob: { year: 1971, month: 2, day: 3 }, id_number_last4: '4321' }));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.verification_report!.evidence.electronic_records).toEqual([
      { evidence_id: 'er_att_1', timestamp: '2026-03-04T05:06:07Z', identity_details: { given_names: 'Desmond', family_name: 'Okafor-Test', date_of_birth: '1971-02-03', id_number_last4: '4321' }, verifying_org: 'LOGIN_GOV' },
    ]);
  });

  it('keeps at the callback only the sign-in\'s aal and verified_at, nothing of the person', () => {
    expect(
      profileDataOf({ sub: 'b2d2d115', given_name: 'John', birthdate: '1970-01-01', social_security_number: '900123456', ial: LOGIN_GOV_ACR.verified, aal: 'http://idmanagement.gov/ns/assurance/aal/2', verified_at: 1577854800 }),
    ).toEqual({ asserted_aal: 'http://idmanagement.gov/ns/assurance/aal/2', verified_at: '1577854800' });
    expect(profileDataOf({ verified_at: null })).toEqual({});
  });

  it('refuses to report an attempt whose verdict asserted no identity-verified level', () => {
    expect(() => loginGovProfile(ctx(LOGIN_GOV_ACR.authOnly, null))).toThrow(/no identity-verified level/);
  });
});
