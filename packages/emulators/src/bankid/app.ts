// The BankID Sweden emulator: the RP API v6.0 over mutual TLS, the emulated BankID app (the
// tester's phone), and controls that act as the app without a browser.
//
// Who counts as the relying party: on a socket, a TLS client whose certificate the emulator's CA
// issued (the handshake refuses any other; plain HTTP on the same port gets `unauthorized`). In
// process (`emulator.fetch`, `app.request()`) there is no TLS: the caller holds the emulator
// object itself, so it is treated as the RP holding the client certificate. To see `unauthorized`
// in process, inject it: `controls.injectFault(bankIdFault('auth', 'unauthorized'))`.
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { createEmulatorKit, inProcessFetch, type Emulator, type EmulatorControls } from '../shared/kit.js';
import { mountAppPage } from './app-page.js';
import { bankIdCertificates, useBankIdCertificates, type BankIdCertificates } from './certificates.js';
import { mountBankIdControls } from './controls-http.js';
import type { Order, OrderKind, OrderStatus } from './orders.js';
import { OrderStore } from './orders.js';
import { act, openAutostart, openPhoneOrder, scanQr, type AppAction, type PhoneResult } from './phone.js';
import { checkQr, parseQrPayload } from './qr.js';
import { mountRpApi } from './rp-api.js';

export interface BankIdEmulatorOptions {
  /** Where its certificates are made on first start and reused after (`<dataDir>/bankid/`); default in memory. */
  dataDir?: string;
  clock?: EmulatorClock;
}

/** An order as tests see it: never its qrStartSecret. */
export interface BankIdOrderView {
  orderRef: string;
  kind: OrderKind;
  status: OrderStatus;
  hintCode?: string;
  /** ISO time on the emulator's clock. */
  createdAt: string;
  /** Whole seconds since it was made: the t of its current QR code. */
  second: number;
  /** The QR code the service should show now (auth and sign). */
  qrData?: string;
  autoStartToken?: string;
  pickedUpVia?: 'qr' | 'autostart' | 'phone';
  /** The test person who identified, once one did. */
  person?: string;
  personalNumber?: string;
  collected: boolean;
}

export interface AppChoice {
  /** A test person's id (BANKID_PEOPLE); default: the one the order names, else "anna". */
  person?: string;
  /** Default identify. */
  action?: AppAction;
}

export interface BankIdCertificatesForTests {
  caCert: string;
  clientCert: string;
  clientKey: string;
}

export interface BankIdControls extends EmulatorControls {
  /** The CA the RP must trust and the RP's client certificate and key (PEM). */
  readonly certificates: BankIdCertificatesForTests;
  order(orderRef: string): BankIdOrderView | undefined;
  /**
   * Acts as the app on the tester's phone: scans a QR payload (checked as the app page checks it)
   * or, given an orderRef, gets the order as a scan of its current code would; then acts.
   * Throws with the app page's message when the app would refuse.
   */
  scan(orderRefOrPayload: string, choice?: AppChoice): BankIdOrderView;
  /** The same, through the autostart link (the app shows "started" first). */
  autostart(autoStartToken: string, choice?: AppChoice): BankIdOrderView;
  /** A phone order (phone/auth, phone/sign) answered in the app. */
  answerCall(orderRef: string, choice?: AppChoice): BankIdOrderView;
  /** Ends a pending order as failed with this hint code (startFailed, or one BankID may add later). */
  fail(orderRef: string, hintCode: string): BankIdOrderView;
  /** Shows this pending hint code (noClient, userCallConfirm, an unknown one) until the next step; undefined clears it. */
  setHint(orderRef: string, hintCode: string | undefined): BankIdOrderView;
  /**
   * Checks a QR code's contents as the app would on a scan (the order's token, HMAC of the
   * order's secret for its second, within a second of now) without acting on the order: for
   * tests that read the codes a service shows.
   */
  checkQr(payload: string): { valid: boolean; orderRef: string | null; second: number | null; message?: string };
}

export type BankIdEmulator = Emulator<BankIdControls>;

export function createBankIdEmulator(options: BankIdEmulatorOptions = {}): BankIdEmulator {
  const certificates: BankIdCertificates = bankIdCertificates(options.dataDir);
  useBankIdCertificates(certificates);
  const clock = options.clock ?? createClock();
  const orders = new OrderStore(clock, () => certificates.caKey);
  const { app, controls: base } = createEmulatorKit({
    name: 'bankid',
    // qrStartSecret, the tokens and the signature match the kit's own rule; these are personal.
    redactKeys: ['personalNumber', 'user', 'endUserIp', 'ipAddress', 'uhi', 'ocspResponse', 'userVisibleData', 'userNonVisibleData', 'qr'],
    clock,
    onReset: () => orders.clear(),
  });

  const view = (order: Order): BankIdOrderView => {
    orders.settle(order);
    return {
      orderRef: order.orderRef,
      kind: order.kind,
      status: order.status,
      hintCode: order.status === 'complete' ? undefined : orders.hint(order),
      createdAt: new Date(order.createdAt).toISOString(),
      second: orders.second(order),
      qrData: order.status === 'pending' ? orders.currentQr(order) : undefined,
      autoStartToken: order.start?.autoStartToken,
      pickedUpVia: order.pickedUp?.via,
      person: order.person?.id,
      personalNumber: order.personalNumber,
      collected: order.collected,
    };
  };
  const known = (orderRef: string): Order => {
    const order = orders.get(orderRef);
    if (!order) throw new Error(`BankID emulator: no order ${orderRef}.`);
    return order;
  };
  const then = (got: PhoneResult, choice: AppChoice = {}): BankIdOrderView => {
    if (!got.ok) throw new Error(got.message);
    const done = act(orders, got.order, choice.action ?? 'identify', choice.person);
    if (!done.ok) throw new Error(done.message);
    return view(done.order);
  };

  const controls: BankIdControls = {
    ...base,
    certificates: { caCert: certificates.caCert, clientCert: certificates.clientCert, clientKey: certificates.clientKey },
    order: (orderRef) => {
      const order = orders.get(orderRef);
      return order && view(order);
    },
    scan(orderRefOrPayload, choice) {
      const byRef = orders.get(orderRefOrPayload);
      if (byRef && !byRef.start) throw new Error('BankID emulator: a phone order has no QR code; answer its call with answerCall().');
      return then(scanQr(orders, byRef ? orders.currentQr(byRef)! : orderRefOrPayload), choice);
    },
    autostart: (autoStartToken, choice) => then(openAutostart(orders, autoStartToken), choice),
    answerCall: (orderRef, choice) => then(openPhoneOrder(orders, known(orderRef)), choice),
    fail(orderRef, hintCode) {
      const order = known(orderRef);
      orders.fail(order, hintCode);
      return view(order);
    },
    setHint(orderRef, hintCode) {
      const order = known(orderRef);
      orders.setHint(order, hintCode);
      return view(order);
    },
    checkQr(payload) {
      const parsed = parseQrPayload(payload);
      const order = parsed && orders.find((o) => o.start?.qrStartToken === parsed.qrStartToken);
      if (!parsed || !order?.start) return { valid: false, orderRef: null, second: parsed?.t ?? null, message: 'No order has this QR code.' };
      const check = checkQr(parsed, order.start.qrStartSecret, orders.second(order));
      return { valid: check.ok, orderRef: order.orderRef, second: parsed.t, ...(check.ok ? {} : { message: check.message }) };
    },
  };

  mountRpApi(app, orders);
  mountAppPage(app, orders);
  mountBankIdControls(app, controls);
  return {
    name: 'bankid',
    app,
    controls,
    fetch: inProcessFetch(app),
    // Plain HTTP on the same port serves the app page to a browser, which has no client certificate.
    tls: { cert: certificates.serverCert, key: certificates.serverKey, clientCa: certificates.caCert, plainHttp: true },
  };
}
