// Runs a Node-style (req, res) handler, such as oidc-provider's Koa callback, on a Web Request and
// hands back a Web Response: emulators are Hono apps, served over HTTP by @hono/node-server and
// called in process through app.request(), where no Node request or response exists at all.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, Writable } from 'node:stream';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** The request side: a readable body with the fields Koa and oidc-provider read. */
function nodeRequest(request: Request, body: Buffer): IncomingMessage {
  const url = new URL(request.url);
  const stream = new Readable({ read() {} });
  if (body.length > 0) stream.push(body);
  stream.push(null);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // app.request('http://host/…') carries no Host header, and Koa builds every URL from it.
  headers.host ??= url.host;
  if (body.length > 0 && headers['content-length'] === undefined) headers['content-length'] = String(body.length);
  return Object.assign(stream, {
    method: request.method,
    url: `${url.pathname}${url.search}`,
    headers,
    rawHeaders: Object.entries(headers).flat(),
    httpVersion: '1.1',
    httpVersionMajor: 1,
    httpVersionMinor: 1,
    complete: true,
    // Koa reads the scheme from socket.encrypted (ctx.secure) and the peer from remoteAddress.
    socket: { encrypted: url.protocol === 'https:', remoteAddress: '127.0.0.1', readable: true, writable: true },
  }) as unknown as IncomingMessage;
}

/** The response side: collects what the handler writes until it ends, then resolves a Response. */
class CollectingResponse extends Writable {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  readonly socket = null;
  readonly #headers = new Map<string, { name: string; value: number | string | string[] }>();
  readonly #chunks: Buffer[] = [];

  constructor(private readonly resolve: (response: Response) => void) {
    super();
    this.once('finish', () => this.#respond());
  }

  /** on-finished (used by Koa) tells a response from a request by this OutgoingMessage field. */
  get finished(): boolean {
    return this.writableEnded;
  }

  setHeader(name: string, value: number | string | readonly string[]): this {
    this.#headers.set(name.toLowerCase(), { name, value: Array.isArray(value) ? [...value] : (value as number | string) });
    return this;
  }
  appendHeader(name: string, value: string | readonly string[]): this {
    const existing = this.getHeader(name);
    const values = [existing ?? []].flat().map(String).concat(value);
    return this.setHeader(name, values);
  }
  getHeader(name: string) {
    return this.#headers.get(name.toLowerCase())?.value;
  }
  getHeaders() {
    return Object.fromEntries([...this.#headers].map(([key, { value }]) => [key, value]));
  }
  getHeaderNames() {
    return [...this.#headers.keys()];
  }
  hasHeader(name: string) {
    return this.#headers.has(name.toLowerCase());
  }
  removeHeader(name: string) {
    this.#headers.delete(name.toLowerCase());
  }
  writeHead(status: number, ...rest: unknown[]): this {
    this.statusCode = status;
    if (typeof rest[0] === 'string') this.statusMessage = rest.shift() as string;
    const headers = rest[0];
    if (headers && typeof headers === 'object') {
      for (const [name, value] of Object.entries(headers)) this.setHeader(name, value as string);
    }
    this.headersSent = true;
    return this;
  }
  flushHeaders() {
    this.headersSent = true;
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.headersSent = true;
    this.#chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
    done();
  }

  #respond() {
    const headers = new Headers();
    for (const { name, value } of this.#headers.values()) {
      for (const one of [value].flat()) headers.append(name, String(one));
    }
    // A Response may not carry a body with these statuses, nor a length for a body it drops.
    const bodiless = [101, 204, 205, 304].includes(this.statusCode);
    const body = bodiless ? null : Buffer.concat(this.#chunks);
    this.resolve(new Response(body, { status: this.statusCode, statusText: this.statusMessage, headers }));
  }
}

export interface NodeExchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** Settles once the handler has ended the response. */
  response: Promise<Response>;
}

/** Node request and response objects for a Web Request (its body read in full first). */
export async function toNodeExchange(request: Request): Promise<NodeExchange> {
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : Buffer.alloc(0);
  const req = nodeRequest(request, body);
  let resolve!: (response: Response) => void;
  const response = new Promise<Response>((r) => (resolve = r));
  const res = new CollectingResponse(resolve) as unknown as ServerResponse;
  return { req, res, response };
}

/** Calls a Node handler with a Web Request; the Response settles when the handler ends it. */
export async function callNodeHandler(handler: NodeHandler, request: Request): Promise<Response> {
  const { req, res, response } = await toNodeExchange(request);
  await handler(req, res);
  return response;
}
