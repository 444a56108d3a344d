// Every error the Signicat emulator answers with, in one place. The Assure API answers problem
// details `{instance, method, status, type, title, detail, traceId}` [D: the API reference's sample,
// a 400 "Malformed Authorization header."]; the only `type` seen is `base:client-problem`, so every
// 4xx carries it and every 5xx `base:server-problem` [U]. Statuses and wording other than the
// sample's are [U]. The token endpoint is an OAuth 2.0 server and answers RFC 6749 §5.2 errors
// `{error, error_description}` instead [3P: callers read `error_description || error`].
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';

export interface AssureProblemBody {
  instance: string;
  method: string;
  status: number;
  type: 'base:client-problem' | 'base:server-problem';
  title: string;
  detail: string;
  traceId: string;
}

export class AssureProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(title);
    this.name = 'AssureProblem';
  }
}

const problem = (status: number, title: string, detail: string, headers?: Record<string, string>) =>
  new AssureProblem(status, title, detail, headers);

const TITLES: Record<number, string> = { 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

export const problems = {
  /** [D] verbatim: the API reference's sample (a non-Bearer Authorization header). */
  malformedAuthorization: () => problem(400, 'Malformed Authorization header.', 'Please provide a valid Bearer authentication.'),
  missingAuthorization: () => problem(401, 'Unauthorized', 'Please provide a valid Bearer authentication.'),
  invalidToken: () => problem(401, 'Unauthorized', 'The access token is not valid.'),
  expiredToken: () => problem(401, 'Unauthorized', 'The access token has expired.'),
  dossierNotFound: () => problem(404, 'Not Found', 'Dossier not found.'),
  processNotFound: () => problem(404, 'Not Found', 'Process not found.'),
  imageNotFound: (imageType: string) => problem(404, 'Not Found', `The process has no ${imageType} image.`),
  routeNotFound: () => problem(404, 'Not Found', 'No such endpoint.'),
  badJson: () => problem(400, 'Bad Request', 'The request body is not valid JSON.'),
  unsupportedMediaType: (expected: string) => problem(415, 'Unsupported Media Type', `Content-Type must be ${expected}.`),
  /** A body that does not match the operation; `detail` names each field and what is wrong with it. */
  validation: (detail: string) => problem(400, 'Bad Request', detail),
  providerNotSupported: () => problem(400, 'Bad Request', 'provider: this emulator emulates Assure with the onfido provider only.'),
  /** One entry per refused image, e.g. `FRONT: must be a JPEG or PNG image`. */
  invalidImages: (reasons: readonly string[]) => problem(400, 'Invalid image', reasons.join('; ')),
  /** Direct upload exists for the document and documentSelfie process types only [D: a footnote of the Images page, its table not read in full]. */
  directUploadUnavailable: (processType: string) =>
    problem(400, 'Bad Request', `Images cannot be set on a ${processType} process: its captures come from Onfido's SDK.`),
  processNotPending: (status: string) =>
    problem(409, 'Conflict', `The process is ${status}: images and start verification need a pending process.`),

  // Start verification refusals. When each happens is [seed 001]; status and wording are [U].
  locationMissing: () =>
    problem(
      400,
      'Location required',
      'Onfido processes need processParameters.location.countryOfResidence or processParameters.location.ipAddress, set when the process is created.',
    ),
  locationNotInferable: () =>
    problem(400, 'Location required', 'Onfido could not infer the country of residence from processParameters.location.ipAddress.'),
  privacyConsentRequired: () =>
    problem(
      400,
      'Privacy consent required',
      "End-users resident in the USA must accept Onfido's privacy policies (processParameters.consents.privacy: true) for documentSelfie and documentVideo processes.",
    ),
  imagesMissing: (missing: readonly string[]) =>
    problem(400, 'Images missing', `The process needs these images before verification: ${missing.join(', ')}.`),
  /** `missing` names what Onfido has not received yet (FRONT, BACK, VIDEO) when some captures were made. */
  sdkCaptureMissing: (missing?: readonly string[]) =>
    problem(
      400,
      'Images missing',
      missing?.length
        ? `A documentVideo process needs the captures Onfido's SDK uploads; these were not made: ${missing.join(', ')}.`
        : "A documentVideo process needs the captures Onfido's SDK uploads; none were made.",
    ),

  // Assure's own calls to Onfido (the SDK variant: applicant, SDK token, what the SDK uploaded).
  // That Assure answers a 5xx then is [U]; so are the statuses and wording. The detail names the
  // call and Onfido's status and error type, never what Onfido echoed of the request.
  providerFailed: (operation: string, answer: string) =>
    problem(502, 'Provider error', `Onfido answered ${answer} when Assure tried to ${operation}.`),
  providerUnreachable: (operation: string, why: 'could not be reached' | 'timed out') =>
    problem(503, 'Provider unavailable', `Onfido ${why} when Assure tried to ${operation}.`),

  /** Answers of the failNext control: a throttle with Retry-After, or a server failure. */
  injected: (status: number, retryAfterSeconds?: number) =>
    problem(
      status,
      TITLES[status] ?? 'Error',
      status === 429 ? 'Too many requests; retry later.' : 'The service could not complete the request.',
      status === 429 && retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {},
    ),
  /** An emulator bug, never a provider answer; the details stay in the emulator's console. */
  internal: () => problem(500, 'Internal Server Error', 'The Signicat emulator failed; see its console.'),
};

/** The problem-details answer, as application/problem+json [U: the media type is RFC 9457's]. */
export function problemResponse(p: AssureProblem, request: { path: string; method: string }): Response {
  const body: AssureProblemBody = {
    instance: request.path,
    method: request.method,
    status: p.status,
    type: p.status >= 500 ? 'base:server-problem' : 'base:client-problem',
    title: p.title,
    detail: p.detail,
    traceId: randomBytes(16).toString('hex'),
  };
  return Response.json(body, { status: p.status, headers: { 'content-type': 'application/problem+json', ...p.headers } });
}

export const problemFor = (c: Context, p: AssureProblem): Response => problemResponse(p, { path: c.req.path, method: c.req.method });

// ---- Token endpoint (OAuth 2.0) ----

export type TokenErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

/**
 * An RFC 6749 §5.2 error. Status 400 for every code, invalid_client included, as IdentityServer-style
 * servers (whose `/connect/token` path Signicat's is) answer [U]; RFC 6749 also allows 401 there.
 */
export function tokenError(code: TokenErrorCode, description: string): Response {
  return Response.json({ error: code, error_description: description }, { status: 400, headers: { 'cache-control': 'no-store' } });
}
