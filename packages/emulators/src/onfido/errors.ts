// Onfido's error object and every error this emulator answers with, in one place: status, `type`,
// wording and `fields` for each case. [S] marks what Onfido's own material shows (the spec's
// `Error` schema; the 422 body of onfido-sdk-ui's mock server); [U] marks our best reading where
// no primary source was available offline, kept here so a correction is a one-line change.

export type OnfidoErrorType =
  | 'validation_error'
  | 'authorization_error'
  | 'resource_not_found'
  | 'expired_token'
  | 'bad_referrer'
  | 'bad_request'
  | 'unsupported_media_type'
  | 'internal_server_error';

/** Per-field messages, as Onfido sends them: `{ "<field>": ["<message>", ...] }`. */
export type ErrorFields = Record<string, string[]>;

/** The `error` member of Onfido's error body (spec schema `ErrorProperties`). */
export interface OnfidoErrorBody {
  type: OnfidoErrorType;
  message: string;
  fields: ErrorFields;
}

export class OnfidoApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 415 | 422 | 500,
    readonly body: OnfidoErrorBody,
  ) {
    super(body.message);
    this.name = 'OnfidoApiError';
  }
}

const err = (status: OnfidoApiError['status'], type: OnfidoErrorType, message: string, fields: ErrorFields = {}) =>
  new OnfidoApiError(status, { type, message, fields });

/** [S] The wording of onfido-sdk-ui's mock server for every 422. */
const VALIDATION_MESSAGE = 'There was a validation error on this request';

export const errors = {
  /** [S] type and message; `fields` names each offending field with its messages. */
  validation: (fields: ErrorFields) => err(422, 'validation_error', VALIDATION_MESSAGE, fields),
  /** [U] type and wording: a missing, malformed or unknown API token. */
  authorization: () => err(401, 'authorization_error', 'Authorization error: please re-check your credentials'),
  /** [U] An SDK token past its `exp` on the SDK-facing paths (the Web SDK maps this type to its EXPIRED_TOKEN error). */
  expiredToken: () => err(401, 'expired_token', 'The token has expired, please request a new one'),
  /**
   * An SDK token used from a page its `referrer` pattern does not admit, or with no Referer.
   * [S] type, wording and empty `fields`: the body an Onfido SDK received from the API, quoted in
   * onfido/onfido-ios-sdk#210 ("Unexpected referrer: , please check…"); [S] status 401 as
   * Onfido's team wrote in onfido/onfido-node#76 ("you'll receive a 401 bad_referrer error"). Both
   * are issue threads, not reference docs. The page's Referer is echoed as in that body.
   */
  badReferrer: (referer: string | undefined) =>
    err(401, 'bad_referrer', `Unexpected referrer: ${referer ?? ''}, please check the referrer used to generate the token`),
  /** [U] type and wording. */
  notFound: () => err(404, 'resource_not_found', 'The resource could not be found'),
  /** [U] A body that is not JSON where JSON is expected. */
  badJson: () => err(400, 'bad_request', 'Invalid JSON in request body'),
  /** [U] A JSON endpoint sent something else, or an upload endpoint sent something other than multipart. */
  unsupportedMediaType: (expected: string) => err(415, 'unsupported_media_type', `Content-Type must be ${expected}`),
  internal: () => err(500, 'internal_server_error', 'An unexpected error occurred in the Onfido emulator; see its console.'),

  /**
   * The US privacy-notice rule. Source: Onfido's "Privacy notices and consent" migration guide and
   * Signicat's Onfido pages (seed 001): from API v3.4, an applicant whose
   * location.country_of_residence is USA must have `privacy_notices_read` granted before a check
   * with a Document, Facial Similarity or Known Faces report is created; the check is refused,
   * applicant creation is not. Status and type follow Onfido's validation errors [S]; the field
   * name and wording are [U] (the exact message is not published).
   */
  usPrivacyConsentMissing: () =>
    err(422, 'validation_error', VALIDATION_MESSAGE, {
      consents: ['privacy_notices_read consent must be granted for applicants resident in the USA'],
    }),
  /** Same guide: from v3.4 a check needs the applicant's location (country of residence or IP). [U] wording. */
  locationMissing: () =>
    err(422, 'validation_error', VALIDATION_MESSAGE, {
      location: ['applicant location is required: set location.country_of_residence or location.ip_address'],
    }),
};

/** Turns zod-like issues into Onfido's `fields` map, keyed by the dotted path of each field. */
export function fieldsFrom(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): ErrorFields {
  const fields: ErrorFields = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'base';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
