// The mapping of Onfido's checks, reports and workflow runs onto our outcomes, on hand-made
// answers: every branch, including the ones the emulator's sandbox rules cannot reach.
import { describe, expect, it } from 'vitest';
import { allowListedBreakdown, outcomeOfCheck, outcomeOfWorkflowRun, sensitiveOf, type OnfidoReport } from './outcome.js';

describe('Onfido outcome mapping', () => {
  const check = (status: string, result: string | null = null) => ({ id: 'chk', applicant_id: 'app', status, result });
  const report = (name: string, result: string, extra: Partial<OnfidoReport> = {}): OnfidoReport => ({
    id: `rep_${name}`,
    name,
    status: 'complete',
    result,
    sub_result: name === 'document' ? (result === 'clear' ? 'clear' : 'suspected') : null,
    breakdown: {},
    properties: { first_name: 'JANE', last_name: 'DOE', date_of_birth: '1990-01-31', date_of_expiry: '2031-05-01', document_numbers: [{ type: 'document_number', value: '123456789' }] },
    ...extra,
  });
  const leaf = (section: string, name: string) => ({ [section]: { result: 'consider', breakdown: { [name]: { result: 'consider', properties: {} } } } });

  it('maps check statuses', () => {
    expect(outcomeOfCheck(null)).toEqual({ status: 'pending' });
    for (const s of ['in_progress', 'awaiting_applicant', 'paused', 'reopened', 'something_new']) expect(outcomeOfCheck({ check: check(s), reports: [] }).status).toBe('processing');
    expect(outcomeOfCheck({ check: check('withdrawn'), reports: [] })).toMatchObject({ status: 'canceled', error: { code: 'provider_error' } });
    expect(outcomeOfCheck({ check: check('complete', 'clear'), reports: [] })).toMatchObject({ status: 'needs_review' });
  });

  it('verifies an all-clear check, high only with a face report, and keeps properties out of the details', () => {
    const both = outcomeOfCheck({ check: check('complete', 'clear'), reports: [report('document', 'clear'), report('facial_similarity_motion', 'clear')] });
    expect(both).toMatchObject({ status: 'verified', claims: ['verified_identity'], assurance: 'high', pii: { first_name: 'JANE', last_name: 'DOE', address: null } });
    expect(JSON.stringify(both.status === 'verified' && both.details)).not.toContain('JANE');
    expect(JSON.stringify(both.status === 'verified' && both.details)).not.toContain('properties');
    expect(outcomeOfCheck({ check: check('complete', 'clear'), reports: [report('document', 'clear')] })).toMatchObject({ assurance: 'substantial' });
  });

  it('rejects a rejected document and reviews every other doubt, with the closest reason', () => {
    const judge = (...reports: OnfidoReport[]) => outcomeOfCheck({ check: check('complete', 'consider'), reports });
    expect(judge(report('document', 'consider', { sub_result: 'rejected' }), report('facial_similarity_photo', 'clear'))).toMatchObject({
      status: 'rejected',
      error: { code: 'document_unverified_other' },
    });
    expect(judge(report('document', 'consider', { sub_result: 'rejected', breakdown: leaf('image_integrity', 'supported_document') }))).toMatchObject({
      status: 'rejected',
      error: { code: 'document_type_not_supported' },
    });
    expect(judge(report('document', 'consider', { sub_result: 'caution', breakdown: leaf('data_validation', 'document_expiration') }))).toMatchObject({
      status: 'needs_review',
      error: { code: 'document_expired' },
    });
    expect(judge(report('document', 'clear'), report('facial_similarity_photo', 'consider', { breakdown: leaf('face_comparison', 'face_match') }))).toMatchObject({
      status: 'needs_review',
      error: { code: 'selfie_face_mismatch' },
    });
    expect(judge(report('document', 'clear'), report('facial_similarity_video', 'consider'))).toMatchObject({ status: 'needs_review', error: { code: 'selfie_unverified_other' } });
    expect(judge(report('document', 'clear'), report('known_faces', 'unidentified'))).toMatchObject({ status: 'needs_review', error: { code: 'verification_failed' } });
  });

  it('maps workflow run statuses', () => {
    const run = (status: string) => ({ id: 'wfr', applicant_id: 'app', status });
    const read = { check: check('complete', 'clear'), reports: [report('document', 'clear'), report('facial_similarity_photo', 'clear')] };
    expect(outcomeOfWorkflowRun(run('approved'), read)).toMatchObject({ status: 'verified', assurance: 'high', details: { workflow_run_id: 'wfr', check_id: 'chk', result: 'approved' } });
    expect(outcomeOfWorkflowRun(run('approved'), null)).toMatchObject({ status: 'verified', assurance: 'substantial', pii: { first_name: null } });
    const table: Array<[string, string, string?]> = [
      ['review', 'needs_review', 'verification_failed'],
      ['declined', 'rejected', 'verification_failed'],
      ['abandoned', 'canceled', 'abandoned'],
      ['error', 'failed', 'provider_error'],
      ['awaiting_input', 'pending'],
      ['awaiting_client_input', 'pending'],
      ['processing', 'processing'],
    ];
    for (const [status, ours, code] of table) {
      const outcome = outcomeOfWorkflowRun(run(status), null);
      expect(outcome.status).toBe(ours);
      if (code) expect(outcome).toMatchObject({ error: { code } });
    }
  });

  it('reads the sensitive fields from the document properties', () => {
    expect(sensitiveOf([report('document', 'clear')])).toEqual({
      dob: { year: 1990, month: 1, day: 31 },
      id_number: null,
      document_number: '123456789',
      document_expiration_date: { year: 2031, month: 5, day: 1 },
    });
    expect(sensitiveOf([report('document', 'clear', { properties: { date_of_birth: 42, document_numbers: 'x' } })])).toEqual({
      dob: null,
      id_number: null,
      document_number: null,
      document_expiration_date: null,
    });
  });

  it('keeps only Onfido\'s names, verdict words, scores, flags and ids of a breakdown', () => {
    const sent = {
      data_validation: {
        result: 'consider',
        breakdown: {
          document_expiration: { result: 'consider', properties: { expiry: '2031-05-01', checked: true } },
          document_numbers: { result: 'clear', properties: { value: '123456789', note: 'JANE DOE' } },
        },
        summary: 'JANE DOE, born 1990-01-31',
      },
      face_comparison: { result: 'clear', breakdown: { face_match: { result: 'clear', properties: { score: 0.93, document_id: 'b3a1c0de-0000-4000-8000-000000000001', level: 'high' } } } },
      'JANE DOE': { result: 'clear' },
      visual_authenticity: { result: 'Jane Doe looks fine', breakdown: ['not', 'a', 'map'] },
    };
    const kept = allowListedBreakdown(sent);
    expect(kept).toEqual({
      data_validation: {
        result: 'consider',
        breakdown: {
          document_expiration: { result: 'consider', properties: { checked: true } },
          document_numbers: { result: 'clear', properties: {} },
        },
      },
      face_comparison: { result: 'clear', breakdown: { face_match: { result: 'clear', properties: { score: 0.93, document_id: 'b3a1c0de-0000-4000-8000-000000000001', level: 'high' } } } },
      visual_authenticity: { result: null, breakdown: {} },
    });
    expect(JSON.stringify(kept)).not.toMatch(/JANE|Jane|1990|2031|123456789/);
    expect(allowListedBreakdown(null)).toEqual({});

    const outcome = outcomeOfCheck({ check: check('complete', 'consider'), reports: [report('document', 'consider', { breakdown: sent })] });
    expect(JSON.stringify(outcome)).not.toMatch(/JANE|Jane|1990|2031|123456789/);
  });
});
