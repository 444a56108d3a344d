// What the Yoti driver takes from the user view's messages (specs/yoti-idv-web-client.json): only
// a message from Yoti's origin and from the frame we made, and what each of Yoti's error codes
// means here. Pure, so the origin check and the mapping are tested in node.
import type { ErrorCode } from '../../api/errors.js';

/** What the user view said: it finished (Yoti now decides), or it stopped with one of Yoti's codes. */
export type YotiMessage = { eventType: 'SUCCESS' } | { eventType: 'ERROR'; eventCode: number };

/** The parts of a MessageEvent the check reads. */
export interface Received {
  origin: string;
  source: unknown;
  data: unknown;
}

/** An origin as the browser writes `event.origin` (`https://api.yoti.com`), or null for anything but http(s). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * The user view's message, or null for anything else: another origin, another window (a second
 * frame of Yoti's, the page itself), or a shape Yoti does not send. STARTED is the bare launch's
 * handshake, which this driver does not use.
 */
export function readMessage(event: Received, expected: { origin: string; source: unknown }): YotiMessage | null {
  if (event.origin !== expected.origin || !expected.source || event.source !== expected.source) return null;
  const data = event.data;
  if (!data || typeof data !== 'object') return null;
  const { eventType, eventCode } = data as { eventType?: unknown; eventCode?: unknown };
  if (eventType === 'SUCCESS') return { eventType };
  if (eventType !== 'ERROR') return null;
  const code = typeof eventCode === 'string' && /^\d{1,5}$/.test(eventCode) ? Number(eventCode) : eventCode;
  return typeof code === 'number' && Number.isInteger(code) && code >= 0 ? { eventType, eventCode: code } : null;
}

/** Why the person can try again here, in the same Yoti session (Yoti: "retry possible"). */
export type RetryReason = 'cancelled' | 'unavailable' | 'offline' | 'camera_denied' | 'liveness_tries';
/** Why Yoti cannot be used on this device or for this person (Yoti: no retry): another way is needed. */
export type StopReason = 'no_camera' | 'camera_quality' | 'browser' | 'ios_browser' | 'no_documents' | 'unexpected';

/**
 * What an ERROR means for the step:
 * - `retry_here`: the driver says why and offers Try again, which loads Yoti's view again;
 * - `stop_here`: the driver says why and that another way is needed (the step's Back);
 * - `error`: the flow's own error, whose Try again reads the attempt again from the BFF (a Yoti
 *   session that needs replacing, a view that could not start).
 */
export type YotiOutcome = { kind: 'retry_here'; reason: RetryReason } | { kind: 'stop_here'; reason: StopReason } | { kind: 'error'; code: ErrorCode };

const RETRY_HERE: Record<number, RetryReason> = {
  1000: 'cancelled',
  3000: 'unavailable',
  3001: 'offline',
  3002: 'offline',
  4000: 'camera_denied',
  5002: 'liveness_tries',
};

const STOP_HERE: Record<number, StopReason> = {
  5000: 'no_camera',
  5010: 'no_camera',
  5011: 'camera_quality',
  5001: 'browser',
  5007: 'ios_browser',
  7000: 'no_documents',
};

const FLOW_ERRORS: Record<number, ErrorCode> = {
  // The session's token is wrong or expired, or the session is gone: Yoti needs a new session.
  2000: 'session_expired',
  2001: 'session_expired',
  2002: 'session_expired',
  // Launched without its token or id: the attempt's URL is broken.
  2003: 'driver_failed',
  2004: 'driver_failed',
  // The document does not match the one chosen, or its tries are used up: a new session at Yoti.
  4001: 'document_unverified_other',
};

/** Yoti's error code in the step's terms; a code Yoti adds later (or a mobile-only one) is Yoti's problem, not the person's. */
export function outcomeOf(code: number): YotiOutcome {
  const retry = RETRY_HERE[code];
  if (retry) return { kind: 'retry_here', reason: retry };
  const flow = FLOW_ERRORS[code];
  if (flow) return { kind: 'error', code: flow };
  return { kind: 'stop_here', reason: STOP_HERE[code] ?? 'unexpected' };
}
