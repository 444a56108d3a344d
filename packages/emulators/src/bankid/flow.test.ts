// How an order moves on the emulator's clock, seen through collect: the hint codes the app's steps
// give, expiry after 30 s unscanned, the person's and the RP's cancel, the collect windows, and the
// app refusing a QR code from another second or another order's secret.
import { beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../shared/clock.js';
import { createBankIdEmulator, type BankIdEmulator } from './app.js';
import { emulatedAppUrl as bankIdEmulatedAppUrl } from './app-page.js';
import { qrPayload } from './qr.js';

let emu: BankIdEmulator;
beforeEach(() => {
  emu = createBankIdEmulator({ clock: createClock(() => Date.parse('2026-05-01T10:00:00.000Z')) });
});

async function rp(endpoint: string, body: unknown) {
  const res = await emu.fetch(`https://appapi2.test.bankid.com/rp/v6.0/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}
const start = async (extra: Record<string, unknown> = {}) =>
  (await rp('auth', { endUserIp: '192.0.2.1', ...extra })).json as { orderRef: string; autoStartToken: string; qrStartToken: string; qrStartSecret: string };
const collect = async (orderRef: string) => (await rp('collect', { orderRef })).json;
const advance = (seconds: number) => emu.controls.clock.advance(seconds);

describe('the hint codes', () => {
  it('QR: outstandingTransaction until the scan, userSign in the app, then complete', async () => {
    const order = await start();
    expect(await collect(order.orderRef)).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction' });
    advance(3);
    emu.controls.scan(qrPayload(order.qrStartToken, order.qrStartSecret, 3), { action: 'open' });
    expect(await collect(order.orderRef)).toMatchObject({ status: 'pending', hintCode: 'userSign' });
    emu.controls.scan(order.orderRef, { person: 'anna' });
    const done = await collect(order.orderRef);
    expect(done.status).toBe('complete');
    expect(done).not.toHaveProperty('hintCode');
    expect(done.completionData).not.toHaveProperty('stepUp');
    expect(done.completionData).not.toHaveProperty('risk');
  });

  it('autostart: started while the app looks for a BankID, then userSign', async () => {
    const order = await start();
    emu.controls.autostart(order.autoStartToken, { action: 'open' });
    expect(await collect(order.orderRef)).toMatchObject({ hintCode: 'started' });
    advance(2);
    expect(await collect(order.orderRef)).toMatchObject({ hintCode: 'userSign' });
  });

  it('mrtd: userMrtd while the ID document is read, then complete with stepUp; risk only when asked', async () => {
    const order = await start({ requirement: { mrtd: true }, returnRisk: true });
    emu.controls.scan(order.orderRef, { person: 'erik' });
    expect(await collect(order.orderRef)).toMatchObject({ status: 'pending', hintCode: 'userMrtd' });
    advance(2);
    expect((await collect(order.orderRef)).completionData).toMatchObject({ stepUp: { mrtd: true }, risk: 'low' });
  });

  it('a blocked BankID fails with certificateErr; the person cancelling with userCancel', async () => {
    const blocked = await start();
    emu.controls.scan(blocked.orderRef, { person: 'blocked' });
    expect(await collect(blocked.orderRef)).toEqual({ orderRef: blocked.orderRef, status: 'failed', hintCode: 'certificateErr' });
    const cancelled = await start();
    emu.controls.scan(cancelled.orderRef, { action: 'cancel' });
    expect(await collect(cancelled.orderRef)).toEqual({ orderRef: cancelled.orderRef, status: 'failed', hintCode: 'userCancel' });
  });

  it('tests can show other hint codes, unknown ones included, and end an order with startFailed', async () => {
    const order = await start();
    emu.controls.setHint(order.orderRef, 'noClient');
    expect((await collect(order.orderRef)).hintCode).toBe('noClient');
    emu.controls.setHint(order.orderRef, 'someFutureHint');
    expect((await collect(order.orderRef)).hintCode).toBe('someFutureHint');
    emu.controls.fail(order.orderRef, 'startFailed');
    expect(await collect(order.orderRef)).toMatchObject({ status: 'failed', hintCode: 'startFailed' });
  });

  it('phone orders reach the app through the call, for the person they name', async () => {
    const { orderRef } = (await rp('phone/auth', { personalNumber: '197802022389', callInitiator: 'RP' })).json;
    expect(() => emu.controls.answerCall(orderRef, { person: 'anna' })).toThrow(/for personal number 197802022389/);
    emu.controls.answerCall(orderRef);
    expect((await collect(orderRef)).completionData.user.personalNumber).toBe('197802022389');
  });
});

describe('expiry and the collect windows', () => {
  it('expires with expiredTransaction 30 s after the order when nothing scanned it', async () => {
    const order = await start();
    advance(29);
    expect((await collect(order.orderRef)).status).toBe('pending');
    advance(1);
    expect(await collect(order.orderRef)).toEqual({ orderRef: order.orderRef, status: 'failed', hintCode: 'expiredTransaction' });
    expect(() => emu.controls.scan(order.orderRef)).toThrow(/it expired/);
  });

  it('once the app has it, the order lives 3 minutes from its start', async () => {
    const order = await start();
    emu.controls.scan(order.orderRef, { action: 'open' });
    advance(179);
    expect((await collect(order.orderRef)).status).toBe('pending');
    advance(1);
    expect((await collect(order.orderRef)).hintCode).toBe('expiredTransaction');
  });

  it('a completed order is collectable for 3 minutes, once', async () => {
    const late = await start();
    emu.controls.scan(late.orderRef);
    advance(181);
    expect(await rp('collect', { orderRef: late.orderRef })).toEqual({ status: 400, json: { errorCode: 'invalidParameters', details: 'The order is too old to be collected' } });
    const inTime = await start();
    emu.controls.scan(inTime.orderRef);
    advance(180);
    expect((await collect(inTime.orderRef)).status).toBe('complete');
    expect((await rp('collect', { orderRef: inTime.orderRef })).json.details).toBe('The order cannot be collected twice');
  });

  it('a failed order is collectable for 5 minutes after it failed', async () => {
    const order = await start();
    advance(30 + 300);
    expect((await collect(order.orderRef)).hintCode).toBe('expiredTransaction');
    const later = await start();
    advance(30 + 301);
    expect((await rp('collect', { orderRef: later.orderRef })).json.errorCode).toBe('invalidParameters');
  });
});

describe('cancel', () => {
  it('answers {} for a pending order, which the app then refuses; a second cancel is invalidParameters', async () => {
    const order = await start();
    expect(await rp('cancel', { orderRef: order.orderRef })).toEqual({ status: 200, json: {} });
    expect(() => emu.controls.scan(order.orderRef)).toThrow(/ended \(cancelled\)/);
    expect((await rp('collect', { orderRef: order.orderRef })).json.errorCode).toBe('invalidParameters');
    expect(await rp('cancel', { orderRef: order.orderRef })).toEqual({ status: 400, json: { errorCode: 'invalidParameters', details: 'The order cannot be cancelled twice' } });
  });
});

describe('the app checks the QR code', () => {
  it('refuses a code from two seconds ago, takes one from a second ago', async () => {
    const order = await start();
    advance(5);
    expect(() => emu.controls.scan(qrPayload(order.qrStartToken, order.qrStartSecret, 3))).toThrow(/from second 3 of the order, but the order is at second 5/);
    expect(emu.controls.order(order.orderRef)).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction' });
    expect(emu.controls.scan(qrPayload(order.qrStartToken, order.qrStartSecret, 4)).status).toBe('complete');
  });

  it("checks a code without acting on its order, as a test reading the service's codes needs", async () => {
    const order = await start();
    advance(5);
    expect(emu.controls.checkQr(qrPayload(order.qrStartToken, order.qrStartSecret, 5))).toEqual({ valid: true, orderRef: order.orderRef, second: 5 });
    expect(emu.controls.checkQr(qrPayload(order.qrStartToken, order.qrStartSecret, 3))).toMatchObject({ valid: false, orderRef: order.orderRef, second: 3 });
    expect(emu.controls.checkQr(qrPayload(order.qrStartToken, 'another-secret', 5))).toMatchObject({ valid: false, message: expect.stringMatching(/secret/) });
    expect(emu.controls.checkQr('bankid.nothing')).toMatchObject({ valid: false, orderRef: null });
    const overHttp = await emu.fetch('http://127.0.0.1/__emulator__/bankid/qr-check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payload: qrPayload(order.qrStartToken, order.qrStartSecret, 4) }),
    });
    expect(await overHttp.json()).toEqual({ valid: true, orderRef: order.orderRef, second: 4 });
    expect(emu.controls.order(order.orderRef)).toMatchObject({ status: 'pending', hintCode: 'outstandingTransaction' });
  });

  it('refuses a code made with another secret, and says so on the app page', async () => {
    const order = await start();
    const forged = qrPayload(order.qrStartToken, '00000000-0000-4000-8000-000000000000', 0);
    expect(() => emu.controls.scan(forged)).toThrow(/not made with this order’s secret/);
    const page = await emu.fetch('http://127.0.0.1/app/scan', { method: 'POST', body: new URLSearchParams({ qr: forged }) });
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/<p role="alert">This QR code was not made with this order’s secret/);
  });

  it('the app page opened by the autostart link shows the order and goes back to the service after', async () => {
    const order = await start();
    const opened = await emu.fetch(`http://127.0.0.1/app?autostarttoken=${order.autoStartToken}&redirect=${encodeURIComponent('https://shop.example/back?x=1')}`);
    const html = await opened.text();
    expect(html).toContain('<h2>Identify with BankID</h2>');
    expect(emu.controls.order(order.orderRef)).toMatchObject({ hintCode: 'started', pickedUpVia: 'autostart' });
    const action = /<form method="post" action="([^"]+)">/.exec(html)![1]!;
    const redirect = /name="redirect" value="([^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const done = await (await emu.fetch(`http://127.0.0.1${action}`, { method: 'POST', body: new URLSearchParams({ person: 'erik', action: 'cancel', redirect }) })).text();
    expect(done).toContain('You cancelled.');
    expect(done).toContain('<a href="https://shop.example/back?x=1">Back to the service</a>');
    expect((await collect(order.orderRef)).hintCode).toBe('userCancel');
  });

  it('will not let the page act on an order the app has not got, nor a person the order does not name', async () => {
    const order = await start({ requirement: { personalNumber: '197802022389' } });
    const early = await emu.fetch(`http://127.0.0.1/app/orders/${order.orderRef}`, { method: 'POST', body: new URLSearchParams({ person: 'erik', action: 'identify' }) });
    expect(early.status).toBe(400);
    expect(await early.text()).toMatch(/<h2>Scan a QR code<\/h2>[\s\S]*scan its QR code or open its autostart link first/);
    emu.controls.scan(order.orderRef, { action: 'open' });
    const wrong = await emu.fetch(`http://127.0.0.1/app/orders/${order.orderRef}`, { method: 'POST', body: new URLSearchParams({ person: 'anna', action: 'identify' }) });
    expect(await wrong.text()).toContain('This order is for personal number 197802022389');
    expect((await collect(order.orderRef)).status).toBe('pending');
    expect(emu.controls.scan(order.orderRef).person).toBe('erik');
  });
});

describe('the autostart link', () => {
  it('maps bankid:/// and app.bankid.com links to the emulated app over plain HTTP', () => {
    const base = 'https://127.0.0.1:4443';
    expect(bankIdEmulatedAppUrl(base)).toBe('http://127.0.0.1:4443/app');
    expect(bankIdEmulatedAppUrl(base, 'bankid:///?autostarttoken=abc&redirect=null')).toBe('http://127.0.0.1:4443/app?autostarttoken=abc&redirect=null');
    expect(bankIdEmulatedAppUrl(base, 'https://app.bankid.com/?autostarttoken=abc&redirect=https%3A%2F%2Fshop.example%2F')).toBe(
      'http://127.0.0.1:4443/app?autostarttoken=abc&redirect=https%3A%2F%2Fshop.example%2F',
    );
  });
});
