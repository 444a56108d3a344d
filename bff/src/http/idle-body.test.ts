// Over real sockets: an upload whose body stops arriving is answered with a readable 408 JSON
// while it streams on to a provider, and a request Node itself times out is answered as JSON too.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { sendToProvider } from '../providers/http.js';
import { streamingFetch } from '../providers/stream-fetch.js';
import { startBffServer, type BffServer } from '../server.js';
import { TEST_API_KEY } from '../testing.js';
import { handleError } from './boundary.js';
import type { AppEnv } from './env.js';
import { bodyIdleTimeout } from './idle-body.js';

/** Writes `head` and `body` on a raw socket, then waits for whatever the server answers. */
function rawExchange(port: number, head: string, body = ''): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(head + body));
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('end', () => resolve({ text, ms: Date.now() - started }));
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('error', reject);
  });
}

const jsonOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('an upload that stalls on its way to a provider', () => {
  let provider: Server;
  let app: ReturnType<typeof serve>;
  const received: number[] = [];
  beforeAll(async () => {
    // The provider takes the bytes as they come and answers only once the body has ended.
    provider = createServer((req, res) => {
      let n = 0;
      req.on('data', (d: Buffer) => (n += d.length));
      req.on('end', () => {
        received.push(n);
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"doc_1"}');
      });
      req.on('error', () => undefined);
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    const providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/documents`;
    const hono = new Hono<AppEnv>();
    hono.use(requestId());
    hono.use(bodyIdleTimeout(300, (path) => path === '/upload'));
    hono.onError(handleError(() => undefined));
    hono.post('/upload', async (c) => {
      const response = await sendToProvider(streamingFetch, {
        provider: 'example',
        operation: 'upload_document',
        url: providerUrl,
        timeoutMs: 10_000,
        init: { method: 'POST', headers: { 'content-length': c.req.header('content-length')! }, body: c.req.raw.body, duplex: 'half' } as RequestInit,
      });
      return c.json(await response.json(), 201);
    });
    app = await new Promise((resolve) => {
      const s = serve({ fetch: hono.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
  });
  afterAll(async () => {
    await new Promise((r) => app.close(r));
    await new Promise((r) => provider.close(r));
  });

  it('is answered 408 request_timeout as JSON soon after it goes quiet', async () => {
    const port = (app.address() as AddressInfo).port;
    const head = 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n';
    const { text, ms } = await rawExchange(port, head, 'x'.repeat(20_000));
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(jsonOf(text)).toMatchObject({ error: { code: 'request_timeout' } });
    expect(ms).toBeLessThan(5_000);
  });

  it('passes a body that keeps coming, however slowly, through whole', async () => {
    const port = (app.address() as AddressInfo).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d) => {
        text += d;
        if (text.includes('doc_1')) socket.end();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\nConnection: close\r\n\r\n');
      let sent = 0;
      const timer = setInterval(() => {
        socket.write('y'.repeat(500));
        if ((sent += 500) >= 3000) clearInterval(timer);
      }, 150); // each gap under the 300 ms idle limit, the whole longer than it
    });
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(received.at(-1)).toBe(3000);
  });
});

describe("requests Node's server refuses", () => {
  let bff: BffServer;
  beforeAll(async () => {
    bff = await startBffServer(loadConfig({ IDV_MODE: 'development', IDV_DATA_DIR: ':memory:', PORT: '0', IDV_LOG: 'silent', IDV_API_KEYS: TEST_API_KEY, IDV_REQUEST_TIMEOUT_MS: '1000' }));
  });
  afterAll(async () => bff?.close());

  it('answers a request not whole within requestTimeout with 408 JSON', async () => {
    const { text, ms } = await rawExchange(bff.port, 'POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(jsonOf(text)).toEqual({ error: { code: 'request_timeout', message: expect.any(String) } });
    expect(ms).toBeLessThan(4_000);
  });

  it('answers a malformed request with 400 JSON', async () => {
    const { text } = await rawExchange(bff.port, 'GARBAGE\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(jsonOf(text).error.code).toBe('validation_failed');
  });
});
