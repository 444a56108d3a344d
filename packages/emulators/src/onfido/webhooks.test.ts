// Webhooks: registration, X-SHA2-Signature over the raw body, event order, resend.
import { describe, expect, it } from 'vitest';
import { ONFIDO_EMULATOR_WEBHOOK_TOKEN } from './keys.js';
import { fakeImage, harness } from './testing.js';
import { signOnfidoPayload, verifyOnfidoSignature } from './webhooks.js';

function receiver() {
  const received: Array<{ body: string; signature: string | null }> = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    received.push({ body: String(init?.body), signature: new Headers(init?.headers).get('x-sha2-signature') });
    return new Response(null, { status: 200 });
  }) as typeof globalThis.fetch;
  return { received, fetch };
}

describe('signOnfidoPayload', () => {
  it('passes the test vector of PROVIDERS.md', () => {
    const body =
      '{"payload":{"resource_type":"check","action":"check.completed","object":{"id":"chk_1","status":"complete","completed_at_iso8601":"2024-01-01T00:00:00Z","href":"https://api.eu.onfido.com/v3.6/checks/chk_1"}}}';
    expect(signOnfidoPayload(body, 'onfido_webhook_token')).toBe('c47ea90d023eb1f63a0b1d51a6299ec4c78c06c44c04573831013b1a242fb52e');
    expect(verifyOnfidoSignature(body, 'c47ea90d023eb1f63a0b1d51a6299ec4c78c06c44c04573831013b1a242fb52e', 'onfido_webhook_token')).toBe(true);
    expect(verifyOnfidoSignature(`${body} `, 'c47ea90d023eb1f63a0b1d51a6299ec4c78c06c44c04573831013b1a242fb52e', 'onfido_webhook_token')).toBe(false);
  });
});

describe('webhook delivery', () => {
  it('sends check.started, report.completed and check.completed, signed with the webhook token', async () => {
    const r = receiver();
    const h = harness({ fetch: r.fetch, webhooks: [{ url: 'https://hooks.example.com/onfido' }] });
    const { id } = await h.applicant();
    await h.upload('/v3.6/documents', { applicant_id: id, file: fakeImage('jpg', 4096), type: 'passport' });
    const check = (await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: ['document'], asynchronous: false })).json;
    await h.emu.controls.flushWebhooks();
    const actions = r.received.map((x) => JSON.parse(x.body).payload.action);
    expect(actions).toEqual(['check.started', 'report.completed', 'check.completed']);
    for (const x of r.received) expect(verifyOnfidoSignature(x.body, x.signature!, ONFIDO_EMULATOR_WEBHOOK_TOKEN)).toBe(true);
    const last = JSON.parse(r.received[2]!.body).payload;
    expect(last).toMatchObject({ resource_type: 'check', object: { id: check.id, status: 'complete', href: `http://onfido.test/v3.6/checks/${check.id}` } });
    expect(h.emu.controls.deliveries({ action: 'check.completed' })).toMatchObject([{ ok: true, status: 200, resource_id: check.id }]);
  });

  it('registers through the API with its own token and event filter, and resends a delivery byte for byte', async () => {
    const r = receiver();
    const h = harness({ fetch: r.fetch });
    const hook = await h.call('POST', '/v3.6/webhooks', { url: 'https://hooks.example.com/x', events: ['check.completed'] });
    expect(hook.status).toBe(201);
    expect(hook.json.token).toEqual(expect.any(String));
    expect((await h.call('POST', '/v3.6/webhooks', { url: 'http://hooks.example.com/x' })).status).toBe(422);
    const { id } = await h.applicant();
    await h.upload('/v3.6/documents', { applicant_id: id, file: fakeImage('jpg', 4096), type: 'passport' });
    const check = (await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: ['document'], asynchronous: false })).json;
    await h.emu.controls.flushWebhooks();
    expect(r.received).toHaveLength(1);
    expect(verifyOnfidoSignature(r.received[0]!.body, r.received[0]!.signature!, hook.json.token)).toBe(true);

    const [first] = h.emu.controls.deliveries();
    const again = await h.emu.controls.resendDelivery(first!.id);
    expect(again).toMatchObject({ redelivery: true, ok: true });
    expect(r.received[1]).toEqual(r.received[0]);
    expect((await h.call('POST', '/v3.6/webhooks/resend', { data: [{ resource_id: check.id, event: 'check.completed' }] })).status).toBe(204);
    await h.emu.controls.flushWebhooks();
    expect(r.received).toHaveLength(3);
  });

  it('records an unreachable endpoint instead of throwing', async () => {
    const h = harness({ fetch: (async () => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); }) as typeof fetch, webhooks: [{ url: 'http://127.0.0.1:9/x' }] });
    const { id } = await h.applicant();
    await h.upload('/v3.6/documents', { applicant_id: id, file: fakeImage('jpg', 4096), type: 'passport' });
    await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: ['document'], asynchronous: false });
    await h.emu.controls.flushWebhooks();
    expect(h.emu.controls.deliveries()[0]).toMatchObject({ ok: false, status: null, error: 'ECONNREFUSED' });
  });

  it('takes the shared delivery controls: held events go out in the order asked for, each still signed', async () => {
    const r = receiver();
    const h = harness({ fetch: r.fetch, webhooks: [{ url: 'https://hooks.example.com/onfido' }] });
    h.emu.controls.delivery.pause();
    const { id } = await h.applicant();
    await h.upload('/v3.6/documents', { applicant_id: id, file: fakeImage('jpg', 4096), type: 'passport' });
    await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: ['document'], asynchronous: false });
    await h.emu.controls.flushWebhooks();
    expect(r.received).toEqual([]);
    await h.emu.controls.delivery.release('reverse');
    expect(r.received.map((x) => JSON.parse(x.body).payload.action)).toEqual(['check.completed', 'report.completed', 'check.started']);
    for (const x of r.received) expect(verifyOnfidoSignature(x.body, x.signature!, ONFIDO_EMULATOR_WEBHOOK_TOKEN)).toBe(true);
  });
});
