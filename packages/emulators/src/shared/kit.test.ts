// The controls every emulator shares, exercised over HTTP on the Turnstile app (the first user).
import { beforeEach, describe, expect, it } from 'vitest';
import { createTurnstileEmulator, type TurnstileEmulator } from '../turnstile/app.js';
import { TURNSTILE_EMULATOR_SECRET } from '../turnstile/keys.js';
import { createClock } from './clock.js';
import { REDACTED, type RecordedRequest } from './request-log.js';

const BASE = 'http://127.0.0.1:4100';
let emu: TurnstileEmulator;
beforeEach(() => {
  emu = createTurnstileEmulator();
});

const call = (path: string, init?: RequestInit) => emu.app.request(`${BASE}${path}`, init);
const postJson = (path: string, body: unknown) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const siteverify = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  call('/turnstile/v0/siteverify', { method: 'POST', body: new URLSearchParams(fields), headers });

describe('GET /__emulator__/requests', () => {
  it('lists calls with secrets, tokens and the visitor IP redacted, other fields intact', async () => {
    const token = emu.controls.mintToken({ hostname: 'a.example' });
    await siteverify(
      { secret: TURNSTILE_EMULATOR_SECRET, response: token, remoteip: '203.0.113.7', idempotency_key: 'k-1' },
      { authorization: 'Bearer sk_live_nope' },
    );
    const res = await call('/__emulator__/requests?path=/turnstile/v0/siteverify');
    const { requests } = (await res.json()) as { requests: RecordedRequest[] };
    expect(requests).toHaveLength(1);
    const [entry] = requests as [RecordedRequest];
    expect(entry).toMatchObject({ method: 'POST', path: '/turnstile/v0/siteverify', status: 200 });
    expect(entry.body).toEqual({ secret: REDACTED, response: REDACTED, remoteip: REDACTED, idempotency_key: 'k-1' });
    expect(entry.headers.authorization).toBe(REDACTED);
    expect(entry.response).toMatchObject({ success: true, hostname: 'a.example' });
    const raw = JSON.stringify(requests);
    for (const secret of [TURNSTILE_EMULATOR_SECRET, token, '203.0.113.7', 'sk_live_nope']) expect(raw).not.toContain(secret);
  });

  it('does not record the control calls themselves, and filters by method', async () => {
    await call('/turnstile/v0/api.js');
    await call('/__emulator__/clock');
    const all = (await (await call('/__emulator__/requests')).json()) as { requests: RecordedRequest[] };
    expect(all.requests.map((r) => r.path)).toEqual(['/turnstile/v0/api.js']);
    const posts = (await (await call('/__emulator__/requests?method=post')).json()) as { requests: RecordedRequest[] };
    expect(posts.requests).toEqual([]);
  });

  it('DELETE clears the log', async () => {
    await call('/turnstile/v0/api.js');
    expect((await call('/__emulator__/requests', { method: 'DELETE' })).status).toBe(204);
    expect(emu.controls.requests()).toEqual([]);
  });
});

describe('clock', () => {
  it('moves forward over HTTP, never backward', async () => {
    const emuAt = createTurnstileEmulator({ clock: createClock(() => Date.parse('2026-01-01T00:00:00Z')) });
    const res = await emuAt.app.request(`${BASE}/__emulator__/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance_seconds: 301 }),
    });
    expect(await res.json()).toEqual({ now: '2026-01-01T00:05:01.000Z', offset_seconds: 301 });
    const back = await emuAt.app.request(`${BASE}/__emulator__/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance_seconds: -5 }),
    });
    expect(back.status).toBe(400);
    expect(await back.json()).toMatchObject({ error: { code: 'validation_failed', details: { issues: [{ path: 'advance_seconds' }] } } });
  });
});

describe('faults', () => {
  it('answer the planned status for the given number of calls, then the real handler again', async () => {
    const res = await postJson('/__emulator__/faults', { path: '/turnstile/v0/siteverify', status: 503, times: 2 });
    expect(res.status).toBe(201);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await siteverify({ secret: TURNSTILE_EMULATOR_SECRET })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(emu.controls.requests().map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('can only delay, so callers can exercise their timeouts', async () => {
    emu.controls.injectFault({ path: '/turnstile/v0/siteverify', delay_ms: 150 });
    const started = performance.now();
    const res = await siteverify({ secret: TURNSTILE_EMULATOR_SECRET });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
  });

  it('match the method when one is given, and are refused when they would do nothing', async () => {
    emu.controls.injectFault({ path: '/turnstile/v0/siteverify', method: 'GET', status: 418 });
    expect((await siteverify({ secret: TURNSTILE_EMULATOR_SECRET })).status).toBe(200);
    expect((await postJson('/__emulator__/faults', { path: '/x' })).status).toBe(400);
    expect(() => emu.controls.injectFault({ path: '/x' })).toThrow(/status, a delay_ms/);
  });
});

describe('reset and errors', () => {
  it('POST /__emulator__/reset forgets requests, faults, tokens and the clock offset', async () => {
    const token = emu.controls.mintToken({ hostname: 'a.example' });
    emu.controls.clock.advance(60);
    emu.controls.injectFault({ path: '/turnstile/v0/siteverify', status: 500 });
    expect((await call('/__emulator__/reset', { method: 'POST' })).status).toBe(204);
    expect(emu.controls.clock.offsetSeconds()).toBe(0);
    const res = await siteverify({ secret: TURNSTILE_EMULATOR_SECRET, response: token });
    expect(res.status).toBe(200); // the fault is gone
    expect(await res.json()).toMatchObject({ 'error-codes': ['invalid-input-response'] }); // so is the token
  });

  it('control errors and unknown routes are JSON {error:{code,message}}', async () => {
    const bad = await call('/__emulator__/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } });
    const missing = await call('/nowhere');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
