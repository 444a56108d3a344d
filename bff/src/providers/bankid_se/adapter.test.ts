// BankID end to end against its emulator, wired as the stack wires it: each order followed live
// (a new QR code every second, one collect per two seconds however many follow it), the person's
// identification read from collect, and every way an order ends without one answered with a new
// order inside the same attempt.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bankIdFault, BANKID_RP_API_BASE, type BankIdControls } from '@identity-verify/emulators';
import type { Requirements } from '@identity-verify/contract/schemas';
import { TEST_API_KEY, TEST_ORIGIN } from '../../testing.js';
import { consentAsShown } from '../../testing-consent.js';
import { startHarness } from '../conformance-kit.js';
import { conformance, orderRefOf } from './conformance.js';
import { qrPayload } from './order.js';

let h: Awaited<ReturnType<typeof startHarness>>;
let bankid: BankIdControls;
beforeAll(async () => {
  h = await startHarness('bankid_se', conformance);
  bankid = h.emulators.bankid!.controls as BankIdControls;
});
afterAll(async () => h?.close());
beforeEach(() => bankid.clearFaults());

const COLLECT = `${BANKID_RP_API_BASE}/collect`;

async function atBankId(requirements: Partial<Requirements> = { layer: 'identity', min_assurance: 'high' }) {
  const s = await h.bff.createSession({ requirements });
  const widget = (method: string, path: string, body?: unknown) => h.bff.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
  await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice', 'accepted', { layer: requirements.layer ?? 'humanity' }));
  await widget('POST', '/v1/identity/residence', { country: 'SE' });
  const started = await widget('POST', '/v1/identity/verify/initiate', { provider_key: 'bankid_se', requested_claims: ['verified_human'] });
  expect(started.status, started.text).toBe(201);
  const ref: string = started.json.session_ref;
  const sync = async () => (await widget('POST', '/v1/identity/verify/sync', { provider_key: 'bankid_se' })).json;
  const refresh = () => widget('POST', '/v1/identity/verify/refresh', { provider_key: 'bankid_se', session_ref: ref });
  const host = async (include?: string) => (await h.bff.call('GET', `/v1/sessions/${s.id}${include ? `?include=${include}` : ''}`, { auth: TEST_API_KEY })).json;
  const orderRef = () => orderRefOf({ bff: h.bff, ref });
  /** Time passes for both sides: the BFF's QR seconds and collect cadence, and BankID's own clock. */
  const wait = (ms: number) => {
    h.bff.clock.advance(ms);
    bankid.clock.advance(ms / 1000);
  };
  return { s, widget, started, ref, sync, refresh, host, orderRef, wait };
}

const qrSecond = (qr: string) => Number(qr.split('.')[2]);

describe('BankID', () => {
  it('starts an order whose QR code BankID accepts, recomputed every second from a secret the widget never sees', async () => {
    const t = await atBankId();
    const client = t.started.json.client;
    expect(client).toMatchObject({ provider_key: 'bankid_se', flow: 'qr_code', order: 'pending', hint_code: null });
    expect(client.app_url).toMatch(/^http:\/\/bankid\.test\/app$/);
    const attempt = await h.bff.store.findAttemptByRef('bankid_se', t.ref);
    const secret = attempt!.private_data.qr_start_secret!;
    expect(client.qr).toBe(qrPayload(attempt!.private_data.qr_start_token!, secret, 0));

    t.wait(1_000);
    const second = (await t.sync()).active_attempt.client.qr;
    expect(qrSecond(second)).toBe(1);
    expect(second).toBe(qrPayload(attempt!.private_data.qr_start_token!, secret, 1));
    // The emulated app checks the code against the order's secret for its own current second.
    expect(bankid.scan(second, { action: 'open' })).toMatchObject({ status: 'pending', pickedUpVia: 'qr' });

    const seen = [JSON.stringify(t.started.json), (await t.widget('GET', '/v1/identity/session')).text, JSON.stringify(await t.sync()), JSON.stringify(await t.host())];
    for (const answer of seen) expect(answer).not.toContain(secret);
  });

  it('collects once per two seconds however many ask, and shows the hint code BankID gave', async () => {
    const t = await atBankId();
    const orderRef = await t.orderRef();
    bankid.clearRequests();
    await Promise.all([t.sync(), t.sync(), t.sync()]);
    expect(bankid.requests({ path: COLLECT })).toHaveLength(1);
    bankid.scan(orderRef, { action: 'open' });
    t.wait(1_000);
    expect((await t.sync()).active_attempt.client.hint_code).toBe('outstandingTransaction');
    expect(bankid.requests({ path: COLLECT })).toHaveLength(1);
    t.wait(1_000);
    expect((await t.sync()).active_attempt.client).toMatchObject({ order: 'pending', hint_code: 'userSign' });
    expect(bankid.requests({ path: COLLECT })).toHaveLength(2);
  });

  it('an identification verifies a human and an identity at high; the personal number reaches the host only on request, and no log', async () => {
    const t = await atBankId();
    bankid.scan(await t.orderRef(), { person: 'anna' });
    t.wait(2_000);
    const live = await t.sync();
    expect(live).toMatchObject({ status: 'verified', active_attempt: null });
    const plain = await t.host();
    expect(plain).toMatchObject({ status: 'verified', provider_key: 'bankid_se', provider_result: { provider_key: 'bankid_se', risk: null, mrtd: false } });
    expect(plain.claims.map((c: { type: string; assurance_level: string }) => `${c.type}@${c.assurance_level}`).sort()).toEqual(['verified_human@high', 'verified_identity@high']);
    expect(JSON.stringify(plain)).not.toContain('199908072391');
    expect((await t.host('verified_outputs')).verified_outputs).toEqual({
      first_name: 'Anna',
      last_name: 'Testsson',
      address: null,
      dob: { year: 1999, month: 8, day: 7 },
      id_number: '199908072391',
    });
    expect(JSON.stringify(h.bff.logs)).not.toMatch(/199908072391|Testsson/);
    expect(JSON.stringify(live)).not.toContain('199908072391');
  });

  it('a session that asks only for a human keeps no name or personal number, though the identity claim is issued', async () => {
    const t = await atBankId({ layer: 'humanity', min_assurance: 'high' });
    bankid.scan(await t.orderRef(), { person: 'erik' });
    t.wait(2_000);
    expect((await t.sync()).status).toBe('verified');
    const session = await t.host('verified_outputs');
    expect(session.claims.map((c: { type: string }) => c.type).sort()).toEqual(['verified_human', 'verified_identity']);
    expect(session.verified_outputs).toBeNull();
  });

  it('a cancel in the app leaves the attempt open with userCancel; trying again starts a new order and clears the failure', async () => {
    const t = await atBankId();
    const first = await t.orderRef();
    bankid.scan(first, { action: 'cancel' });
    t.wait(2_000);
    const after = await t.sync();
    expect(after).toMatchObject({ status: 'requires_input', last_error: { code: 'abandoned' } });
    expect(after.active_attempt.client).toMatchObject({ order: 'failed', hint_code: 'userCancel', qr: null, auto_start_token: null });
    // A failed order is not collected again (BankID would answer invalidParameters).
    bankid.clearRequests();
    t.wait(2_000);
    await t.sync();
    expect(bankid.requests({ path: COLLECT })).toHaveLength(0);

    const retried = await t.refresh();
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json).toMatchObject({ session_ref: t.ref, client: { order: 'pending', hint_code: null } });
    const second = await t.orderRef();
    expect(second).not.toBe(first);
    expect((await t.host()).last_error).toBeNull();
    bankid.scan(second, { person: 'anna' });
    t.wait(2_000);
    expect((await t.sync()).status).toBe('verified');
  });

  it("news of the old order, collected as Try again began a new one, does not overwrite the new order's state", async () => {
    const t = await atBankId();
    t.wait(2_000);
    // The old order's collect is slow: "Try again" starts the new order while it is on its way.
    bankid.injectFault({ path: COLLECT, method: 'POST', delay_ms: 400 });
    const slow = t.sync();
    const retried = await t.refresh();
    expect(retried.status, retried.text).toBe(200);
    await slow;
    const tokenOf = (qr: string) => qr.split('.')[1];
    const stored = await h.bff.store.findAttempt(t.s.id, 'bankid_se', t.ref);
    expect(tokenOf((stored!.client as { qr: string }).qr)).toBe(tokenOf(retried.json.client.qr));
    expect(await t.host()).toMatchObject({ status: 'requires_input', last_error: null });
  });

  it('switching device restarts the order: the pending one is cancelled at BankID', async () => {
    const t = await atBankId();
    const first = await t.orderRef();
    expect((await t.refresh()).status).toBe(200);
    expect(bankid.order(first)).toMatchObject({ status: 'failed', hintCode: 'cancelled' });
    expect(bankid.order(await t.orderRef())).toMatchObject({ status: 'pending' });
    // The old order's cancel is ours, not the person's: it is never reported as a failure.
    t.wait(2_000);
    expect(await t.sync()).toMatchObject({ status: 'requires_input', last_error: null, active_attempt: { client: { order: 'pending' } } });
  });

  it('an order nobody scans expires (expiredTransaction), and is answered as expired', async () => {
    const t = await atBankId();
    t.wait(31_000);
    const after = await t.sync();
    expect(after.active_attempt.client).toMatchObject({ order: 'failed', hint_code: 'expiredTransaction' });
    expect(after.last_error).toMatchObject({ code: 'token_expired' });
  });

  it('alreadyInProgress and maintenance on start reach the person as BankID codes them, and a retry starts an order', async () => {
    for (const code of ['alreadyInProgress', 'maintenance'] as const) {
      bankid.injectFault(bankIdFault('auth', code));
      const t = await atBankId();
      expect(t.started.json.client).toMatchObject({ order: 'failed', hint_code: code, qr: null });
      const retried = await t.refresh();
      expect(retried.json.client).toMatchObject({ order: 'pending', hint_code: null });
    }
  });

  it('a collect that fails (503, 429, a timeout) keeps the QR code moving and is tried again', async () => {
    const t = await atBankId();
    bankid.injectFault(bankIdFault('collect', 'maintenance'));
    t.wait(2_000);
    const during = await t.sync();
    expect(during.active_attempt.client).toMatchObject({ order: 'pending' });
    expect(qrSecond(during.active_attempt.client.qr)).toBe(2);
    bankid.scan(await t.orderRef(), { person: 'anna' });
    t.wait(2_000);
    expect((await t.sync()).status).toBe('verified');
  });

  it('the host cancelling the session cancels the pending order', async () => {
    const t = await atBankId();
    const orderRef = await t.orderRef();
    expect((await h.bff.call('POST', `/v1/sessions/${t.s.id}/cancel`, { auth: TEST_API_KEY })).status).toBe(200);
    expect(bankid.order(orderRef)?.status).toBe('failed');
  });
});
