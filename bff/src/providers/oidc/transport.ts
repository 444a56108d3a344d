// Outbound calls for the OIDC client: the injected fetch with a timeout on every call, transport
// failures and 5xx/429 turned into typed errors at the source, and the discovery document cached.
import * as oauth from 'oauth4webapi';
import { inProviderCall } from '../http.js';
import { OidcError } from './errors.js';
import { serverMetadataSchema, type OidcServerMetadata, type ResolvedOidcOptions } from './options.js';

/** How much of a failed body is kept (non-enumerably) for debugging. */
const KEPT_BODY_CHARS = 2_000;

async function keptBody(response: Response): Promise<string> {
  try {
    return (await response.text()).slice(0, KEPT_BODY_CHARS);
  } catch {
    return '';
  }
}

/**
 * The fetch given to oauth4webapi (`customFetch`). The per-call timeout is its own signal, so a
 * slow provider is an `oidc_timeout` whatever oauth4webapi does with the error.
 */
export function createProviderFetch(options: ResolvedOidcOptions): typeof fetch {
  const { name, timeoutMs } = options;
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await options.fetch(input, { ...init, signal });
    } catch (cause) {
      if (timeout.aborted) throw new OidcError('oidc_timeout', `${name} did not answer within ${timeoutMs} ms.`, { cause });
      throw new OidcError('oidc_unreachable', `${name} could not be reached.`, { cause });
    }
    if (response.status === 429 || response.status === 503) {
      const body = await keptBody(response);
      throw new OidcError('oidc_provider_unavailable', `${name} is busy (HTTP ${response.status}).`, {
        providerResponse: { status: response.status, body },
      });
    }
    if (response.status >= 500) {
      const body = await keptBody(response);
      throw new OidcError('oidc_provider_error', `${name} answered HTTP ${response.status}.`, {
        providerResponse: { status: response.status, body },
      });
    }
    return response;
  };
}

/** The options oauth4webapi takes for every request it sends. */
export function requestOptions(options: ResolvedOidcOptions, providerFetch: typeof fetch) {
  return {
    [oauth.customFetch]: providerFetch,
    // http:// only for emulators on loopback; resolveOptions already refused http URLs otherwise.
    ...(options.allowInsecureHttp ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

/**
 * The provider's metadata: static when configured, else discovered and reused for
 * `discoveryTtlMs`. A failed discovery is not cached, so the next sign-in tries again.
 */
export function createMetadataSource(
  options: ResolvedOidcOptions,
  providerFetch: typeof fetch,
): () => Promise<oauth.AuthorizationServer> {
  if (options.metadata) {
    const fixed = options.metadata;
    return async () => fixed;
  }
  let cached: { value: Promise<oauth.AuthorizationServer>; until: number } | undefined;
  return () => {
    const now = options.clock.now().getTime();
    if (cached && now < cached.until) return cached.value;
    const value = inProviderCall({ provider: options.name, operation: 'discovery' }, () => discover(options, providerFetch));
    cached = { value, until: now + options.discoveryTtlMs };
    value.catch(() => {
      if (cached?.value === value) cached = undefined;
    });
    return value;
  };
}

async function discover(options: ResolvedOidcOptions, providerFetch: typeof fetch): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(options.issuer);
  const failed = (message: string, extra: { cause?: unknown; providerResponse?: unknown } = {}) =>
    new OidcError('oidc_discovery_failed', `${options.name}: ${message}`, extra);
  let response: Response;
  if (options.discoveryUrl) {
    response = await providerFetch(options.discoveryUrl, { headers: { accept: 'application/json' }, redirect: 'manual' });
  } else {
    response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...requestOptions(options, providerFetch) });
  }
  if (response.status !== 200) {
    throw failed(`the discovery document answered HTTP ${response.status}.`, {
      providerResponse: { status: response.status, body: await keptBody(response) },
    });
  }
  let processed: oauth.AuthorizationServer;
  try {
    // Checks the body is a JSON object naming our issuer, compared as URLs: Login.gov writes
    // 'https://host/' and its docs 'https://host', both fine. id_tokens are then checked
    // against the document's own spelling.
    processed = await oauth.processDiscoveryResponse(new URL(options.issuer), response);
  } catch (cause) {
    if (cause instanceof OidcError) throw cause;
    throw failed(describeDiscoveryFailure(cause, options.issuer), { cause });
  }
  const checked = serverMetadataSchema.safeParse(processed);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw failed(`the discovery document has no usable ${issue.path.join('.')}.`, { cause: checked.error });
  }
  if (options.userinfo && !checked.data.userinfo_endpoint) throw failed('the discovery document has no userinfo_endpoint.');
  return processed;
}

function describeDiscoveryFailure(cause: unknown, issuer: string): string {
  if (cause instanceof oauth.OperationProcessingError && cause.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
    return `the discovery document names another issuer than ${issuer}.`;
  }
  return 'the discovery document is not a JSON object.';
}

export type MetadataSource = ReturnType<typeof createMetadataSource>;
export type { OidcServerMetadata };
