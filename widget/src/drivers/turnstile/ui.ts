// Turnstile's driver: loads api.js (explicit rendering) once, renders the check into the slotted
// container, and hands its token to the flow. A separate chunk, loaded only for Turnstile.
import type { TurnstileClient } from '@identity-verify/contract/schemas';
import type { DriverCallbacks, DriverOptions, MountedDriver } from '../driver.js';
import { trustedScriptUrl } from '../script-url.js';

interface TurnstileApi {
  render(container: HTMLElement, params: Record<string, unknown>): string | undefined;
  remove(widgetId: string): void;
}

declare global {
  interface Window {
    turnstile?: TurnstileApi;
  }
}

const loading = new Map<string, Promise<TurnstileApi>>();

/** One script element per URL for the page's lifetime; a failed load may be tried again. */
function loadScript(url: string, nonce: string | null): Promise<TurnstileApi> {
  if (window.turnstile) return Promise.resolve(window.turnstile);
  let pending = loading.get(url);
  if (!pending) {
    pending = new Promise<TurnstileApi>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = trustedScriptUrl(url);
      script.async = true;
      if (nonce) script.nonce = nonce; // a host CSP with 'nonce-…' (and no 'strict-dynamic') needs it
      script.addEventListener('load', () => (window.turnstile ? resolve(window.turnstile) : reject(new Error('no turnstile'))));
      script.addEventListener('error', () => {
        loading.delete(url);
        script.remove();
        reject(new Error('Turnstile api.js did not load.'));
      });
      document.head.append(script);
    });
    loading.set(url, pending);
  }
  return pending;
}

export function mount(container: HTMLElement, client: TurnstileClient, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver {
  let widgetId: string | undefined;
  let live = true;
  // Turnstile keeps one widget per element: a fresh target lets a retry render again at once.
  const target = document.createElement('div');
  container.append(target);
  const report = (fn: () => void) => () => {
    if (live) fn();
    return true; // tells Turnstile the error was handled (no console warning)
  };
  loadScript(client.script_url, options.nonce).then(
    (turnstile) => {
      if (!live) return;
      try {
        widgetId = turnstile.render(target, {
          sitekey: client.sitekey,
          action: client.action,
          cData: client.cdata,
          theme: options.theme,
          language: options.language,
          'response-field': false, // the token goes to the BFF, not into a host form
          retry: 'never', // a failure is shown by the widget with its own "try again"
          callback: (token: string) => live && callbacks.token(token),
          'error-callback': report(() => callbacks.error('human_check_failed')),
          'expired-callback': report(() => callbacks.error('token_expired')),
          'timeout-callback': report(() => callbacks.error('human_check_failed')),
        });
      } catch {
        callbacks.error('driver_failed');
      }
    },
    () => live && callbacks.error('driver_failed'),
  );
  return {
    destroy() {
      live = false;
      if (widgetId !== undefined) window.turnstile?.remove(widgetId);
      target.remove();
    },
  };
}
