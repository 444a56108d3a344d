// What a BankID attempt keeps and shows of its current order. The attempt is the person's BankID
// step; each try inside it (a retry, a switch between this device and another) is a new order.
// The order's references stay with the BFF (the attempt's private data); the widget gets the QR
// code of this second, the autostart token and the hint code, never qrStartSecret.
import { createHmac } from 'node:crypto';
import type { BankIdClient } from '@identity-verify/contract/providers/bankid_se';
import type { VerifiedOutputs } from '@identity-verify/contract/schemas';
import type { AttemptRecord } from '../../store/store.js';
import type { CompletionData, StartedOrder } from './client.js';

/** The order an attempt follows now, from its private data. */
export interface CurrentOrder {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  qrStartSecret: string;
  /** When BankID answered the order (ms since the epoch): the QR code's seconds count from here. */
  startedAt: number;
}

/** The private data of an attempt following `order`; with none (no order could be started), its keys emptied. */
export function orderData(order: StartedOrder | null, startedAt: number): Record<string, string> {
  return {
    order_ref: order?.orderRef ?? '',
    auto_start_token: order?.autoStartToken ?? '',
    qr_start_token: order?.qrStartToken ?? '',
    qr_start_secret: order?.qrStartSecret ?? '',
    order_started_at: order ? String(startedAt) : '',
  };
}

export function currentOrder(attempt: Pick<AttemptRecord, 'private_data'>): CurrentOrder | null {
  const d = attempt.private_data;
  if (!d.order_ref || !d.qr_start_secret || !d.qr_start_token || !d.auto_start_token) return null;
  return { orderRef: d.order_ref, autoStartToken: d.auto_start_token, qrStartToken: d.qr_start_token, qrStartSecret: d.qr_start_secret, startedAt: Number(d.order_started_at) };
}

/** BankID's animated QR: `bankid.<qrStartToken>.<seconds>.<hex HMAC-SHA256(key = qrStartSecret, message = seconds)>`. */
export function qrPayload(qrStartToken: string, qrStartSecret: string, seconds: number): string {
  const code = createHmac('sha256', qrStartSecret).update(String(seconds)).digest('hex');
  return `bankid.${qrStartToken}.${seconds}.${code}`;
}

/** The widget's view of a pending order at `now`: this second's QR code and the hint code so far. */
export function pendingClient(order: CurrentOrder, appUrl: string, hintCode: string | null, now: number): BankIdClient {
  const seconds = Math.max(0, Math.floor((now - order.startedAt) / 1000));
  return {
    provider_key: 'bankid_se',
    flow: 'qr_code',
    order: 'pending',
    qr: qrPayload(order.qrStartToken, order.qrStartSecret, seconds),
    auto_start_token: order.autoStartToken,
    app_url: appUrl,
    hint_code: hintCode,
  };
}

/** The widget's view of an order that ended without an identification, or could not start: why, as BankID coded it. */
export function failedClient(appUrl: string, code: string | null): BankIdClient {
  return { provider_key: 'bankid_se', flow: 'qr_code', order: 'failed', qr: null, auto_start_token: null, app_url: appUrl, hint_code: code };
}

/**
 * The date of birth in a personnummer (YYYYMMDDNNNC); a samordningsnummer (coordination number)
 * adds 60 to the day.
 */
export function birthDateOf(personalNumber: string): VerifiedOutputs['dob'] {
  const match = /^(\d{4})(\d{2})(\d{2})\d{4}$/.exec(personalNumber);
  if (!match) return null;
  const [year, month, rawDay] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = rawDay > 60 ? rawDay - 60 : rawDay;
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { year, month, day } : null;
}

/** What BankID established of the person, for the encrypted store. */
export function personOf(completion: CompletionData): VerifiedOutputs {
  const { personalNumber, givenName, surname } = completion.user;
  return { first_name: givenName, last_name: surname, address: null, dob: birthDateOf(personalNumber), id_number: personalNumber };
}
