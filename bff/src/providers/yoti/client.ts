// Calls to Yoti through the official `yoti` SDK's IDVClient, which builds each request (the
// session specification, the sdkId, nonce and timestamp, the X-Yoti-Auth-Digest signature) and
// parses each answer. Its own transport (superagent) has no timeout, no way to inject a fetch and
// logs failures to the console; so a request the SDK makes inside one of our calls (callYoti) is
// sent by us instead: through the app's observed fetch (so tests reach the emulator in process and
// metrics see every request), under a deadline. Outside our calls the SDK is left as it was.
// Failures become ProviderErrors naming Yoti's error code, never its message or body.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { ProviderError } from '../../errors.js';
import { inProviderCall, safeProviderCode } from '../http.js';
import type { AdapterDeps } from '../types.js';

// The SDK is CommonJS whose named exports Node cannot see from ESM: required, and typed as its own types say.
const requireCjs = createRequire(import.meta.url);
export const yoti = requireCjs('yoti') as typeof import('yoti');
type YotiRequest = import('yoti').internals.YotiRequest;
// The answer the SDK's own request handler resolves with; the SDK does not export it by name.
const { YotiResponse } = requireCjs('yoti/src/request/response.js') as { YotiResponse: new (parsed: unknown, status: number, receipt: null, body: unknown, headers: Record<string, string>) => unknown };

const PROVIDER = 'yoti';
const SENDS_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** One call of ours: how its requests travel, and how the last one failed without an answer. */
interface Transport {
  fetch: typeof fetch;
  timeoutMs: number;
  failure: 'timeout' | 'network' | null;
}
const transports = new AsyncLocalStorage<Transport>();

/** What superagent rejects with on an HTTP error, which the SDK's IDVError reads (status and parsed body). */
class HttpFailure extends Error {
  constructor(readonly response: { statusCode: number; status: number; body: unknown }) {
    super(`Yoti answered ${response.statusCode}.`);
  }
}

/** Sends one SDK request by fetch, answering in the shape the SDK's request handler resolves with. */
async function send(transport: Transport, request: YotiRequest, buffer: boolean): Promise<unknown> {
  const method = request.getMethod();
  const payload = request.getPayload();
  // The very bytes the digest was computed over.
  const body = payload && SENDS_BODY.has(method) ? payload.getPayloadData() : undefined;
  const signal = AbortSignal.timeout(transport.timeoutMs);
  const work = (async () => {
    const response = await transport.fetch(request.getUrl(), { method, headers: request.getHeaders(), body: body as BodyInit | undefined, signal });
    const bytes = Buffer.from(await response.arrayBuffer());
    const headers = Object.fromEntries(response.headers.entries());
    const json = /json/i.test(headers['content-type'] ?? '');
    let parsed: unknown = null;
    if (json && bytes.length > 0) {
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch {
        parsed = null;
      }
    }
    if (!response.ok) throw new HttpFailure({ statusCode: response.status, status: response.status, body: parsed });
    if (buffer) return new YotiResponse(bytes, response.status, null, bytes, headers);
    return new YotiResponse(json ? parsed : bytes.length ? bytes.toString('utf8') : null, response.status, null, bytes.length ? bytes.toString('utf8') : null, headers);
  })();
  // The deadline holds even for a fetch that does not honour its signal (an in-process emulator).
  return new Promise((resolve, reject) => {
    const timedOut = () => {
      transport.failure = 'timeout';
      reject(new Error('Yoti did not answer in time.'));
    };
    signal.addEventListener('abort', timedOut, { once: true });
    work.then(resolve, (error: unknown) => {
      if (!(error instanceof HttpFailure)) transport.failure ??= signal.aborted ? 'timeout' : 'network';
      reject(error);
    }).finally(() => signal.removeEventListener('abort', timedOut));
  });
}

let installed = false;
/** Routes the SDK's requests made inside callYoti through our transport (once per process). */
function installTransport(): void {
  if (installed) return;
  installed = true;
  const prototype = yoti.internals.YotiRequest.prototype as { execute(this: YotiRequest, buffer?: boolean): Promise<unknown> };
  const original = prototype.execute;
  prototype.execute = function execute(this: YotiRequest, buffer = false) {
    const transport = transports.getStore();
    return transport ? send(transport, this, buffer) : original.call(this, buffer);
  };
}

export interface YotiApi {
  client: InstanceType<typeof yoti.IDVClient>;
  /** Runs one SDK call as the named operation (for logs and metrics); every failure, 404 included, a ProviderError. A session is created once; anything else is tried once more after a 5xx, 429 or network failure. */
  call<T>(operation: string, send: (client: InstanceType<typeof yoti.IDVClient>) => Promise<T>): Promise<T>;
  /** The same, where Yoti's 404 (a session deleted, or past its resources_ttl) answers null. */
  find<T>(operation: string, send: (client: InstanceType<typeof yoti.IDVClient>) => Promise<T>): Promise<T | null>;
}

const NOT_FOUND = Symbol('not found');

/** Yoti's error body `{code, message, errors[]}`: only the code, a short machine token, is kept. */
function codeOf(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null ? safeProviderCode((body as { code?: unknown }).code) : undefined;
}

function failureOf(error: unknown, transport: Transport, operation: string): ProviderError | typeof NOT_FOUND {
  if (transport.failure === 'timeout') return new ProviderError('provider_timeout', PROVIDER, `Yoti did not answer within ${transport.timeoutMs} ms.`, { operation });
  if (transport.failure === 'network') return new ProviderError('provider_error', PROVIDER, 'Yoti could not be reached.', { operation });
  // The SDK wraps every failure in its IDVError, keeping the response it was given.
  const response = (error as { response?: { statusCode?: unknown; body?: unknown } } | null)?.response;
  const status = typeof response?.statusCode === 'number' ? response.statusCode : undefined;
  if (status === undefined) {
    // The SDK could not read an answer it was given: not Yoti's shape. Its message stays out (it may quote the body).
    return new ProviderError('provider_error', PROVIDER, 'Yoti answered with an unexpected body.', { operation });
  }
  if (status === 404) return NOT_FOUND;
  const providerCode = codeOf(response?.body);
  const known = { operation, status, ...(providerCode ? { providerCode } : {}), providerResponse: response?.body };
  if (status === 429) return new ProviderError('provider_unavailable', PROVIDER, 'Yoti is rate limiting us.', known);
  if (status >= 500) return new ProviderError('provider_error', PROVIDER, `Yoti answered ${status}.`, known);
  return new ProviderError('provider_error', PROVIDER, `Yoti refused ${operation} (${status}${providerCode ? `, ${providerCode}` : ''}).`, known);
}

export function createYotiApi(config: { apiUrl: string; sdkId: string; pem: { reveal(): string } }, deps: Pick<AdapterDeps, 'fetch' | 'timeoutMs'>): YotiApi {
  installTransport();
  const client = new yoti.IDVClient(config.sdkId, config.pem.reveal(), { apiUrl: config.apiUrl });

  async function run<T>(operation: string, work: (c: typeof client) => Promise<T>): Promise<T | typeof NOT_FOUND> {
    const transport: Transport = { fetch: deps.fetch, timeoutMs: deps.timeoutMs, failure: null };
    try {
      return await inProviderCall({ provider: PROVIDER, operation }, () => transports.run(transport, () => work(client)));
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const failure = failureOf(error, transport, operation);
      if (failure === NOT_FOUND) return NOT_FOUND;
      throw failure;
    }
  }

  /** Reads and deletes, which Yoti makes idempotent, get one more try after a 5xx, 429 or network failure (not a timeout, to bound the wait). */
  async function runAgainOnce<T>(operation: string, work: (c: typeof client) => Promise<T>): Promise<T | typeof NOT_FOUND> {
    try {
      return await run(operation, work);
    } catch (error) {
      const again = error instanceof ProviderError && error.code !== 'provider_timeout' && (error.providerStatus === undefined || error.providerStatus >= 429);
      if (!again) throw error;
      return run(operation, work);
    }
  }

  return {
    client,
    async call(operation, work) {
      const answer = await (operation === 'create_session' ? run(operation, work) : runAgainOnce(operation, work));
      if (answer === NOT_FOUND) throw new ProviderError('provider_error', PROVIDER, `Yoti does not know that session (${operation}, 404).`, { operation, status: 404 });
      return answer;
    },
    async find(operation, work) {
      const answer = await runAgainOnce(operation, work);
      return answer === NOT_FOUND ? null : answer;
    },
  };
}
