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

export interface ProviderErrorOptions {
  cause?: unknown;
  /** The provider's raw answer, for a debugger: non-enumerable, never logged or serialised. */
  providerResponse?: unknown;
  /** The call that failed, as named at its call site (create_applicant, siteverify). */
  operation?: string;
  /** The provider's HTTP status, when it answered. */
  status?: number;
  /** The provider's own error type or code (a short machine token, see providers/http.ts safeProviderCode). */
  providerCode?: string;
}

/**
 * A provider call that failed: timeout, 5xx, 429, unparseable or unexpected body. It carries
 * what an operator needs to tell failures apart (provider, operation, status, the provider's
 * error code) and nothing of the provider's body, which can hold the person's data; that body
 * is attached non-enumerably so it never reaches logs or JSON.
 */
export class ProviderError extends ApiError {
  override readonly name = 'ProviderError';
  declare readonly providerResponse?: unknown;
  readonly operation: string | undefined;
  readonly providerStatus: number | undefined;
  readonly providerCode: string | undefined;
  constructor(
    code: 'provider_error' | 'provider_timeout' | 'provider_unavailable',
    readonly provider: string,
    message: string,
    options: ProviderErrorOptions = {},
  ) {
    super(code, message, { provider }, options.cause === undefined ? undefined : { cause: options.cause });
    this.operation = options.operation;
    this.providerStatus = options.status;
    this.providerCode = options.providerCode;
    if (options.providerResponse !== undefined) {
      Object.defineProperty(this, 'providerResponse', { value: options.providerResponse, enumerable: false });
    }
  }

  /** The fields of a `provider failure` log line: ids and codes only. */
  logFields(): Record<string, string | number | null> {
    return {
      provider: this.provider,
      operation: this.operation ?? null,
      status: this.providerStatus ?? null,
      provider_code: this.providerCode ?? null,
      code: this.code,
    };
  }
}
