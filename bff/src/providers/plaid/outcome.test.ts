// Plaid's verdict mapped on its own (over attempts shaped as /identity_verification/list answers
// them), and Plaid's settings as config.ts reads them.
import { describe, expect, it } from 'vitest';
import { readProviderSettings } from '../module.js';
import type { Verification } from './client.js';
import { plaidModule } from './module.js';
import { failedStepOf, newestOf, outcomeOf } from './outcome.js';

const STEPS = { accept_tos: 'success', verify_sms: 'success', kyc_check: 'success', documentary_verification: 'not_applicable', selfie_check: 'success', watchlist_screening: 'not_applicable', risk_check: 'success' };

function attempt(over: Partial<Verification> & { steps?: Record<string, string | null> } = {}): Verification {
  return {
    id: 'idv_1',
    client_user_id: 'iva_1',
    created_at: '2026-12-07T10:00:00Z',
    previous_attempt_id: null,
    status: 'success',
    template: { id: 'idvtmp_x' },
    user: { name: { given_name: 'Leslie', family_name: 'Knope' }, date_of_birth: '1975-01-18', address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' } },
    ...over,
    steps: { ...STEPS, ...over.steps },
  };
}
const asked = { identity: true, mayRetry: true };

describe("Plaid's verdict", () => {
  it('success verifies an identity at high, the person only in the outputs, never in the details', () => {
    const outcome = outcomeOf(attempt(), asked);
    expect(outcome).toMatchObject({ status: 'verified', claims: ['verified_identity'], assurance: 'high', pii: { first_name: 'Leslie', dob: { year: 1975, month: 1, day: 18 } } });
    expect(JSON.stringify('details' in outcome && outcome.details)).not.toMatch(/Knope|1975|Main/);
    // A session that asked only for a human gets the same claims and keeps nothing of who they are.
    const human = outcomeOf(attempt(), { ...asked, identity: false });
    expect(human).toMatchObject({ status: 'verified', claims: ['verified_identity'] });
    expect(human).not.toHaveProperty('pii');
  });

  it('a failed step the person can redo keeps the attempt open and names the step; with no tries left it rejects', () => {
    for (const [step, code] of [['kyc_check', 'verification_failed'], ['documentary_verification', 'document_unverified_other'], ['selfie_check', 'selfie_unverified_other'], ['verify_sms', 'verification_failed']] as const) {
      const failed = attempt({ status: 'failed', steps: { [step]: 'failed', risk_check: 'waiting_for_prerequisite' } });
      expect(outcomeOf(failed, asked)).toMatchObject({ status: 'requires_input', attemptStaysOpen: true, httpError: 'provider_rejected', error: { code, reason: expect.stringContaining(step) } });
      expect(outcomeOf(failed, { ...asked, mayRetry: false })).toMatchObject({ status: 'rejected', error: { code } });
    }
  });

  it('a screening hit, a risk signal or a reviewer rejection is final', () => {
    expect(outcomeOf(attempt({ status: 'failed', steps: { watchlist_screening: 'failed' } }), asked)).toMatchObject({ status: 'rejected', error: { reason: expect.stringContaining('watchlist_screening') } });
    expect(outcomeOf(attempt({ status: 'failed', steps: { risk_check: 'failed' } }), asked)).toMatchObject({ status: 'rejected', error: { reason: expect.stringContaining('risk_check') } });
    expect(outcomeOf(attempt({ status: 'failed', steps: { kyc_check: 'manually_rejected' } }), asked)).toMatchObject({ status: 'rejected', error: { reason: expect.stringContaining('reviewer') } });
  });

  it("pending review needs review, settled by Plaid's reviewer, with the step under review; expired and canceled end the attempt; active and unknown statuses wait", () => {
    expect(outcomeOf(attempt({ status: 'pending_review', steps: { risk_check: 'pending_review' } }), asked)).toEqual({
      status: 'needs_review',
      error: { code: 'verification_failed', reason: 'A reviewer at Plaid is checking the verification (risk_check).' },
      reviewedByProvider: true,
      details: { provider_key: 'plaid', identity_verification_id: 'idv_1', status: 'pending_review', steps: { ...STEPS, risk_check: 'pending_review' } },
    });
    expect(outcomeOf(attempt({ status: 'expired' }), asked)).toMatchObject({ status: 'canceled', error: { code: 'session_expired' } });
    expect(outcomeOf(attempt({ status: 'canceled' }), asked)).toMatchObject({ status: 'canceled', error: { code: 'abandoned' } });
    expect(outcomeOf(attempt({ status: 'active' }), asked)).toEqual({ status: 'pending' });
    expect(outcomeOf(attempt({ status: 'on_hold_new_in_2027' }), asked)).toEqual({ status: 'pending' });
  });

  it('reads the newest attempt by the retry chain, whatever order the list answers in', () => {
    const first = attempt({ id: 'idv_1', status: 'failed', created_at: '2026-12-07T10:00:05Z' });
    const retried = attempt({ id: 'idv_2', status: 'active', previous_attempt_id: 'idv_1', created_at: '2026-12-07T10:00:05Z' });
    expect(newestOf([retried, first])?.id).toBe('idv_2');
    expect(newestOf([first, retried])?.id).toBe('idv_2');
    expect(newestOf([])).toBeNull();
    expect(failedStepOf(attempt())).toBeNull();
  });
});

describe("Plaid's settings", () => {
  const env = { PLAID_CLIENT_ID: '65e0a1b2c3d4e5f6a7b8c9d0', PLAID_SECRET: 'e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4', PLAID_TEMPLATE_ID: 'idvtmp_52xR9LKo77r1Np' };

  it("default to Plaid's production host and CDN, with a selfie in the template", () => {
    const { config, problems } = readProviderSettings(plaidModule, env, true);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ apiBase: 'https://production.plaid.com', linkScriptUrl: 'https://cdn.plaid.com/link/v2/stable/link-initialize.js', templateSelfie: true, templateId: env.PLAID_TEMPLATE_ID });
    expect(JSON.stringify(config)).not.toContain(env.PLAID_SECRET);
  });

  it("refuse Plaid's sandbox and plain http in production, and a template id that is not one", () => {
    expect(readProviderSettings(plaidModule, { ...env, PLAID_API_BASE: 'https://sandbox.plaid.com' }, false).problems).toEqual([]);
    expect(readProviderSettings(plaidModule, { ...env, PLAID_API_BASE: 'https://sandbox.plaid.com' }, true).problems).toEqual(["PLAID_API_BASE: Plaid's sandbox cannot be used in production"]);
    expect(readProviderSettings(plaidModule, { ...env, PLAID_LINK_SCRIPT_URL: 'http://127.0.0.1:9/link.js' }, true).problems).toEqual(['PLAID_LINK_SCRIPT_URL: must be https in production']);
    expect(readProviderSettings(plaidModule, { ...env, PLAID_TEMPLATE_ID: 'tmpl_1' }, false).problems[0]).toMatch(/^PLAID_TEMPLATE_ID: /);
    expect(readProviderSettings(plaidModule, { PLAID_CLIENT_ID: env.PLAID_CLIENT_ID }, false).problems).toEqual(['PLAID_CLIENT_ID, PLAID_SECRET and PLAID_TEMPLATE_ID: set all three or none']);
  });
});
