// Calls to Signicat's Assure API (no official Node client exists): a client-credentials access
// token cached until shortly before it expires and fetched again once on a 401, a timeout on every
// call, answers validated with zod, and each failure a ProviderError that names the HTTP status
// but never Assure's problem details (its `detail` can repeat what the person's document says).
import { z } from 'zod';
import type { SignicatConfig } from './module.js';
import { ProviderError } from '../../errors.js';
import { parseProviderJson, readProviderCode, sendToProvider, type ProviderCall } from '../http.js';
import type { AdapterDeps } from '../types.js';

export const PROVIDER = 'signicat';
const TOKEN_PATH = '/auth/open/connect/token';
const SCOPE = 'signicat-api';
/** Signicat's default token lifetime, for an answer that leaves expires_in out. */
const DEFAULT_TTL_SECONDS = 600;
/** A token is replaced this long before it expires (at most half its life), so no call carries one about to lapse. */
const EARLY_SECONDS = 60;
/** A large image over a slow link takes longer than an API call may. */
const UPLOAD_TIMEOUT_MS = 60_000;

const TokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
  token_type: z.string().regex(/^bearer$/i).optional(),
});
// RFC 6749 §5.2's codes are a fixed vocabulary: safe to repeat, unlike a description.
const TokenErrorSchema = z.object({ error: z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']) });

export interface AssureCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** Below the API base, e.g. /assure/dossiers. */
  path: string;
  body?: unknown;
  /** One more try after a timeout, 5xx or 429: reads and deletes only. */
  retry?: boolean;
  /** The operation's name in logs and metrics; by default read from the method and path (assureOperation). */
  operation?: string;
}

// Assure's operations by method and path (ids in between): a stable name for each call site
// without every caller spelling it, and one place to look when Assure adds a path.
const OPERATIONS: ReadonlyArray<[RegExp, string]> = [
  [/^POST \/assure\/dossiers$/, 'create_dossier'],
  [/^GET \/assure\/dossiers\/[^/]+$/, 'get_dossier'],
  [/^DELETE \/assure\/dossiers\/[^/]+$/, 'delete_dossier'],
  [/^POST \/assure\/dossiers\/[^/]+\/processes$/, 'create_process'],
  [/^GET \/assure\/dossiers\/[^/]+\/processes\/[^/]+$/, 'get_process'],
  [/^POST \/assure\/dossiers\/[^/]+\/processes\/[^/]+\/verify$/, 'start_verification'],
  [/^POST \/assure\/dossiers\/[^/]+\/processes\/[^/]+\/files\/[^/]+$/, 'upload_image'],
  [/^GET \/assure\/dossiers\/[^/]+\/processes\/[^/]+\/files\/[^/]+$/, 'get_image'],
];

/** The operation an Assure call performs, for logs and metrics: `assure_other` for a path not listed. */
export function assureOperation(method: string, path: string): string {
  const key = `${method} ${path.split('?')[0]}`;
  return OPERATIONS.find(([pattern]) => pattern.test(key))?.[1] ?? 'assure_other';
}

const callOf = (call: Pick<AssureCall, 'method' | 'path' | 'operation'>): ProviderCall => ({
  provider: PROVIDER,
  operation: call.operation ?? assureOperation(call.method, call.path),
});

export type AssureClient = ReturnType<typeof createAssureClient>;

export function createAssureClient(config: SignicatConfig, deps: AdapterDeps) {
  let cached: { token: string; renewAt: number } | null = null;
  let fetching: Promise<string> | null = null;
  const now = () => deps.clock.now().getTime();

  async function fetchToken(): Promise<string> {
    const basic = Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret.reveal())}`).toString('base64');
    const tokenCall = { provider: PROVIDER, operation: 'get_access_token' };
    const response = await sendToProvider(deps.fetch, {
      ...tokenCall,
      url: `${config.apiBase}${TOKEN_PATH}`,
      timeoutMs: deps.timeoutMs,
      retryOnce: true,
      init: {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPE }).toString(),
      },
    });
    if (response.status !== 200) {
      const code = TokenErrorSchema.safeParse(await response.json().catch(() => null));
      throw new ProviderError('provider_error', PROVIDER, `Signicat refused our client credentials (${response.status}${code.success ? `, ${code.data.error}` : ''}).`, {
        ...tokenCall,
        status: response.status,
        ...(code.success ? { providerCode: code.data.error } : {}),
      });
    }
    const token = await parseProviderJson(tokenCall, response, TokenSchema);
    const ttl = token.expires_in ?? DEFAULT_TTL_SECONDS;
    cached = { token: token.access_token, renewAt: now() + (ttl - Math.min(EARLY_SECONDS, ttl / 2)) * 1000 };
    return token.access_token;
  }

  /** The cached token while it is fresh; otherwise one fetch, shared by every call waiting for it. */
  function token(): Promise<string> {
    if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
    fetching ??= fetchToken().finally(() => {
      fetching = null;
    });
    return fetching;
  }

  /** Forgets a token Assure refused, unless a newer one replaced it meanwhile. */
  function forget(refused: string): void {
    if (cached?.token === refused) cached = null;
  }

  /** One Assure call with a Bearer token; a 401 gets one fresh token and one more try. Answers any other status as it came. */
  async function send(call: AssureCall): Promise<Response> {
    for (let renewed = false; ; renewed = true) {
      const bearer = await token();
      const response = await sendToProvider(deps.fetch, {
        ...callOf(call),
        url: `${config.apiBase}${call.path}`,
        timeoutMs: deps.timeoutMs,
        retryOnce: call.retry ?? false,
        init: {
          method: call.method,
          headers: {
            authorization: `Bearer ${bearer}`,
            accept: 'application/json',
            ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        },
      });
      if (response.status !== 401) return response;
      await response.body?.cancel();
      forget(bearer);
      if (renewed) throw new ProviderError('provider_error', PROVIDER, 'Signicat refused a freshly issued access token (401).', { ...callOf(call), status: 401 });
    }
  }

  const refusal = (call: AssureCall, status: number, providerCode?: string) =>
    new ProviderError('provider_error', PROVIDER, `Signicat refused ${call.method} ${call.path.replace(/\/[0-9a-f-]{36}/gi, '/…')} (${status}).`, {
      ...callOf(call),
      status,
      ...(providerCode ? { providerCode } : {}),
    });

  /** A refusal Assure explains in problem details: only its status goes into our message (the body is dropped unread). */
  function refused(call: AssureCall, response: Response): ProviderError {
    void response.body?.cancel();
    return refusal(call, response.status);
  }

  /** Like refused, with the problem's `type` read for the log line (never its title or detail). */
  async function refusedWithCode(call: AssureCall, response: Response): Promise<ProviderError> {
    return refusal(call, response.status, await readProviderCode(response));
  }

  return {
    send,
    refused,

    /** A call that must succeed with a JSON body matching `schema`. */
    async json<S extends z.ZodType>(schema: S, call: AssureCall): Promise<z.output<S>> {
      const response = await send(call);
      if (!response.ok) throw await refusedWithCode(call, response);
      return parseProviderJson(callOf(call), response, schema);
    },

    /** A call answered 2xx with no body we need, or 404 (the resource is gone): false then. */
    async done(call: AssureCall): Promise<boolean> {
      const response = await send(call);
      if (response.status === 404) {
        await response.body?.cancel();
        return false;
      }
      if (!response.ok) throw await refusedWithCode(call, response);
      await response.body?.cancel();
      return true;
    },

    /**
     * Streams one image as the raw request body. It cannot be sent twice (nothing of it is kept),
     * so a 401 is not retried here: the token is forgotten and the widget's next try gets a fresh one.
     */
    async upload(path: string, image: { type: string; length: number; body: ReadableStream<Uint8Array> }): Promise<Response> {
      const bearer = await token();
      const response = await sendToProvider(deps.streamFetch, {
        ...callOf({ method: 'POST', path }),
        url: `${config.apiBase}${path}`,
        timeoutMs: UPLOAD_TIMEOUT_MS,
        init: {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': image.type, 'content-length': String(image.length), accept: 'application/json' },
          body: image.body,
          duplex: 'half',
        } as RequestInit,
      });
      if (response.status === 401) forget(bearer);
      return response;
    },
  };
}
