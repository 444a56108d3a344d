// BankID Sweden: the person confirms in the BankID app, on another device by its animated QR code
// or on this one by the autostart link; shown inline, with BankID's messages as the order moves.
import type { Driver } from './driver.js';

export const bankid_se: Driver<'bankid_se'> = {
  provider_key: 'bankid_se',
  brand: 'BankID',
  presentation: 'inline',
  load: () => import('./bankid_se/ui.js'),
};
