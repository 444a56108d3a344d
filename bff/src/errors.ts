// The BFF's error types: every failure a request can meet becomes an ApiError with a public
// code from the contract registry, so the one error boundary can answer it without leaking.
import { API_ERRORS, type ApiErrorCode } from '@identity-verify/contract/errors';

export interface ErrorIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message?: string,
    readonly details?: { issues?: ErrorIssue[]; [key: string]: unknown },
    options?: { cause?: unknown },
  ) {
    super(message ?? API_ERRORS[code].message, options);
    this.status = API_ERRORS[code].status;
  }
}

/**
 * A provider call that failed: timeout, 5xx, 429, unparseable or unexpected body. The
 * provider's raw response is attached non-enumerably so it never reaches logs or JSON.
 */
export class ProviderError extends ApiError {
  override readonly name = 'ProviderError';
  declare readonly providerResponse?: unknown;
  constructor(
    code: 'provider_error' | 'provider_timeout' | 'provider_unavailable',
    readonly provider: string,
    message: string,
    options?: { cause?: unknown; providerResponse?: unknown },
  ) {
    super(code, message, { provider }, options);
    if (options?.providerResponse !== undefined) {
      Object.defineProperty(this, 'providerResponse', { value: options.providerResponse, enumerable: false });
    }
  }
}
