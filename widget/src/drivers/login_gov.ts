// Login.gov: the person signs in on Login.gov's page and comes back to this one.
import type { Driver } from './driver.js';

export const login_gov: Driver<'login_gov'> = {
  provider_key: 'login_gov',
  brand: 'Login.gov',
  presentation: 'redirect',
  hostedPage: (client) => client.url,
  load: () => import('./redirect/ui.js'),
};
