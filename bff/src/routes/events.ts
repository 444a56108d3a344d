// The widget follows its session live: a server-sent events stream of the session's state,
// pushed each time it changes (a webhook's verdict, an attempt's next client state). The client
// secret travels in the Authorization header (the widget reads the stream with fetch), never
// in a URL.
import { streamSSE } from 'hono/streaming';
import { LiveStateSchema } from '@identity-verify/contract/schemas';
import type { AppDeps } from '../app.js';
import { ApiError } from '../errors.js';
import type { RouteTable } from '../http/route.js';

export const EVENTS_PATH = '/v1/identity/verify/events';
/** A stream ends after this long; the widget opens a new one (proxies drop idle long streams). */
const STREAM_LIFETIME_MS = 5 * 60_000;
/** A comment line this often keeps the connection from looking idle to proxies. */
const KEEPALIVE_MS = 15_000;

export function eventRoutes(routes: RouteTable, { verification, log }: AppDeps) {
  routes.add(
    {
      method: 'get',
      path: EVENTS_PATH,
      summary:
        'Server-sent events: `state` with the session and its open attempt (LiveState, as /verify/sync answers) now and on each change, until the session is final. Read it with fetch and the client secret in the Authorization header.',
      tag: 'Widget',
      auth: 'client_secret',
      responses: { 200: { description: 'text/event-stream of `state` events', schema: LiveStateSchema } },
    },
    (c) => {
      const session = c.get('session');
      c.header('Cache-Control', 'no-store');
      // Tells nginx and similar proxies not to buffer the stream.
      c.header('X-Accel-Buffering', 'no');
      return streamSSE(c, async (stream) => {
        const done = new AbortController();
        stream.onAbort(() => done.abort());
        const lifetime = setTimeout(() => done.abort(), STREAM_LIFETIME_MS);
        const keepalive = setInterval(() => void stream.write(': keepalive\n\n').catch(() => done.abort()), KEEPALIVE_MS);
        let id = 0;
        try {
          await verification.follow(session, done.signal, (state) => stream.writeSSE({ event: 'state', id: String(++id), data: JSON.stringify(state) }));
        } catch (error) {
          // The stream has begun, so no JSON error can be answered: an `error` event with the public
          // code, and the widget falls back to asking (/verify/sync).
          const code = error instanceof ApiError ? error.code : 'internal_error';
          log({ level: code === 'internal_error' ? 'error' : 'warn', msg: 'live stream ended', code, error_name: error instanceof Error ? error.name : typeof error });
          await stream.writeSSE({ event: 'error', data: JSON.stringify({ code }) }).catch(() => undefined);
        } finally {
          clearTimeout(lifetime);
          clearInterval(keepalive);
        }
      });
    },
  );
}
