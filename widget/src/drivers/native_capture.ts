// Our own document and selfie capture, for every attempt whose client is the shared
// `native_capture` shape, whichever provider receives the images. It is always inline, and
// names the provider by that provider's own driver.
import type { NativeCaptureClient } from '@identity-verify/contract/schemas';
import type { DriverUi } from './driver.js';

export const nativeCapture = {
  presentation: 'inline',
  load: (): Promise<DriverUi<NativeCaptureClient>> => import('./native_capture/ui.js'),
} as const;
