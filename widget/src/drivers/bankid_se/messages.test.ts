// Each row of BankID's hint code → recommended message table (REMAINING-PROVIDERS §4), both ways
// and both kinds of device where the row depends on them, and codes BankID may add later.
import { describe, expect, it } from 'vitest';
import { messageFor, type MessageContext, type Rfa } from './messages.js';
import { bankIdText } from './text.js';

const QR: MessageContext = { way: 'other_device', mobile: false };
const HERE: MessageContext = { way: 'this_device', mobile: true };
const pending = (hint_code: string | null) => ({ order: 'pending' as const, hint_code });
const failed = (hint_code: string | null) => ({ order: 'failed' as const, hint_code });

describe('messageFor a pending order', () => {
  it.each<[string | null, MessageContext, Rfa]>([
    ['outstandingTransaction', HERE, 'RFA13'],
    ['outstandingTransaction', QR, 'RFA1'],
    [null, HERE, 'RFA13'], // before BankID's first answer: as outstanding
    [null, QR, 'RFA1'],
    ['noClient', HERE, 'RFA1'],
    ['noClient', QR, 'RFA1'],
    ['started', { way: 'this_device', mobile: true }, 'RFA15B'],
    ['started', { way: 'other_device', mobile: true }, 'RFA15B'],
    ['started', { way: 'this_device', mobile: false }, 'RFA15A'],
    ['started', QR, 'RFA15A'],
    ['userSign', QR, 'RFA9'],
    ['userMrtd', HERE, 'RFA23'],
    ['userCallConfirm', QR, 'RFA21'],
    ['somethingNew', HERE, 'RFA21'],
    ['constructor', QR, 'RFA21'], // not mistaken for Object.prototype's member
  ])('%s (%o) → %s', (code, context, rfa) => {
    expect(messageFor(pending(code), context)).toBe(rfa);
  });
});

describe('messageFor a failed order, or one that could not start', () => {
  it.each<[string | null, MessageContext, Rfa]>([
    ['expiredTransaction', QR, 'RFA8'],
    ['certificateErr', HERE, 'RFA16'],
    ['userCancel', QR, 'RFA6'],
    ['cancelled', QR, 'RFA3'],
    ['startFailed', QR, 'RFA17B'],
    ['startFailed', HERE, 'RFA17A'],
    ['startFailed', { way: 'this_device', mobile: false }, 'RFA17A'],
    ['alreadyInProgress', QR, 'RFA4'],
    ['requestTimeout', QR, 'RFA5'],
    ['maintenance', HERE, 'RFA5'],
    ['internalError', QR, 'RFA5'],
    ['tooManyRequests', QR, 'RFA22'],
    ['somethingNew', HERE, 'RFA22'],
    ['outstandingTransaction', QR, 'RFA22'], // a pending code on a failed order is not a failure's message
    ['toString', QR, 'RFA22'],
    [null, QR, 'RFA22'],
  ])('%s (%o) → %s', (code, context, rfa) => {
    expect(messageFor(failed(code), context)).toBe(rfa);
  });
});

describe('bankIdText', () => {
  it('is Swedish for sv and its regions, English for every other language', () => {
    expect(bankIdText('sv').messages.RFA1).toBe('Starta BankID-appen.');
    expect(bankIdText('sv-se').messages.RFA1).toBe('Starta BankID-appen.');
    expect(bankIdText('sv-FI').lang).toBe('sv');
    expect(bankIdText('en').messages.RFA1).toBe('Start your BankID app.');
    expect(bankIdText('es-419').lang).toBe('en');
    expect(bankIdText('svx').lang).toBe('en');
    expect(bankIdText('').lang).toBe('en');
  });
});
