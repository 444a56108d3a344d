// Onfido: its Web SDK mounted inline in the widget. (Our own capture for Onfido is native_capture.ts.)
import type { Driver } from './driver.js';

export const onfido: Driver<'onfido'> = {
  provider_key: 'onfido',
  brand: 'Onfido',
  presentation: 'inline',
  load: () => import('./onfido/ui.js'),
};
