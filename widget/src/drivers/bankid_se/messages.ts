// BankID's recommended user messages (RFA1–RFA23) for the hint codes of an order, and which one
// applies when: a pure mapping, kept apart from the texts (text.ts) and the UI so each row of
// BankID's table is tested on its own. Source: ../shared/reference/providers/REMAINING-PROVIDERS.md §4.
import type { ClientOf } from '../driver.js';

type BankIdClient = ClientOf<'bankid_se'>;

/** The two ways BankID's guidelines offer: the app on this device (autostart link), or on another one (QR code). */
export type Way = 'this_device' | 'other_device';

/** The recommended messages this driver shows (RFA2, RFA19 and RFA20 are UI choices, not states). */
export type Rfa = 'RFA1' | 'RFA3' | 'RFA4' | 'RFA5' | 'RFA6' | 'RFA8' | 'RFA9' | 'RFA13' | 'RFA15A' | 'RFA15B' | 'RFA16' | 'RFA17A' | 'RFA17B' | 'RFA21' | 'RFA22' | 'RFA23';

export interface MessageContext {
  way: Way;
  /** A phone or tablet (by its user agent): where the app runs beside the browser, not a computer with a card reader. */
  mobile: boolean;
}

const PENDING: Record<string, (c: MessageContext) => Rfa> = {
  outstandingTransaction: (c) => (c.way === 'this_device' ? 'RFA13' : 'RFA1'),
  noClient: () => 'RFA1',
  started: (c) => (c.mobile ? 'RFA15B' : 'RFA15A'),
  userSign: () => 'RFA9',
  userMrtd: () => 'RFA23',
};

// A failed order's hint code, or BankID's errorCode when no order could be started at all.
const FAILED: Record<string, (c: MessageContext) => Rfa> = {
  expiredTransaction: () => 'RFA8',
  certificateErr: () => 'RFA16',
  userCancel: () => 'RFA6',
  cancelled: () => 'RFA3',
  startFailed: (c) => (c.way === 'other_device' ? 'RFA17B' : 'RFA17A'),
  alreadyInProgress: () => 'RFA4',
  requestTimeout: () => 'RFA5',
  maintenance: () => 'RFA5',
  internalError: () => 'RFA5',
};

/** The message for the order's state; BankID may add hint codes, which get its generic messages. */
export function messageFor(client: Pick<BankIdClient, 'order' | 'hint_code'>, context: MessageContext): Rfa {
  // Own properties only: a code named like Object.prototype's members ("constructor") is just unknown.
  const pick = (table: Record<string, (c: MessageContext) => Rfa>, code: string) => (Object.hasOwn(table, code) ? table[code]!(context) : null);
  if (client.order === 'failed') return (client.hint_code && pick(FAILED, client.hint_code)) || 'RFA22';
  // Before BankID's first answer the order is as good as outstanding.
  return pick(PENDING, client.hint_code ?? 'outstandingTransaction') ?? 'RFA21';
}
