// The host panel's view of an identity profile report: how the person was verified, and the
// personal fields by name only.
import { describe, expect, it } from 'vitest';
import type { IdentityProfileReport } from '@identity-verify/contract/identity-profile';
import { summarizeProfile } from './identity-profile.js';

const RTW: IdentityProfileReport = {
  identity_assertion: {
    current_name: { given_names: 'Jane Ann', first_name: 'Jane', family_name: 'Doe', full_name: 'Jane Ann Doe' },
    date_of_birth: '1988-02-14',
    current_address: { address: { address_line1: '1 High Street', postal_code: 'SW1A 1AA', country_iso: 'GBR' } },
  },
  verification_report: {
    report_id: 'rep_1',
    timestamp: '2026-12-07T10:00:00Z',
    trust_framework: 'UK_TFIDA',
    schemes_compliance: [{ requirements_met: true, scheme: { type: 'RTW' } }],
    assurance_process: { level_of_assurance: 'MEDIUM', policy: 'GPG45', procedure: 'M1C' },
    evidence: {
      documents: [{ evidence_id: 'doc_1', timestamp: '2026-12-07T10:00:00Z', document_fields: { document_number: '123456789', expiration_date: '2030-01-01' }, passed_checks: [{ check: 'DOCUMENT_IN_DATE' }, { check: 'AUTOMATED_FACE_MATCH' }], verifying_org: 'Yoti' }],
      face: { evidence_id: 'face_1', initial_liveness: { type: 'ZOOM', timestamp: '2026-12-07T10:00:00Z' }, verifying_org: 'Yoti' },
    },
    authentication_report: { report_id: 'auth_1', timestamp: '2026-12-07T10:00:00Z', level: 'MEDIUM', policy: 'GPG44', trust_framework: 'UK_TFIDA' },
  },
};

describe('summarizeProfile', () => {
  it('tells how the person was verified, and names the personal fields without their values', () => {
    const summary = summarizeProfile(RTW)!;
    expect(summary).toEqual({
      trust_framework: 'UK_TFIDA',
      schemes: [{ type: 'RTW', objective: null, met: true, not_met_info: null }],
      assurance: { level: 'MEDIUM', policy: 'GPG45', procedure: 'M1C' },
      documents: [{ verifying_org: 'Yoti', checks: ['DOCUMENT_IN_DATE', 'AUTOMATED_FACE_MATCH'], fields: ['document_number', 'expiration_date'] }],
      face: { verifying_org: 'Yoti', liveness: 'ZOOM' },
      electronic_records: [],
      authentication: { level: 'MEDIUM', policy: 'GPG44' },
      asserted: ['current_name', 'date_of_birth', 'current_address'],
    });
    const shown = JSON.stringify(summary);
    for (const personal of ['Jane', 'Doe', '1988-02-14', 'High Street', '123456789', '2030-01-01']) expect(shown).not.toContain(personal);
  });

  it('reads the first of the verification reports Yoti gives for advanced requirements, and nothing without one', () => {
    const { verification_report, ...rest } = RTW;
    expect(summarizeProfile({ ...rest, verification_reports: [verification_report!] })?.trust_framework).toBe('UK_TFIDA');
    expect(summarizeProfile(rest)).toBeNull();
  });
});
