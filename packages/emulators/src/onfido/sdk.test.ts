// SDK tokens (claims, urls, base64 the old SDK decoder can read), the SDK-facing paths, one
// applicant's tokens expired early, and the token's referrer rule.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ONFIDO_EMULATOR_API_TOKEN } from './keys.js';
import { referrerAllowed, SDK_URL_KEYS, sdkSafeJson } from './sdk-token.js';
import { fakeImage, harness, ORIGIN, type Harness } from './testing.js';

/** The Web SDK's own decoder (onfido-sdk-ui src/components/utils/jwt.ts): fixes only the first -/_. */
const sdkDecode = (token: string) => JSON.parse(atob(token.split('.')[1]!.replace('-', '+').replace('_', '/')));

describe('POST /v3.6/sdk_token', () => {
  it('mints a JWT naming the applicant, referrer, expiry and this emulator for every url', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const res = await h.call('POST', '/v3.6/sdk_token', { applicant_id: id, referrer: 'https://*.example.com/*' });
    expect(res.status).toBe(200);
    const claims = sdkDecode(res.json.token);
    expect(claims.payload).toMatchObject({ app: id, ref: 'https://*.example.com/*', is_sandbox: true });
    expect(claims.exp - Date.now() / 1000).toBeGreaterThan(60 * 60);
    expect(Object.keys(claims.urls).sort()).toEqual([...SDK_URL_KEYS].sort());
    for (const key of SDK_URL_KEYS) expect(claims.urls[key]).toBe(ORIGIN);
    expect(res.json.token.split('.')[1]).not.toMatch(/[-_]/);
  });

  it('produces payloads without - or _ even for values full of > ? ~ and non-ASCII', () => {
    for (let i = 0; i < 200; i++) {
      const value = { ref: `${'?>~é'.repeat(i % 7)}${'a'.repeat(i)}?x>y~`, n: i };
      const b64 = Buffer.from(sdkSafeJson(value)).toString('base64url');
      expect(b64).not.toMatch(/[-_]/);
      expect(JSON.parse(Buffer.from(b64, 'base64url').toString('utf8'))).toEqual(value);
    }
  });

  it('refuses an unknown applicant with 422', async () => {
    const res = await harness().call('POST', '/v3.6/sdk_token', { applicant_id: 'nope' });
    expect(res.status).toBe(422);
    expect(res.json.error.fields).toHaveProperty('applicant_id');
  });
});

describe('SDK-facing paths', () => {
  it('uploads with the SDK token, attributes media to the token applicant and updates consents and location', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const { token } = (await h.call('POST', '/v3.6/sdk_token', { applicant_id: id })).json;
    const bearer = { authorization: `Bearer ${token}` };
    const doc = await h.upload('/v3.3/documents', { file: fakeImage('jpg', 4096), type: 'passport', side: 'front' }, bearer);
    expect(doc.status).toBe(201);
    const photo = await h.upload('/v3/live_photos', { file: fakeImage('png', 40 * 1024) }, bearer);
    expect(photo.status).toBe(201);
    const listed = await h.call('GET', `/v3.6/documents?applicant_id=${id}`);
    expect(listed.json.documents.map((d: { id: string }) => d.id)).toEqual([doc.json.id]);

    const patched = await h.call('PATCH', `/v3.3/applicants/${id}/consents`, [{ name: 'privacy_notices_read', granted: true }], bearer);
    expect(patched.json[0]).toMatchObject({ name: 'privacy_notices_read', granted: true });
    expect((await h.call('PATCH', `/v3.3/applicants/${id}/location`, { country_of_residence: 'USA' }, bearer)).status).toBe(204);
    expect((await h.call('GET', `/v3.6/applicants/${id}`)).json.location.country_of_residence).toBe('USA');
  });

  it('refuses the API token, a forged token, another applicant and an expired token', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const other = await h.applicant();
    const { token } = (await h.call('POST', '/v3.6/sdk_token', { applicant_id: id })).json;
    const file = fakeImage('jpg', 4096);
    expect((await h.upload('/v3.3/documents', { file, type: 'passport' })).status).toBe(401);
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await h.upload('/v3.3/documents', { file, type: 'passport' }, { authorization: `Bearer ${forged}` })).status).toBe(401);
    expect((await h.call('GET', `/v3.3/applicants/${other.id}/consents`, undefined, { authorization: `Bearer ${token}` })).status).toBe(401);
    h.emu.controls.clock.advance(91 * 60);
    const expired = await h.upload('/v3.3/documents', { file, type: 'passport' }, { authorization: `Bearer ${token}` });
    expect(expired.status).toBe(401);
    expect(expired.json.error.type).toBe('expired_token');
  });
});

describe('SDK-facing video paths', () => {
  it('/v3/live_videos creates a live video and /v4/binary_media a motion capture, both listed by the public API', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const { token } = (await h.call('POST', '/v3.6/sdk_token', { applicant_id: id })).json;
    const bearer = { authorization: `Bearer ${token}` };
    const webm = () => new Blob([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4])], { type: 'video/webm' });
    const video = await h.upload('/v3/live_videos', { file: webm() }, bearer);
    const motion = await h.upload('/v4/binary_media', { file: webm() }, bearer);
    expect([video.status, motion.status]).toEqual([201, 201]);
    expect(motion.json).toMatchObject({ file_type: 'webm', href: `/v3.6/motion_captures/${motion.json.id}` });
    expect((await h.call('GET', `/v3.6/live_videos?applicant_id=${id}`)).json.live_videos.map((v: { id: string }) => v.id)).toEqual([video.json.id]);
    expect((await h.call('GET', `/v3.6/motion_captures?applicant_id=${id}`)).json.motion_captures.map((v: { id: string }) => v.id)).toEqual([motion.json.id]);
    expect((await h.upload('/v4/binary_media', { file: fakeImage('jpg', 4096) }, bearer)).status).toBe(422);
  });
});

const mint = async (h: Harness, applicantId: string, referrer?: string): Promise<string> =>
  (await h.call('POST', '/v3.6/sdk_token', { applicant_id: applicantId, ...(referrer ? { referrer } : {}) })).json.token;
const uploadWith = (h: Harness, token: string, headers: Record<string, string> = {}) =>
  h.upload('/v3.3/documents', { file: fakeImage('jpg', 4096), type: 'passport' }, { authorization: `Bearer ${token}`, ...headers });
const EXPIRED = { status: 401, json: { error: { type: 'expired_token', message: 'The token has expired, please request a new one', fields: {} } } };

describe('expiring one applicant\'s SDK tokens', () => {
  it('expires the tokens minted before the call, as if past exp; later tokens and other applicants\' still work', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const other = await h.applicant();
    const first = await mint(h, id);
    const run = (await h.call('POST', '/v3.6/workflow_runs', { workflow_id: randomUUID(), applicant_id: id })).json;
    const others = await mint(h, other.id);
    expect(h.emu.controls.expireSdkTokens(id)).toBe(2);

    expect(await uploadWith(h, first)).toEqual(EXPIRED);
    expect(await h.call('GET', `/v4/workflow_runs/${run.id}`, undefined, { authorization: `Bearer ${run.sdk_token}` })).toEqual(EXPIRED);
    const refreshed = await mint(h, id);
    expect((await uploadWith(h, refreshed)).status).toBe(201);
    expect((await h.call('GET', `/v4/workflow_runs/${run.id}`, undefined, { authorization: `Bearer ${refreshed}` })).status).toBe(200);
    expect((await uploadWith(h, others)).status).toBe(201);
    expect(h.emu.controls.expireSdkTokens(id)).toBe(1);
    expect(() => h.emu.controls.expireSdkTokens(randomUUID())).toThrow(RangeError);

    // The same answer a token past its `exp` gets.
    h.emu.controls.clock.advance(91 * 60);
    expect(await uploadWith(h, others)).toEqual(EXPIRED);
  });

  it('over HTTP: POST /__emulator__/onfido/sdk_tokens/expire {applicant_id}', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const token = await mint(h, id);
    const expire = (body: unknown) =>
      h.emu.fetch(`${ORIGIN}/__emulator__/onfido/sdk_tokens/expire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const done = await expire({ applicant_id: id });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ applicant_id: id, expired_tokens: 1 });
    expect(await uploadWith(h, token)).toEqual(EXPIRED);
    const unknown = await expire({ applicant_id: 'nope' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: 'No such applicant: nope' } });
    expect((await expire({})).status).toBe(400);
  });
});

describe('the SDK token\'s referrer', () => {
  const PAGE = 'http://127.0.0.1:3000';

  it('admits the pages its pattern matches, the origin-only Referer a browser sends cross-origin included', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const token = await mint(h, id, `${PAGE}/*`);
    expect((await uploadWith(h, token, { referer: `${PAGE}/` })).status).toBe(201);
    expect((await uploadWith(h, token, { referer: `${PAGE}/verify?step=2` })).status).toBe(201);
    expect((await h.call('GET', `/v3.3/applicants/${id}/consents`, undefined, { authorization: `Bearer ${token}`, referer: `${PAGE}/` })).status).toBe(200);
  });

  it('refuses another page, or none, with 401 bad_referrer on every SDK-facing path', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const token = await mint(h, id, `${PAGE}/*`);
    expect(await uploadWith(h, token, { referer: 'http://127.0.0.1:3001/' })).toEqual({
      status: 401,
      json: { error: { type: 'bad_referrer', message: 'Unexpected referrer: http://127.0.0.1:3001/, please check the referrer used to generate the token', fields: {} } },
    });
    expect((await uploadWith(h, token)).json.error.message).toBe('Unexpected referrer: , please check the referrer used to generate the token');
    const bearer = { authorization: `Bearer ${token}`, referer: 'https://elsewhere.example/' };
    for (const [method, path] of [['GET', `/v3.3/applicants/${id}/consents`], ['POST', '/v4/sdk/analytics'], ['POST', '/v3.3/sdk/configurations']] as const) {
      const res = await h.call(method, path, method === 'POST' ? {} : undefined, bearer);
      expect([path, res.status, res.json?.error?.type]).toEqual([path, 401, 'bad_referrer']);
    }
    // The public API and the module files are not guarded by it.
    expect((await h.call('GET', `/v3.6/applicants/${id}`, undefined, { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}`, referer: 'https://elsewhere.example/' })).status).toBe(200);
  });

  it('a token minted without a referrer admits any page, and requests with no Referer', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const token = await mint(h, id);
    expect((await uploadWith(h, token)).status).toBe(201);
    expect((await uploadWith(h, token, { referer: 'https://anywhere.example/x' })).status).toBe(201);
  });

  it.each([
    ['*://*/*', undefined, true],
    ['https://*.example.com/*', 'https://app.example.com/verify', true],
    ['https://*.example.com/*', 'https://example.com/', false],
    ['https://*.example.com/*', 'http://app.example.com/', false],
    ['https://*.example.com/*', 'https://evil.test/.example.com/', false],
    ['*://*.mydomain.com/*', 'http://dev.mydomain.com:3005/', false],
    ['*://*.mydomain.com:*/*', 'http://dev.mydomain.com:3005/', true],
    ['http://dev.mydomain.com:3005', 'http://dev.mydomain.com:3005/', false],
    ['http://dev.mydomain.com:3005/', 'http://dev.mydomain.com:3005/', true],
    ['http://127.0.0.1:3000/*', 'http://127.0.0.1:3000/', true],
    ['http://127.0.0.1:3000/*', 'http://127.0.0.1:30000/', false],
    ['http://127.0.0.1:3000/*', undefined, false],
    ['http://a.test/(x)+?/*', 'http://a.test/(x)+?/y', true],
  ] as const)('referrerAllowed(%s, %s) is %s', (pattern, referer, allowed) => {
    expect(referrerAllowed(pattern, referer)).toBe(allowed);
  });
});
