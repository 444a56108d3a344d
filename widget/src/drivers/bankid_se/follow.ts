// Follows this BankID attempt on the session's live stream: each new client (the next second's
// QR code, a new hint code) and the moment it is over, when the session reached a final status
// or the attempt is no longer the open one (the BFF closes it once the order completed and the
// session was verified). The driver is mounted with the client only, so the attempt's reference
// is learned from the stream: the session has one open attempt, and while mounted it is ours.
import type { LiveState } from '@identity-verify/contract/schemas';
import { isFinalStatus } from '@identity-verify/contract/vocabulary';
import type { ClientOf, DriverOptions } from '../driver.js';

type BankIdClient = ClientOf<'bankid_se'>;

export interface AttemptWatch {
  /** The attempt's reference, once the stream named it. */
  attempt(ref: string): void;
  client(client: BankIdClient): void;
  /** The attempt is over: called once, after which nothing else is. */
  over(): void;
  /** The stream could not be followed after a few tries. */
  lost(): void;
}

/** Waits between tries after the stream ended or failed; a try that received a state starts over. */
export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000];

export function watchAttempt(
  follow: DriverOptions['follow'],
  initial: BankIdClient,
  watch: AttemptWatch,
  signal: AbortSignal,
  wait: (ms: number, signal: AbortSignal) => Promise<void> = sleep,
): Promise<void> {
  let ref: string | null = null;
  let last = JSON.stringify(initial);
  let done = false;
  let received = false;

  const onState = (state: LiveState) => {
    if (done || signal.aborted) return;
    received = true;
    const attempt = state.active_attempt;
    const ours = attempt?.client.provider_key === 'bankid_se' && (ref === null || attempt.session_ref === ref);
    if (isFinalStatus(state.status) || !attempt || !ours) {
      done = true;
      return watch.over();
    }
    if (ref === null) {
      ref = attempt.session_ref;
      watch.attempt(ref);
    }
    const seen = JSON.stringify(attempt.client);
    if (seen === last) return;
    last = seen;
    watch.client(attempt.client as BankIdClient);
  };

  return (async () => {
    for (let failures = 0; !done && !signal.aborted; ) {
      received = false;
      // Ended (the BFF closed the stream) or failed, even at once: either way the QR would freeze, so follow again.
      try {
        await follow(onState, signal);
      } catch {
        // counted below as a try that heard nothing, unless it did
      }
      if (done || signal.aborted) return;
      failures = received ? 0 : failures + 1;
      if (failures > RETRY_DELAYS_MS.length) return watch.lost();
      await wait(RETRY_DELAYS_MS[Math.max(failures - 1, 0)]!, signal);
    }
  })();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
