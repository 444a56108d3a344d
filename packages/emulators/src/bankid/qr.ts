// BankID's animated QR code: `bankid.<qrStartToken>.<t>.<hex HMAC-SHA256(qrStartSecret, t)>`, t the
// whole seconds since the order was made. The emulated app checks a scanned payload the way
// BankID does: the order's token, and the code of the current second (one either side, for a
// frame shown just before or read just after the turn of a second).
import { createHmac, timingSafeEqual } from 'node:crypto';

export function qrAuthCode(qrStartSecret: string, t: number): string {
  return createHmac('sha256', qrStartSecret).update(String(t)).digest('hex');
}

export function qrPayload(qrStartToken: string, qrStartSecret: string, t: number): string {
  return `bankid.${qrStartToken}.${t}.${qrAuthCode(qrStartSecret, t)}`;
}

export interface ParsedQr {
  qrStartToken: string;
  t: number;
  code: string;
}

const QR_FORMAT = /^bankid\.([0-9a-f-]{1,64})\.(0|[1-9][0-9]{0,5})\.([0-9a-f]{64})$/;

/** The parts of a payload, or null when it is not one (whitespace around it is forgiven). */
export function parseQrPayload(text: string): ParsedQr | null {
  const match = QR_FORMAT.exec(text.trim());
  if (!match) return null;
  return { qrStartToken: match[1]!, t: Number(match[2]), code: match[3]! };
}

/** How far a scanned second may be from the order's current one. */
export const QR_TOLERANCE_SECONDS = 1;

export type QrCheck =
  | { ok: true }
  | { ok: false; reason: 'wrong_code' | 'wrong_second'; message: string };

/**
 * Checks a parsed payload against its order's secret at the order's current second. A code that
 * is right for its own t but t is too far from now (a photo of an old frame) is refused, as is a
 * code that is not HMAC(secret, t).
 */
export function checkQr(parsed: ParsedQr, qrStartSecret: string, currentSecond: number): QrCheck {
  const expected = Buffer.from(qrAuthCode(qrStartSecret, parsed.t), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(parsed.code, 'hex'))) {
    return { ok: false, reason: 'wrong_code', message: 'This QR code was not made with this order’s secret: it is not a code BankID showed for this order.' };
  }
  if (Math.abs(parsed.t - currentSecond) > QR_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: 'wrong_second',
      message: `This QR code is from second ${parsed.t} of the order, but the order is at second ${currentSecond}: scan the code shown now (it changes every second).`,
    };
  }
  return { ok: true };
}
