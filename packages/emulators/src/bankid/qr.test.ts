// The QR vectors BankID published (and the ones computed beside them), reproduced with the
// emulator's own payload code and accepted by its own check at their second.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkQr, parseQrPayload, qrPayload } from './qr.js';

interface Vectors {
  qrStartToken: string;
  qrStartSecret: string;
  vectors: Array<{ t: number; qrData: string; published: boolean }>;
}
const spec = JSON.parse(
  readFileSync(new URL('./spec/bankid-qr-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

describe('BankID QR payloads', () => {
  it('has the three published vectors and the computed ones', () => {
    expect(spec.vectors.filter((v) => v.published).map((v) => v.t)).toEqual([0, 1, 2]);
    expect(spec.vectors.length).toBeGreaterThanOrEqual(6);
  });

  it.each(spec.vectors.map((v) => [v.t, v] as const))('reproduces t=%i', (_t, vector) => {
    expect(qrPayload(spec.qrStartToken, spec.qrStartSecret, vector.t)).toBe(vector.qrData);
    const parsed = parseQrPayload(vector.qrData);
    expect(parsed).toEqual({ qrStartToken: spec.qrStartToken, t: vector.t, code: vector.qrData.split('.').at(-1) });
    expect(checkQr(parsed!, spec.qrStartSecret, vector.t)).toEqual({ ok: true });
  });

  it('takes the second either side of now and refuses one further', () => {
    const parsed = parseQrPayload(spec.vectors[2]!.qrData)!; // t = 2
    expect(checkQr(parsed, spec.qrStartSecret, 1).ok).toBe(true);
    expect(checkQr(parsed, spec.qrStartSecret, 3).ok).toBe(true);
    expect(checkQr(parsed, spec.qrStartSecret, 4)).toMatchObject({ ok: false, reason: 'wrong_second' });
    expect(checkQr(parsed, spec.qrStartSecret, 0)).toMatchObject({ ok: false, reason: 'wrong_second' });
  });

  it('refuses a code made with another secret, even at the right second', () => {
    const forged = parseQrPayload(qrPayload(spec.qrStartToken, 'not-the-secret', 5))!;
    expect(checkQr(forged, spec.qrStartSecret, 5)).toMatchObject({ ok: false, reason: 'wrong_code' });
  });

  it('reads only the payload format', () => {
    for (const text of ['', 'bankid.', 'bankid.x.1.abc', `BANKID.${spec.qrStartToken}.0.${'a'.repeat(64)}`, `bankid.${spec.qrStartToken}.01.${'a'.repeat(64)}`]) {
      expect(parseQrPayload(text), text).toBeNull();
    }
    expect(parseQrPayload(`  ${spec.vectors[0]!.qrData}\n`)?.t).toBe(0);
  });
});
