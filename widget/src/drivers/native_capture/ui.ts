// Our own document and selfie capture, for every attempt whose client flow is `native_capture`
// (providers that take images by API, through the BFF). A separate chunk, loaded only for such
// an attempt: the camera, the quality checks, compression and the capture's words stay out of
// the core. Photos live in memory only and go to the BFF through `options.upload`.
import type { NativeCaptureClient } from '@identity-verify/contract/schemas';
import { compress } from '../../capture/compress.js';
import { captureElement, type CaptureElement } from '../../capture/ui/element.js';
import { CaptureSession } from '../../capture/ui/session.js';
import { captureText } from '../../capture/ui/text.js';
import type { DriverCallbacks, DriverOptions, MountedDriver } from '../driver.js';

export function mount(container: HTMLElement, client: NativeCaptureClient, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver {
  const session = new CaptureSession({ client, compress, upload: options.upload, callbacks });
  const Element = captureElement();
  const element = new Element() as CaptureElement;
  element.session = session;
  element.text = captureText(options.messages.lang);
  element.messages = options.messages;
  element.allowFileUpload = options.allowFileUpload;
  element.theme = options.theme;
  container.append(element);
  return {
    destroy() {
      element.destroy();
      element.remove();
    },
  };
}
