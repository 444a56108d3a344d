// The emulated Web SDK as files (every module it imports is served, as JavaScript), CORS on the
// browser-facing paths only, and its network module run in Node against the emulator in process.
import { describe, expect, it } from 'vitest';
import { fakeImage, harness, ORIGIN, type Harness } from './testing.js';
import { WEB_SDK_PATH, WEB_SDK_PREFIX } from './web-sdk.js';

const PAGE = 'http://127.0.0.1:5173';

describe('GET /web-sdk/v14/Onfido.js', () => {
  it('serves an ES module exporting Onfido, and every module it imports, as cross-origin JavaScript', async () => {
    const h = harness();
    const seen = new Set<string>();
    const pending = [WEB_SDK_PATH];
    while (pending.length) {
      const path = pending.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await h.emu.fetch(`${ORIGIN}${path}`, { headers: { origin: PAGE } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const source = await res.text();
      expect(source).not.toMatch(/\beval\(|new Function\(|\.innerHTML\b|\.style\b|setAttribute\('style'/);
      for (const [, name] of source.matchAll(/from '\.\/([\w.-]+\.js)'/g)) pending.push(`${WEB_SDK_PREFIX}/${name}`);
    }
    expect(seen.size).toBe(6);
    expect(await (await h.emu.fetch(`${ORIGIN}${WEB_SDK_PATH}`)).text()).toMatch(/export const Onfido = \{ init \}/);
    expect((await h.emu.fetch(`${ORIGIN}${WEB_SDK_PREFIX}/secrets.js`)).status).toBe(404);
  });

  it('is named in the emulator index of /__emulator__/onfido, with the ways to expire SDK tokens', async () => {
    const index = await (await harness().emu.fetch(`${ORIGIN}/__emulator__/onfido`)).json();
    expect(index.routes.web_sdk).toContain(WEB_SDK_PATH);
    expect(index.routes.sdk).toContain('POST /v4/workflow_runs/:id/complete');
    expect(index.routes.sdk_auth).toContain('401 bad_referrer');
    expect(index.controls).toContain('POST /__emulator__/clock {advance_seconds} (SDK tokens expire after 5400 s on this clock)');
    expect(index.controls).toContain('POST /__emulator__/onfido/sdk_tokens/expire {applicant_id} (its SDK tokens minted so far answer 401 expired_token; later ones work)');
  });
});

describe('CORS', () => {
  it('answers preflights of the SDK-facing paths for any origin, with the headers the SDK sends', async () => {
    const h = harness();
    for (const path of ['/v3.3/documents', '/v3/live_photos', '/v4/sdk/analytics', '/v4/workflow_runs/x/complete']) {
      const res = await h.emu.fetch(`${ORIGIN}${path}`, {
        method: 'OPTIONS',
        headers: { origin: PAGE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-onfido-sdk-platform,x-onfido-sdk-version' },
      });
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')?.split(',').sort()).toEqual(['authorization', 'content-type', 'x-onfido-sdk-platform', 'x-onfido-sdk-version']);
    }
  });

  it('decorates answers, errors included, but gives the public /v3.6 API none', async () => {
    const h = harness();
    const refused = await h.emu.fetch(`${ORIGIN}/v3.3/documents`, { method: 'POST', headers: { origin: PAGE } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    const api = await h.emu.fetch(`${ORIGIN}/v3.6/applicants`, { method: 'OPTIONS', headers: { origin: PAGE, 'access-control-request-method': 'GET' } });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
    const listed = await h.emu.fetch(`${ORIGIN}/v3.6/applicants`, { headers: { origin: PAGE, authorization: 'Token token=api_sandbox.emulator0000000000000000000000000000' } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// The browser module's network half, imported as the plain ES module the browser gets.
interface ApiModule {
  readToken(token: unknown): { apiUrl: string; applicantId: string; exp: number | null };
  isExpired(claims: { exp: number | null }, nowMs?: number): boolean;
  createApi(o: { token: string; apiUrl: string; fetchImpl: typeof fetch }): {
    uploadDocument(blob: Blob, name: string, type: string, side: string): Promise<{ id: string }>;
    uploadFace(variant: string, blob: Blob, name: string): Promise<{ id: string }>;
  };
}
const load = <T>(name: string): Promise<T> => import(/* @vite-ignore */ new URL(`./assets/${name}`, import.meta.url).href) as Promise<T>;
const failureOf = (p: Promise<unknown>) => p.then(() => null, (e: { kind: string; message: string }) => ({ kind: e.kind, message: e.message }));

async function sdkSession(h: Harness) {
  const { id } = await h.applicant();
  const { token } = (await h.call('POST', '/v3.6/sdk_token', { applicant_id: id })).json;
  const m = await load<ApiModule>('onfido-ui-api.js');
  const claims = m.readToken(token);
  return { id, m, claims, api: m.createApi({ token, apiUrl: claims.apiUrl, fetchImpl: h.emu.fetch }) };
}

describe('the UI module onfido-ui-api.js', () => {
  it('reads the token as the real SDK does and uploads to the token applicant', async () => {
    const h = harness();
    const { id, m, claims, api } = await sdkSession(h);
    expect(claims).toMatchObject({ apiUrl: ORIGIN, applicantId: id });
    expect(m.isExpired(claims)).toBe(false);
    expect(m.isExpired(claims, (claims.exp! + 1) * 1000)).toBe(true);
    const doc = await api.uploadDocument(fakeImage('jpg', 4096), 'front.jpg', 'passport', 'front');
    const face = await api.uploadFace('standard', fakeImage('jpg', 40 * 1024), 'selfie.jpg');
    expect((await h.call('GET', `/v3.6/documents/${doc.id}`)).json).toMatchObject({ applicant_id: id, type: 'passport', side: 'front' });
    expect((await h.call('GET', `/v3.6/live_photos/${face.id}`)).status).toBe(200);
    for (const bad of [undefined, '', 'a.b.c', `x.${btoa('{"urls":{}}')}.y`]) expect(() => m.readToken(bad)).toThrow(expect.objectContaining({ kind: 'invalid_token' }));
  });

  it('turns 422 into a readable refusal, an expired token into expired_token and a dead network into network', async () => {
    const h = harness();
    const { m, claims, api } = await sdkSession(h);
    expect(await failureOf(api.uploadFace('standard', fakeImage('jpg', 1024), 'small.jpg'))).toEqual({ kind: 'validation', message: 'file must be between 32KB and 10MB' });
    const offline = m.createApi({ token: 't', apiUrl: claims.apiUrl, fetchImpl: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await failureOf(offline.uploadFace('standard', fakeImage('jpg', 1024), 'x.jpg'))).toMatchObject({ kind: 'network' });
    h.emu.controls.clock.advance(91 * 60);
    expect(await failureOf(api.uploadDocument(fakeImage('jpg', 4096), 'f.jpg', 'passport', 'front'))).toEqual({
      kind: 'expired_token',
      message: 'The token has expired, please request a new one',
    });
  });

  it('turns a refused referrer into bad_referrer, which ends the session', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const { token } = (await h.call('POST', '/v3.6/sdk_token', { applicant_id: id, referrer: 'https://app.example.com/*' })).json;
    const m = await load<ApiModule>('onfido-ui-api.js');
    const { isFatal } = await load<{ isFatal(f: unknown): boolean }>('onfido-ui-flow.js');
    // What a browser adds by itself: the page's origin as Referer.
    const from = (referer: string): typeof fetch => (input, init) => h.emu.fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), referer } });
    const apiUrl = m.readToken(token).apiUrl;
    const refused = m.createApi({ token, apiUrl, fetchImpl: from('https://other.example.com/') });
    const failure = await failureOf(refused.uploadDocument(fakeImage('jpg', 4096), 'f.jpg', 'passport', 'front'));
    expect(failure).toEqual({ kind: 'bad_referrer', message: 'This page is not allowed to use the SDK token: its address does not match the referrer the token was generated for.' });
    expect(isFatal(failure)).toBe(true);
    const admitted = m.createApi({ token, apiUrl, fetchImpl: from('https://app.example.com/') });
    expect(await admitted.uploadDocument(fakeImage('jpg', 4096), 'f.jpg', 'passport', 'front')).toMatchObject({ id: expect.any(String) });
  });
});

describe('the UI module onfido-ui-flow.js', () => {
  it('turns `steps` into captures, ignoring welcome/complete and refusing what it cannot emulate', async () => {
    const { normaliseSteps } = await load<{ normaliseSteps(steps: unknown, run?: string): unknown[] }>('onfido-ui-flow.js');
    expect(normaliseSteps(['welcome', 'document', { type: 'face', options: { requestedVariant: 'motion' } }, 'complete'])).toEqual([
      { type: 'document', documentTypes: ['passport', 'driving_licence', 'national_identity_card'] },
      { type: 'face', variant: 'motion' },
    ]);
    expect(normaliseSteps([{ type: 'document', options: { documentTypes: { passport: true, driving_licence: false } } }])).toEqual([{ type: 'document', documentTypes: ['passport'] }]);
    expect(normaliseSteps(undefined, 'run-id')).toEqual([expect.objectContaining({ type: 'document' }), { type: 'face', variant: 'standard' }]);
    expect(() => normaliseSteps(['poa'])).toThrow(/poa/);
    expect(() => normaliseSteps([{ type: 'face', options: { requestedVariant: 'hologram' } }])).toThrow(/hologram/);
  });
});
