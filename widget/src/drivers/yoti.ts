// Yoti IDV: Yoti's user view (document, face) in an iframe inside the widget. Its messages only
// steer the step; the verdict and the identity profile are read from Yoti by the BFF.
import type { Driver } from './driver.js';

export const yoti: Driver<'yoti'> = {
  provider_key: 'yoti',
  brand: 'Yoti',
  presentation: 'inline',
  load: () => import('./yoti/ui.js'),
};
