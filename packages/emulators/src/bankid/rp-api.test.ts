// The RP API's wire in process (the kit's fetch, treated as the RP with its certificate): bodies,
// refusals with BankID's statuses, alreadyInProgress, and the request log's redaction.
import { beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../shared/clock.js';
import { createBankIdEmulator, type BankIdEmulator } from './app.js';
import { bankIdFault } from './rp-api.js';

let emu: BankIdEmulator;
beforeEach(() => {
  emu = createBankIdEmulator({ clock: createClock(() => Date.parse('2026-05-01T10:00:00.000Z')) });
});

const URL_ = 'https://appapi2.test.bankid.com/rp/v6.0';
async function call(endpoint: string, body: unknown, init: RequestInit = {}) {
  const res = await emu.fetch(`${URL_}/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('auth and sign', () => {
  it('auth answers the four values, each a fresh UUID', async () => {
    const { status, json } = await call('auth', { endUserIp: '192.0.2.1' });
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(['autoStartToken', 'orderRef', 'qrStartSecret', 'qrStartToken']);
    for (const value of Object.values(json)) expect(value).toMatch(UUID);
    expect(new Set(Object.values(json)).size).toBe(4);
  });

  it('sign needs userVisibleData in base64; auth takes it too, with its format', async () => {
    expect(await call('sign', { endUserIp: '192.0.2.1' })).toEqual({ status: 400, json: { errorCode: 'invalidParameters', details: 'Invalid userVisibleData' } });
    const text = Buffer.from('Jag godkänner avtalet').toString('base64');
    expect((await call('sign', { endUserIp: '192.0.2.1', userVisibleData: text, userNonVisibleData: text })).status).toBe(200);
    expect((await call('auth', { endUserIp: '192.0.2.1', userVisibleData: text, userVisibleDataFormat: 'simpleMarkdownV1' })).status).toBe(200);
    expect((await call('auth', { endUserIp: '192.0.2.1', userVisibleData: 'not base64!' })).json.details).toBe('Invalid userVisibleData');
    expect((await call('auth', { endUserIp: '192.0.2.1', userVisibleDataFormat: 'simpleMarkdownV1' })).json.details).toBe('Invalid userVisibleDataFormat');
  });

  it('refuses a missing or malformed endUserIp and a bad requirement with invalidParameters', async () => {
    expect(await call('auth', {})).toEqual({ status: 400, json: { errorCode: 'invalidParameters', details: 'Invalid endUserIp' } });
    expect((await call('auth', { endUserIp: 'localhost' })).json.details).toBe('Invalid endUserIp');
    expect((await call('auth', { endUserIp: '2001:db8::1' })).status).toBe(200);
    expect((await call('auth', { endUserIp: '192.0.2.1', requirement: { personalNumber: '199908072392' } })).json.details).toBe('Invalid requirement.personalNumber');
    expect((await call('auth', { endUserIp: '192.0.2.1', requirement: { cardReader: 'class3' } })).json.details).toBe('Invalid requirement.cardReader');
    expect((await call('auth', { endUserIp: '192.0.2.1', requirement: { certificatePolicies: ['1.2.3.4.5', '1.2.752.78.1.5'], pinCode: true, mrtd: false } })).status).toBe(200);
  });

  it('phone/auth and phone/sign answer only an orderRef, and need personalNumber and callInitiator', async () => {
    const made = await call('phone/auth', { personalNumber: '199908072391', callInitiator: 'RP' });
    expect(made.status).toBe(200);
    expect(Object.keys(made.json)).toEqual(['orderRef']);
    expect((await call('phone/auth', { personalNumber: '197802022389' })).json.details).toBe('Invalid callInitiator');
    expect((await call('phone/sign', { personalNumber: '197802022389', callInitiator: 'user' })).json.details).toBe('Invalid userVisibleData');
  });
});

describe('alreadyInProgress', () => {
  it('aborts both: the new order is refused and the one in progress fails with cancelled', async () => {
    const first = await call('auth', { endUserIp: '192.0.2.1', requirement: { personalNumber: '199908072391' } });
    const second = await call('phone/auth', { personalNumber: '199908072391', callInitiator: 'user' });
    expect(second).toEqual({ status: 400, json: { errorCode: 'alreadyInProgress', details: expect.any(String) } });
    expect(await call('collect', { orderRef: first.json.orderRef })).toEqual({
      status: 200,
      json: { orderRef: first.json.orderRef, status: 'failed', hintCode: 'cancelled' },
    });
    // Both gone: a third order for the person is made.
    expect((await call('auth', { endUserIp: '192.0.2.1', requirement: { personalNumber: '199908072391' } })).status).toBe(200);
  });

  it('does not concern orders without a personal number or for another one', async () => {
    await call('auth', { endUserIp: '192.0.2.1' });
    await call('auth', { endUserIp: '192.0.2.1', requirement: { personalNumber: '199908072391' } });
    expect((await call('auth', { endUserIp: '192.0.2.1' })).status).toBe(200);
    expect((await call('auth', { endUserIp: '192.0.2.1', requirement: { personalNumber: '197802022389' } })).status).toBe(200);
  });
});

describe('the wire’s refusals', () => {
  it('POST only (405), known paths only (404), application/json without parameters only (415), JSON only (400)', async () => {
    const get = await emu.fetch(`${URL_}/collect`);
    expect([get.status, await get.json()]).toEqual([405, { errorCode: 'methodNotAllowed', details: expect.any(String) }]);
    expect((await call('payments', {})).status).toBe(404);
    expect((await call('payments', {})).json.errorCode).toBe('notFound');
    const charset = await call('auth', { endUserIp: '192.0.2.1' }, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(charset).toEqual({ status: 415, json: { errorCode: 'unsupportedMediaType', details: expect.any(String) } });
    expect((await call('auth', '{"endUserIp":', {})).json).toEqual({ errorCode: 'invalidParameters', details: 'Invalid JSON in request body' });
  });

  it('collect and cancel of an unknown order are invalidParameters', async () => {
    const orderRef = '2f0e4c1a-8a4e-4d5b-9c1e-1b2c3d4e5f60';
    expect(await call('collect', { orderRef })).toEqual({ status: 400, json: { errorCode: 'invalidParameters', details: 'No such order' } });
    expect((await call('cancel', { orderRef })).json.errorCode).toBe('invalidParameters');
  });

  it('every other BankID error is a fault a test injects, with BankID’s status and body', async () => {
    const cases = [
      ['unauthorized', 401],
      ['requestTimeout', 408],
      ['tooManyRequests', 429],
      ['internalError', 500],
      ['maintenance', 503],
    ] as const;
    for (const [code, status] of cases) {
      emu.controls.injectFault(bankIdFault('auth', code));
      expect(await call('auth', { endUserIp: '192.0.2.1' })).toEqual({ status, json: { errorCode: code, details: expect.any(String) } });
    }
    expect((await call('auth', { endUserIp: '192.0.2.1' })).status).toBe(200);
  });
});

describe('the request log', () => {
  it('keeps the secret, the tokens and personal data out', async () => {
    const made = await call('auth', { endUserIp: '192.0.2.1', requirement: { personalNumber: '199908072391' } });
    emu.controls.scan(made.json.orderRef as string, { person: 'anna' });
    await call('collect', { orderRef: made.json.orderRef });
    const text = JSON.stringify(emu.controls.requests());
    for (const secret of [made.json.qrStartSecret, made.json.qrStartToken, made.json.autoStartToken, '199908072391', '192.0.2.1', 'Testsson']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(made.json.orderRef);
  });
});
