// JSON bodies are small: a body over the limit is refused with a readable 413. Past the limit the
// rest of the body is read and dropped (up to a bound) before answering: a server that answers
// while the client is still sending closes the connection under it, and the client sees a reset
// instead of the 413. A body announced past the bound is answered at once.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from './env.js';

export interface BodyLimitOptions {
  maxSize: number;
  /** How much of an oversized chunked body is read and dropped before answering (default 8 MB). */
  drainBytes?: number;
}

export function bodyLimit({ maxSize, drainBytes = 8 * 1024 * 1024 }: BodyLimitOptions): MiddlewareHandler<AppEnv> {
  if (!(maxSize > 0) || !(drainBytes >= 0)) throw new TypeError('bodyLimit: maxSize must be positive and drainBytes not negative.');
  const tooLarge = () => new ApiError('payload_too_large', `The request body exceeds ${Math.round(maxSize / 1024)} KB.`);
  return async function limitBody(c, next) {
    const body = c.req.raw.body;
    if (!body) return next();
    const length = c.req.header('content-length');
    if (length !== undefined && !c.req.raw.headers.has('transfer-encoding')) {
      const announced = Number.parseInt(length, 10);
      if (announced <= maxSize) return next();
      // Too large, but read to its end below unless it is past the bound: then answer at once.
      if (announced > maxSize + drainBytes) throw tooLarge();
    }
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size <= maxSize) chunks.push(value);
      else if (size > maxSize + drainBytes) {
        // Past the bound the client is not one to wait for: answer, and the connection closes.
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
    if (size > maxSize) throw tooLarge();
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    return next();
  };
}

/**
 * A streamed body (an upload) that its route answers without reading to the end (refused for its
 * credentials, its query, its length or its first bytes) is read and dropped, up to `drainBytes`,
 * before the answer goes: for the same reason as above, a server answering while the client still
 * sends closes the connection under it, and the client reads a reset, not the answer. The route's
 * reader giving up (cancel) is not passed on to the connection: the rest is drained here instead.
 */
export function drainUnread({ drainBytes = 16 * 1024 * 1024 }: { drainBytes?: number } = {}): MiddlewareHandler<AppEnv> {
  if (!(drainBytes >= 0)) throw new TypeError('drainUnread: drainBytes must not be negative.');
  return async function drainUnreadBody(c, next) {
    const source = c.req.raw.body;
    if (!source) return next();
    const reader = source.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: () => undefined,
    });
    c.req.raw = new Request(c.req.raw, { body, duplex: 'half' } as RequestInit);
    await next();
    const announced = Number.parseInt(c.req.header('content-length') ?? '', 10);
    let dropped = 0;
    try {
      // Past the bound the client is not one to wait for: answer, and the connection closes.
      while (!(announced > drainBytes) && dropped <= drainBytes) {
        const { done, value } = await reader.read();
        if (done) return;
        dropped += value.byteLength;
      }
    } catch {
      return; // the body failed (it stopped arriving, the client left): nothing more to read
    }
    await reader.cancel().catch(() => undefined);
  };
}
