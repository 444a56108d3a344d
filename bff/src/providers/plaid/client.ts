// Calls to Plaid through the official `plaid` client: an axios instance on the injected fetch (so
// metrics see each request and tests reach the emulator in process), the BFF's timeout on every
// call, credentials in Plaid's headers, each call named for logs and metrics, each failure a
// ProviderError naming the HTTP status and Plaid's error_type/error_code but never its message
// (Plaid's messages can echo what was sent), and every answer validated before use: the schemas
// keep only what the adapter reads, so the person's details Plaid returns are dropped at parse.
import axios, { type AxiosResponse } from 'axios';
import { Configuration, PlaidApi } from 'plaid';
import { z } from 'zod';
import { ProviderError } from '../../errors.js';
import { inProviderCall, safeProviderCode } from '../http.js';
import type { AdapterDeps } from '../types.js';
import type { PlaidConfig } from './module.js';

const PROVIDER = 'plaid';

export function createPlaidApi(config: PlaidConfig, deps: AdapterDeps): PlaidApi {
  const http = axios.create({ adapter: 'fetch', env: { fetch: deps.fetch } });
  const configuration = new Configuration({
    basePath: config.apiBase,
    baseOptions: {
      timeout: deps.timeoutMs,
      headers: { 'PLAID-CLIENT-ID': config.clientId, 'PLAID-SECRET': config.secret.reveal() },
    },
  });
  return new PlaidApi(configuration, undefined, http);
}

/** The person's details on an attempt: read only for a verified identity's outputs, never logged. */
const PlaidUserSchema = z
  .object({
    date_of_birth: z.string().nullable().optional(),
    name: z.object({ given_name: z.string(), family_name: z.string() }).nullable().optional(),
    address: z
      .object({
        street: z.string().nullable().optional(),
        street2: z.string().nullable().optional(),
        city: z.string().nullable().optional(),
        region: z.string().nullable().optional(),
        postal_code: z.string().nullable().optional(),
        country: z.string().nullable().optional(),
      })
      .nullable()
      .optional(),
  })
  .nullable()
  .optional();

/** An identity verification attempt (IdentityVerification in Plaid's OpenAPI), as far as we read it. */
export const VerificationSchema = z.object({
  id: z.string().min(1).max(100),
  client_user_id: z.string().nullable(),
  created_at: z.string(),
  previous_attempt_id: z.string().nullable().optional(),
  // Open strings: Plaid may add statuses; an unknown one is waited on, not failed.
  status: z.string().min(1).max(40),
  steps: z.record(z.string(), z.string().nullable()),
  template: z.object({ id: z.string() }),
  user: PlaidUserSchema,
});
export type Verification = z.infer<typeof VerificationSchema>;

export const LinkTokenSchema = z.object({ link_token: z.string().min(1).max(200), expiration: z.string() });
export const VerificationListSchema = z.object({ identity_verifications: z.array(VerificationSchema), next_cursor: z.string().nullable().optional() });
export const WebhookKeySchema = z.object({
  key: z.object({
    alg: z.string(),
    crv: z.string(),
    kid: z.string(),
    kty: z.string(),
    x: z.string(),
    y: z.string(),
    created_at: z.number(),
    expired_at: z.number().nullable(),
  }),
});
export type WebhookKey = z.infer<typeof WebhookKeySchema>['key'];

// Only Plaid's machine codes are repeated (INVALID_INPUT/INVALID_FIELD), never its wording.
const PlaidErrorSchema = z.object({ error_type: z.string(), error_code: z.string() });

/** Plaid answered 400 with one of these codes: for callers that take "no such object" as an answer. */
export class PlaidRefusal extends ProviderError {}

function toProviderError(operation: string, error: unknown): Error {
  // The axios error carries the request's PLAID-SECRET header and Plaid's body: never attached as
  // a cause; only the status and body, non-enumerably, for a debugger.
  if (!axios.isAxiosError(error)) return error instanceof Error ? error : new Error('The Plaid call failed.');
  const status = error.response?.status;
  if (status === undefined) {
    const timedOut = error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED';
    return new ProviderError(timedOut ? 'provider_timeout' : 'provider_error', PROVIDER, timedOut ? 'Plaid did not answer in time.' : 'Plaid could not be reached.', { operation });
  }
  const parsed = PlaidErrorSchema.safeParse(error.response?.data);
  const providerCode = parsed.success ? safeProviderCode(parsed.data.error_type, parsed.data.error_code) : undefined;
  const known = { operation, status, providerResponse: { status, body: error.response?.data }, ...(providerCode ? { providerCode } : {}) };
  if (status === 429) return new ProviderError('provider_unavailable', PROVIDER, 'Plaid is rate limiting us.', known);
  if (status >= 500) return new ProviderError('provider_error', PROVIDER, `Plaid answered ${status}.`, known);
  return new PlaidRefusal('provider_error', PROVIDER, `Plaid refused ${operation} (${status}${providerCode ? `, ${providerCode}` : ''}).`, known);
}

/**
 * Sends one Plaid call as the provider call `operation` and validates its body. `retry`: one more
 * try after a 5xx, 429 or network failure (not after a timeout, to bound the wait), only for
 * reads; a retry or link token made twice would be a second one at Plaid.
 */
export async function callPlaid<S extends z.ZodType>(
  operation: string,
  schema: S,
  send: () => Promise<AxiosResponse<unknown>>,
  options: { retry?: boolean } = {},
): Promise<z.output<S>> {
  const once = async () => {
    try {
      return await inProviderCall({ provider: PROVIDER, operation }, send);
    } catch (error) {
      throw toProviderError(operation, error);
    }
  };
  let response: AxiosResponse<unknown>;
  try {
    response = await once();
  } catch (error) {
    const retryable = error instanceof ProviderError && !(error instanceof PlaidRefusal) && error.code !== 'provider_timeout';
    if (!options.retry || !retryable) throw error;
    response = await once();
  }
  const parsed = schema.safeParse(response.data);
  if (!parsed.success) {
    throw new ProviderError('provider_error', PROVIDER, 'Plaid answered with an unexpected body.', {
      cause: parsed.error,
      providerResponse: response.data,
      operation,
      status: response.status,
    });
  }
  return parsed.data;
}
