// The widget's drivers list: a provider joins with its driver file (drivers/<key>.ts) and one line
// here. Only the drivers' declarations are in the core; each UI is imported when an attempt needs it.
import type { ProviderClient } from '@identity-verify/contract/schemas';
import type { FlowKind, ProviderKey } from '@identity-verify/contract/vocabulary';
import { bankid_se } from './bankid_se.js';
import type { AnyDriver, ClientOf, Driver, DriverCallbacks, DriverKey, DriverOptions, MountedDriver } from './driver.js';
import { id_me } from './id_me.js';
import { login_gov } from './login_gov.js';
import { nativeCapture } from './native_capture.js';
import { onfido } from './onfido.js';
import { plaid } from './plaid.js';
import { signicat_onfido } from './signicat_onfido.js';
import { stripe_identity } from './stripe_identity.js';
import { turnstile } from './turnstile.js';
import { yoti } from './yoti.js';

// Typed by key, so a provider given a client in the contract does not typecheck until it has a driver.
const DRIVERS: { [K in DriverKey]: Driver<K> } = {
  turnstile,
  stripe_identity,
  onfido,
  signicat_onfido,
  login_gov,
  id_me,
  bankid_se,
  plaid,
  yoti,
};
// A newer BFF may name a provider this bundle does not know: looked up by any key, a driver may be missing.
const byKey: Partial<Record<ProviderKey, AnyDriver>> = DRIVERS;

/** A provider's driver, or undefined when this bundle has none. */
export function driverOf(key: ProviderKey): AnyDriver | undefined {
  return byKey[key];
}

/** Whether this bundle can run a provider's flow: our own capture for any provider, else the provider's driver. */
export function hasDriver(target: { provider_key: ProviderKey; flow: FlowKind }): boolean {
  return target.flow === 'native_capture' || target.provider_key in DRIVERS;
}

/** The provider's own page for an attempt, if its driver has one (our capture has none). */
export function hostedPageOf(client: ProviderClient): string | null {
  if (client.flow === 'native_capture' || !driverOf(client.provider_key)) return null;
  return pageOf(client.provider_key, client);
}

function pageOf<K extends DriverKey>(key: K, client: ClientOf<K>): string | null {
  return DRIVERS[key].hostedPage?.(client) ?? null;
}

/** A driver's UI mounted on the attempt's client. */
export type MountUi = (container: HTMLElement, callbacks: DriverCallbacks, options: DriverOptions) => MountedDriver;

/**
 * Loads the UI for an attempt's client: our own capture for its shared shape, else its provider's
 * driver, which receives the client as its own type. Rejects when there is none or its chunk
 * cannot be loaded.
 */
export async function loadUi(client: ProviderClient): Promise<MountUi> {
  if (client.flow === 'native_capture') {
    const ui = await nativeCapture.load();
    return (container, callbacks, options) => ui.mount(container, client, callbacks, options);
  }
  if (!driverOf(client.provider_key)) throw new Error(`No driver for ${client.provider_key}.`);
  return loadOwn(client.provider_key, client);
}

async function loadOwn<K extends DriverKey>(key: K, client: ClientOf<K>): Promise<MountUi> {
  const ui = await DRIVERS[key].load();
  return (container, callbacks, options) => ui.mount(container, client, callbacks, options);
}
