// What a test in another process (e2e) can do over HTTP under /__emulator__/yoti/, and the session
// lifecycle on the emulator's clock: the token's TTL or session_deadline, then resources_ttl, after
// which the session and its media are gone.
import { beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../shared/clock.js';
import { createYotiEmulator, type YotiEmulator } from './app.js';
import { YOTI_CONTROL } from './controls-http.js';
import { signedCall } from './testing.js';

const NOW = Date.parse('2026-12-07T10:00:00.000Z');
let emu: YotiEmulator;
beforeEach(() => {
  emu = createYotiEmulator({ clock: createClock(() => NOW) });
});

const control = async (method: string, path: string, body?: unknown) => {
  const res = await emu.fetch(`http://127.0.0.1${YOTI_CONTROL}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: res.status === 204 ? null : ((await res.json()) as any) };
};

describe('the HTTP controls', () => {
  it('give the app credentials, configure a session, complete it as a person, and list its notifications', async () => {
    const app = await control('GET', '/app');
    expect(app.json).toMatchObject({ sdk_id: emu.controls.app.sdkId });
    expect(app.json.private_key_pem).toContain('BEGIN RSA PRIVATE KEY');

    const created = await signedCall(emu, 'POST', '/sessions', {
      requested_checks: [{ type: 'ID_DOCUMENT_FACE_MATCH', config: { manual_check: 'NEVER' } }],
      notifications: { endpoint: 'http://127.0.0.1:1/hook', topics: ['SESSION_COMPLETION'] },
    });
    const id = created.json.session_id as string;
    const config = { check_reports: { ID_DOCUMENT_FACE_MATCH: [{ result: { report: { recommendation: { value: 'REJECT', reason: 'FACE_NOT_GENUINE' } } } }] } };
    expect((await control('PUT', `/sessions/${id}/response-config`, config)).status).toBe(204);
    expect((await control('PUT', `/sessions/${id}/response-config`, { check_reports: { LIVENESS: [{ result: { report: { recommendation: { value: 'MAYBE' } } } }] } })).status).toBe(400);

    expect((await control('POST', `/sessions/${id}/complete`, { person: 'lucia', outcome: 4000 })).json).toEqual({ eventType: 'ERROR', eventCode: 4000 });
    expect((await control('POST', `/sessions/${id}/complete`, { person: 'nobody' })).status).toBe(400);
    expect((await control('POST', `/sessions/${id}/complete`, { person: 'lucia' })).json).toEqual({ eventType: 'SUCCESS' });
    expect((await control('POST', `/sessions/${id}/complete`)).json.error.code).toBe('view_refused');

    const view = (await control('GET', `/sessions/${id}`)).json;
    expect(view).toMatchObject({ sessionId: id, state: 'COMPLETED', personId: 'lucia' });
    expect(view.result.checks[0].report.recommendation).toEqual({ value: 'REJECT', reason: 'FACE_NOT_GENUINE' });
    expect(view.result.checks[0].report.breakdown).toEqual([{ sub_check: 'ai_face_match', result: 'FAIL', details: [] }]);

    await emu.controls.delivery.flush();
    const sent = (await control('GET', `/notifications?session_id=${id}`)).json.notifications;
    // Nothing listens on port 1: recorded as a failed delivery, never thrown.
    expect(sent).toMatchObject([{ topic: 'session_completion', ok: false, status: null }]);
  });
});

describe('the session lifecycle on the emulator clock', () => {
  it('the token lives client_session_token_ttl, then the session is EXPIRED; after resources_ttl it is gone', async () => {
    const id = (await signedCall(emu, 'POST', '/sessions', { client_session_token_ttl: 600, resources_ttl: 600 + 86_400 })).json.session_id;
    emu.controls.clock.advance(100);
    expect((await signedCall(emu, 'GET', `/sessions/${id}`)).json).toMatchObject({ state: 'ONGOING', client_session_token_ttl: 500 });
    emu.controls.clock.advance(500);
    expect((await signedCall(emu, 'GET', `/sessions/${id}`)).json).toMatchObject({ state: 'EXPIRED', client_session_token_ttl: 0 });
    emu.controls.clock.advance(86_400);
    expect(await signedCall(emu, 'GET', `/sessions/${id}`)).toEqual({ status: 404, json: { code: 'SESSION_NOT_FOUND', message: 'Session not found' } });
  });

  it('a session_deadline sets how long the token lives', async () => {
    const created = await signedCall(emu, 'POST', '/sessions', { session_deadline: new Date(NOW + 3_600_000).toISOString() });
    expect(created.json.client_session_token_ttl).toBe(3600);
  });
});
