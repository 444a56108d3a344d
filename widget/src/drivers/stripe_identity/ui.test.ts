// What the Stripe driver makes of Stripe.js: what each answer of verifyIdentity means for the flow
// (the outcome itself is the BFF's to read).
import { describe, expect, it } from 'vitest';
import { reportOf } from './ui.js';

describe('reportOf', () => {
  it('a submitted session completes (the BFF then reads the outcome)', () => {
    expect(reportOf({ verificationSession: { id: 'vs_1' } as never })).toEqual({ kind: 'complete' });
  });

  it('a closed modal is the person leaving', () => {
    const error = { type: 'invalid_request_error', code: 'session_cancelled', message: 'closed' } as const;
    expect(reportOf({ error })).toEqual({ kind: 'leave' });
  });

  it('other errors are public codes, never Stripe messages', () => {
    expect(reportOf({ error: { type: 'api_connection_error', message: 'offline' } })).toEqual({ kind: 'error', code: 'network_error' });
    expect(reportOf({ error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such client_secret: vs_…' } })).toEqual({
      kind: 'error',
      code: 'provider_error',
    });
  });
});
