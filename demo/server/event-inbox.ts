// The demo host backend's side of the BFF's signed events: each POST to /host-events is checked
// with the endpoint's secret (the contract's verifier, as your backend would use it), taken once
// by its id however often it is delivered, and kept in memory by session for the page's host panel.
import { SIGNATURE_HEADER, verifyHostEvent, type HostEvent } from '@identity-verify/contract/host-events';

export const EVENTS_PATH = '/host-events';

export interface ReceivedEvent {
  id: string;
  type: HostEvent['type'];
  created_at: string;
  /** Whether its signature checked out (unsigned or forged events are refused, never listed). */
  verified: true;
}

export interface EventInbox {
  /** The signing secret, once the endpoint is registered at the BFF. */
  useSecret(secret: string): void;
  /** An event as delivered: true when taken (or taken before), false when its signature does not check out. */
  receive(body: string, signature: string | null): Promise<boolean>;
  of(sessionId: string): ReceivedEvent[];
}

/** Sessions whose events are kept (the oldest dropped first): the demo keeps only recent ones. */
const MAX_SESSIONS = 500;

export function createEventInbox(): EventInbox {
  let secret: string | null = null;
  const bySession = new Map<string, ReceivedEvent[]>();
  const seen = new Set<string>();
  return {
    useSecret(value) {
      secret = value;
    },
    async receive(body, signature) {
      if (!secret) return false;
      let event: HostEvent;
      try {
        event = await verifyHostEvent(secret, body, signature);
      } catch {
        return false;
      }
      if (seen.has(event.id)) return true;
      seen.add(event.id);
      // Filed under the session it concerns (a passport's revocation concerns none: it is verified, and not shown per session).
      const sessionId = 'session_id' in event.data ? event.data.session_id : null;
      if (!sessionId) return true;
      const list = bySession.get(sessionId) ?? [];
      bySession.delete(sessionId);
      bySession.set(sessionId, [...list, { id: event.id, type: event.type, created_at: event.created_at, verified: true }]);
      for (const old of bySession.keys()) {
        if (bySession.size <= MAX_SESSIONS) break;
        bySession.delete(old);
      }
      return true;
    },
    of(sessionId) {
      return bySession.get(sessionId) ?? [];
    },
  };
}

export { SIGNATURE_HEADER };
