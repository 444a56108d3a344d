// Onfido's driver: the real `onfido-sdk-ui` loader, mounted in the widget's provider slot with the
// SDK token the BFF minted. A separate chunk, loaded only for Onfido. Our own consent step ran
// before it, so Onfido's consent screen is not needed. What the SDK reports is a hint: the BFF
// creates the check and reads its result from Onfido.
import { Onfido } from 'onfido-sdk-ui';
import type { OnfidoClient } from '@identity-verify/contract/schemas';
import { optionsFor } from './options.js';
import type { DriverCallbacks, DriverOptions, MountedDriver } from '../driver.js';

export function mount(container: HTMLElement, client: OnfidoClient, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver {
  let live = true;
  const handle = Onfido.init(optionsFor(client, container, callbacks, options, () => live));
  return {
    destroy() {
      live = false;
      // The SDK stops its camera and removes what it rendered; a failure there is not the person's.
      handle.tearDown().catch(() => undefined);
    },
  };
}
