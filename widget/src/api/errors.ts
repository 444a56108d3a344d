// The one error type the BFF client throws: a stable public code the widget can translate.
import type { PublicErrorCode } from '@identity-verify/contract/errors';

/** A public error code, or one the BFF added after this bundle was built. */
export type ErrorCode = PublicErrorCode | (string & {});

export interface ApiIssue {
  path: string;
  message: string;
}

export interface ApiErrorOptions {
  status?: number;
  requestId?: string;
  issues?: readonly ApiIssue[];
  cause?: unknown;
}

/**
 * A failed call to the BFF. `status` is 0 when no HTTP answer arrived (the fetch itself failed,
 * timed out, or CORS refused it). The message is the BFF's own public message, never a body dump.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly issues: readonly ApiIssue[];

  constructor(code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 0;
    this.requestId = options.requestId;
    this.issues = options.issues ?? [];
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** Codes after which retrying with the same client secret cannot help. */
const FATAL_CODES: ReadonlySet<string> = new Set([
  'unauthorized',
  'client_secret_expired',
  'origin_not_allowed',
  'forbidden',
  'missing_client_secret',
  'missing_api_base',
]);

export function isFatalCode(code: string): boolean {
  return FATAL_CODES.has(code);
}
