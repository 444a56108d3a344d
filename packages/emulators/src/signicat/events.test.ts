// Assure Events: the envelope POSTed on a final status, signed so verifySignicatEvent accepts the
// raw body and nothing else; unsigned without a secret; deliveries recorded, resent byte for byte.
import { describe, expect, it } from 'vitest';
import { SIGNICAT_EVENT_SIGNATURE_HEADER, signSignicatEvent, verifySignicatEvent } from './events.js';
import { SIGNICAT_EMULATOR_EVENT_SECRET } from './keys.js';
import { eventReceiver, GOOD, harness } from './testing.js';

async function verifiedProcess(h: ReturnType<typeof harness>) {
  const p = await h.process();
  await h.call('POST', `${p.base}/files`, { front: GOOD.front, selfie: GOOD.selfie });
  await h.call('POST', `${p.base}/verify`);
  await h.emu.controls.waitForEvent({ processId: p.processId });
  return p;
}

describe('signSignicatEvent / verifySignicatEvent', () => {
  it('is a lowercase hex HMAC-SHA256 of the raw body', () => {
    // Computed independently: printf '%s' '{"eventName":"process.completed"}' | openssl dgst -sha256 -hmac signicat_emulator_event_secret
    expect(signSignicatEvent('{"eventName":"process.completed"}', SIGNICAT_EMULATOR_EVENT_SECRET)).toBe(
      '8700f54237dfb6d28b7d031d2c99b72aa836ab6f53e9631feffce9dd93b04996',
    );
    const sig = signSignicatEvent('{"a":1}', 'secret');
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignicatEvent('{"a":1}', sig, 'secret')).toBe(true);
    expect(verifySignicatEvent('{"a":1}', sig.toUpperCase(), 'secret')).toBe(true);
    expect(verifySignicatEvent('{"a": 1}', sig, 'secret')).toBe(false);
    expect(verifySignicatEvent('{"a":1}', sig, 'other')).toBe(false);
    expect(verifySignicatEvent('{"a":1}', sig.slice(2), 'secret')).toBe(false);
    expect(verifySignicatEvent('{"a":1}', null, 'secret')).toBe(false);
  });
});

describe('event delivery', () => {
  it('POSTs the Signicat Events envelope on the final status, signed with the default secret', async () => {
    const r = eventReceiver();
    const h = harness({ fetch: r.fetch, subscribers: [{ url: 'https://bff.test/webhooks/signicat' }] });
    const { dossierId, processId } = await verifiedProcess(h);
    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    expect(got!.url).toBe('https://bff.test/webhooks/signicat');
    expect(verifySignicatEvent(got!.body, got!.signature, SIGNICAT_EMULATOR_EVENT_SECRET)).toBe(true);
    const envelope = JSON.parse(got!.body);
    expect(envelope).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      timestamp: expect.any(String),
      sender: 'assure',
      eventName: 'process.completed',
      eventData: { externalReference: dossierId, processId, status: 'accepted' },
      accountId: expect.any(String),
      organizationId: expect.any(String),
      expiresAt: expect.any(String),
      tags: [],
    });
    expect(Date.parse(envelope.expiresAt)).toBeGreaterThan(Date.parse(envelope.timestamp));
    expect(h.emu.controls.deliveries({ processId })).toMatchObject([{ ok: true, status: 200, dossierId, redelivery: false }]);
  });

  it('signs with a subscriber’s own secret, or not at all when it has none', async () => {
    const r = eventReceiver();
    const h = harness({ fetch: r.fetch });
    h.emu.controls.addSubscriber({ url: 'https://a.test/', secret: 'whsec-a' });
    h.emu.controls.addSubscriber({ url: 'https://b.test/', secret: null });
    await verifiedProcess(h);
    const byUrl = Object.fromEntries(r.received.map((x) => [x.url, x]));
    expect(verifySignicatEvent(byUrl['https://a.test/']!.body, byUrl['https://a.test/']!.signature, 'whsec-a')).toBe(true);
    expect(byUrl['https://b.test/']!.signature).toBeNull();
  });

  it('sends nothing while processing, and nothing for a pending process', async () => {
    const r = eventReceiver();
    const h = harness({ fetch: r.fetch, subscribers: [{ url: 'https://bff.test/x' }], processingSeconds: 60 });
    const { base, processId } = await h.process();
    await h.call('POST', `${base}/files`, { front: GOOD.front, selfie: GOOD.selfie });
    await h.call('POST', `${base}/verify`);
    await h.emu.controls.flushEvents();
    expect(r.received).toEqual([]);
    h.emu.controls.clock.advance(60);
    h.emu.controls.settle();
    await h.emu.controls.waitForEvent({ processId });
    expect(r.received).toHaveLength(1);
  });

  it('records a failing subscriber and resends a delivery byte for byte with its signature', async () => {
    const r = eventReceiver(500);
    const h = harness({ fetch: r.fetch, subscribers: [{ url: 'https://bff.test/x' }] });
    const { processId } = await verifiedProcess(h);
    const [first] = h.emu.controls.deliveries({ processId });
    expect(first).toMatchObject({ ok: false, status: 500, error: 'subscriber answered 500' });
    const again = await h.emu.controls.resendDelivery(first!.id);
    expect(again).toMatchObject({ redelivery: true, eventId: first!.eventId });
    expect(r.received[1]).toEqual(r.received[0]);
    expect(h.emu.controls.deliveryBody(first!.id)).toBe(r.received[0]!.body);
  });

  it('retries a failing subscriber when asked to, through the shared delivery controls', async () => {
    const answers = [503];
    const received: string[] = [];
    const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      received.push(String(init?.body));
      return new Response(null, { status: answers.shift() ?? 200 });
    }) as typeof globalThis.fetch;
    const h = harness({ fetch, subscribers: [{ url: 'https://bff.test/x' }] });
    const retry = await h.emu.app.request('/__emulator__/signicat/delivery/retry', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ attempts: 2, backoff_ms: 1 }),
    });
    expect(retry.status).toBe(200);
    const { processId } = await verifiedProcess(h);
    await h.emu.controls.flushEvents();
    expect(h.emu.controls.deliveries({ processId }).map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 503, false],
      [2, 200, true],
    ]);
    expect(received[1]).toBe(received[0]);
  });

  it('records an unreachable subscriber instead of throwing', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as typeof globalThis.fetch;
    const h = harness({ fetch, subscribers: [{ url: 'http://127.0.0.1:9/x' }] });
    const { processId } = await verifiedProcess(h);
    expect(h.emu.controls.deliveries({ processId })[0]).toMatchObject({ ok: false, status: null, error: 'ECONNREFUSED' });
  });

  it('waitForEvent rejects after its timeout, and on reset', async () => {
    const h = harness();
    await expect(h.emu.controls.waitForEvent({ processId: 'never' }, { timeoutMs: 10 })).rejects.toThrow(/no event matching/);
    const waiting = h.emu.controls.waitForEvent({ processId: 'never' });
    h.emu.controls.reset();
    await expect(waiting).rejects.toThrow(/reset/);
  });

  it('uses the header name it exports', () => {
    expect(SIGNICAT_EVENT_SIGNATURE_HEADER).toBe('x-signicat-signature');
  });
});
