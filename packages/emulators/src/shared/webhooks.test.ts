// The shared dispatcher against a real HTTP receiver: order per endpoint, the delivery log, and
// every control (hold and release, drop, duplicate, delay, retry), each synchronised on flush().
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { mountDeliveryControls } from './webhook-controls.js';
import { WebhookDispatcher, type RetryPolicy } from './webhooks.js';

interface Received {
  path: string;
  body: string;
  signature: string;
}

interface Receiver {
  url(path: string): string;
  received: Received[];
  /** Statuses to answer, in turn; 200 once they run out. `hang` never answers. */
  answers: Array<number | 'hang'>;
  close(): Promise<void>;
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(answers: Array<number | 'hang'> = []): Promise<Receiver> {
  const r = { received: [] as Received[], answers } as Receiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      r.received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-test-signature']) });
      const answer = r.answers.shift() ?? 200;
      if (answer !== 'hang') res.writeHead(answer).end('{"echo":"personal data"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  r.url = (path) => `http://127.0.0.1:${port}${path}`;
  r.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  receivers.push(r);
  return r;
}

interface Target {
  id: string;
  url: string;
  secret: string;
}
type Message = { key: string; text: string };

const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

function dispatcher(options: { retry?: RetryPolicy; timeoutMs?: number } = {}) {
  const delivered: string[] = [];
  const gone = new Set<string>();
  const d = new WebhookDispatcher<Message, Target>({
    name: 'test',
    fetch: (input, init) => globalThis.fetch(input, init),
    timeoutMs: options.timeoutMs ?? 2000,
    keyOf: (m) => m.key,
    sign: (m, t) => {
      if (gone.has(m.key)) return undefined;
      const body = JSON.stringify({ key: m.key, text: m.text });
      return { body, headers: { 'content-type': 'application/json', 'x-test-signature': sign(body, t.secret) } };
    },
    onDelivered: (m, t) => delivered.push(`${m.key}@${t.id}`),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return { d, delivered, gone };
}

const msg = (key: string): Message => ({ key, text: `message ${key}` });
const keysOf = (r: Receiver) => r.received.map((x) => (JSON.parse(x.body) as Message).key);

describe('WebhookDispatcher', () => {
  it('delivers in order per endpoint, signed for each endpoint, and records every attempt', async () => {
    const hook = await receiver();
    const a: Target = { id: 'a', url: hook.url('/a'), secret: 'sa' };
    const b: Target = { id: 'b', url: hook.url('/b'), secret: 'sb' };
    const { d, delivered } = dispatcher();
    for (const key of ['1', '2', '3']) void d.send(msg(key), [a, b]);
    await d.flush();
    expect(hook.received.filter((x) => x.path === '/a').map((x) => JSON.parse(x.body).key)).toEqual(['1', '2', '3']);
    for (const x of hook.received) expect(x.signature).toBe(sign(x.body, x.path === '/a' ? 'sa' : 'sb'));
    expect(d.deliveries().map((r) => [r.message.key, r.target.id, r.status, r.ok, r.attempt, r.redelivery])).toEqual(
      expect.arrayContaining([['1', 'a', 200, true, 1, false], ['3', 'b', 200, true, 1, false]]),
    );
    expect(d.deliveries()).toHaveLength(6);
    expect(delivered.sort()).toEqual(['1@a', '1@b', '2@a', '2@b', '3@a', '3@b']);
  });

  it('records a failing, a hanging and an unreachable endpoint without throwing or keeping their bodies', async () => {
    const failing = await receiver([500]);
    const hanging = await receiver(['hang']);
    const closed = await receiver();
    await closed.close();
    // Long enough that the answering endpoints answer in time on a loaded machine.
    const { d, delivered } = dispatcher({ timeoutMs: 1000 });
    const targets = [failing, hanging, closed].map((r, i): Target => ({ id: `t${i}`, url: r.url('/x'), secret: 's' }));
    const records = await d.send(msg('1'), targets);
    expect(records.map((r) => [r.status, r.ok, r.error])).toEqual([
      [500, false, 'endpoint answered 500'],
      [null, false, 'no answer within 1000 ms'],
      [null, false, 'ECONNREFUSED'],
    ]);
    expect(JSON.stringify(d.deliveries().map(({ message: _m, target: _t, ...rest }) => rest))).not.toContain('personal data');
    expect(delivered).toEqual([]);
  });

  it('records a message that is gone by delivery time', async () => {
    const hook = await receiver();
    const { d, gone } = dispatcher();
    gone.add('1');
    const [record] = await d.send(msg('1'), [{ id: 'a', url: hook.url('/a'), secret: 's' }]);
    expect(record).toMatchObject({ ok: false, request: null, error: 'event no longer exists' });
    expect(hook.received).toEqual([]);
  });

  it('holds while paused and releases in the order asked for: keys named first, then as created', async () => {
    const hook = await receiver();
    const a: Target = { id: 'a', url: hook.url('/a'), secret: 's' };
    const { d } = dispatcher();
    d.pause();
    for (const key of ['1', '2', '3', '4']) await d.send(msg(key), [a]);
    await d.flush();
    expect(hook.received).toEqual([]);
    expect(d.state()).toMatchObject({ paused: true, held: ['1', '2', '3', '4'] });
    await d.release(['3', '1']);
    expect(keysOf(hook)).toEqual(['3', '1', '2', '4']);
    d.pause();
    for (const key of ['5', '6']) await d.send(msg(key), [a]);
    await d.release('reverse');
    expect(keysOf(hook).slice(4)).toEqual(['6', '5']);
    expect(d.state()).toMatchObject({ paused: false, held: [] });
  });

  it('drops the next deliveries: recorded as dropped, never sent, never retried', async () => {
    const hook = await receiver();
    const a: Target = { id: 'a', url: hook.url('/a'), secret: 's' };
    const { d, delivered } = dispatcher({ retry: { attempts: 2, backoffMs: 1 } });
    d.dropNext(2);
    for (const key of ['1', '2', '3']) void d.send(msg(key), [a]);
    await d.flush();
    expect(keysOf(hook)).toEqual(['3']);
    expect(d.deliveries().map((r) => [r.message.key, r.dropped, r.error])).toEqual([
      ['1', true, 'dropped by a test control'],
      ['2', true, 'dropped by a test control'],
      ['3', false, null],
    ]);
    expect(delivered).toEqual(['3@a']);
    expect(d.state().drop).toBe(0);
  });

  it('duplicates the next delivery byte for byte, flagged as a redelivery', async () => {
    const hook = await receiver();
    const a: Target = { id: 'a', url: hook.url('/a'), secret: 's' };
    const { d, delivered } = dispatcher();
    d.duplicateNext();
    await d.send(msg('1'), [a]);
    await d.send(msg('2'), [a]);
    await d.flush();
    expect(keysOf(hook)).toEqual(['1', '1', '2']);
    expect(hook.received[1]).toEqual(hook.received[0]);
    expect(d.deliveries().map((r) => [r.message.key, r.redelivery])).toEqual([
      ['1', false],
      ['1', true],
      ['2', false],
    ]);
    expect(delivered).toEqual(['1@a', '2@a']);
  });

  it('delays the next delivery while keeping its endpoint in order', async () => {
    const hook = await receiver();
    const a: Target = { id: 'a', url: hook.url('/a'), secret: 's' };
    const { d } = dispatcher();
    d.delayNext(150);
    const started = performance.now();
    const first = d.send(msg('1'), [a]);
    const second = d.send(msg('2'), [a]);
    await second;
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    await first;
    expect(keysOf(hook)).toEqual(['1', '2']);
  });

  it('retries a failed delivery with backoff, signing each attempt, until it succeeds', async () => {
    const hook = await receiver([503, 500]);
    const a: Target = { id: 'a', url: hook.url('/a'), secret: 's' };
    const { d, delivered } = dispatcher();
    d.setRetry({ attempts: 3, backoffMs: 20 });
    const started = performance.now();
    await d.send(msg('1'), [a]);
    await d.flush();
    // Backoff doubles: 20 ms, then 40 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(d.deliveries().map((r) => [r.attempt, r.status, r.ok])).toEqual([
      [1, 503, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(delivered).toEqual(['1@a']);
    expect(hook.received).toHaveLength(3);
  });

  it('gives up after the last retry', async () => {
    const hook = await receiver([500, 500, 500]);
    const { d } = dispatcher({ retry: { attempts: 1, backoffMs: 1 } });
    await d.send(msg('1'), [{ id: 'a', url: hook.url('/a'), secret: 's' }]);
    await d.flush();
    expect(d.deliveries().map((r) => [r.attempt, r.ok])).toEqual([
      [1, false],
      [2, false],
    ]);
  });

  it('replays a recorded delivery byte for byte', async () => {
    const hook = await receiver([500]);
    const { d } = dispatcher();
    const [first] = await d.send(msg('1'), [{ id: 'a', url: hook.url('/a'), secret: 's' }]);
    const again = await d.replay(first!.id);
    expect(again).toMatchObject({ redelivery: true, ok: true, status: 200 });
    expect(hook.received[1]).toEqual(hook.received[0]);
    expect(() => d.replay(999)).toThrow(/no such delivery/);
  });

  it('clear() forgets the log and plans, and abandons retries still to come', async () => {
    const hook = await receiver([500]);
    const { d } = dispatcher({ retry: { attempts: 1, backoffMs: 30 } });
    await d.send(msg('1'), [{ id: 'a', url: hook.url('/a'), secret: 's' }]);
    d.dropNext(3);
    d.clear();
    await d.flush();
    expect(hook.received).toHaveLength(1);
    expect(d.deliveries()).toEqual([]);
    expect(d.state()).toEqual({ paused: false, held: [], drop: 0, duplicate: 0, delays_ms: [], retry: { attempts: 1, backoffMs: 30 } });
  });

  it('refuses nonsense counts', () => {
    const { d } = dispatcher();
    expect(() => d.dropNext(-1)).toThrow(RangeError);
    expect(() => d.delayNext(1.5)).toThrow(RangeError);
    expect(() => d.setRetry({ attempts: 99, backoffMs: 1 })).toThrow(/retry attempts/);
  });
});

describe('delivery controls over HTTP', () => {
  it('plans drops, duplicates, delays and retries, and holds and releases', async () => {
    const hook = await receiver();
    const a: Target = { id: 'a', url: hook.url('/a'), secret: 's' };
    const { d } = dispatcher();
    const app = new Hono();
    mountDeliveryControls(app, '/__emulator__/test', d);
    const post = async (path: string, body: unknown = {}) => {
      const res = await app.request(`/__emulator__/test/delivery${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    expect((await post('/drop', { count: 2 })).json).toMatchObject({ drop: 2 });
    expect((await post('/duplicate')).json).toMatchObject({ duplicate: 1 });
    expect((await post('/delay', { ms: 5, count: 2 })).json).toMatchObject({ delays_ms: [5, 5] });
    expect((await post('/retry', { attempts: 2, backoff_ms: 10 })).json).toMatchObject({ retry: { attempts: 2, backoffMs: 10 } });
    expect((await post('/delay', { ms: -1 })).status).toBe(400);
    expect((await post('/retry', { attempts: 50, backoff_ms: 1 })).status).toBe(400);
    expect((await post('/pause')).json).toMatchObject({ paused: true });
    for (const key of ['1', '2', '3']) await d.send(msg(key), [a]);
    expect((await post('/release', { order: 'reverse' })).json).toMatchObject({ sent: 3, paused: false, held: [] });
    expect((await post('/flush')).status).toBe(200);
    // Plans are taken in the order deliveries are asked for: 3 and 2 dropped, 1 delayed and doubled.
    expect(keysOf(hook)).toEqual(['1', '1']);
    expect(d.deliveries().map((r) => [r.message.key, r.dropped, r.redelivery])).toEqual([
      ['3', true, false],
      ['2', true, false],
      ['1', false, false],
      ['1', false, true],
    ]);
    const state = await (await app.request('/__emulator__/test/delivery')).json();
    expect(state).toMatchObject({ drop: 0, duplicate: 0, delays_ms: [5] });
  });
});
