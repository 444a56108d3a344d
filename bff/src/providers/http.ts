// Outbound calls to providers done on purpose: a timeout on every call, an explicit status
// check, a guarded JSON parse, and each failure a typed ProviderError with a stable code that
// names the provider, the operation, the HTTP status and the provider's own error code.
// "Send the request" is kept apart from "validate the response" so parsers test on their own.
//
// Every call also runs inside a named provider call (provider + operation), whichever client
// sends it (this file, stripe-node, axios for Onfido, oauth4webapi): the fetch the app hands
// the adapters (observedFetch) reads that name and reports each request's latency and result,
// so metrics see every call without each client being taught about them.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { z } from 'zod';
import { ApiError, ProviderError } from '../errors.js';

/** Which call to which provider: `operation` is a short stable name (create_applicant, siteverify). */
export interface ProviderCall {
  provider: string;
  operation: string;
}

const currentCall = new AsyncLocalStorage<ProviderCall>();

/** Runs `send` as `call`: every request it makes (through an observed fetch) is reported under that name. */
export function inProviderCall<T>(call: ProviderCall, send: () => T): T {
  return currentCall.run(call, send);
}

/** The provider call this code runs in, if any. */
export function currentProviderCall(): ProviderCall | undefined {
  return currentCall.getStore();
}

/** How one HTTP request to a provider ended. */
export type ProviderCallResult = 'ok' | 'not_found' | 'client_error' | 'rate_limited' | 'server_error' | 'timeout' | 'network_error';

export interface ProviderCallRecord extends ProviderCall {
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  result: ProviderCallResult;
  seconds: number;
}

export function resultOfStatus(status: number): ProviderCallResult {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  // Reading what is already gone (a redaction run twice) is an answer, not a failure.
  if (status === 404) return 'not_found';
  return status >= 400 ? 'client_error' : 'ok';
}

/**
 * `inner`, reporting each request to `observe` under the provider call it runs in. Requests
 * made outside any named call are reported as operation "unnamed", so a call site that forgot
 * its name shows in the metrics instead of vanishing from them.
 */
export function observedFetch(inner: typeof fetch, observe: (record: ProviderCallRecord) => void): typeof fetch {
  return async (input, init) => {
    const call = currentCall.getStore() ?? { provider: 'unknown', operation: 'unnamed' };
    const started = performance.now();
    const report = (status: number | null, result: ProviderCallResult) =>
      observe({ ...call, status, result, seconds: (performance.now() - started) / 1000 });
    try {
      const response = await inner(input, init);
      report(response.status, resultOfStatus(response.status));
      return response;
    } catch (error) {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      report(null, signal?.aborted || (error instanceof DOMException && error.name === 'TimeoutError') ? 'timeout' : 'network_error');
      throw error;
    }
  };
}

/**
 * A provider's own error code, only when it is a short machine token (Stripe's `type`/`code`,
 * Onfido's `error.type`, Signicat's problem `type`, Turnstile's error-codes): these name the
 * kind of failure and never the person, unlike the messages beside them.
 */
export function safeProviderCode(...parts: ReadonlyArray<unknown>): string | undefined {
  const tokens = parts.filter((p): p is string => typeof p === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(p));
  return tokens.length ? tokens.join('/') : undefined;
}

/**
 * Reads the provider's error code out of an error body in its documented shape, leaving the rest
 * of the body unread by anything that logs. `Stripe {error:{type,code}}`, `Onfido {error:{type}}`,
 * `Signicat {type}` (problem details) or `{error}` (its OAuth token endpoint), `Turnstile {"error-codes":[]}`,
 * `BankID {errorCode}`.
 */
export function providerCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'object' && b.error !== null) {
    const e = b.error as Record<string, unknown>;
    return safeProviderCode(e.type, e.code);
  }
  if (Array.isArray(b['error-codes'])) return safeProviderCode(...b['error-codes'].slice(0, 4));
  return safeProviderCode(b.type) ?? safeProviderCode(b.error) ?? safeProviderCode(b.errorCode);
}

/** The error code of a failed response's body (read and dropped), for the failure's log line. */
export async function readProviderCode(response: Response): Promise<string | undefined> {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  return providerCodeOf(await response.json().catch(() => null));
}

export interface ProviderRequest extends ProviderCall {
  url: string;
  init: RequestInit;
  timeoutMs: number;
  /** Retry once after a timeout, 5xx or 429: only for calls the provider makes idempotent. */
  retryOnce?: boolean;
}

export async function sendToProvider(fetchImpl: typeof fetch, req: ProviderRequest): Promise<Response> {
  const { provider, operation } = req;
  const attempt = async (): Promise<Response> => {
    let response: Response;
    try {
      response = await inProviderCall({ provider, operation }, () => fetchImpl(req.url, { ...req.init, signal: AbortSignal.timeout(req.timeoutMs) }));
    } catch (cause) {
      // Our own request body failed (an upload the client stopped sending, or sent too much of):
      // the client's error, answered as such, not the provider's.
      if (cause instanceof ApiError && !(cause instanceof ProviderError)) throw cause;
      const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
      throw new ProviderError(
        timedOut ? 'provider_timeout' : 'provider_error',
        provider,
        timedOut ? `${provider} did not answer within ${req.timeoutMs} ms.` : `${provider} could not be reached.`,
        { cause, operation },
      );
    }
    if (response.status === 429 || response.status >= 500) {
      const status = response.status;
      const providerCode = await readProviderCode(response);
      throw new ProviderError(
        status === 429 ? 'provider_unavailable' : 'provider_error',
        provider,
        status === 429 ? `${provider} is rate limiting us.` : `${provider} answered ${status}.`,
        { operation, status, ...(providerCode ? { providerCode } : {}) },
      );
    }
    return response;
  };
  try {
    return await attempt();
  } catch (error) {
    if (!req.retryOnce || !(error instanceof ProviderError)) throw error;
    return attempt();
  }
}

/**
 * A refusal the caller did not expect (a 4xx it has no meaning for): a ProviderError naming the
 * status and the provider's error code, the body otherwise dropped unread.
 */
export async function refusedByProvider(call: ProviderCall, response: Response, message?: string): Promise<ProviderError> {
  const providerCode = await readProviderCode(response);
  return new ProviderError('provider_error', call.provider, message ?? `${call.provider} refused ${call.operation} (${response.status}).`, {
    operation: call.operation,
    status: response.status,
    ...(providerCode ? { providerCode } : {}),
  });
}

/** Parses and validates a provider's JSON body; anything unexpected is a provider_error. */
export async function parseProviderJson<S extends z.ZodType>(call: ProviderCall, response: Response, schema: S): Promise<z.output<S>> {
  const { provider, operation } = call;
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new ProviderError('provider_error', provider, `${provider} answered with a body that is not JSON.`, { cause, operation, status: response.status });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError('provider_error', provider, `${provider} answered with an unexpected body.`, {
      cause: parsed.error,
      providerResponse: body,
      operation,
      status: response.status,
    });
  }
  return parsed.data;
}
