// A fetch for request bodies that stream, over node's http client. Node's built-in fetch (undici)
// reads a streamed request body as fast as it can, whatever the socket accepts, so an image
// passing through would pile up in the BFF's memory; node's http client waits for the socket to
// drain. Measured with 20 × 10 MB uploads at once (npm run bench): see uploads.ts in the bench.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

function responseOf(res: IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const status = res.statusCode ?? 502;
  const empty = status === 204 || status === 304;
  if (empty) res.resume();
  return new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, headers });
}

/** fetch's shape, for what uploads need: a method, headers, a string, bytes or stream body, and a signal. */
export const streamingFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const signal = init.signal ?? undefined;
    // The caller's timeout or abort is the error it sees, as with fetch.
    const fail = (error: unknown) => reject(signal?.aborted ? signal.reason : error);
    const req = send(url, { method: init.method ?? 'GET', headers: Object.fromEntries(new Headers(init.headers)), signal }, (res) => resolve(responseOf(res)));
    req.on('error', fail);
    const body = init.body;
    if (body instanceof ReadableStream) pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream), req).catch(fail);
    else if (body === undefined || body === null) req.end();
    else if (typeof body === 'string' || body instanceof Uint8Array) req.end(body);
    else reject(new TypeError('streamingFetch sends strings, bytes and streams only.'));
  });
