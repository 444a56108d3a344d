// Keeps the provider driver mounted exactly while the flow is on a live provider step: a
// light-DOM container slotted into the shadow root, created and torn down with the step. In the
// lazy chunk with the provider step's renderer (../steps/lazy.ts): the element makes it there.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ActiveAttempt } from '@identity-verify/contract/schemas';
import type { FlowEvent, FlowState } from '../flow/types.js';
import type { DriverCallbacks, DriverOptions, MountedDriver } from './driver.js';
import { loadUi } from './registry.js';

export class ProviderMount implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #send: (event: FlowEvent) => void;
  readonly #options: (attempt: ActiveAttempt) => Omit<DriverOptions, 'launch'>;
  #key: string | null = null;
  #container: HTMLElement | null = null;
  #mounted: MountedDriver | null = null;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    send: (event: FlowEvent) => void,
    options: (attempt: ActiveAttempt) => Omit<DriverOptions, 'launch'>,
  ) {
    this.#host = host;
    this.#send = send;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#teardown();
  }

  /** Called after each render with the state rendered. Opening a provider's UI bumps `mount`,
   * so the driver mounted for it is a new one, told to launch. */
  sync(state: FlowState): void {
    const attempt = state.step === 'provider_step' && !state.error ? state.attempt : null;
    const key = attempt && state.step === 'provider_step' ? `${attempt.session_ref}#${state.mount}` : null;
    if (key === this.#key) return;
    const launch = state.step === 'provider_step' && state.phase === 'open';
    this.#teardown();
    if (!attempt || !key) return;
    this.#key = key;
    const container = document.createElement('div');
    container.slot = 'provider';
    this.#container = container;
    this.#host.append(container);
    // Callbacks from a driver that has since been replaced or removed are ignored.
    const live = (fn: () => void) => () => this.#key === key && fn();
    const callbacks: DriverCallbacks = {
      token: (token) => live(() => this.#send({ type: 'token', token }))(),
      complete: live(() => this.#send({ type: 'completed' })),
      error: (code) => live(() => this.#send({ type: 'driver_error', code }))(),
      leave: live(() => this.#send({ type: 'leave' })),
      refresh: live(() => this.#send({ type: 'refresh' })),
    };
    // Our own capture comes with the way to continue on a phone instead (../handoff/, a chunk of its own).
    const ui =
      attempt.client.flow === 'native_capture'
        ? import('../handoff/desktop.js').then((h) => h.captureOrPhone(this.#host, () => loadUi(attempt.client), () => this.#send({ type: 'start' })))
        : loadUi(attempt.client);
    ui
      .then((mount) => {
        if (this.#key === key) this.#mounted = mount(container, callbacks, { ...this.#options(attempt), launch });
      })
      .catch(() => callbacks.error('driver_failed'));
  }

  #teardown(): void {
    this.#key = null;
    this.#mounted?.destroy();
    this.#mounted = null;
    this.#container?.remove();
    this.#container = null;
  }
}
