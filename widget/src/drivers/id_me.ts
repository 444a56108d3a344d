// ID.me: the person signs in on ID.me's page and comes back to this one.
import type { Driver } from './driver.js';

export const id_me: Driver<'id_me'> = {
  provider_key: 'id_me',
  brand: 'ID.me',
  presentation: 'redirect',
  hostedPage: (client) => client.url,
  load: () => import('./redirect/ui.js'),
};
