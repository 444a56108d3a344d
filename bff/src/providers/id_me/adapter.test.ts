// ID.me end to end against its emulator, wired as the stack wires it: the policy asked for
// follows the session's requirements, the outcome follows the policy ID.me says was completed,
// and Document Passback reaches the host only through 30-second links, within ID.me's limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Requirements } from '@identity-verify/contract/schemas';
import { TEST_API_KEY, TEST_ORIGIN } from '../../testing.js';
import { consentAsShown } from '../../testing-consent.js';
import { startHarness } from '../conformance-kit.js';
import { conformance } from './conformance.js';

const IAL1 = 'http://idmanagement.gov/ns/assurance/ial/1/aal/2';
const IAL2 = 'http://idmanagement.gov/ns/assurance/ial/2/aal/2';

let h: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  h = await startHarness('id_me', conformance);
});
afterAll(async () => h?.close());

async function atIdMe(requirements: Partial<Requirements>) {
  const s = await h.bff.createSession({ requirements });
  const widget = (method: string, path: string, body?: unknown) => h.bff.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
  await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice', 'accepted', { layer: requirements.layer ?? 'humanity' }));
  await widget('POST', '/v1/identity/residence', { country: 'US' });
  const started = await widget('POST', '/v1/identity/verify/initiate', { provider_key: 'id_me', requested_claims: ['verified_human'] });
  expect(started.status, started.text).toBe(201);
  const authorize = new URL(started.json.client.url);
  const signIn = (outcome: 'verified' | 'not_verified' | 'cancel') => h.emulators.id_me!.controls.signIn(authorize, { outcome }) as Promise<URL>;
  const back = (callback: URL) => h.bff.call('GET', `${callback.pathname}${callback.search}`);
  const host = async (include?: string) => (await h.bff.call('GET', `/v1/sessions/${s.id}${include ? `?include=${include}` : ''}`, { auth: TEST_API_KEY })).json;
  return { s, authorize, signIn, back, host };
}

/** A JPEG's width and height, from its start-of-frame segment. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1]!;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (marker >= 0xc0 && marker <= 0xc3) return { height: (bytes[at + 5]! << 8) | bytes[at + 6]!, width: (bytes[at + 7]! << 8) | bytes[at + 8]! };
    at += 2 + length;
  }
  throw new Error('Not a JPEG with a frame header.');
}

const fetchLink = (url: string, size?: string) => {
  const link = new URL(url);
  if (size) link.searchParams.set('size', size);
  return h.bff.app.request(`${link.pathname}${link.search}`);
};

describe('ID.me', () => {
  it('an identity session asks for the IAL2 policy; a verified sign-in gives a human and an identity at high, its data only on request', async () => {
    const t = await atIdMe({ layer: 'identity', min_assurance: 'substantial' });
    expect(t.authorize.pathname).toBe('/oauth/authorize');
    expect(t.authorize.searchParams.get('scope')).toBe(`openid ${IAL2}`);
    await t.back(await t.signIn('verified'));
    const session = await t.host('verified_outputs');
    expect(session).toMatchObject({ status: 'verified', provider_key: 'id_me', provider_result: { provider_key: 'id_me', acr: IAL2 } });
    expect(session.claims.map((c: { type: string; assurance_level: string }) => [c.type, c.assurance_level]).sort()).toEqual([
      ['verified_human', 'high'],
      ['verified_identity', 'high'],
    ]);
    expect(session.verified_outputs).toMatchObject({ first_name: expect.any(String), last_name: expect.any(String), dob: { year: expect.any(Number) } });
    // The single-use access token went to attributes.json once, and never to userinfo.
    const used = h.emulators.id_me!.controls.requests().filter((r: { path: string }) => r.path.startsWith('/api/public/v3/'));
    expect(used.map((r: { path: string }) => r.path)).toEqual(['/api/public/v3/attributes.json']);
  });

  it('the identity profile reports the IAL2 policy completed from what was kept at the callback, asking ID.me nothing more (its token was single use)', async () => {
    const t = await atIdMe({ layer: 'identity', min_assurance: 'substantial' });
    await t.back(await t.signIn('verified'));
    h.emulators.id_me!.controls.clearRequests();
    const report = (await t.host('identity_profile')).identity_profile.verification_report;
    expect(report).toMatchObject({
      trust_framework: 'NONE',
      assurance_process: { level_of_assurance: 'HIGH', policy: 'NIST_800_63_3', procedure: 'IAL2' },
      evidence: { electronic_records: [{ verifying_org: 'ID_ME', identity_details: { given_names: expect.any(String), date_of_birth: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } }] },
      authentication_report: { level: 'AAL2', policy: 'NIST_800_63_3', trust_framework: 'NONE' },
    });
    expect(h.emulators.id_me!.controls.requests()).toEqual([]);
  });

  it('a humanity session asks for the IAL1 policy, reads no attributes and keeps no personal data', async () => {
    h.emulators.id_me!.controls.clearRequests();
    const t = await atIdMe({ layer: 'humanity', min_assurance: 'low' });
    expect(t.authorize.searchParams.get('scope')).toBe(`openid ${IAL1}`);
    await t.back(await t.signIn('verified'));
    const session = await t.host('verified_outputs');
    expect(session.claims.map((c: { type: string; assurance_level: string }) => [c.type, c.assurance_level])).toEqual([['verified_human', 'substantial']]);
    expect(session.verified_outputs).toBeNull();
    expect(h.emulators.id_me!.controls.requests().filter((r: { path: string }) => r.path.startsWith('/api/public/v3/'))).toEqual([]);
  });

  it('an account not verified at IAL2 leaves the identity session waiting for another way; a cancel too', async () => {
    const t = await atIdMe({ layer: 'identity', min_assurance: 'substantial' });
    await t.back(await t.signIn('not_verified'));
    expect(await t.host()).toMatchObject({ status: 'requires_input', last_error: { code: 'verification_failed' }, provider_result: { acr: IAL1 } });
    const c = await atIdMe({ layer: 'identity', min_assurance: 'substantial' });
    await c.back(await c.signIn('cancel'));
    expect(await c.host()).toMatchObject({ status: 'requires_input', last_error: { code: 'abandoned' } });
  });

  it('gives the host document images through 30-second links, resized as asked, 2 a minute per document, a spent token refreshed', async () => {
    const t = await atIdMe({ layer: 'identity', min_assurance: 'substantial' });
    await t.back(await t.signIn('verified'));
    const { images } = await t.host('images');
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image.url).toMatch(/^https:\/\/bff\.test\/v1\/providers\/id_me\/images\/[\w-]+$/);
      expect(new Date(image.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(30_000 + 1000);
    }
    const [front, back] = images as { url: string }[];

    const resized = await fetchLink(front!.url, '300x200');
    expect([resized.status, resized.headers.get('content-type'), resized.headers.get('cache-control')]).toEqual([200, 'image/jpeg', 'no-store']);
    const size = jpegSize(new Uint8Array(await resized.arrayBuffer()));
    // The emulator's front is 500x400: 300x200 keeps the ratio by the smaller side.
    expect(size).toEqual({ width: 250, height: 200 });
    expect((await fetchLink(front!.url)).status).toBe(200);
    const third = await fetchLink(front!.url);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await third.json()).error.code).toBe('rate_limited');
    // The other document has its own allowance.
    expect((await fetchLink(back!.url)).status).toBe(200);
    // ID.me never saw the third request.
    expect(h.emulators.id_me!.controls.requests({ method: 'POST' }).filter((r: { path: string }) => r.path.startsWith('/api/public/v3/documents/') && !r.path.endsWith('/refresh'))).toHaveLength(3);

    // Past 30 s the link is dead; a new one works once the minute has passed and the document token expired (refreshed here).
    h.bff.clock.advance(61_000);
    h.emulators.id_me!.controls.clock.advance(16 * 60);
    expect((await fetchLink(front!.url)).status).toBe(404);
    const fresh = (await t.host('images')).images[0].url;
    const refreshed = await fetchLink(fresh);
    expect(refreshed.status).toBe(200);
    expect(h.emulators.id_me!.controls.requests().some((r: { path: string }) => r.path.endsWith('/refresh'))).toBe(true);

    const reads = (await h.bff.store.auditTrail(t.s.id)).filter((a) => a.action === 'image.read');
    expect(reads.length).toBe(5);
  });
});
