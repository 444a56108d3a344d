// Onfido's driver: the real `onfido-sdk-ui` loader, mounted in the widget's provider slot with the
// SDK token the BFF minted. A separate chunk, loaded only for Onfido. Our own consent step ran
// before it, so Onfido's consent screen is not needed. What the SDK reports is a hint: the BFF
// creates the check and reads its result from Onfido.
import { Onfido } from 'onfido-sdk-ui';
import type { ProviderClient } from '@identity-verify/contract/schemas';
import { optionsFor } from './onfido-options.js';
import type { DriverCallbacks, DriverOptions, MountedDriver } from './registry.js';

export function mount(container: HTMLElement, client: ProviderClient, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver {
  let live = true;
  if (client.flow !== 'embedded_sdk') {
    callbacks.error('driver_failed'); // the registry routed another provider's client here
    return { destroy: () => void (live = false) };
  }
  const handle = Onfido.init(optionsFor(client, container, callbacks, options, () => live));
  return {
    destroy() {
      live = false;
      // The SDK stops its camera and removes what it rendered; a failure there is not the person's.
      handle.tearDown().catch(() => undefined);
    },
  };
}
