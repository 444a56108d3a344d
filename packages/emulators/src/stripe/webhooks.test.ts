// Webhooks as a receiver sees them: signed so stripe-node's constructEvent accepts them, in order,
// sent again or out of order on request, and failures that are recorded but never crash anything.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { STRIPE_EMULATOR_WEBHOOK_SECRET } from './keys.js';
import { startStripe, type RunningStripe } from './testing.js';
import { signStripePayload } from './webhooks.js';

interface Received {
  signature: string;
  body: string;
  userAgent: string;
}

interface Receiver {
  url: string;
  received: Received[];
  status: number;
  close(): Promise<void>;
}

async function startReceiver(options: { status?: number; hang?: boolean } = {}): Promise<Receiver> {
  const receiver = { received: [] as Received[], status: options.status ?? 200 } as Receiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.received.push({ signature: String(req.headers['stripe-signature']), body: Buffer.concat(chunks).toString('utf8'), userAgent: String(req.headers['user-agent']) });
      if (options.hang) return;
      res.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks/stripe`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

const webhooks = Stripe.webhooks;
const parse = (r: Received, secret = STRIPE_EMULATOR_WEBHOOK_SECRET) => webhooks.constructEvent(r.body, r.signature, secret);

let run: RunningStripe;
const receivers: Receiver[] = [];
afterEach(async () => {
  await run.close();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(options?: { status?: number; hang?: boolean }) {
  const r = await startReceiver(options);
  receivers.push(r);
  return r;
}

describe('webhook delivery', () => {
  it('signs every event so stripe.webhooks.constructEvent accepts it, in the order they happened', async () => {
    const hook = await receiver();
    run = await startStripe({ webhooks: [{ url: hook.url }] });
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document', metadata: { ref: 'r1' } });
    run.emu.controls.submitOutcome(s.id, 'verified');
    run.emu.controls.settle();
    await run.emu.controls.flushWebhooks();

    const events = hook.received.map((r) => parse(r));
    expect(events.map((e) => e.type)).toEqual([
      'identity.verification_session.created',
      'identity.verification_session.processing',
      'identity.verification_session.verified',
    ]);
    expect(hook.received[0]?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(hook.received[0]?.userAgent).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
    const verified = events[2] as Stripe.Event;
    expect(verified.data.object).toMatchObject({ id: s.id, object: 'identity.verification_session', status: 'verified', metadata: { ref: 'r1' }, client_secret: null });
    expect(verified.api_version).toBe(Stripe.API_VERSION);
    expect(() => parse(hook.received[0] as Received, 'whsec_someOtherSecret')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => webhooks.constructEvent(`${hook.received[0]?.body} `, hook.received[0]?.signature as string, STRIPE_EMULATOR_WEBHOOK_SECRET)).toThrow();

    expect(run.emu.controls.deliveries().map((d) => [d.event_type, d.status, d.ok])).toEqual(events.map((e) => [e.type, 200, true]));
    const listed = await run.stripe.events.list();
    expect(listed.data.every((e) => e.pending_webhooks === 0)).toBe(true);
  });

  it('matches the signature stripe-node computes for its own test header', async () => {
    const body = JSON.stringify({ id: 'evt_1', object: 'event' });
    const header = webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_abc', timestamp: 1_800_000_000 });
    expect(signStripePayload(body, 'whsec_abc', 1_800_000_000)).toBe(header);
  });

  it('sends an event again on request: same id and body, a fresh valid signature', async () => {
    const hook = await receiver();
    run = await startStripe({ webhooks: [{ url: hook.url, secret: 'whsec_customEndpointSecret' }] });
    await run.stripe.identity.verificationSessions.create({ type: 'id_number' });
    await run.emu.controls.flushWebhooks();
    const first = parse(hook.received[0] as Received, 'whsec_customEndpointSecret');
    const again = await run.emu.controls.resendEvent(first.id);
    expect(again).toMatchObject([{ event_id: first.id, redelivery: true, ok: true }]);
    expect(hook.received).toHaveLength(2);
    expect(parse(hook.received[1] as Received, 'whsec_customEndpointSecret').id).toBe(first.id);
    expect(hook.received[1]?.body).toBe(hook.received[0]?.body.replace('"pending_webhooks": 1', '"pending_webhooks": 0'));
  });

  it('holds events while paused and releases them in the order asked for', async () => {
    const hook = await receiver();
    run = await startStripe({ webhooks: [{ url: hook.url }] });
    run.emu.controls.pauseWebhooks();
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    run.emu.controls.submitOutcome(s.id, 'document_unverified_other');
    run.emu.controls.settle();
    await run.emu.controls.flushWebhooks();
    expect(hook.received).toEqual([]);
    await run.emu.controls.releaseWebhooks('reverse');
    expect(hook.received.map((r) => parse(r).type)).toEqual([
      'identity.verification_session.requires_input',
      'identity.verification_session.processing',
      'identity.verification_session.created',
    ]);
  });

  it('records failing and unreachable endpoints without failing anything else', async () => {
    const failing = await receiver({ status: 500 });
    const hanging = await receiver({ hang: true });
    const closed = await receiver();
    await closed.close();
    run = await startStripe({ webhooks: [{ url: failing.url }, { url: hanging.url }, { url: closed.url }], webhookTimeoutMs: 300 });
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    await run.emu.controls.flushWebhooks();
    const byUrl = Object.fromEntries(run.emu.controls.deliveries().map((d) => [d.url, d]));
    expect(byUrl[failing.url]).toMatchObject({ status: 500, ok: false, error: 'endpoint answered 500' });
    expect(byUrl[hanging.url]).toMatchObject({ status: null, ok: false, error: 'no answer within 300 ms' });
    expect(byUrl[closed.url]).toMatchObject({ status: null, ok: false, error: 'ECONNREFUSED' });
    expect((await run.stripe.identity.verificationSessions.retrieve(s.id)).status).toBe('requires_input');
    expect((await run.stripe.events.list()).data[0]?.pending_webhooks).toBe(3);
  });

  it('can be driven over HTTP: endpoints with event filters, deliveries, out-of-order release, resend', async () => {
    const hook = await receiver();
    run = await startStripe();
    const control = (path: string, body?: unknown) =>
      fetch(`${run.url}/__emulator__/stripe${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const added = await control('/webhook_endpoints', { url: hook.url, enabled_events: ['identity.verification_session.canceled', 'identity.verification_session.created'] });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ id: expect.stringMatching(/^we_/), secret: STRIPE_EMULATOR_WEBHOOK_SECRET });
    await control('/webhooks/pause', {});
    const a = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    const b = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    await run.stripe.identity.verificationSessions.cancel(a.id);
    const events = (await run.stripe.events.list()).data;
    const [cancelA, createdB, createdA] = events.map((e) => e.id) as [string, string, string];
    const released = await control('/webhooks/release', { order: [cancelA, createdB] });
    expect(((await released.json()) as { deliveries: unknown[] }).deliveries).toHaveLength(3);
    expect(hook.received.map((r) => parse(r).id)).toEqual([cancelA, createdB, createdA]);
    expect(parse(hook.received[1] as Received).data.object).toMatchObject({ id: b.id });
    await control(`/events/${createdA}/resend`, {});
    const listed = (await (await control(`/deliveries?event_id=${createdA}`)).json()) as { deliveries: Array<{ redelivery: boolean; ok: boolean }> };
    expect(listed.deliveries.map((d) => [d.redelivery, d.ok])).toEqual([
      [false, true],
      [true, true],
    ]);
    expect((await control('/events/evt_missing/resend', {})).status).toBe(404);
  });

  it('takes the shared delivery controls: a dropped event never arrives, a duplicated one arrives twice, both still signed', async () => {
    const hook = await receiver();
    run = await startStripe({ webhooks: [{ url: hook.url }] });
    const post = (path: string, body: unknown) =>
      fetch(`${run.url}/__emulator__/stripe/delivery${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/drop', {})).status).toBe(200);
    expect((await post('/duplicate', { count: 1 })).status).toBe(200);
    const s = await run.stripe.identity.verificationSessions.create({ type: 'document' });
    await run.stripe.identity.verificationSessions.cancel(s.id);
    await run.emu.controls.flushWebhooks();
    expect(hook.received.map((r) => parse(r).type)).toEqual(['identity.verification_session.canceled', 'identity.verification_session.canceled']);
    expect(run.emu.controls.deliveries().map((d) => [d.event_type, d.dropped, d.redelivery])).toEqual([
      ['identity.verification_session.created', true, false],
      ['identity.verification_session.canceled', false, false],
      ['identity.verification_session.canceled', false, true],
    ]);
    // A dropped delivery never reached the endpoint, so Stripe still counts it as pending.
    const created = (await run.stripe.events.list()).data.find((e) => e.type === 'identity.verification_session.created');
    expect(created?.pending_webhooks).toBe(1);
  });
});
