// Plaid Identity Verification end to end against its emulator, wired as the stack wires it: a link
// token per attempt, the person in Link (the emulator's control acting for them), Plaid's signed
// webhooks into the BFF, the verdict read back from Plaid, and a failure retried at Plaid on the
// same user inside the same attempt.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLAID_SANDBOX_PERSON, type PlaidControls, type PlaidSigningFault } from '@identity-verify/emulators';
import { TEST_API_KEY } from '../../testing.js';
import { startHarness } from '../conformance-kit.js';
import { conformance, plaidControls } from './conformance.js';

let h: Awaited<ReturnType<typeof startHarness>>;
let plaid: PlaidControls;
beforeAll(async () => {
  h = await startHarness('plaid', conformance);
  plaid = plaidControls(h);
});
afterAll(async () => h?.close());
beforeEach(() => plaid.clearFaults());

const LESLIE = PLAID_SANDBOX_PERSON;
const PII = [LESLIE.name!.family_name, LESLIE.date_of_birth!, LESLIE.phone_number!, LESLIE.address!.street!, LESLIE.id_number!.value];

async function atPlaid() {
  const t = await h.started();
  const host = async (include?: string) => (await h.bff.call('GET', `/v1/sessions/${t.session.id}${include ? `?include=${include}` : ''}`, { auth: TEST_API_KEY })).json;
  const complete = () => t.widget('POST', '/v1/identity/verify/complete', { provider_key: 'plaid', session_ref: t.ref });
  const sync = async () => (await t.widget('POST', '/v1/identity/verify/sync', { provider_key: 'plaid' })).json;
  const refresh = () => t.widget('POST', '/v1/identity/verify/refresh', { provider_key: 'plaid', session_ref: t.ref });
  /** The person goes through Link on this token; Plaid's webhooks are delivered. */
  const link = async (token: string, outcome: 'as_entered' | 'fail_kyc' | 'pending_review' = 'as_entered') => {
    const run = plaid.completeLink(token, { outcome });
    await plaid.flushWebhooks();
    return run;
  };
  const deliveries = (idv: string) => plaid.webhooks({ identity_verification_id: idv });
  return { ...t, host, complete, sync, refresh, link, deliveries };
}

/** What Plaid received at this path (its log redacts the person's fields, `user` included). */
const sent = (path: string) => plaid.requests({ path, method: 'POST' }) as Array<{ status: number; body: Record<string, any> }>;
const expectNoneOf = (text: string, values: readonly string[]) => {
  for (const value of values) expect(text).not.toContain(value);
};

describe('Plaid Identity Verification', () => {
  it('hands the widget a link token for a Plaid user bound to the attempt, never the person, and verifies Leslie Knope from the webhook', async () => {
    plaid.clearRequests();
    const t = await atPlaid();
    expect(t.client).toEqual({ provider_key: 'plaid', flow: 'sdk_modal', link_token: expect.stringMatching(/^link-sandbox-/), link_script_url: 'http://plaid.test/link/v2/stable/link-initialize.js' });
    const [created] = sent('/link/token/create');
    expect(created!.body).toMatchObject({
      products: ['identity_verification'],
      identity_verification: { template_id: 'idvtmp_emu1DefaultKYC', gave_consent: true },
      webhook: 'https://bff.test/v1/providers/plaid/webhook',
    });
    const attempt = await h.bff.store.findAttemptByRef('plaid', t.ref);
    expect(t.ref).toBe(attempt!.id);

    const run = await t.link(t.client.link_token);
    expect(run.status).toBe('success');
    // The Plaid user Link verified is the attempt itself: an opaque id, nothing of the person.
    expect(plaid.verification(run.link_session_id)?.client_user_id).toBe(t.ref);
    // The webhooks alone carried the verdict: the widget has not called complete.
    expect(t.deliveries(run.link_session_id).every((d) => d.status === 200)).toBe(true);
    const session = await t.host();
    expect(session).toMatchObject({ status: 'verified', provider_key: 'plaid' });
    expect(session.claims.map((c: { type: string; assurance_level: string }) => `${c.type}@${c.assurance_level}`).sort()).toEqual(['verified_human@high', 'verified_identity@high']);
    expect(session.provider_result).toEqual({
      provider_key: 'plaid',
      identity_verification_id: run.link_session_id,
      status: 'success',
      // Plaid's own word for each step (the sandbox skips the selfie; gave_consent skips the terms).
      steps: { accept_tos: 'skipped', verify_sms: 'success', kyc_check: 'success', documentary_verification: 'skipped', selfie_check: 'skipped', watchlist_screening: 'not_applicable', risk_check: 'success' },
    });
    // Stored and served without the person; their verified name and address only on request.
    const stored = JSON.stringify((await h.bff.store.getSession(t.session.id))!.provider_result) + JSON.stringify(session);
    for (const value of PII) expect(stored).not.toContain(value);
    expect((await t.host('verified_outputs')).verified_outputs).toMatchObject({
      first_name: 'Leslie',
      last_name: 'Knope',
      address: { line1: LESLIE.address!.street, city: 'Pawnee', state: 'IN', postal_code: '46001', country: 'US' },
      dob: { year: 1975, month: 1, day: 18 },
    });
    expectNoneOf(JSON.stringify(h.bff.logs), PII);
    // Link's onSuccess then brings the widget to complete: the verdict is already there.
    expect((await t.complete()).json).toMatchObject({ status: 'verified' });
  });

  it('a failed data check leaves the attempt open naming kyc_check; "Try again" retries at Plaid on the same user and ends verified', async () => {
    const t = await atPlaid();
    const first = await t.link(t.client.link_token, 'fail_kyc');
    expect(first.status).toBe('failed');
    const failed = await t.sync();
    expect(failed).toMatchObject({ status: 'requires_input', last_error: { code: 'verification_failed', reason: expect.stringContaining('kyc_check') } });
    expect(failed.active_attempt).toMatchObject({ session_ref: t.ref });

    plaid.clearRequests();
    const retried = await t.refresh();
    expect(retried.status, retried.text).toBe(200);
    expect(sent('/identity_verification/retry').map((r) => r.body)).toEqual([{ client_user_id: t.ref, template_id: 'idvtmp_emu1DefaultKYC', strategy: 'incomplete' }]);
    const token: string = retried.json.client.link_token;
    expect(token).not.toBe(t.client.link_token);
    expect((await t.host()).last_error).toBeNull();

    const second = await t.link(token);
    expect(second).toMatchObject({ status: 'success' });
    expect(plaid.verification(second.link_session_id)).toMatchObject({ client_user_id: t.ref, previous_attempt_id: first.link_session_id });
    expect(await t.host()).toMatchObject({ status: 'verified', provider_result: { identity_verification_id: second.link_session_id, status: 'success' } });
  });

  it('after the third failed try the session is rejected, and no retry is asked of Plaid', async () => {
    const t = await atPlaid();
    let token: string = t.client.link_token;
    for (let tryNo = 1; tryNo <= 3; tryNo++) {
      await t.link(token, 'fail_kyc');
      if (tryNo < 3) token = (await t.refresh()).json.client.link_token;
    }
    expect(await t.host()).toMatchObject({ status: 'rejected', last_error: { code: 'verification_failed' }, provider_result: { status: 'failed' } });
    const idvs = plaid.webhooks().filter((d) => plaid.verification(d.identity_verification_id)?.client_user_id === t.ref);
    expect(new Set(idvs.map((d) => d.identity_verification_id)).size).toBe(3);
    plaid.clearRequests();
    expect((await t.refresh()).status).toBe(409);
    expect(sent('/identity_verification/retry')).toEqual([]);
  });

  it('pending review needs review; the reviewer approving in Plaid verifies the session by webhook', async () => {
    const t = await atPlaid();
    const run = await t.link(t.client.link_token, 'pending_review');
    expect(run.status).toBe('pending_review');
    expect(await t.host()).toMatchObject({ status: 'needs_review', last_error: { reason: expect.stringContaining('reviewer at Plaid') }, provider_result: { status: 'pending_review' }, claims: [] });
    // The person is done: the session takes no more input while Plaid's reviewer decides.
    expect((await t.refresh()).status).toBe(409);
    plaid.review(run.link_session_id, 'approve');
    await plaid.flushWebhooks();
    expect(await t.host()).toMatchObject({ status: 'verified', provider_result: { status: 'success' } });
  });

  it('a reviewer rejecting in Plaid rejects the session for good', async () => {
    const t = await atPlaid();
    const run = await t.link(t.client.link_token, 'pending_review');
    expect(await t.host()).toMatchObject({ status: 'needs_review' });
    plaid.review(run.link_session_id, 'reject');
    await plaid.flushWebhooks();
    expect(await t.host()).toMatchObject({ status: 'rejected', last_error: { reason: expect.stringContaining('reviewer') }, provider_result: { status: 'failed' } });
  });

  it('the person closing Link leaves the attempt pending; a refresh resumes it with a new token and no retry', async () => {
    const t = await atPlaid();
    // Link opens (Plaid creates the attempt), then the person closes it.
    const opened = await h.emulators.plaid!.fetch('http://plaid.test/link/v2/stable/idv/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: t.client.link_token }),
    });
    const { link_session_id } = (await opened.json()) as { link_session_id: string };
    await plaid.flushWebhooks();
    expect(plaid.verification(link_session_id)?.status).toBe('active');
    expect((await t.complete()).json).toMatchObject({ status: 'requires_input', last_error: null });
    expect(await t.sync()).toMatchObject({ status: 'requires_input', active_attempt: { session_ref: t.ref } });
    plaid.clearRequests();
    const resumed = await t.refresh();
    expect(resumed.status).toBe(200);
    expect(sent('/identity_verification/retry')).toEqual([]);
    // Link on the new token opens the same Plaid attempt, where the person finishes.
    expect((await t.link(resumed.json.client.link_token)).link_session_id).toBe(link_session_id);
    expect((await t.host()).status).toBe('verified');
  });

  describe('webhook signatures', () => {
    /** The person verifies in Link, and every webhook that follows is signed with `fault`. */
    const refused = async (fault: PlaidSigningFault) => {
      const t = await atPlaid();
      plaid.delivery.pause();
      const run = plaid.completeLink(t.client.link_token);
      plaid.signNextWebhookWith(fault, plaid.delivery.state().held.length);
      await plaid.delivery.release();
      await plaid.flushWebhooks();
      const statuses = t.deliveries(run.link_session_id).map((d) => [d.signing_fault, d.status]);
      return { t, run, statuses };
    };

    for (const fault of ['bad_signature', 'stale_iat', 'wrong_body_hash', 'expired_key'] as const) {
      it(`refuses a webhook with ${fault.replace(/_/g, ' ')}, and nothing changes`, async () => {
        const { t, statuses } = await refused(fault);
        expect(statuses.length).toBeGreaterThan(0);
        for (const s of statuses) expect(s).toEqual([fault, 400]);
        expect((await t.host()).status).toBe('requires_input');
      });
    }

    it('refuses an unknown kid once Plaid, asked for it, does not know it', async () => {
      plaid.clearRequests();
      const { statuses } = await refused('unknown_kid');
      for (const s of statuses) expect(s).toEqual(['unknown_kid', 400]);
      // Each unknown kid was asked of Plaid, which refused it.
      const asked = plaid.requests({ path: '/webhook_verification_key/get', method: 'POST' }).map((r) => r.status);
      expect(asked.filter((status) => status === 400)).toHaveLength(statuses.length);
    });

    it('takes a rotated key after fetching it, and stops taking the old one once Plaid says it expired', async () => {
      // A verification first, so the key about to be rotated out is the one the BFF has cached.
      const before = await atPlaid();
      await before.link(before.client.link_token);
      const { expired, current } = plaid.rotateWebhookKey();
      plaid.clearRequests();
      const t = await atPlaid();
      const run = await t.link(t.client.link_token);
      expect(t.deliveries(run.link_session_id).every((d) => d.status === 200)).toBe(true);
      expect((await t.host()).status).toBe('verified');
      const fetched = sent('/webhook_verification_key/get').map((r) => r.body.key_id);
      expect(fetched).toContain(current.kid);
      expect(fetched.filter((kid) => kid === current.kid)).toHaveLength(1);
      // The old key was refreshed with the new one and is now known as expired.
      expect(fetched).toContain(expired.kid);
      const { statuses } = await refused('expired_key');
      for (const s of statuses) expect(s).toEqual(['expired_key', 400]);
    });

  });

  it("acknowledges a genuine webhook about a Plaid user that is not one of our attempts, and changes nothing", async () => {
    // Another integration on the same Plaid account: its own link token and user.
    const created = await h.emulators.plaid!.fetch('http://plaid.test/link/token/create', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'PLAID-CLIENT-ID': plaid.credentials.clientId, 'PLAID-SECRET': plaid.credentials.secret },
      body: JSON.stringify({ client_name: 'Other', language: 'en', country_codes: ['US'], user: { client_user_id: 'someone-else' }, products: ['identity_verification'], identity_verification: { template_id: 'idvtmp_emu1DefaultKYC' } }),
    });
    const { link_token } = (await created.json()) as { link_token: string };
    plaid.clearRequests();
    const run = plaid.completeLink(link_token);
    await plaid.flushWebhooks();
    const deliveries = plaid.webhooks({ identity_verification_id: run.link_session_id });
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    // Each was verified, then Plaid asked whose attempt it was: nobody's here.
    expect(sent('/identity_verification/get').map((r) => r.body.identity_verification_id)).toContain(run.link_session_id);
    expect(h.bff.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  describe("Plaid's failures", () => {
    it('a 429 at the link token is provider_unavailable, a 5xx at the read provider_error, with no PII logged', async () => {
      plaid.rateLimitNext('/link/token/create');
      const { s, widget } = await h.session(conformance.offered);
      const limited = await widget('POST', '/v1/identity/verify/initiate', { provider_key: 'plaid', requested_claims: ['verified_identity'] });
      expect([limited.status, limited.json.error.code]).toEqual([503, 'provider_unavailable']);
      expect(limited.text).not.toMatch(/RATE_LIMIT|rate limit exceeded/i);

      const t = await atPlaid();
      await t.link(t.client.link_token, 'fail_kyc');
      for (let i = 0; i < 2; i++) plaid.injectFault({ path: '/identity_verification/list', method: 'POST', status: 500, json: { error_type: 'API_ERROR', error_code: 'INTERNAL_SERVER_ERROR', error_message: 'boom', display_message: null } });
      const failed = await t.complete();
      expect([failed.status, failed.json.error.code]).toEqual([502, 'provider_error']);
      const logged = JSON.stringify(h.bff.logs);
      expect(logged).toContain('API_ERROR/INTERNAL_SERVER_ERROR');
      expectNoneOf(logged, [...PII, plaid.credentials.secret]);
      expect(s.id).toBeTruthy();
    });

    it('a Plaid hiccup on a read is tried once more', async () => {
      const t = await atPlaid();
      await t.link(t.client.link_token);
      plaid.injectFault({ path: '/identity_verification/list', method: 'POST', status: 503 });
      expect((await t.complete()).json).toMatchObject({ status: 'verified' });
    });
  });
});

// The BFF's clock only moves forward, so the review poll runs on a harness of its own.
describe("Plaid's review, with the verdict's webhook lost", () => {
  let shared: { h: typeof h; plaid: typeof plaid };
  beforeAll(async () => {
    shared = { h, plaid };
    h = await startHarness('plaid', conformance);
    plaid = plaidControls(h);
  });
  afterAll(async () => {
    await h.close();
    ({ h, plaid } = shared);
  });

  it('lands when the reconciler reads the review again, past its poll interval', async () => {
    const t = await atPlaid();
    const run = await t.link(t.client.link_token, 'pending_review');
    expect(await t.host()).toMatchObject({ status: 'needs_review' });
    plaid.delivery.pause();
    plaid.review(run.link_session_id, 'approve');
    // Within the review poll nothing is asked of Plaid; past it the verdict is read.
    await h.bff.verification.reconcile();
    expect((await t.host()).status).toBe('needs_review');
    h.bff.clock.advance(16 * 60_000);
    await h.bff.verification.reconcile();
    expect(await t.host()).toMatchObject({ status: 'verified', claims: expect.arrayContaining([expect.objectContaining({ type: 'verified_identity' })]) });
    // Applied once: the late webhooks change nothing.
    await plaid.delivery.release();
    await plaid.flushWebhooks();
    const applied = (await h.bff.store.auditTrail(t.session.id)).filter((a) => a.action === 'outcome.applied');
    expect(applied.map((a) => JSON.parse(a.detail).status)).toEqual(['needs_review', 'verified']);
  });
});
