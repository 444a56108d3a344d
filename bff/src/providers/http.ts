// Outbound calls to providers done on purpose: a timeout on every call, an explicit status
// check, a guarded JSON parse, and each failure a typed ProviderError with a stable code.
// "Send the request" is kept apart from "validate the response" so parsers test on their own.
import type { z } from 'zod';
import { ProviderError } from '../errors.js';

export interface ProviderRequest {
  provider: string;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  /** Retry once after a timeout, 5xx or 429: only for calls the provider makes idempotent. */
  retryOnce?: boolean;
}

export async function sendToProvider(fetchImpl: typeof fetch, req: ProviderRequest): Promise<Response> {
  const attempt = async (): Promise<Response> => {
    let response: Response;
    try {
      response = await fetchImpl(req.url, { ...req.init, signal: AbortSignal.timeout(req.timeoutMs) });
    } catch (cause) {
      const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
      throw new ProviderError(
        timedOut ? 'provider_timeout' : 'provider_error',
        req.provider,
        timedOut ? `${req.provider} did not answer within ${req.timeoutMs} ms.` : `${req.provider} could not be reached.`,
        { cause },
      );
    }
    if (response.status === 429) {
      throw new ProviderError('provider_unavailable', req.provider, `${req.provider} is rate limiting us.`, {
        providerResponse: response,
      });
    }
    if (response.status >= 500) {
      throw new ProviderError('provider_error', req.provider, `${req.provider} answered ${response.status}.`, {
        providerResponse: response,
      });
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

/** Parses and validates a provider's JSON body; anything unexpected is a provider_error. */
export async function parseProviderJson<S extends z.ZodType>(
  provider: string,
  response: Response,
  schema: S,
): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new ProviderError('provider_error', provider, `${provider} answered with a body that is not JSON.`, { cause });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError('provider_error', provider, `${provider} answered with an unexpected body.`, {
      cause: parsed.error,
      providerResponse: body,
    });
  }
  return parsed.data;
}
