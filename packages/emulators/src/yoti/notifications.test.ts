// Notifications: each topic the session listens to reaches its endpoint as `{session_id, topic}`
// with lower-case topics and the ids Yoti adds, carrying Authorization as auth_type says (BASIC:
// base64 of auth_token; BEARER: the token as is), through the shared dispatcher's controls.
import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { createYotiEmulator, type YotiEmulator } from './app.js';
import { notificationAuthorization } from './notifications.js';
import { signedCall } from './testing.js';

interface Received {
  authorization: string | null;
  body: { session_id: string; topic: string; check_id?: string; resource_id?: string; task_id?: string };
}

let received: Received[];
let emu: YotiEmulator;
beforeEach(() => {
  received = [];
  const receiver = new Hono().post('/hook', async (c) => {
    received.push({ authorization: c.req.header('authorization') ?? null, body: await c.req.json() });
    return c.body(null, 200);
  });
  emu = createYotiEmulator({ fetch: async (input, init) => receiver.request(String(input), init) });
});

async function createSession(spec: Record<string, unknown>): Promise<string> {
  const created = await signedCall(emu, 'POST', '/sessions', spec);
  expect(created.status).toBe(201);
  return created.json.session_id;
}

const notifications = (authType: 'BASIC' | 'BEARER' | undefined, topics?: string[]) => ({
  endpoint: 'https://bff.example/hook',
  auth_token: authType === 'BEARER' ? 'bearer-token-123' : 'yoti:notify-secret',
  ...(authType ? { auth_type: authType } : {}),
  ...(topics ? { topics } : {}),
});

describe('session notifications', () => {
  it('BASIC: Authorization is Basic base64(auth_token); lower-case topics in order, each with its id', async () => {
    const id = await createSession({
      requested_checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY' }, { type: 'LIVENESS', config: { liveness_type: 'STATIC', max_retries: 1 } }],
      requested_tasks: [{ type: 'ID_DOCUMENT_TEXT_DATA_EXTRACTION', config: {} }],
      notifications: notifications('BASIC', ['RESOURCE_UPDATE', 'TASK_COMPLETION', 'CHECK_COMPLETION', 'SESSION_COMPLETION']),
    });
    emu.controls.complete(id);
    await emu.controls.delivery.flush();

    expect(new Set(received.map((r) => r.authorization))).toEqual(new Set([`Basic ${Buffer.from('yoti:notify-secret').toString('base64')}`]));
    expect(received.map((r) => r.body.topic)).toEqual(['resource_update', 'resource_update', 'task_completion', 'check_completion', 'check_completion', 'check_completion', 'session_completion']);
    expect(received.every((r) => r.body.session_id === id)).toBe(true);
    const result = emu.controls.session(id)!.result;
    const checkIds = result.checks.map((c) => c.id);
    expect(received.filter((r) => r.body.topic === 'check_completion').map((r) => r.body.check_id)).toEqual(checkIds);
    expect(received[0]!.body.resource_id).toBe((result.resources.id_documents![0] as { id: string }).id);
    expect(received.at(-1)!.body).toEqual({ session_id: id, topic: 'session_completion' });
  });

  it('BEARER: Authorization is Bearer <auth_token>; only the topics asked for are sent', async () => {
    const id = await createSession({ requested_checks: [{ type: 'ID_DOCUMENT_AUTHENTICITY' }], notifications: notifications('BEARER', ['SESSION_COMPLETION', 'CLIENT_SESSION_TOKEN_DELETED']) });
    emu.controls.complete(id);
    await emu.controls.delivery.flush();
    expect(received).toEqual([
      { authorization: 'Bearer bearer-token-123', body: { session_id: id, topic: 'session_completion' } },
      { authorization: 'Bearer bearer-token-123', body: { session_id: id, topic: 'client_session_token_deleted' } },
    ]);
    expect(emu.controls.notifications({ session_id: id }).map((d) => [d.topic, d.status])).toEqual([['session_completion', 200], ['client_session_token_deleted', 200]]);
  });

  it('an error in the user view completes nothing and notifies nobody', async () => {
    const id = await createSession({ notifications: notifications('BASIC') });
    expect(emu.controls.complete(id, { outcome: 4000 })).toEqual({ eventType: 'ERROR', eventCode: 4000 });
    await emu.controls.delivery.flush();
    expect(received).toEqual([]);
    expect(emu.controls.session(id)!.state).toBe('ONGOING');
  });

  it('is held, dropped or duplicated by the shared delivery controls', async () => {
    const id = await createSession({ notifications: notifications(undefined, ['SESSION_COMPLETION']) });
    emu.controls.delivery.pause();
    emu.controls.complete(id);
    expect(received).toEqual([]);
    emu.controls.delivery.duplicateNext();
    await emu.controls.delivery.release();
    await emu.controls.delivery.flush();
    expect(received.map((r) => r.body.topic)).toEqual(['session_completion', 'session_completion']);
    // No auth_type: Yoti's default, BASIC [U].
    expect(received[0]!.authorization).toBe(notificationAuthorization('yoti:notify-secret', 'BASIC'));
  });

  it('refuses an endpoint Yoti could not reach: http on a public host', async () => {
    const res = await signedCall(emu, 'POST', '/sessions', { notifications: { endpoint: 'http://bff.example/hook', topics: ['session_completion'] } });
    expect(res.status).toBe(400);
    const answer = res.json as { code: string; errors: Array<{ property: string }> };
    expect(answer.code).toBe('PAYLOAD_VALIDATION');
    expect(answer.errors.map((e) => e.property).sort()).toEqual(['notifications.endpoint', 'notifications.topics.0']);
  });
});
