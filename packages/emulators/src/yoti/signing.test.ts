// Every IDV API call is signed: the emulator checks X-Yoti-Auth-Digest over exactly what Yoti's SDK
// signs, and refuses a wrong digest, a reused nonce, a stale timestamp, a missing sdkId and an app
// it does not know, each with Yoti's status and `{code, message}` body.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Payload, RequestBuilder } from 'yoti';
import { createClock } from '../shared/clock.js';
import { createYotiEmulator, type YotiEmulator } from './app.js';
import { generateYotiApp } from './keys.js';
import { digestMessage, signYotiMessage, TIMESTAMP_WINDOW_MS } from './signing.js';

const BASE = 'https://api.yoti.com/idverify/v1';
const NOW = Date.parse('2026-12-07T10:00:00.000Z');
let emu: YotiEmulator;
beforeEach(() => {
  emu = createYotiEmulator({ clock: createClock(() => NOW) });
});

interface Signed {
  method?: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  nonce?: string | null;
  timestamp?: number | null;
  pem?: string;
  digest?: (real: string) => string | null;
}

/** A request signed by hand, the SDK's way, with each part open to spoiling. */
async function call(o: Signed) {
  const query = new URLSearchParams({ sdkId: emu.controls.app.sdkId, ...o.query });
  if (o.nonce !== null) query.set('nonce', o.nonce ?? randomUUID());
  if (o.timestamp !== null) query.set('timestamp', String(o.timestamp ?? NOW));
  const pathWithQuery = `${o.path}?${query}`;
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  const method = o.method ?? (body ? 'POST' : 'GET');
  const real = signYotiMessage(digestMessage(method, pathWithQuery, body), o.pem ?? emu.controls.app.privateKeyPem);
  const digest = o.digest ? o.digest(real) : real;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(digest ? { 'X-Yoti-Auth-Digest': digest } : {}) };
  const res = await emu.fetch(`${BASE}${pathWithQuery}`, { method, headers, body });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
}

const minimalSession = { client_session_token_ttl: 600 };

describe('what the SDK signs', () => {
  it('accepts a request built and signed by yoti@4.13.2 RequestBuilder, body included', async () => {
    const request = new RequestBuilder()
      .withBaseUrl(BASE)
      .withPemString(emu.controls.app.privateKeyPem)
      .withEndpoint('/sessions')
      .withQueryParam('sdkId', emu.controls.app.sdkId)
      .withPost()
      .withPayload(new Payload(minimalSession))
      .build();
    // The SDK stamps Date.now(): let the emulator's clock be the real one for this call.
    const live = createYotiEmulator();
    const res = await live.fetch(request.getUrl(), { method: 'POST', headers: request.getHeaders(), body: String(request.getPayload()!.getPayloadData()) });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ client_session_token_ttl: 600 });
  });

  it('takes the message as METHOD&path-relative-to-base?query and &base64(body) only for a payload', () => {
    expect(digestMessage('get', '/sessions/x?sdkId=a&nonce=n&timestamp=1')).toBe('GET&/sessions/x?sdkId=a&nonce=n&timestamp=1');
    expect(digestMessage('POST', '/sessions?sdkId=a', '{"a":1}')).toBe(`POST&/sessions?sdkId=a&${Buffer.from('{"a":1}').toString('base64')}`);
    expect(digestMessage('DELETE', '/sessions/x?sdkId=a', 'ignored')).toBe('DELETE&/sessions/x?sdkId=a');
  });

  it('accepts a timestamp in seconds, as Yoti documents it', async () => {
    expect((await call({ path: '/sessions', body: minimalSession, timestamp: Math.floor(NOW / 1000) })).status).toBe(201);
  });
});

describe('refusals', () => {
  it('a wrong digest: 401 INVALID_DIGEST', async () => {
    const other = generateYotiApp();
    expect(await call({ path: '/sessions', body: minimalSession, pem: other.privateKeyPem })).toEqual({
      status: 401,
      body: { code: 'INVALID_DIGEST', message: 'The request signature is not valid' },
    });
  });

  it('a body changed after signing: 401 INVALID_DIGEST', async () => {
    const query = new URLSearchParams({ sdkId: emu.controls.app.sdkId, nonce: randomUUID(), timestamp: String(NOW) });
    const digest = signYotiMessage(digestMessage('POST', `/sessions?${query}`, JSON.stringify(minimalSession)), emu.controls.app.privateKeyPem);
    const res = await emu.fetch(`${BASE}/sessions?${query}`, { method: 'POST', headers: { 'X-Yoti-Auth-Digest': digest }, body: JSON.stringify({ client_session_token_ttl: 6000 }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'INVALID_DIGEST' });
  });

  it('a reused nonce: the first call passes, the replay gets 401 INVALID_NONCE', async () => {
    const nonce = randomUUID();
    expect((await call({ path: '/sessions', body: minimalSession, nonce })).status).toBe(201);
    expect(await call({ path: '/sessions', body: minimalSession, nonce })).toEqual({ status: 401, body: { code: 'INVALID_NONCE', message: 'The nonce has already been used' } });
  });

  it('a stale or future timestamp: 401 INVALID_TIMESTAMP', async () => {
    expect((await call({ path: '/sessions', body: minimalSession, timestamp: NOW - TIMESTAMP_WINDOW_MS - 1000 })).body).toMatchObject({ code: 'INVALID_TIMESTAMP' });
    expect((await call({ path: '/sessions', body: minimalSession, timestamp: NOW + TIMESTAMP_WINDOW_MS + 1000 })).status).toBe(401);
    emu.controls.clock.advance(TIMESTAMP_WINDOW_MS / 1000 + 1);
    expect((await call({ path: '/sessions', body: minimalSession })).status).toBe(401);
  });

  it('no sdkId, nonce, timestamp or digest: 400 naming what is missing', async () => {
    const stripped = async (drop: string) => {
      const query = new URLSearchParams({ sdkId: emu.controls.app.sdkId, nonce: randomUUID(), timestamp: String(NOW) });
      query.delete(drop);
      const digest = signYotiMessage(digestMessage('GET', `/sessions/x?${query}`), emu.controls.app.privateKeyPem);
      const res = await emu.fetch(`${BASE}/sessions/x?${query}`, { headers: drop === 'digest' ? {} : { 'X-Yoti-Auth-Digest': digest } });
      return { status: res.status, code: ((await res.json()) as { code: string }).code };
    };
    expect(await stripped('sdkId')).toEqual({ status: 400, code: 'MISSING_APP_ID' });
    expect(await stripped('nonce')).toEqual({ status: 400, code: 'MISSING_NONCE' });
    expect(await stripped('timestamp')).toEqual({ status: 400, code: 'MISSING_TIMESTAMP' });
    expect(await stripped('digest')).toEqual({ status: 400, code: 'MISSING_DIGEST' });
  });

  it('an app the emulator does not know: 404 INVALID_APP_ID; another app\'s session: 404 SESSION_NOT_FOUND', async () => {
    expect((await call({ path: '/sessions', body: minimalSession, query: { sdkId: randomUUID() } })).body).toMatchObject({ code: 'INVALID_APP_ID' });
    const other = generateYotiApp(randomUUID());
    const two = createYotiEmulator({ clock: createClock(() => NOW), apps: [emu.controls.app, other] });
    emu = two;
    const created = await call({ path: '/sessions', body: minimalSession });
    const id = created.body!.session_id as string;
    expect((await call({ path: `/sessions/${id}` })).status).toBe(200);
    expect(await call({ path: `/sessions/${id}`, query: { sdkId: other.sdkId }, pem: other.privateKeyPem })).toEqual({ status: 404, body: { code: 'SESSION_NOT_FOUND', message: 'Session not found' } });
  });

  it('the sandbox response configuration exists only on the sandbox base', async () => {
    const id = (await call({ path: '/sessions', body: minimalSession })).body!.session_id as string;
    const query = new URLSearchParams({ sdkId: emu.controls.app.sdkId, nonce: randomUUID(), timestamp: String(NOW) });
    const body = JSON.stringify({ check_reports: {} });
    const digest = signYotiMessage(digestMessage('PUT', `/sessions/${id}/response-config?${query}`, body), emu.controls.app.privateKeyPem);
    const production = await emu.fetch(`${BASE}/sessions/${id}/response-config?${query}`, { method: 'PUT', headers: { 'X-Yoti-Auth-Digest': digest }, body });
    expect(production.status).toBe(404);
    expect(await production.json()).toMatchObject({ code: 'NOT_FOUND' });
    query.set('nonce', randomUUID());
    const sandboxDigest = signYotiMessage(digestMessage('PUT', `/sessions/${id}/response-config?${query}`, body), emu.controls.app.privateKeyPem);
    const sandbox = await emu.fetch(`https://api.yoti.com/sandbox/idverify/v1/sessions/${id}/response-config?${query}`, { method: 'PUT', headers: { 'X-Yoti-Auth-Digest': sandboxDigest }, body });
    expect(sandbox.status).toBe(200);
  });

  it('records calls with the digest and personal fields redacted', async () => {
    await call({ path: '/sessions', body: { ...minimalSession, subject: { subject_id: 'person-42' }, notifications: { endpoint: 'https://bff.example/hook', auth_token: 'user:secret' } } });
    const [logged] = emu.controls.requests({ path: '/idverify/v1/sessions' });
    expect(logged!.headers['x-yoti-auth-digest']).toBe('[redacted]');
    expect(JSON.stringify(logged!.body)).not.toMatch(/person-42|user:secret/);
  });
});
