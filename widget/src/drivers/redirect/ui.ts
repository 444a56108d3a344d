// A provider whose whole step is its own page (Login.gov, ID.me): the step's link takes the
// person there by a full-page navigation, which works in a WebView and past popup blockers, and
// the provider sends them back through the BFF to this page, where the widget resumes. Nothing
// is mounted; a launch asked for by the flow (not the link) navigates the same way.
import type { DriverCallbacks, DriverOptions, MountedDriver } from '../driver.js';

export function mount(_container: HTMLElement, client: { url: string }, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver {
  if (options.launch) {
    if (/^https?:\/\//.test(client.url)) window.location.assign(client.url);
    else callbacks.error('driver_failed');
  }
  return { destroy() {} };
}
