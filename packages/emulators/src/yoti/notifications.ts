// Yoti's session notifications: a POST of `{session_id, topic}` (plus `resource_id`, `task_id` or
// `check_id`) to the session's `notifications.endpoint`, the topic in lower case although the
// create body names topics in upper case, with `Authorization: Basic base64(auth_token)` for
// auth_type BASIC (the default [U]) or `Bearer <auth_token>` for BEARER [S dev-docs notifications.md].
// No signature: the auth token is the receiver's proof. Sent through the shared dispatcher, so
// tests can hold, drop, duplicate or reorder them.
import { deliveryOutcome, WebhookDispatcher, type DeliveryRecord } from '../shared/webhooks.js';
import type { YotiSession } from './model.js';
import type { NotificationTopic } from './specification.js';

export interface NotificationTarget {
  id: string;
  url: string;
  /** The Authorization header value, or null when the session set no auth_token. */
  authorization: string | null;
}

export interface NotificationMessage {
  key: string;
  sessionId: string;
  topic: Lowercase<NotificationTopic>;
  body: string;
}

export interface NotificationDelivery {
  id: number;
  session_id: string;
  topic: string;
  url: string;
  body: string;
  redelivery: boolean;
  attempt: number;
  dropped: boolean;
  status: number | null;
  ok: boolean;
  error: string | null;
  duration_ms: number;
}

/** The Authorization header Yoti sends for a session's notification settings. */
export function notificationAuthorization(authToken: string | undefined, authType: string | undefined): string | null {
  if (!authToken) return null;
  return authType === 'BEARER' ? `Bearer ${authToken}` : `Basic ${Buffer.from(authToken, 'utf8').toString('base64')}`;
}

const view = (r: DeliveryRecord<NotificationMessage, NotificationTarget>): NotificationDelivery => ({
  id: r.id,
  session_id: r.message.sessionId,
  topic: r.message.topic,
  url: r.target.url,
  body: r.message.body,
  ...deliveryOutcome(r),
});

export class YotiNotifications {
  readonly dispatcher: WebhookDispatcher<NotificationMessage, NotificationTarget>;
  #nextKey = 1;

  constructor(o: { fetch: typeof fetch; timeoutMs: number }) {
    this.dispatcher = new WebhookDispatcher({
      name: 'yoti',
      fetch: o.fetch,
      timeoutMs: o.timeoutMs,
      keyOf: (m) => m.key,
      sign: (m, target) => ({
        body: m.body,
        headers: { 'content-type': 'application/json', ...(target.authorization ? { authorization: target.authorization } : {}) },
      }),
    });
  }

  /** Notifies the session's endpoint of one event, if it listens to the topic (all topics when it named none [U]). */
  notify(s: YotiSession, topic: NotificationTopic, ids: { resource_id?: string; task_id?: string; check_id?: string } = {}): void {
    const settings = s.spec.notifications;
    if (!settings) return;
    if (settings.topics && settings.topics.length > 0 && !settings.topics.includes(topic)) return;
    const lower = topic.toLowerCase() as Lowercase<NotificationTopic>;
    const body = JSON.stringify({ session_id: s.id, topic: lower, ...ids });
    const target = { id: settings.endpoint, url: settings.endpoint, authorization: notificationAuthorization(settings.auth_token, settings.auth_type) };
    void this.dispatcher.send({ key: `notification_${this.#nextKey++}`, sessionId: s.id, topic: lower, body }, [target]);
  }

  deliveries(filter: { session_id?: string; topic?: string } = {}): NotificationDelivery[] {
    return this.dispatcher
      .deliveries()
      .map(view)
      .filter((d) => (!filter.session_id || d.session_id === filter.session_id) && (!filter.topic || d.topic === filter.topic));
  }

  flush(): Promise<void> {
    return this.dispatcher.flush();
  }

  clear(): void {
    this.dispatcher.clear();
  }
}
