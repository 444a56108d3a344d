// The widget's client for the BFF: every call authenticated with the client secret, bounded by
// a timeout, its JSON guarded, and each failure turned into an ApiError with a public code.
import type {
  ActiveAttempt,
  ConsentRequest,
  ConsentResponse,
  InitiateRequest,
  LiveState,
  PendingVerification,
  ProviderCatalogueEntry,
  TokenRequest,
  UploadResponse,
  VerificationResult,
  WidgetSession,
} from '@identity-verify/contract/schemas';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import type { DelegateRequest } from '@identity-verify/contract/delegation';
import { ApiError } from './errors.js';
import {
  type Guard,
  isActiveAttempt,
  isConsentResponse,
  isPendingList,
  isRecord,
  isProviderList,
  isVerificationResult,
  isWidgetSession,
  readErrorBody,
} from './guards.js';

/** What the flow needs from the BFF; the flow's tests stand in an in-memory implementation. */
export interface IdentityApi {
  getSession(signal?: AbortSignal): Promise<WidgetSession>;
  recordConsent(body: ConsentRequest, signal?: AbortSignal): Promise<ConsentResponse>;
  /** The person's decision on the scopes the session's delegation service asks (once verified). */
  delegate(body: DelegateRequest, signal?: AbortSignal): Promise<unknown>;
  setResidence(country: string, signal?: AbortSignal): Promise<WidgetSession>;
  listProviders(country: string, signal?: AbortSignal): Promise<ProviderCatalogueEntry[]>;
  initiate(body: InitiateRequest, signal?: AbortSignal): Promise<ActiveAttempt>;
  listPending(signal?: AbortSignal): Promise<PendingVerification[]>;
  submitToken(body: TokenRequest, signal?: AbortSignal): Promise<VerificationResult>;
  sync(providerKey: ProviderKey, signal?: AbortSignal): Promise<VerificationResult>;
  complete(providerKey: ProviderKey, sessionRef: string, signal?: AbortSignal): Promise<VerificationResult>;
  /** New client credentials for the pending attempt (its SDK token expired). */
  refresh(providerKey: ProviderKey, sessionRef: string, signal?: AbortSignal): Promise<ActiveAttempt>;
  /**
   * Follows the session live (the BFF's events stream): `onState` hears its state now and on each
   * change until the stream ends; rejects when there is no stream, and the flow asks instead.
   */
  follow?(onState: (state: LiveState) => void, signal: AbortSignal): Promise<void>;
  /** One captured image, sent as the body; `progress` hears the bytes sent so far. */
  uploadImage(target: UploadTarget, image: Blob, progress?: (sent: number, total: number) => void, signal?: AbortSignal): Promise<UploadResponse>;
}

export interface UploadTarget {
  provider_key: ProviderKey;
  session_ref: string;
  side: 'document_front' | 'document_back' | 'selfie';
  document_type?: string;
}



export interface ApiClientOptions {
  apiBase: string;
  clientSecret: string;
  /** Defaults to the global fetch; tests pass a hand-made one. */
  fetch?: typeof fetch;
  /** Per request, in milliseconds. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

// Used when an error answer carries no readable body (a proxy page, an empty 502, ...).
const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'session_closed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  502: 'provider_error',
  503: 'provider_unavailable',
  504: 'provider_timeout',
};

/** Validates an answer that has already arrived: split from sending so tests hand it a Response. */
export async function readResponse<T>(response: Response, guard: Guard<T>): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    throw new ApiError('network_error', 'The answer could not be read.', { status: response.status, cause });
  }
  let body: unknown = undefined;
  let parsed = false;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch {
      // Fall through: an unparseable body is handled like a missing one below.
    }
  }
  if (!response.ok) {
    const fields = parsed ? readErrorBody(body) : null;
    if (fields) {
      const { code, message, ...rest } = fields;
      throw new ApiError(code, message, { status: response.status, ...rest });
    }
    const code = CODE_BY_STATUS[response.status] ?? 'internal_error';
    throw new ApiError(code, `The service answered ${response.status}.`, { status: response.status });
  }
  if (!parsed || !guard(body)) {
    throw new ApiError('internal_error', 'The service answered in an unexpected shape.', { status: response.status });
  }
  return body;
}

export function createApiClient(options: ApiClientOptions): IdentityApi {
  if (!options.apiBase) throw new ApiError('missing_api_base', 'apiBase is required.');
  if (!options.clientSecret) throw new ApiError('missing_client_secret', 'clientSecret is required.');
  const base = options.apiBase.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers = { authorization: `Bearer ${options.clientSecret}`, accept: 'application/json' };
  /** What the lazily loaded calls (the live stream, uploads) need. */
  const lazy = { base, clientSecret: options.clientSecret, fetch: options.fetch };

  async function call<T>(method: string, path: string, guard: Guard<T>, body: unknown, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const init: RequestInit = {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        credentials: 'omit',
        cache: 'no-store',
        signal: controller.signal,
      };
      if (body !== undefined) init.body = JSON.stringify(body);
      let response: Response;
      try {
        response = await doFetch(base + path, init);
      } catch (cause) {
        const message = timedOut ? 'The service did not answer in time.' : 'The service could not be reached.';
        throw new ApiError('network_error', message, { cause });
      }
      return await readResponse(response, guard);
    } catch (error) {
      // The caller's own abort is not a failure to report: hand its reason back unchanged.
      if (signal?.aborted && !timedOut) throw signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    getSession: (signal) => call('GET', '/v1/identity/session', isWidgetSession, undefined, signal),
    recordConsent: (body, signal) => call('POST', '/v1/identity/consents', isConsentResponse, body, signal),
    delegate: (body, signal) => call('POST', '/v1/identity/delegate', isRecord, body, signal),
    setResidence: (country, signal) =>
      call('POST', '/v1/identity/residence', isWidgetSession, { country }, signal),
    listProviders: (country, signal) =>
      call('GET', `/v1/identity/providers?country=${encodeURIComponent(country)}`, isProviderList, undefined, signal),
    initiate: (body, signal) => call('POST', '/v1/identity/verify/initiate', isActiveAttempt, body, signal),
    listPending: (signal) => call('GET', '/v1/identity/verify/sessions', isPendingList, undefined, signal),
    submitToken: (body, signal) => call('POST', '/v1/identity/verify/token', isVerificationResult, body, signal),
    sync: (provider_key, signal) =>
      call('POST', '/v1/identity/verify/sync', isVerificationResult, { provider_key }, signal),
    complete: (provider_key, session_ref, signal) =>
      call('POST', '/v1/identity/verify/complete', isVerificationResult, { provider_key, session_ref }, signal),
    refresh: (provider_key, session_ref, signal) =>
      call('POST', '/v1/identity/verify/refresh', isActiveAttempt, { provider_key, session_ref }, signal),
    // Following live and uploading load their code when first used, not with the core.
    follow: async (onState, signal) => (await import('./live.js')).followSession(lazy, onState, signal),
    uploadImage: async (target, image, progress, signal) => (await import('./upload.js')).uploadImage(lazy, target, image, progress, signal),
  };
}
