// The streaming fetch against a real local HTTP server: a streamed body arrives whole and in
// order, the answer comes back as a Response, and a timeout is the caller's TimeoutError.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamingFetch } from './stream-fetch.js';

let server: Server;
let base: string;
const received: Array<{ method?: string; type?: string; length?: string; bytes: number; sum: number }> = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    if (req.url === '/slow') return; // never answers
    let bytes = 0;
    let sum = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (const b of chunk) sum = (sum + b) % 65521;
    }
    received.push({ method: req.method, type: req.headers['content-type'], length: req.headers['content-length'], bytes, sum });
    res.writeHead(req.url === '/created' ? 201 : 200, { 'content-type': 'application/json', 'x-seen': String(bytes) });
    res.end(JSON.stringify({ bytes }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('streamingFetch', () => {
  it('sends a streamed body whole, with its headers, and reads the answer', async () => {
    const size = 3 * 1024 * 1024 + 17;
    let sent = 0;
    let sum = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= size) return controller.close();
        const chunk = new Uint8Array(Math.min(65536, size - sent)).map((_, i) => (sent + i) % 251);
        for (const b of chunk) sum = (sum + b) % 65521;
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await streamingFetch(`${base}/created`, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg', 'content-length': String(size) },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-seen')).toBe(String(size));
    expect(await response.json()).toEqual({ bytes: size });
    expect(received.at(-1)).toEqual({ method: 'POST', type: 'image/jpeg', length: String(size), bytes: size, sum });
  });

  it('sends strings and bytes, and plain GETs', async () => {
    expect(await (await streamingFetch(`${base}/`, { method: 'POST', body: 'hello' })).json()).toEqual({ bytes: 5 });
    expect(await (await streamingFetch(`${base}/`, { method: 'POST', body: new Uint8Array(9) })).json()).toEqual({ bytes: 9 });
    expect((await streamingFetch(`${base}/`)).status).toBe(200);
  });

  it('rejects with the signal reason when it times out', async () => {
    const error = await streamingFetch(`${base}/slow`, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
  });

  it('rejects when the server cannot be reached', async () => {
    await expect(streamingFetch('http://127.0.0.1:1/')).rejects.toThrow();
  });
});
