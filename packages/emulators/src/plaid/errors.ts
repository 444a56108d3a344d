// Plaid's error object (PlaidError in the OpenAPI) and the errors this emulator answers with.
// Codes, types and statuses are the documented ones (plaid.com/docs/errors/); where Plaid
// documents no code for an IDV case, the choice is marked [U] and explained.
import { randomId } from './model.js';

export interface PlaidErrorBody {
  error_type: string;
  error_code: string;
  error_message: string;
  display_message: string | null;
  request_id: string;
  causes: unknown[];
  status: number;
  documentation_url: string;
  suggested_action: string | null;
  error_code_reason: string | null;
}

export class PlaidApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'PlaidApiError';
  }

  body(requestId: string): PlaidErrorBody {
    return {
      error_type: this.errorType,
      error_code: this.errorCode,
      error_message: this.message,
      display_message: null,
      request_id: requestId,
      causes: [],
      status: this.status,
      documentation_url: `https://plaid.com/docs/errors/${this.errorType.toLowerCase().replace(/_/g, '-')}/#${this.errorCode.toLowerCase()}`,
      suggested_action: null,
      error_code_reason: null,
    };
  }
}

export const plaidErrors = {
  /** Documented: INVALID_REQUEST / INVALID_BODY, "body could not be parsed as JSON". */
  invalidBody: () => new PlaidApiError(400, 'INVALID_REQUEST', 'INVALID_BODY', 'body could not be parsed as JSON'),
  /** Documented code; the message wording is as commonly quoted [U]. */
  missingFields: (fields: readonly string[]) =>
    new PlaidApiError(400, 'INVALID_REQUEST', 'MISSING_FIELDS', `the following required fields are missing: ${fields.join(', ')}`),
  invalidField: (message: string) => new PlaidApiError(400, 'INVALID_REQUEST', 'INVALID_FIELD', message),
  /** Documented: INVALID_INPUT / INVALID_API_KEYS, HTTP 400, this exact message. */
  invalidApiKeys: () => new PlaidApiError(400, 'INVALID_INPUT', 'INVALID_API_KEYS', 'invalid client_id or secret provided'),
  /** Documented for Link: a link token that is unknown, expired or of another environment. */
  invalidLinkToken: () => new PlaidApiError(400, 'INVALID_INPUT', 'INVALID_LINK_TOKEN', 'provided link token is invalid or expired'),
  /**
   * An id (identity verification, template, key) that does not exist. [U] Plaid documents no
   * IDV-specific code; INVALID_INPUT is its type for "all fields given, a value is wrong", and
   * INVALID_FIELD the closest documented code.
   */
  notFound: (field: string) => new PlaidApiError(400, 'INVALID_INPUT', 'INVALID_FIELD', `${field} does not match any existing object`),
  /**
   * The rate-limit error: type RATE_LIMIT_EXCEEDED and HTTP 429 as documented, with the message of
   * the documented per-endpoint codes. [U] Plaid documents no IDV-specific code; RATE_LIMIT is
   * its generic one.
   */
  rateLimit: () => new PlaidApiError(429, 'RATE_LIMIT_EXCEEDED', 'RATE_LIMIT', 'rate limit exceeded for attempts to access this item. please try again later'),
};

/** The JSON a fault control answers with: a whole Plaid error, for `controls.injectFault`. */
export function plaidErrorJson(error: PlaidApiError): PlaidErrorBody {
  return error.body(randomId(15));
}
