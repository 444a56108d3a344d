// Yoti's driver UI, a chunk of its own: frames Yoti's user view for this attempt and listens for
// its messages, from Yoti's origin and that frame only. SUCCESS hands over to the BFF (which reads
// the verdict from Yoti); an ERROR is explained here, with Try again where Yoti allows one, or
// becomes the flow's error where the attempt itself must be read again.
import type { ClientOf, DriverCallbacks, DriverOptions, MountedDriver } from '../driver.js';
import { yotiElement, type YotiElement } from './element.js';
import { originOf, outcomeOf, readMessage } from './messages.js';
import { yotiText } from './text.js';

type YotiClient = ClientOf<'yoti'>;

export function mount(container: HTMLElement, client: YotiClient, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver {
  const origin = originOf(client.origin);
  // The frame must be the origin whose messages are taken; anything else is a broken attempt, not framed.
  if (!origin || originOf(client.iframe_url) !== origin) {
    callbacks.error('driver_failed');
    return { destroy() {} };
  }
  const text = yotiText(options.language);
  const Element = yotiElement();
  const element = new Element() as YotiElement;
  let done = false;

  element.theme = options.theme;
  element.view = { text, src: client.iframe_url, notice: null };
  element.onRetry = () => {
    if (done) return;
    element.view = { text, src: client.iframe_url, notice: null };
  };

  const onMessage = (event: MessageEvent) => {
    if (done) return;
    const message = readMessage(event, { origin, source: element.frameWindow });
    if (!message) return;
    if (message.eventType === 'SUCCESS') {
      done = true;
      return callbacks.complete();
    }
    const outcome = outcomeOf(message.eventCode);
    if (outcome.kind === 'error') {
      done = true;
      return callbacks.error(outcome.code);
    }
    element.view = { text, src: client.iframe_url, notice: { message: text.reasons[outcome.reason], retry: outcome.kind === 'retry_here' } };
  };

  window.addEventListener('message', onMessage);
  container.append(element);
  return {
    destroy() {
      done = true;
      window.removeEventListener('message', onMessage);
      element.remove();
    },
  };
}
