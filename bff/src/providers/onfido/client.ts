// Calls to Onfido through the official @onfido/api client: an axios instance on the injected
// fetch (so tests reach the emulator in process), a timeout on every call, each failure a
// ProviderError that names Onfido's error type but never its message or fields (they can carry
// the person's data), and every answer the adapter relies on validated before use. Each call is
// named after the client's method (api.createApplicant is create_applicant) in logs and metrics.
import { Configuration, DefaultApi } from '@onfido/api';
import axios, { type AxiosResponse } from 'axios';
import { z } from 'zod';
import type { OnfidoConfig } from './module.js';
import { ProviderError } from '../../errors.js';
import { inProviderCall, safeProviderCode } from '../http.js';
import type { AdapterDeps } from '../types.js';

const PROVIDER = 'onfido';

/** The operation each answer or failure came from, set as the client's method returns. */
const operations = new WeakMap<object, string>();
const operationOf = (value: unknown) => (typeof value === 'object' && value !== null ? operations.get(value) : undefined);
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function createOnfidoApi(config: OnfidoConfig, deps: AdapterDeps): DefaultApi {
  const http = axios.create({ adapter: 'fetch', env: { fetch: deps.fetch } });
  const configuration = new Configuration({
    apiToken: config.apiToken.reveal(),
    basePath: config.apiBase,
    baseOptions: { timeout: deps.timeoutMs },
  });
  const api = new DefaultApi(configuration, undefined, http);
  // Every method of the official client is an API operation: named after it, each call runs as
  // that provider call (for metrics) and its answer or error remembers the name (for the log).
  return new Proxy(api, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
      const operation = snakeCase(property);
      return (...args: unknown[]) =>
        inProviderCall({ provider: PROVIDER, operation }, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)).then(
          (answer) => {
            if (typeof answer === 'object' && answer !== null) operations.set(answer, operation);
            return answer;
          },
          (error: unknown) => {
            if (typeof error === 'object' && error !== null) operations.set(error, operation);
            throw error;
          },
        );
    },
  });
}

// Only a short snake_case word is repeated in our message: Onfido's own wording stays out.
const ErrorTypeSchema = z.object({ error: z.object({ type: z.string().regex(/^[a-z_]{1,64}$/) }) });

/** Onfido answered 404: for the callers that take "not there" as an answer. */
const NOT_FOUND = Symbol('not found');

function toProviderError(error: unknown): Error | typeof NOT_FOUND {
  // The axios error carries the request's Authorization header and Onfido's body: it is never
  // attached as a cause, only its status and body, non-enumerably, for a debugger.
  if (!axios.isAxiosError(error)) return error instanceof Error ? error : new Error('The Onfido call failed.');
  const operation = operationOf(error);
  const status = error.response?.status;
  const providerResponse = error.response ? { status, body: error.response.data } : undefined;
  if (status === undefined) {
    const timedOut = error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED';
    return new ProviderError(timedOut ? 'provider_timeout' : 'provider_error', PROVIDER, timedOut ? 'Onfido did not answer in time.' : 'Onfido could not be reached.', { operation });
  }
  if (status === 404) return NOT_FOUND;
  const type = ErrorTypeSchema.safeParse(error.response?.data);
  const known = { operation, status, providerResponse, ...(type.success ? { providerCode: safeProviderCode(type.data.error.type) } : {}) };
  if (status === 429) return new ProviderError('provider_unavailable', PROVIDER, 'Onfido is rate limiting us.', known);
  if (status >= 500) return new ProviderError('provider_error', PROVIDER, `Onfido answered ${status}.`, known);
  return new ProviderError('provider_error', PROVIDER, `Onfido refused the request (${status}${type.success ? `, ${type.data.error.type}` : ''}).`, known);
}

type Send = () => Promise<AxiosResponse<unknown>>;

/** One call, and for reads one more try after a 5xx, 429 or network failure (not after a timeout, to bound the wait). */
async function send(call: Send, retry: boolean): Promise<AxiosResponse<unknown> | typeof NOT_FOUND> {
  try {
    return await call();
  } catch (first) {
    const error = toProviderError(first);
    if (error === NOT_FOUND) return NOT_FOUND;
    if (!retry || !(error instanceof ProviderError) || error.code === 'provider_timeout') throw error;
  }
  try {
    return await call();
  } catch (second) {
    const error = toProviderError(second);
    if (error === NOT_FOUND) return NOT_FOUND;
    throw error;
  }
}

function validate<S extends z.ZodType>(schema: S, response: AxiosResponse<unknown>): z.output<S> {
  const parsed = schema.safeParse(response.data);
  if (!parsed.success) {
    throw new ProviderError('provider_error', PROVIDER, 'Onfido answered with an unexpected body.', {
      cause: parsed.error,
      providerResponse: response.data,
      operation: operationOf(response),
      status: response.status,
    });
  }
  return parsed.data;
}

/** Sends one call and validates its body; `retry` only for reads and deletes, which Onfido makes idempotent. */
export async function callOnfido<S extends z.ZodType>(schema: S, call: Send, options: { retry?: boolean } = {}): Promise<z.output<S>> {
  const response = await send(call, options.retry ?? false);
  if (response === NOT_FOUND) throw new ProviderError('provider_error', PROVIDER, 'Onfido does not know that resource (404).', { status: 404 });
  return validate(schema, response);
}

/** A read where 404 answers null: a resource deleted, or from another account or environment. */
export async function findOnfido<S extends z.ZodType>(schema: S, call: Send): Promise<z.output<S> | null> {
  const response = await send(call, true);
  return response === NOT_FOUND ? null : validate(schema, response);
}
