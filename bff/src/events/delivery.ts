// Delivers the outbox to the host backends: due deliveries are claimed (on PostgreSQL with SKIP
// LOCKED, so each replica takes its own), signed with their endpoint's secret and POSTed; a 2xx
// settles one, anything else is tried again with exponential backoff until the last try. Run on
// an interval by every replica; a receiver still sees an event more than once (a lost answer),
// so each carries its id for the receiver to take it once.
import { SIGNATURE_HEADER, signHostEvent } from '@identity-verify/contract/host-events';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { PiiBox } from '../security/pii.js';
import type { Store } from '../store/store.js';

/** Tries before a delivery is given up: backoff from 10 s doubling to 6 h, about two days in all. */
export const MAX_DELIVERY_TRIES = 16;
const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 6 * 3600_000;
/** How long a claimed delivery is kept from others while it is sent: longer than its timeout. */
const LEASE_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 10_000;
const BATCH = 20;

export function retryDelayMs(triesSoFar: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** triesSoFar);
}

/** The secret an endpoint's events are signed with, sealed at rest like PII (bound to the endpoint's id). */
export const sealEndpointSecret = (pii: PiiBox, endpointId: string, secret: string) => pii.seal(secret, `webhook_endpoint:${endpointId}`);
const openEndpointSecret = (pii: PiiBox, endpointId: string, sealed: string) => pii.open(sealed, `webhook_endpoint:${endpointId}`) as string;

export interface DeliveryDeps {
  store: Store;
  pii: PiiBox;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
}

/** One pass: sends what is due now; returns how many were delivered. */
export async function deliverDueEvents({ store, pii, clock, log, fetch: send = fetch }: DeliveryDeps): Promise<number> {
  const nowMs = clock.now().getTime();
  const claimed = await store.transaction((tx) => tx.claimDueDeliveries(BATCH, new Date(nowMs + LEASE_MS).toISOString()));
  let delivered = 0;
  await Promise.all(
    claimed.map(async (d) => {
      let status: number | null = null;
      try {
        const timestamp = Math.floor(clock.now().getTime() / 1000);
        const signature = await signHostEvent(openEndpointSecret(pii, d.endpoint_id, d.secret_sealed), d.payload, timestamp);
        const response = await send(d.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, 'IDV-Event-Id': d.event_id },
          body: d.payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        status = response.status;
        await response.body?.cancel().catch(() => undefined);
      } catch {
        status = null;
      }
      if (status !== null && status >= 200 && status < 300) {
        delivered += 1;
        return store.settleDelivery(d.id, { delivered: true, status });
      }
      const last = d.tries + 1 >= MAX_DELIVERY_TRIES;
      log({ level: last ? 'error' : 'warn', msg: last ? 'host event not delivered, given up' : 'host event not delivered, will retry', event_id: d.event_id, endpoint_id: d.endpoint_id, status, tries: d.tries + 1 });
      await store.settleDelivery(d.id, { delivered: false, status, retryAt: last ? null : new Date(clock.now().getTime() + retryDelayMs(d.tries)).toISOString() });
    }),
  );
  return delivered;
}
