// Stripe's error object and every error this emulator answers with, in one place: which HTTP status,
// `type`, `code` and wording each case gets. Entries marked [U] are not in Stripe's published
// material we could read offline; they follow the documented status table (400 bad request,
// 401 no valid key, 403 key lacks permission, 404 missing resource) and are kept here so a
// correction is a one-line change.

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

/** The `error` member of Stripe's error body (spec schema `api_errors`, fields we use). */
export interface StripeErrorBody {
  type: StripeErrorType;
  code?: string;
  message: string;
  param?: string;
  doc_url?: string;
}

/**
 * A refusal in Stripe's format. `phase: 'validation'` means the request never started executing,
 * so Stripe saves no idempotent result for it and a retry with the same key runs afresh.
 */
export class StripeApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 500,
    readonly body: StripeErrorBody,
    readonly phase: 'validation' | 'execution' = 'execution',
  ) {
    super(body.message);
    this.name = 'StripeApiError';
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

function invalid(
  status: 400 | 401 | 403 | 404 | 409,
  message: string,
  extra: { code?: string; param?: string } = {},
  phase: 'validation' | 'execution' = 'validation',
) {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (extra.code) {
    body.code = extra.code;
    body.doc_url = docUrl(extra.code);
  }
  if (extra.param) body.param = extra.param;
  return new StripeApiError(status, body, phase);
}

/** Shows a key the way Stripe's messages do: prefix and last four characters only. */
export function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  return key.length <= prefix.length + 4 ? `${prefix}****` : `${prefix}${'*'.repeat(Math.min(24, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

export const errors = {
  noApiKey: () =>
    invalid(
      401,
      'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth ' +
        "(e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, " +
        'or we can help at https://support.stripe.com/.',
    ),
  invalidApiKey: (key: string) => invalid(401, `Invalid API Key provided: ${maskKey(key)}`),
  /** [U] Status: Stripe refuses publishable keys on secret endpoints; we answer 401 like a bad key. */
  publishableKey: () =>
    invalid(
      401,
      'This API call cannot be made with a publishable API key. Please use a secret API key. ' +
        'You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    ),
  invalidVersion: (version: string) => invalid(400, `Invalid Stripe API version: ${version}`, { param: 'Stripe-Version' }),

  unknownParameter: (param: string) => invalid(400, `Received unknown parameter: ${param}`, { code: 'parameter_unknown', param }),
  missingParameter: (param: string) => invalid(400, `Missing required param: ${param}.`, { code: 'parameter_missing', param }),
  emptyParameter: (param: string) =>
    invalid(
      400,
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; ` +
        `however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      { code: 'parameter_invalid_empty', param },
    ),
  invalidInteger: (param: string, value: string) => invalid(400, `Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param }),
  invalidBoolean: (param: string, value: string) => invalid(400, `Invalid boolean: ${value}`, { param }),
  invalidEnum: (param: string, allowed: readonly string[]) =>
    invalid(400, `Invalid ${param}: must be one of ${allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : allowed[0]}`, {
      param,
    }),
  invalidShape: (param: string, expected: 'array' | 'hash' | 'string') => invalid(400, `Invalid ${expected}`, { param }),
  tooLong: (param: string, max: number) => invalid(400, `Invalid string: must be at most ${max} characters long`, { param }),
  exclusive: (params: readonly string[]) =>
    invalid(400, `You may only specify one of these parameters: ${params.join(', ')}.`, { code: 'parameters_exclusive', param: params[0] }),
  invalidUrl: (param: string) => invalid(400, 'Not a valid URL', { code: 'url_invalid', param }),
  limitOutOfRange: () => invalid(400, 'Invalid limit: must be between 1 and 100', { param: 'limit' }),
  notExpandable: (path: string) => invalid(400, `This property cannot be expanded (${path}).`, { param: 'expand' }),
  /** [U] Wording and status: the docs say sensitive results need a restricted key; 403 = key lacks permission. */
  sensitiveNeedsRestrictedKey: (path: string) =>
    invalid(
      403,
      `Expanding ${path} requires a restricted API key with the "Access recent sensitive verification results" permission; ` +
        'a secret key cannot read sensitive verification results.',
      { param: 'expand' },
    ),
  /** [U] Same rule for identity document and selfie images (docs: "Document images / Face images": restricted key only). */
  identityFileNeedsRestrictedKey: () =>
    invalid(
      403,
      'Identity document and selfie images can only be accessed with a restricted API key that has the Files permission.',
      { param: 'file' },
      'execution',
    ),
  fileLinkTooLong: () =>
    invalid(
      400,
      'FileLinks for identity document and selfie files must expire within 30 seconds: pass expires_at at most 30 seconds from now.',
      { param: 'expires_at' },
    ),
  expiresInPast: () => invalid(400, 'The expires_at timestamp must be in the future.', { param: 'expires_at' }),

  /** A missing object named in the URL: 404. */
  noSuchObject: (resource: string, id: string, param: string) =>
    invalid(404, `No such ${resource}: '${id}'`, { code: 'resource_missing', param }, 'execution'),
  /** A missing object named in a body or query parameter: 400, as Stripe answers a bad reference. */
  noSuchReference: (resource: string, id: string, param: string) =>
    invalid(400, `No such ${resource}: '${id}'`, { code: 'resource_missing', param }, 'execution'),
  /** [U] Wording; status 400 (documented "request was unacceptable"), no code: Stripe documents none. */
  invalidState: (action: string, status: string, allowed: readonly string[]) =>
    invalid(
      400,
      `You can only ${action} a VerificationSession whose status is ${allowed.join(' or ')}; this one is ${status}.`,
      {},
      'execution',
    ),

  /** Stripe.js with a client_secret that matches no session (the secret itself is never echoed). */
  noSuchClientSecret: () =>
    invalid(
      400,
      'The client_secret provided does not match any VerificationSession.',
      { code: 'resource_missing', param: 'client_secret' },
      'execution',
    ),
  unrecognizedUrl: (method: string, path: string) =>
    invalid(404, `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`),
  idempotencyMismatch: (key: string) =>
    new StripeApiError(
      400,
      {
        type: 'idempotency_error',
        message:
          'Keys for idempotent requests can only be used with the same parameters they were first used with. ' +
          `Try using a key other than '${key}' if you meant to execute a different request.`,
      },
      'validation',
    ),
  idempotencyInUse: (key: string) =>
    invalid(
      409,
      `There is currently another in-progress request using this Stripe-Idempotency-Key (${key}). Please try again later.`,
      { code: 'idempotency_key_in_use' },
    ),
  idempotencyKeyTooLong: () => invalid(400, 'Idempotency-Key header is too long: at most 255 characters.', { param: 'Idempotency-Key' }),
  internal: () => new StripeApiError(500, { type: 'api_error', message: 'An unknown error occurred in the Stripe emulator; see its console.' }),
};
