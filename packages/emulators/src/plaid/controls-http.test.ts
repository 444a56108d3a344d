// The controls over HTTP, as a test in another process (the BFF's e2e) uses them: a template, the
// person's run through Link, pending review and its review, webhook URL, key rotation, a signing
// fault, a rate limit; and a link token that expired before Link opened.
import type { LinkTokenCreateRequest } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAID_CONTROL } from './controls-http.js';
import { plaidFailure, RECEIVER_URL, startPlaid, type RunningPlaid } from './testing.js';

let p: RunningPlaid;
beforeAll(async () => {
  p = await startPlaid();
});
afterAll(() => p.close());

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${p.url}${PLAID_CONTROL}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

const TEMPLATE = {
  id: 'idvtmp_e2eDataOnly',
  version: 1,
  name: 'data check and risk only',
  steps: { accept_tos: false, verify_sms: false, kyc_check: true, documentary_verification: 'off', selfie_check: false, watchlist_screening: false, risk_check: true },
};

async function linkToken(templateId: string, clientUserId: string) {
  const request = { client_name: 'x', language: 'en', country_codes: ['US'], products: ['identity_verification'], user: { client_user_id: clientUserId }, identity_verification: { template_id: templateId } };
  return (await p.plaid.linkTokenCreate(request as unknown as LinkTokenCreateRequest)).data.link_token;
}

describe('Plaid controls over HTTP', () => {
  it('adds a template, runs Link to pending review, and approves it', async () => {
    expect((await control('POST', '/templates', TEMPLATE)).status).toBe(201);
    const token = await linkToken(TEMPLATE.id, 'ctl-1');
    const run = await control('POST', '/link/complete', { link_token: token, outcome: 'pending_review' });
    expect(run).toMatchObject({ status: 200, body: { status: 'pending_review' } });
    const id = run.body.link_session_id;
    expect((await control('GET', `/identity_verifications/${id}`)).body.steps).toMatchObject({ accept_tos: 'not_applicable', kyc_check: 'success', risk_check: 'pending_review' });
    const reviewed = await control('POST', `/identity_verifications/${id}/review`, { decision: 'approve' });
    expect(reviewed.body).toMatchObject({ status: 'success', steps: { risk_check: 'manually_approved' } });
    expect((await control('POST', `/identity_verifications/${id}/review`, { decision: 'approve' })).status).toBe(400);
  });

  it('runs Link as someone else, who fails the data check', async () => {
    const run = await control('POST', '/link/complete', { link_token: await linkToken(TEMPLATE.id, 'ctl-2'), person: { given_name: 'Tom', family_name: 'Haverford' } });
    expect(run.body.status).toBe('failed');
    expect(run.body.events).toContain('IDENTITY_VERIFICATION_FAIL_STEP');
  });

  it('rotates the key, plans a signing fault, and lists the webhooks with their faults', async () => {
    const before = (await control('GET', '/webhooks/key')).body;
    expect(before.url).toBe(RECEIVER_URL);
    const rotated = await control('POST', '/webhooks/key/rotate');
    expect(rotated.body.expired).toMatchObject({ kid: before.key.kid, expired_at: expect.any(Number) });
    expect((await control('POST', '/webhooks/signing', { fault: 'unknown_kid' })).status).toBe(200);
    expect((await control('POST', '/webhooks/signing', { fault: 'made_up' })).status).toBe(400);
    await control('POST', '/link/complete', { link_token: await linkToken(TEMPLATE.id, 'ctl-3') });
    await control('POST', '/delivery/flush');
    const listed = (await control('GET', '/webhooks?webhook_code=STEP_UPDATED')).body.webhooks;
    expect(listed.some((w: { signing_fault: string | null }) => w.signing_fault === 'unknown_kid')).toBe(true);
    const request = (await control('GET', `/webhooks/${listed.at(-1).id}/request`)).body;
    expect(request.headers['plaid-verification']).toMatch(/^ey[\w-]+\.ey[\w-]+\.[\w-]+$/);
  });

  it('plans a rate limit for a path', async () => {
    await control('POST', '/rate_limit', { path: '/identity_verification/list', count: 2 });
    for (let i = 0; i < 2; i++) {
      const limited = await plaidFailure(p.plaid.identityVerificationList({ template_id: TEMPLATE.id, client_user_id: 'ctl-1' }));
      expect(limited).toMatchObject({ status: 429, body: { error_type: 'RATE_LIMIT_EXCEEDED' } });
    }
    expect((await p.plaid.identityVerificationList({ template_id: TEMPLATE.id, client_user_id: 'ctl-1' })).data.identity_verifications).toHaveLength(1);
  });

  it('refuses a link token that expired before Link opened (INVALID_LINK_TOKEN)', async () => {
    const token = await linkToken(TEMPLATE.id, 'ctl-4');
    p.emu.controls.clock.advance(4 * 3600 + 1);
    const refused = await control('POST', '/link/complete', { link_token: token });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('link token is invalid or expired');
  });
});
