// Events to the host backend: signed as documented (and checked by the verifier hosts use), written
// with the change that made them, delivered at least once with retries, taken once by a receiver
// that keeps event ids; two replicas on one PostgreSQL deliver each event once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { SIGNATURE_HEADER, signHostEvent, verifyHostEvent, type HostEvent } from '@identity-verify/contract/host-events';
import { AdjustableClock } from '../clock.js';
import { Secret } from '../security/secret.js';
import { createPiiBox } from '../security/pii.js';
import { migrateToLatest, openDatabase, type Db } from '../store/database.js';
import { createStore } from '../store/store.js';
import { createTestBff, TEST_API_KEY } from '../testing.js';
import { newId } from '../security/tokens.js';
import { deliverDueEvents, sealEndpointSecret } from './delivery.js';

/** A host backend's receiver: answers as told, verifies each event, and applies each event id once. */
function receiver(secret: () => string) {
  const received: { id: string; type: string; verified: boolean }[] = [];
  const applied = new Map<string, HostEvent>();
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const status = answers.shift() ?? 200;
      try {
        const event = await verifyHostEvent(secret(), body, req.headers[SIGNATURE_HEADER.toLowerCase()] as string);
        received.push({ id: event.id, type: event.type, verified: true });
        if (status === 200 && !applied.has(event.id)) applied.set(event.id, event);
      } catch {
        received.push({ id: '', type: '', verified: false });
      }
      res.writeHead(status).end();
    });
  });
  return {
    received,
    applied,
    answers,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/events`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the signature', () => {
  it('verifies as signed, and refuses another body, another secret, an old signature or a bad header', async () => {
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'session.verified' });
    const now = Date.now();
    const header = await signHostEvent('whsec_a', body, Math.floor(now / 1000));
    expect((await verifyHostEvent('whsec_a', body, header, { now })).id).toBe('evt_1');
    await expect(verifyHostEvent('whsec_a', body.replace('verified', 'rejected'), header, { now })).rejects.toThrow(/does not match/);
    await expect(verifyHostEvent('whsec_b', body, header, { now })).rejects.toThrow(/does not match/);
    await expect(verifyHostEvent('whsec_a', body, header, { now: now + 301_000 })).rejects.toThrow(/too old/);
    for (const bad of [undefined, '', 't=1', 'v1=abc', `t=x,v1=${'0'.repeat(64)}`]) await expect(verifyHostEvent('whsec_a', body, bad, { now })).rejects.toThrow(/No valid/);
  });
});

describe('events to the host backend', () => {
  let secret = '';
  const host = receiver(() => secret);
  let url: string;
  let bff: Awaited<ReturnType<typeof createTestBff>>;
  beforeAll(async () => {
    url = await host.start();
  });
  afterAll(() => host.stop());
  afterEach(async () => bff?.close());

  it('a session ended is told to each endpoint, signed; a failed delivery is retried later, a replay is taken once', async () => {
    bff = await createTestBff();
    const pii = createPiiBox(bff.config.piiKey);
    const deliver = () => deliverDueEvents({ store: bff.store, pii, clock: bff.clock, log: () => {} });
    const endpoint = await bff.call('POST', '/v1/webhook_endpoints', { auth: TEST_API_KEY, body: { url } });
    expect(endpoint.status, endpoint.text).toBe(201);
    secret = endpoint.json.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await bff.call('GET', '/v1/webhook_endpoints', { auth: TEST_API_KEY })).json)).not.toContain(secret);

    const { id } = await bff.createSession();
    expect((await bff.call('POST', `/v1/sessions/${id}/cancel`, { auth: TEST_API_KEY })).status).toBe(200);
    const [event] = (await bff.call('GET', `/v1/events?session_id=${id}`, { auth: TEST_API_KEY })).json as HostEvent[];
    expect(event).toMatchObject({ type: 'session.canceled', data: { session_id: id, status: 'canceled' } });

    // The receiver is down at first: the delivery waits, then gets through.
    host.answers.push(503);
    expect(await deliver()).toBe(0);
    expect(await deliver()).toBe(0); // not due yet
    bff.clock.advance(10_000);
    expect(await deliver()).toBe(1);
    expect(host.received.filter((r) => r.id === event!.id)).toEqual([
      { id: event!.id, type: 'session.canceled', verified: true },
      { id: event!.id, type: 'session.canceled', verified: true },
    ]);
    expect((await bff.store.deliveriesOf(event!.id)).map((d) => [d.status, d.tries, d.last_status_code])).toEqual([['delivered', 2, 200]]);

    // Sent again on request: the receiver sees it twice more and applies it once.
    expect((await bff.call('POST', `/v1/events/${event!.id}/replay`, { auth: TEST_API_KEY })).status).toBe(202);
    expect(await deliver()).toBe(1);
    expect([...host.applied.keys()].filter((k) => k === event!.id)).toHaveLength(1);
    // Nothing of the person or the host's own data in it.
    expect(Object.keys(event!.data).sort()).toEqual(['last_error_code', 'provider_key', 'session_id', 'status']);
  });

  it('endpoints belong to their tenant, and must be http(s)', async () => {
    bff = await createTestBff();
    expect((await bff.call('POST', '/v1/webhook_endpoints', { auth: TEST_API_KEY, body: { url: 'ftp://x.test/' } })).json.error.code).toBe('validation_failed');
    const { json } = await bff.call('POST', '/v1/webhook_endpoints', { auth: TEST_API_KEY, body: { url } });
    expect((await bff.call('DELETE', `/v1/webhook_endpoints/${json.id}`, { auth: TEST_API_KEY })).json).toEqual({ id: json.id, deleted: true });
    expect((await bff.call('DELETE', `/v1/webhook_endpoints/${json.id}`, { auth: TEST_API_KEY })).status).toBe(404);
  });
});

const postgresUrl = inject('postgresUrl');

describe.runIf(postgresUrl)('two replicas on one PostgreSQL', () => {
  let secret = '';
  const host = receiver(() => secret);
  let dbs: Db[] = [];
  let admin: Db;
  const schema = `t_events_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  afterAll(async () => {
    await host.stop();
    await Promise.all(dbs.map((db) => db.destroy()));
    await sql.raw(`drop schema if exists ${schema} cascade`).execute(admin);
    await admin.destroy();
  });

  it('deliver each event once between them', async () => {
    const url = await host.start();
    admin = openDatabase({ kind: 'postgres', url: new Secret(postgresUrl!) });
    await sql.raw(`create schema ${schema}`).execute(admin);
    const scoped = new URL(postgresUrl!);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    dbs = [openDatabase({ kind: 'postgres', url: new Secret(scoped.toString()) }), openDatabase({ kind: 'postgres', url: new Secret(scoped.toString()) })];
    await migrateToLatest(dbs[0]!);
    const clock = new AdjustableClock();
    const pii = createPiiBox(new Secret(Buffer.alloc(32, 7).toString('base64')));
    const [one, two] = dbs.map((db) => createStore(db, clock));
    secret = 'whsec_replicas';
    const endpointId = newId('we');
    await one!.addWebhookEndpoint({ id: endpointId, tenant: 'acme', url, secret_sealed: sealEndpointSecret(pii, endpointId, secret) });
    for (let i = 0; i < 30; i++) {
      const sessionId = `ivs_${i}`;
      const event: HostEvent = { id: newId('evt'), object: 'event', type: 'session.verified', created_at: clock.now().toISOString(), data: { session_id: sessionId, status: 'verified', provider_key: null, last_error_code: null } };
      await one!.queueHostEvent({ id: event.id, tenant: 'acme', type: event.type, session_id: sessionId, payload: JSON.stringify(event) });
    }
    const pass = (store: typeof one) => deliverDueEvents({ store: store!, pii, clock, log: () => {} });
    let delivered = 0;
    for (let round = 0; round < 3; round++) delivered += (await Promise.all([pass(one), pass(two)])).reduce((a, b) => a + b, 0);
    expect(delivered).toBe(30);
    expect(host.received).toHaveLength(30);
    expect(new Set(host.received.map((r) => r.id)).size).toBe(30);
  });
});
