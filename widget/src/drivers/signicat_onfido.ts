// Signicat Assure's SDK variant: Onfido's own Web SDK run with the Assure process's
// authorization, so Onfido's UI. (Our own capture for Assure is native_capture.ts.)
import type { Driver } from './driver.js';

export const signicat_onfido: Driver<'signicat_onfido'> = {
  provider_key: 'signicat_onfido',
  brand: 'Signicat',
  presentation: 'inline',
  load: () => import('./onfido/ui.js'),
};
