// What the Plaid driver makes of Link's callbacks: a close is the person leaving, an error a public
// code (never Plaid's message), and of onEvent only Plaid's event and view names.
import { describe, expect, it } from 'vitest';
import { endsSession, exitReport, linkProgress } from './link.js';

describe('exitReport', () => {
  it('Link closed without an error is the person leaving (they may resume)', () => {
    expect(exitReport(null)).toEqual({ kind: 'leave' });
    expect(exitReport(undefined)).toEqual({ kind: 'leave' });
  });

  it('an expired link token asks the BFF for a fresh one (the same verification resumes)', () => {
    expect(exitReport({ error_type: 'INVALID_INPUT', error_code: 'INVALID_LINK_TOKEN' })).toEqual({ kind: 'refresh' });
  });

  it("Link's errors are public codes, whatever Plaid's message says", () => {
    const error = (error_type: string, error_code: string) => ({ error_type, error_code, error_message: 'Leslie Knope, 123 Main St', display_message: null });
    expect(exitReport(error('RATE_LIMIT_EXCEEDED', 'RATE_LIMIT'))).toEqual({ kind: 'error', code: 'rate_limited' });
    expect(exitReport(error('API_ERROR', 'PLANNED_MAINTENANCE'))).toEqual({ kind: 'error', code: 'provider_unavailable' });
    expect(exitReport(error('API_ERROR', 'INTERNAL_SERVER_ERROR'))).toEqual({ kind: 'error', code: 'provider_error' });
    expect(exitReport({})).toEqual({ kind: 'error', code: 'provider_error' });
  });
});

describe('linkProgress', () => {
  it("keeps the event's and the view's names, nothing else of the metadata", () => {
    const metadata = { view_name: 'KYC_CHECK', institution_search_query: 'leslie', error_message: 'x', link_session_id: 'idv_1', timestamp: '2026-12-07T00:00:00Z' };
    expect(linkProgress('IDENTITY_VERIFICATION_START_STEP', metadata)).toEqual({ event: 'IDENTITY_VERIFICATION_START_STEP', view: 'KYC_CHECK' });
    expect(linkProgress('OPEN', { view_name: null })).toEqual({ event: 'OPEN', view: null });
    expect(linkProgress('OPEN', null)).toEqual({ event: 'OPEN', view: null });
  });

  it('drops anything that is not one of Plaid names', () => {
    expect(linkProgress('leslie@example.com', {})).toBeNull();
    expect(linkProgress(42, {})).toBeNull();
    expect(linkProgress('OPEN', { view_name: 'Leslie Knope' })).toEqual({ event: 'OPEN', view: null });
  });

  it('tells when the verification session at Plaid has ended', () => {
    for (const event of ['IDENTITY_VERIFICATION_PASS_SESSION', 'IDENTITY_VERIFICATION_FAIL_SESSION', 'IDENTITY_VERIFICATION_PENDING_REVIEW_SESSION']) {
      expect(endsSession({ event, view: null })).toBe(true);
    }
    expect(endsSession({ event: 'IDENTITY_VERIFICATION_PASS_STEP', view: 'KYC_CHECK' })).toBe(false);
    expect(endsSession({ event: 'EXIT', view: null })).toBe(false);
  });
});
