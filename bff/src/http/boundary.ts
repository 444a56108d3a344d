// The one error boundary: every failure becomes `{error:{code,message,details?,request_id}}`
// with the right status. Unknown errors are logged by name and stack frames only (an error's
// message may carry input or PII) and answered as a bare internal_error.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, ProviderError } from '../errors.js';
import type { AppEnv } from './env.js';
import type { Logger } from '../log.js';

export function errorBody(c: Context<AppEnv>, error: ApiError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      request_id: c.get('requestId'),
    },
  };
}

/** A thrown error's own machine code (a SQLSTATE, SQLITE_BUSY), for the log line: never its message. */
function databaseCode(err: Error): { code?: string } {
  const code: unknown = (err as unknown as { code?: unknown }).code;
  return typeof code === 'string' ? { code: code.slice(0, 40) } : {};
}

/**
 * A thrown error as the ApiError it is answered with: its own when it is one, else a bare
 * internal_error, logged by name and stack frames only. Provider failures get one log line.
 */
export function asApiError(err: Error, c: Context<AppEnv>, log: Logger): ApiError {
  let error: ApiError;
  if (err instanceof ApiError) {
    error = err;
  } else if (err instanceof HTTPException && err.status < 500) {
    error = new ApiError(err.status === 401 ? 'unauthorized' : 'validation_failed', err.status === 401 ? undefined : 'The request is not valid.');
  } else {
    error = new ApiError('internal_error');
    log({
      level: 'error',
      msg: 'unhandled error',
      request_id: c.get('requestId'),
      error: err.name,
      // A database's own error code (PostgreSQL's SQLSTATE such as 40P01, SQLite's SQLITE_BUSY): never its message.
      ...databaseCode(err),
      // Frames only: the first stack line repeats the message, which may carry input.
      stack: err.stack?.split('\n').slice(1, 8).map((l) => l.trim()),
    });
  }
  if (error instanceof ProviderError) {
    // One line an operator can act on: which provider, which call, what it answered and its
    // own error code; never its body or message, which can carry the person's data.
    log({ level: 'warn', msg: 'provider failure', request_id: c.get('requestId'), ...error.logFields() });
  }
  c.set('errorCode', error.code);
  return error;
}

export function handleError(log: Logger) {
  return function onError(err: Error, c: Context<AppEnv>) {
    const error = asApiError(err, c, log);
    return c.json(errorBody(c, error), error.status as ContentfulStatusCode);
  };
}

export function notFound(c: Context<AppEnv>) {
  c.set('errorCode', 'not_found');
  return c.json(errorBody(c, new ApiError('not_found', `No route for ${c.req.method} ${c.req.path.slice(0, 200)}.`)), 404);
}
