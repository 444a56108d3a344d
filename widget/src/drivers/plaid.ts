// Plaid Identity Verification: Plaid Link's own window over the page, opened by the person from
// the widget ("Verify with Plaid"). Link's callbacks only say the person finished or left; the
// verdict is read from Plaid by the BFF.
import type { Driver } from './driver.js';

export const plaid: Driver<'plaid'> = {
  provider_key: 'plaid',
  brand: 'Plaid',
  presentation: 'on_request',
  load: () => import('./plaid/ui.js'),
};
