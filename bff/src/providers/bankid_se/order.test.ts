// The QR code's formula against BankID's published vectors, and what a personnummer says of its holder.
import { describe, expect, it } from 'vitest';
import { birthDateOf, pendingClient, qrPayload } from './order.js';

// BankID's published example (qrStartToken, qrStartSecret) and its codes for the first three seconds.
const TOKEN = '67df3917-fa0d-44e5-b327-edcc928297f8';
const SECRET = 'd28db9a7-4cde-429e-a983-359be676944c';
const PUBLISHED = [
  'dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8',
  '949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2',
  'a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3',
];

describe('BankID QR code', () => {
  it('reproduces the published vectors for t = 0, 1 and 2', () => {
    PUBLISHED.forEach((code, t) => expect(qrPayload(TOKEN, SECRET, t)).toBe(`bankid.${TOKEN}.${t}.${code}`));
  });

  it("counts whole seconds from BankID's answer: the same code within a second, the next one after", () => {
    const order = { orderRef: 'o', autoStartToken: 'a', qrStartToken: TOKEN, qrStartSecret: SECRET, startedAt: 1_000_000 };
    const at = (ms: number) => pendingClient(order, 'bankid:///', null, 1_000_000 + ms).qr;
    expect(at(0)).toBe(`bankid.${TOKEN}.0.${PUBLISHED[0]}`);
    expect(at(999)).toBe(at(0));
    expect(at(1_000)).toBe(`bankid.${TOKEN}.1.${PUBLISHED[1]}`);
    expect(at(2_500)).toBe(`bankid.${TOKEN}.2.${PUBLISHED[2]}`);
    // The secret itself is never part of what the widget is given.
    expect(JSON.stringify(pendingClient(order, 'bankid:///', 'started', 1_000_000))).not.toContain(SECRET);
  });
});

describe('birthDateOf', () => {
  it('reads the date of birth of a personnummer, and of a samordningsnummer (day + 60)', () => {
    expect(birthDateOf('199908072391')).toEqual({ year: 1999, month: 8, day: 7 });
    expect(birthDateOf('197802622389')).toEqual({ year: 1978, month: 2, day: 2 });
    expect(birthDateOf('199913072391')).toBeNull();
    expect(birthDateOf('9908072391')).toBeNull();
  });
});
