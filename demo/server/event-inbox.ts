// The demo host backend's side of the BFF's signed events: each POST to /host-events is checked
// with the endpoint's secret (the contract's verifier, as your backend would use it), taken once
// by its id however often it is delivered, and kept in memory by session and by subject for the
// page's panels.
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
  /** The events naming a subject (claim.revoked, passport.revoked). */
  ofSubject(subject: string): ReceivedEvent[];
}

/** Sessions (and subjects) whose events are kept (the oldest dropped first): the demo keeps only recent ones. */
const MAX_SESSIONS = 500;

function file(map: Map<string, ReceivedEvent[]>, key: string, event: ReceivedEvent): void {
  const list = map.get(key) ?? [];
  map.delete(key);
  map.set(key, [...list, event]);
  for (const old of map.keys()) {
    if (map.size <= MAX_SESSIONS) break;
    map.delete(old);
  }
}

export function createEventInbox(): EventInbox {
  let secret: string | null = null;
  const bySession = new Map<string, ReceivedEvent[]>();
  const bySubject = new Map<string, ReceivedEvent[]>();
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
      const received: ReceivedEvent = { id: event.id, type: event.type, created_at: event.created_at, verified: true };
      // Filed under the session it concerns, and the subject it names (a passport's revocation names no session).
      if ('session_id' in event.data) file(bySession, event.data.session_id, received);
      if ('subject' in event.data && event.data.subject) file(bySubject, event.data.subject, received);
      return true;
    },
    of(sessionId) {
      return bySession.get(sessionId) ?? [];
    },
    ofSubject(subject) {
      return bySubject.get(subject) ?? [];
    },
  };
}

export { SIGNATURE_HEADER };
