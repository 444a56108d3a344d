// The first device's side of a handoff, a chunk of its own: our capture, wrapped so the person can
// continue on their phone instead, and is offered it at once when this device has no camera. The
// link comes from the BFF (a single-use token in the fragment); this page then follows the session
// live and, once the phone has finished, has the flow read the session again to show the result.
import type { HandoffCreated, HandoffStatus } from '@identity-verify/contract/handoff';
import type { LiveState } from '@identity-verify/contract/schemas';
import { ApiError } from '../api/errors.js';
import type { DriverCallbacks, DriverOptions, MountedDriver } from '../drivers/driver.js';
import type { MountUi } from '../drivers/registry.js';
import { qrPath } from '../drivers/bankid_se/qr.js';
import type { IdentityVerifyElement } from '../identity-verify.js';
import { handoffElement, type HandoffElement, type HandoffView } from './element.js';
import { handoffCall } from './api.js';
import { handoffLink } from './link.js';
import { phones } from './phone.js';

/** How often the link's state is read while it waits for a phone. */
const STATUS_EVERY_MS = 2_000;

/** Whether this device has a camera the page could ask for (no permission needed to know). */
export async function hasCamera(): Promise<boolean> {
  try {
    return (await navigator.mediaDevices.enumerateDevices()).some((device) => device.kind === 'videoinput');
  } catch {
    return false;
  }
}

/** The element's BFF and credential, as its attributes set them. */
function credentials(host: HTMLElement) {
  const { apiBase, clientSecret } = host as IdentityVerifyElement;
  return { base: (apiBase ?? '').replace(/\/+$/, ''), headers: { authorization: `Bearer ${clientSecret ?? ''}`, accept: 'application/json' } };
}

function call<T>(host: HTMLElement, method: 'GET' | 'POST', guard: (body: unknown) => body is T, signal: AbortSignal, path = ''): Promise<T> {
  const { base, headers } = credentials(host);
  return handoffCall(`${base}/v1/identity/handoff${path}`, { method, headers, signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]) }, guard);
}

const isCreated = (body: unknown): body is HandoffCreated => typeof (body as HandoffCreated | null)?.handoff_url_token === 'string';
const isStatus = (body: unknown): body is HandoffStatus => typeof (body as HandoffStatus | null)?.status === 'string';
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Our capture's UI for `host`, or, on a page that is itself the phone of a handoff, the capture
 * alone. `reload` has the flow read the session again (it then shows where the phone got to).
 */
export async function captureOrPhone(host: HTMLElement, loadCapture: () => Promise<MountUi>, reload: () => void): Promise<MountUi> {
  if (phones.has(host)) return loadCapture();
  const asked = new AbortController();
  const [capture, camera, status] = await Promise.all([
    loadCapture(),
    hasCamera(),
    call(host, 'GET', isStatus, asked.signal).catch(() => null),
  ]);
  return (container, callbacks, options) => mountHandoff(host, container, { capture, callbacks, options, camera, taken: status?.status === 'redeemed', reload });
}

interface Parts {
  capture: MountUi;
  callbacks: DriverCallbacks;
  options: DriverOptions;
  camera: boolean;
  /** A phone already took this session (this page was reloaded since). */
  taken: boolean;
  reload: () => void;
}

function mountHandoff(host: HTMLElement, container: HTMLElement, parts: Parts): MountedDriver {
  const { options, callbacks } = parts;
  const Element = handoffElement();
  const element = new Element() as HandoffElement;
  element.theme = options.theme;
  let view: HandoffView = {
    mode: parts.camera && !parts.taken ? 'capture' : 'phone',
    // The catalogue's words; English's while a catalogue that failed to load left the core's.
    words: options.messages.handoff ?? null,
    noCamera: !parts.camera,
    phase: parts.taken ? 'on_phone' : 'asking',
    link: null,
    qr: null,
    error: null,
  };
  let captured: MountedDriver | null = null;
  /** Ends the work of the current phone view: its link's polling. The live follow runs while mounted. */
  let linkRun = new AbortController();
  const mounted = new AbortController();
  const show = (next: Partial<HandoffView>) => (element.view = view = { ...view, ...next });
  /** A failed call, in the person's words: its code's, or the generic line. */
  const failed = (code: string) =>
    show({ phase: 'failed', error: options.messages.errors[code as keyof typeof options.messages.errors] ?? options.messages.ui.error_unknown });

  const mountCapture = () => {
    const slot = document.createElement('div');
    element.append(slot);
    captured = parts.capture(slot, callbacks, options);
  };
  const unmountCapture = () => {
    captured?.destroy();
    captured = null;
    element.replaceChildren();
  };

  /** Asks for a link and waits for a phone to take it, or for it to expire. */
  const offerLink = async () => {
    linkRun.abort();
    const run = (linkRun = new AbortController());
    show({ phase: 'asking', link: null, qr: null, error: null });
    try {
      const created = await call(host, 'POST', isCreated, run.signal);
      const link = handoffLink(created.handoff_url_token, host.getAttribute('handoff-url'), location.href);
      show({ phase: 'waiting', link, qr: qrPath(link) });
      while (!run.signal.aborted) {
        await sleep(STATUS_EVERY_MS, run.signal);
        if (run.signal.aborted) return;
        const status = await call(host, 'GET', isStatus, run.signal);
        if (status.status === 'redeemed') return show({ phase: 'on_phone', link: null, qr: null });
        if (status.status !== 'open') return show({ phase: 'expired', link: null, qr: null });
      }
    } catch (error) {
      if (run.signal.aborted) return;
      const code = error instanceof ApiError ? error.code : 'internal_error';
      // A phone took the session (from another tab of this page, or before a reload): follow it.
      if (code === 'handoff_active') return show({ phase: 'on_phone', link: null, qr: null });
      failed(code);
    }
  };

  /** A link shown and not yet taken stops working once the person no longer needs it (best effort: it expires anyway). */
  const withdraw = () => {
    if (view.phase === 'waiting') void call(host, 'POST', isStatus, new AbortController().signal, '/cancel').catch(() => undefined);
  };

  /**
   * Takes the session back from the phone that has it (lost, closed, or the person is here after
   * all): the phone's credential stops working, then `next` runs. Without it a phone that went
   * away would leave this device waiting for good.
   */
  const takeBack = (next: () => void) => {
    linkRun.abort();
    call(host, 'POST', isStatus, mounted.signal, '/cancel').then(next, (error: unknown) => {
      if (!mounted.signal.aborted) failed(error instanceof ApiError ? error.code : 'internal_error');
    });
  };

  element.actions = {
    usePhone: () => {
      element.focusOnSwitch = true;
      unmountCapture();
      show({ mode: 'phone' });
      void offerLink();
    },
    useThisDevice: () => {
      // The flow reads the session again, which is this device's once more, and offers the capture here.
      if (view.phase === 'on_phone') return takeBack(parts.reload);
      withdraw();
      linkRun.abort();
      element.focusOnSwitch = true;
      show({ mode: 'capture', phase: 'asking', link: null, qr: null });
      mountCapture();
    },
    newLink: () => (view.phase === 'on_phone' ? takeBack(() => void offerLink()) : void offerLink()),
  };
  if (!view.words) void import('../i18n/en.js').then(({ en }) => show({ words: en.handoff }));
  element.view = view;
  container.append(element);
  if (view.mode === 'capture') mountCapture();
  else if (view.phase === 'asking') void offerLink();
  void follow(options, mounted.signal, parts.reload);

  return {
    destroy() {
      withdraw();
      linkRun.abort();
      mounted.abort();
      unmountCapture();
      element.remove();
    },
  };
}

/**
 * Follows the session while mounted: once it is no longer waiting for input (the phone submitted,
 * or the session ended), the flow reads it again and shows what it shows on any device. A stream
 * that ends (its lifetime, a proxy) is opened again; where none can be had, the session is asked.
 */
async function follow(options: DriverOptions, signal: AbortSignal, reload: () => void): Promise<void> {
  let done = false;
  const onState = (state: LiveState) => {
    if (done || state.status === 'requires_input') return;
    done = true;
    reload();
  };
  while (!signal.aborted && !done) {
    await options.follow(onState, signal).catch(() => sleep(STATUS_EVERY_MS, signal));
  }
}
