// Yoti's error answers: `{code, message, errors?: [{property, message}]}` (the shape the SDK's
// IDVError reads, idv.error.js). Statuses follow Yoti's IDV API reference: 400 "payload validation
// error or request missing headers or query params", 401 "wrong key or signature", 404 "session or
// app not found", 409 "session or resource is locked". Yoti publishes no list of IDV error codes:
// PAYLOAD_VALIDATION is the one its SDK examples print; the authentication codes are those of
// Yoti's other signed APIs (MISSING_DIGEST, INVALID_DIGEST, MISSING_NONCE, MISSING_TIMESTAMP,
// MISSING_APP_ID, INVALID_APP_ID, from its Proof of Age API); the rest are our names [U].
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface PropertyError {
  property: string;
  message: string;
}

export const YOTI_ERRORS = {
  PAYLOAD_VALIDATION: { status: 400, message: 'There were errors validating the payload' },
  MISSING_APP_ID: { status: 400, message: 'The sdkId query parameter was not included in the request' },
  MISSING_NONCE: { status: 400, message: 'The nonce query parameter was not included in the request' },
  MISSING_TIMESTAMP: { status: 400, message: 'The timestamp query parameter was not included in the request' },
  MISSING_DIGEST: { status: 400, message: 'The X-Yoti-Auth-Digest header was not included in the request' },
  INVALID_DIGEST: { status: 401, message: 'The request signature is not valid' },
  // [U] Yoti documents a nonce and a timestamp on every request but not how it refuses a replay.
  INVALID_TIMESTAMP: { status: 401, message: 'The request timestamp is outside the allowed window' },
  INVALID_NONCE: { status: 401, message: 'The nonce has already been used' },
  INVALID_APP_ID: { status: 404, message: 'The application for the provided sdk id does not exist' },
  SESSION_NOT_FOUND: { status: 404, message: 'Session not found' },
  MEDIA_NOT_FOUND: { status: 404, message: 'Media not found' },
  NOT_FOUND: { status: 404, message: 'Resource not found' },
  RESOURCE_LOCKED: { status: 409, message: 'The session is in progress: its checks are not finished' },
} as const satisfies Record<string, { status: ContentfulStatusCode; message: string }>;

export type YotiErrorCode = keyof typeof YOTI_ERRORS;

export function yotiErrorBody(code: YotiErrorCode, errors?: readonly PropertyError[]) {
  const { message } = YOTI_ERRORS[code];
  return errors && errors.length > 0 ? { code, message, errors: [...errors] } : { code, message };
}

export function yotiError(c: Context, code: YotiErrorCode, errors?: readonly PropertyError[]): Response {
  return c.json(yotiErrorBody(code, errors), YOTI_ERRORS[code].status);
}
