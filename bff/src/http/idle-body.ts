// A request body that stops arriving is answered, not waited on: an upload streams through to the
// provider as it comes, so a client that goes quiet mid-image would otherwise hold the request,
// the socket and the provider's connection until the server's request timeout. When no byte has
// come for `idleMs`, the body fails with a 408 request_timeout, which the upload's stream carries
// to the route and the error boundary answers as JSON while the socket can still be written.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from './env.js';

/** `body`, failing with request_timeout when no chunk arrives for `idleMs` while it is being read. */
export function idleGuarded(body: ReadableStream<Uint8Array>, idleMs: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<'idle'>((resolve) => {
        timer = setTimeout(() => resolve('idle'), idleMs);
      });
      try {
        const next = await Promise.race([reader.read(), idle]);
        if (next === 'idle') {
          controller.error(new ApiError('request_timeout', `The request body stopped arriving for ${Math.round(idleMs / 1000)} s; send it again.`));
          await reader.cancel().catch(() => undefined);
          return;
        }
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** Guards the bodies of the requests `applies` picks (the upload route) with idleGuarded. */
export function bodyIdleTimeout(idleMs: number, applies: (path: string) => boolean): MiddlewareHandler<AppEnv> {
  if (!(idleMs > 0)) throw new TypeError('bodyIdleTimeout: idleMs must be positive.');
  return async function guardIdleBody(c, next) {
    const body = c.req.raw.body;
    if (body && applies(c.req.path)) {
      c.req.raw = new Request(c.req.raw, { body: idleGuarded(body, idleMs), duplex: 'half' } as RequestInit);
    }
    await next();
  };
}
