// The emulated BankID app's behaviour, without its pages: getting an order by a scanned QR code
// or the autostart link, then identifying as a test person or cancelling. The app page and the
// test controls both go through here, so a test without a browser meets the same rules.
import { BANKID_PEOPLE, findPerson, type BankIdPerson } from './people.js';
import type { Order, OrderStore } from './orders.js';
import { checkQr, parseQrPayload } from './qr.js';

export type PhoneResult = { ok: true; order: Order } | { ok: false; message: string };

/** What the person does in the app once it has the order; `open` leaves it waiting there. */
export const APP_ACTIONS = ['identify', 'cancel', 'open'] as const;
export type AppAction = (typeof APP_ACTIONS)[number];

function stillOpen(order: Order): PhoneResult {
  if (order.status === 'pending') return { ok: true, order };
  const why = order.finalHint === 'expiredTransaction' ? 'it expired' : order.status === 'complete' ? 'it is already done' : `it ended (${order.finalHint})`;
  return { ok: false, message: `This BankID order can no longer be used: ${why}. Start again at the service.` };
}

/** The app reads a QR code: the order whose token it names, if its code is right for now. */
export function scanQr(orders: OrderStore, text: string): PhoneResult {
  const parsed = parseQrPayload(text);
  if (!parsed) return { ok: false, message: 'This is not a BankID QR code. Its contents start with "bankid." followed by the order’s token, the second and a 64-character code.' };
  const order = orders.find((o) => o.start?.qrStartToken === parsed.qrStartToken);
  if (!order) return { ok: false, message: 'No BankID order has this QR code: it may be from an order that is over, or from another emulator.' };
  const open = stillOpen(order);
  if (!open.ok) return open;
  const check = checkQr(parsed, order.start!.qrStartSecret, orders.second(order));
  if (!check.ok) return { ok: false, message: check.message };
  orders.pickUp(order, 'qr');
  return { ok: true, order };
}

/** The app opens from the autostart link (`bankid:///?autostarttoken=…`). */
export function openAutostart(orders: OrderStore, autoStartToken: string): PhoneResult {
  const order = autoStartToken ? orders.find((o) => o.start?.autoStartToken === autoStartToken) : undefined;
  if (!order) return { ok: false, message: 'No BankID order has this autostart token: it may be from an order that is over, or from another emulator.' };
  const open = stillOpen(order);
  if (!open.ok) return open;
  orders.pickUp(order, 'autostart');
  return { ok: true, order };
}

/** The phone orders reach the app through the call: it has them once it is open. */
export function openPhoneOrder(orders: OrderStore, order: Order): PhoneResult {
  const open = stillOpen(order);
  if (open.ok) orders.pickUp(order, 'phone');
  return open;
}

/** The person acts on an order the app has. */
export function act(orders: OrderStore, order: Order, action: AppAction, personId?: string): PhoneResult {
  const open = stillOpen(orders.settle(order));
  if (!open.ok) return open;
  if (!order.pickedUp) return { ok: false, message: 'The app does not have this order yet: scan its QR code or open its autostart link first.' };
  if (action === 'open') return open;
  if (action === 'cancel') {
    orders.fail(order, 'userCancel');
    return { ok: true, order };
  }
  // Without a choice: the person the order names, else the first test person.
  const person: BankIdPerson | undefined =
    personId !== undefined ? findPerson(personId) : order.personalNumber ? findByNumber(order.personalNumber) : BANKID_PEOPLE[0];
  if (!person) {
    return { ok: false, message: personId !== undefined ? `There is no test person ${JSON.stringify(personId)} on this phone.` : `No test person has personal number ${order.personalNumber}.` };
  }
  if (order.personalNumber && person.personalNumber !== order.personalNumber) {
    return { ok: false, message: `This order is for personal number ${order.personalNumber}; ${person.givenName} ${person.surname} cannot identify for it.` };
  }
  orders.identify(order, person);
  return { ok: true, order };
}

function findByNumber(personalNumber: string): BankIdPerson | undefined {
  return BANKID_PEOPLE.find((p) => p.personalNumber === personalNumber);
}
