// The controls over HTTP, as an e2e test without in-process access would use them: scenario,
// planned failures, token expiry, subscribers, events, deliveries and resend, and the index.
import { describe, expect, it } from 'vitest';
import { verifySignicatEvent } from './events.js';
import { ASSURE_PATHS } from './paths.js';
import { eventReceiver, GOOD, harness, ORIGIN } from './testing.js';

const C = '/__emulator__/signicat';

async function control(h: ReturnType<typeof harness>, method: string, path: string, body?: unknown) {
  const res = await h.emu.fetch(`${ORIGIN}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}

describe('signicat controls over HTTP', () => {
  it('lists its controls and every Assure path with its confidence', async () => {
    const h = harness();
    const index = await control(h, 'GET', C);
    expect(index.json.routes).toEqual(ASSURE_PATHS);
    expect(index.json.controls.join('\n')).toMatch(/scenario/);
  });

  it('sets a dossier’s scenario, refusing unknown statuses and dossiers', async () => {
    const h = harness();
    const { dossierId, base, processId } = await h.process();
    expect((await control(h, 'POST', `${C}/dossiers/${dossierId}/scenario`, { status: 'approved' })).status).toBe(400);
    expect((await control(h, 'POST', `${C}/dossiers/nope/scenario`, { status: 'rejected' })).status).toBe(404);
    expect((await control(h, 'POST', `${C}/dossiers/${dossierId}/scenario`, { status: 'rejected' })).json).toEqual({ dossierId, status: 'rejected' });
    await h.call('POST', `${base}/files`, { front: GOOD.front, selfie: GOOD.selfie });
    await h.call('POST', `${base}/verify`);
    await h.emu.controls.waitForEvent({ processId });
    expect((await h.call('GET', base)).json.status).toBe('rejected');
  });

  it('fails the next N calls of one operation, then lets them through', async () => {
    const h = harness();
    const { base } = await h.process();
    expect((await control(h, 'POST', `${C}/failures`, { status: 503, times: 2, operation: 'getProcess' })).status).toBe(201);
    expect((await control(h, 'POST', `${C}/failures`, { status: 404 })).status).toBe(400);
    expect((await h.call('GET', '/assure/dossiers')).status).toBe(200);
    expect((await h.call('GET', base)).status).toBe(503);
    expect((await h.call('GET', base)).status).toBe(503);
    expect((await h.call('GET', base)).status).toBe(200);
    expect((await control(h, 'GET', `${C}/failures`)).json.failures).toEqual([]);
  });

  it('can fail the token endpoint, before client authentication', async () => {
    const h = harness();
    h.emu.controls.failNext({ status: 429, operation: 'token', retryAfterSeconds: 1 });
    const res = await h.emu.fetch(`${ORIGIN}/auth/open/connect/token`, { method: 'POST', body: 'grant_type=client_credentials' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    await control(h, 'POST', `${C}/failures`, { status: 500 });
    expect((await control(h, 'DELETE', `${C}/failures`)).status).toBe(204);
    expect(await h.token()).toEqual(expect.any(String));
  });

  it('expires access tokens', async () => {
    const h = harness();
    const token = await h.token();
    expect((await control(h, 'POST', `${C}/tokens/expire`)).json).toEqual({ expiredTokens: 1 });
    expect((await h.call('GET', '/assure/dossiers', undefined, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('registers subscribers, lists events and deliveries with their bodies, and resends', async () => {
    const r = eventReceiver();
    const h = harness({ fetch: r.fetch });
    expect((await control(h, 'POST', `${C}/subscribers`, { url: 'ftp://x.test/' })).status).toBe(400);
    const sub = await control(h, 'POST', `${C}/subscribers`, { url: 'https://bff.test/events', secret: 'sub-secret' });
    expect(sub.status).toBe(201);
    expect((await control(h, 'GET', `${C}/subscribers`)).json.subscribers).toMatchObject([{ id: sub.json.id, url: 'https://bff.test/events' }]);

    const { base, processId } = await h.process();
    await h.call('POST', `${base}/files`, { front: GOOD.front, selfie: GOOD.selfie });
    await h.call('POST', `${base}/verify`);
    await control(h, 'POST', `${C}/settle`);
    const flushed = await control(h, 'POST', `${C}/events/flush`);
    expect(flushed.json.deliveries).toMatchObject([{ processId, ok: true }]);
    expect((await control(h, 'GET', `${C}/events?processId=${processId}`)).json.events).toMatchObject([{ processId, status: 'accepted' }]);

    const [delivery] = (await control(h, 'GET', `${C}/deliveries?processId=${processId}`)).json.deliveries;
    const body = await control(h, 'GET', `${C}/deliveries/${delivery.id}/body`);
    expect(verifySignicatEvent(body.text, r.received[0]!.signature, 'sub-secret')).toBe(true);
    expect((await control(h, 'POST', `${C}/deliveries/${delivery.id}/resend`)).json).toMatchObject({ redelivery: true, ok: true });
    expect(r.received).toHaveLength(2);
    expect((await control(h, 'POST', `${C}/deliveries/999/resend`)).status).toBe(404);

    expect((await control(h, 'DELETE', `${C}/subscribers/${sub.json.id}`)).status).toBe(204);
    expect((await control(h, 'DELETE', `${C}/subscribers/${sub.json.id}`)).status).toBe(404);
  });

  it('reset forgets dossiers, tokens and added subscribers but keeps configured ones', async () => {
    const h = harness({ subscribers: [{ url: 'https://configured.test/' }] });
    h.emu.controls.addSubscriber({ url: 'https://added.test/' });
    await h.dossier();
    expect((await control(h, 'POST', '/__emulator__/reset')).status).toBe(204);
    expect(h.emu.controls.subscribers().map((s) => s.url)).toEqual(['https://configured.test/']);
    expect((await h.call('GET', '/assure/dossiers', undefined, { authorization: `Bearer ${await h.token()}` })).json).toEqual([]);
  });
});
