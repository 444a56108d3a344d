// What the person does in the emulated user view, apart from any page: open it with a session id
// and token (refused with the web client's 2000-series codes), then finish it as verified, with
// the document rejected (identity profile not met), or with one of the client errors Yoti lists.
// Finishing verified or rejected completes the session: resources, checks, identity profile, and
// notifications in the order Yoti's topics describe the work. An error leaves it ongoing.
import type { YotiNotifications } from './notifications.js';
import { yotiPerson, type YotiTestPerson } from './people.js';
import type { YotiSession, YotiStore } from './model.js';
import { buildCompletion, type CompletingOutcome } from './results.js';

/** The error codes the web view can emulate, with what they mean [S specs/yoti-idv-web-client.json]. */
export const WEB_ERROR_CODES = {
  4000: 'Camera permission not granted',
  4001: 'Document does not match the selection, or attempts exceeded',
  5000: 'No camera and upload not allowed',
  5001: 'Unsupported browser for liveness',
  5002: 'No more liveness tries',
  5004: 'Unexpected internal error',
  5006: 'Unexpected liveness error',
  5007: 'iOS browser other than Safari',
  5008: 'Unsupported configuration',
  5010: 'Camera failed and no alternative capture method',
  5011: 'Camera below minimum resolution',
  7000: 'The person does not have the required documents',
  3000: 'Yoti services down',
  3002: 'No network',
} as const;
export type WebErrorCode = keyof typeof WEB_ERROR_CODES;

/** The launch refusals: the view shows them and posts them as errors. */
export const LAUNCH_ERROR_CODES = {
  2000: 'Unauthorised request (wrong or expired session token)',
  2001: 'Session not found',
  2002: 'Session expired',
  2003: 'Launched without a session token',
  2004: 'Launched without a session ID',
} as const;
export type LaunchErrorCode = keyof typeof LAUNCH_ERROR_CODES;

export type UserOutcome = CompletingOutcome | { error: WebErrorCode };

/** The message the view posts to its parent page. */
export type ClientEvent = { eventType: 'SUCCESS' } | { eventType: 'ERROR'; eventCode: number };

export type Launch = { ok: true; session: YotiSession } | { ok: false; code: LaunchErrorCode };

export function launch(store: YotiStore, sessionId: string | undefined, token: string | undefined): Launch {
  if (!sessionId) return { ok: false, code: 2004 };
  if (!token) return { ok: false, code: 2003 };
  const session = store.sessions.get(sessionId);
  if (!session) return { ok: false, code: 2001 };
  if (session.clientSessionToken !== token || session.tokenDeleted) return { ok: false, code: 2000 };
  if (store.state(session) === 'EXPIRED') return { ok: false, code: 2002 };
  return { ok: true, session };
}

export function parseOutcome(value: string | undefined): UserOutcome | null {
  if (value === 'verified' || value === 'profile_not_met') return value;
  const code = Number(value?.replace(/^error_/, ''));
  return code in WEB_ERROR_CODES ? { error: code as WebErrorCode } : null;
}

export interface FinishResult {
  event: ClientEvent;
  person: YotiTestPerson;
}

/** Ends the view for a launched session; throws (with a message for the page) on an unknown person. */
export function finish(store: YotiStore, notifications: YotiNotifications, s: YotiSession, personId: string | undefined, outcome: UserOutcome): FinishResult {
  const person = yotiPerson(personId);
  if (!person) throw new RangeError(`No test person ${JSON.stringify(personId)}.`);
  if (typeof outcome === 'object') return { event: { eventType: 'ERROR', eventCode: outcome.error }, person };
  const completion = buildCompletion(store, s, person, outcome);
  s.completion = completion;
  s.tokenDeleted = true;
  for (const id of completion.resourceIds) notifications.notify(s, 'RESOURCE_UPDATE', { resource_id: id });
  for (const id of completion.taskIds) notifications.notify(s, 'TASK_COMPLETION', { task_id: id });
  for (const check of completion.checks) notifications.notify(s, 'CHECK_COMPLETION', { check_id: check.id });
  notifications.notify(s, 'SESSION_COMPLETION');
  notifications.notify(s, 'CLIENT_SESSION_TOKEN_DELETED');
  return { event: { eventType: 'SUCCESS' }, person };
}
