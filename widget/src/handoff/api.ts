// The handoff's calls to the BFF, in the handoff's chunks: the same guarded reading as the core's
// client (a public error code from the answer, else one from the status), kept here so the core
// need not export its reader to these chunks.
import { ApiError } from '../api/errors.js';

export async function handoffCall<T>(url: string, init: RequestInit, guard: (body: unknown) => body is T): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch (cause) {
    throw new ApiError('network_error', 'The service could not be reached.', { cause });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
    throw new ApiError(typeof code === 'string' ? code : response.status === 429 ? 'rate_limited' : 'internal_error', `The service answered ${response.status}.`, { status: response.status });
  }
  if (!guard(body)) throw new ApiError('internal_error', 'The service answered in an unexpected shape.', { status: response.status });
  return body;
}
