// BankID Sweden's driver UI, a chunk of its own (lean-qr with it): shows the order the BFF keeps
// for this attempt as it moves — a new QR code every second, BankID's message for each hint code
// — follows the session until the attempt is over, and asks for a new order (callbacks.refresh,
// which mounts this driver again) on "Try again" or a switch between this device and another.
import { bankIdElement, type BankIdElement, type BankIdView } from './element.js';
import { autostartLink, defaultWay, isMobile, platformOf, type DeviceFacts } from './device.js';
import { watchAttempt } from './follow.js';
import { messageFor, type Way } from './messages.js';
import { qrPath, type QrPath } from './qr.js';
import { bankIdText } from './text.js';
import type { ClientOf, DriverCallbacks, DriverOptions, MountedDriver } from '../driver.js';

type BankIdClient = ClientOf<'bankid_se'>;

/**
 * The way the person last switched to, and for which attempt (null until the stream named it):
 * the switch mounts this driver again on a new order, which must open on the way chosen.
 * Module scope, so it outlives the mount that made it, and nothing leaves the page.
 */
let chosen: { ref: string | null; way: Way } | null = null;
/** The last mount ended by the person's own restart: the next one takes the focus they had. */
let restartedByPerson = false;

function deviceFacts(): DeviceFacts {
  return {
    userAgent: navigator.userAgent,
    maxTouchPoints: navigator.maxTouchPoints ?? 0,
    narrow: window.matchMedia('(max-width: 480px)').matches,
  };
}

export function mount(container: HTMLElement, client: BankIdClient, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver {
  const facts = deviceFacts();
  const platform = platformOf(facts);
  const mobile = isMobile(facts);
  const text = bankIdText(options.requestedLanguage);
  const remembered = chosen;
  let way: Way = remembered?.way ?? defaultWay(facts);
  let current = client;
  let ref: string | null = null;
  let busy = false;
  let drawn: { contents: string; path: QrPath | null } | null = null;

  const qrOf = (contents: string | null): QrPath | null => {
    if (!contents) return null;
    if (drawn?.contents !== contents) drawn = { contents, path: qrPath(contents) };
    return drawn.path;
  };
  const viewOf = (): BankIdView => {
    const failed = current.order === 'failed';
    return {
      text,
      way,
      failed,
      qr: !failed && way === 'other_device' ? qrOf(current.qr) : null,
      link: !failed && way === 'this_device' ? autostartLink(current, platform, window.location.href) : null,
      message: text.messages[messageFor(current, { way, mobile })],
      busy,
    };
  };

  const Element = bankIdElement();
  const element = new Element() as BankIdElement;
  const show = () => (element.view = viewOf());
  const restart = (next: Way) => {
    if (busy) return;
    busy = true;
    way = next;
    chosen = { ref, way };
    restartedByPerson = true;
    show();
    callbacks.refresh();
  };
  element.theme = options.theme;
  element.actions = {
    retry: () => restart(way),
    switchWay: () => restart(way === 'other_device' ? 'this_device' : 'other_device'),
  };
  element.focusOnStart = restartedByPerson;
  restartedByPerson = false;
  show();
  container.append(element);

  const following = new AbortController();
  void watchAttempt(
    options.follow,
    client,
    {
      attempt(attemptRef) {
        ref = attemptRef;
        if (remembered && chosen === remembered && remembered.ref === null) remembered.ref = attemptRef;
        // A way chosen on another attempt (another session on this page) is not this one's.
        if (remembered && remembered.ref !== attemptRef && !busy) {
          way = defaultWay(facts);
          show();
        }
      },
      client(next) {
        current = next;
        show();
      },
      over() {
        following.abort();
        callbacks.complete();
      },
      lost: () => callbacks.error('network_error'),
    },
    following.signal,
  );

  return {
    destroy() {
      following.abort();
      element.remove();
    },
  };
}
