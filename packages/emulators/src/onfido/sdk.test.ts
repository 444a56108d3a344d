// SDK tokens (claims, urls, base64 the old SDK decoder can read) and the SDK-facing paths.
import { describe, expect, it } from 'vitest';
import { SDK_URL_KEYS, sdkSafeJson } from './sdk-token.js';
import { fakeImage, harness, ORIGIN } from './testing.js';

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
