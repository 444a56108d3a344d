// BankID Sweden's part of the contract: the person confirms in the BankID app, on another device
// by scanning a QR code that changes every second, or on this one through an autostart link.
// The BFF follows the order and pushes each new state (the next QR code, BankID's hint code) to
// the widget; the secret the QR code is computed from never leaves the BFF.
import { z } from 'zod';

/** `bankid.<qrStartToken>.<seconds since the order started>.<hex HMAC-SHA256(qrStartSecret, seconds)>`. */
export const BANKID_QR_PATTERN = /^bankid\.[A-Za-z0-9-]{1,64}\.\d{1,6}\.[0-9a-f]{64}$/;

export const BankIdClientSchema = z.object({
  provider_key: z.literal('bankid_se'),
  flow: z.literal('qr_code'),
  order: z
    .enum(['pending', 'failed'])
    .describe('The current BankID order: pending while the person may still confirm in the app, failed once it ended without an identification (a new one starts on refresh).'),
  qr: z.string().regex(BANKID_QR_PATTERN).nullable().describe("The QR code's contents for this second while the order is pending, else null."),
  auto_start_token: z.string().min(1).max(64).nullable().describe('Opens the BankID app on this device for the pending order (the autostart link), else null.'),
  app_url: z
    .string()
    .regex(/^(bankid:\/\/\/|https?:\/\/[^?#]+)$/)
    .describe("The autostart link's base, its query added by the widget: bankid:/// for BankID itself, the emulated app's page locally."),
  hint_code: z
    .string()
    .regex(/^[A-Za-z]{1,64}$/)
    .nullable()
    .describe("BankID's hint code for the order (outstandingTransaction, started, userSign, …; userCancel, expiredTransaction, … once failed), or its errorCode when no order could be started (alreadyInProgress, maintenance, …); null before the first answer. Unknown codes may appear."),
});
export type BankIdClient = z.infer<typeof BankIdClientSchema>;

export const BankIdResultSchema = z.object({
  provider_key: z.literal('bankid_se'),
  risk: z.enum(['low', 'moderate', 'high']).nullable().describe("BankID's risk indication for the order, when it was asked for."),
  mrtd: z.boolean().describe("Whether the person's ID document's chip was read in the BankID app (step-up)."),
});
export type BankIdResult = z.infer<typeof BankIdResultSchema>;
