// For drivers whose attempt changes while the person acts (BankID's QR is recomputed on the server
// every second, its hint codes follow the app): each new client the BFF pushes for this attempt,
// without mounting the driver again. Imported by such a driver's UI chunk, never by the core.
import type { ProviderClient } from '@identity-verify/contract/schemas';
import type { DriverOptions } from './driver.js';

/**
 * Calls `onClient` with each client the BFF pushes for the attempt `sessionRef` that differs from
 * the last one (starting from `initial`, the client the driver was mounted with). Ends with
 * `signal`, or when the stream does; the session's verdict reaches the flow on its own.
 */
export function followClient<C extends ProviderClient>(
  options: Pick<DriverOptions, 'follow'>,
  sessionRef: string,
  initial: C,
  onClient: (client: C) => void,
  signal: AbortSignal,
): Promise<void> {
  let last = JSON.stringify(initial);
  return options.follow((state) => {
    const attempt = state.active_attempt;
    if (attempt?.session_ref !== sessionRef) return;
    const seen = JSON.stringify(attempt.client);
    if (seen === last) return;
    last = seen;
    onClient(attempt.client as C);
  }, signal);
}
