// BankID's identity profile from a completed order: the bank's identification as an electronic
// record of what collect returned, the order as the authentication, a document only for a chip read.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { ProfileContext } from '../types.js';
import { bankIdProfile, certificatePolicyOf, profileDataOf } from './identity-profile.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(IDENTITY_PROFILE_REPORT_SCHEMA);
const ORDER_REF = '131daac9-16c6-4618-beb0-365768f37288';
/** A self-signed certificate of ours (openssl) whose certificatePolicies names Mobile BankID's 1.2.752.78.1.5, as a person's BankID certificate does. */
const MOBILE_BANKID_CERT = [
  'MIIB8zCCAZigAwIBAgIUMuiURIVZd8u4uzPZSdoaIgfOIIwwCgYIKoZIzj0EAwIw',
  'QzELMAkGA1UEBhMCU0UxFjAUBgNVBAoMDUVtdWxhdGVkIEJhbmsxHDAaBgNVBAMM',
  'E1Byb2ZpbGUgVGVzdCBQZXJzb24wIBcNMjYxMjA3MTUyNjIxWhgPMjEyNjExMTMx',
  'NTI2MjFaMEMxCzAJBgNVBAYTAlNFMRYwFAYDVQQKDA1FbXVsYXRlZCBCYW5rMRww',
  'GgYDVQQDDBNQcm9maWxlIFRlc3QgUGVyc29uMFkwEwYHKoZIzj0CAQYIKoZIzj0D',
  'AQcDQgAE6DN0EGTSSiLDj7z4OAL67o6h9Z4QIO9RMndcyTWTVQXO8yXi4mi17Eu+',
  'H+ZUv+YJON+X9JRBfANCJS1qh0mVTqNoMGYwHQYDVR0OBBYEFMPAt91XDLUDIcNX',
  'Kxid2PRJvzNfMB8GA1UdIwQYMBaAFMPAt91XDLUDIcNXKxid2PRJvzNfMA8GA1Ud',
  'EwEB/wQFMAMBAf8wEwYDVR0gBAwwCjAIBgYqhXBOAQUwCgYIKoZIzj0EAwIDSQAw',
  'RgIhAM6CEJDbHSPfW0BK6jKkR8NPVfVT+lWxfP4eezPWY32nAiEA+Gxs0E+sA6Vx',
  'ayi+6ipM+k35Yp++Evob//zL9NhUSDc=',
].join('\n');

/** BankID's signature as collect returns it (base64 XML-DSig), the end-user certificate first in its KeyInfo. */
const signatureWith = (...certificates: string[]) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/><SignatureValue>AA==</SignatureValue><KeyInfo Id="bidKeyInfo"><X509Data>${certificates.map((c) => `<X509Certificate>${c}</X509Certificate>`).join('')}</X509Data></KeyInfo><Object/></Signature>`,
  ).toString('base64');

const PRODUCTION = ['1.2.752.78.1.1', '1.2.752.78.1.2', '1.2.752.78.1.5'];

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
    // The emulator's signature carries no certificate: the accepted policies are named.
    const report = bankIdProfile(ctx(profileDataOf('auth', PRODUCTION, signatureWith())));
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
    const report = bankIdProfile(ctx(profileDataOf('sign', ['1.2.3.4.25'], signatureWith()), true));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.verification_report!.assurance_process.procedure).toBe('SIGN');
    expect(report.verification_report!.authentication_report!.policy).toBe('BANKID_SE:1.2.3.4.25');
    expect(report.verification_report!.evidence.documents).toEqual([
      { evidence_id: `${ORDER_REF}-mrtd`, timestamp: '2026-05-06T07:08:09Z', document_fields: {}, passed_checks: [{ check: 'CHIP_DIGITAL_SIGNATURE' }], verifying_org: 'BANKID' },
    ]);
  });

  it("names the policy of the person's certificate, read from the end-user certificate in BankID's signature", () => {
    const kept = profileDataOf('auth', PRODUCTION, signatureWith(MOBILE_BANKID_CERT));
    // Nothing of the person is kept with the attempt: the order type and policies only.
    expect(kept).toEqual({ order_kind: 'auth', certificate_policies: PRODUCTION.join(' '), certificate_policy: '1.2.752.78.1.5' });
    expect(bankIdProfile(ctx(kept)).verification_report!.authentication_report!.policy).toBe('BANKID_SE:1.2.752.78.1.5');
  });

  it('finds no policy where the certificate carries none of those accepted, or the signature is not what BankID sends', () => {
    expect(certificatePolicyOf(signatureWith(MOBILE_BANKID_CERT), ['1.2.752.78.1.1', '1.2.752.78.1.2'])).toBeNull();
    expect(certificatePolicyOf(signatureWith(MOBILE_BANKID_CERT), ['1.2.752.78.1'])).toBeNull();
    expect(certificatePolicyOf(signatureWith('bm90IGEgY2VydGlmaWNhdGU='), PRODUCTION)).toBeNull();
    expect(certificatePolicyOf('not base64 xml', PRODUCTION)).toBeNull();
  });

  it('refuses to report an attempt with no completed order kept', () => {
    expect(() => bankIdProfile({ ...ctx({}), details: null })).toThrow(/No completed BankID order/);
  });
});
