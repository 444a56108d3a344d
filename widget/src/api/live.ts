// Follows the session live over the BFF's server-sent events, read with fetch so the client
// secret stays in a header (EventSource cannot send one). Loaded only when the widget follows a
// session, so none of it is in the core.
import type { LiveState } from '@identity-verify/contract/schemas';
import { ApiError } from './errors.js';
import { isVerificationResult, readErrorBody } from './guards.js';

export interface LiveTarget {
  base: string;
  clientSecret: string;
  fetch?: typeof fetch;
}

/**
 * Calls `onState` with each `state` event until the stream ends (resolves) or fails (rejects with
 * an ApiError: the caller then asks instead). The caller's abort ends it quietly.
 */
export async function followSession(target: LiveTarget, onState: (state: LiveState) => void, signal: AbortSignal): Promise<void> {
  const doFetch = target.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let response: Response;
  try {
    response = await doFetch(`${target.base}/v1/identity/verify/events`, {
      headers: { authorization: `Bearer ${target.clientSecret}`, accept: 'text/event-stream' },
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (cause) {
    if (signal.aborted) return;
    throw new ApiError('network_error', 'The service could not be reached.', { cause });
  }
  if (!response.ok || !response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const code = readErrorBody(await response.json().catch(() => null))?.code ?? 'internal_error';
    throw new ApiError(code, 'The live stream could not be opened.', { status: response.status });
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) return;
      buffer += chunk.value.replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        dispatch(buffer.slice(0, end), onState);
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error instanceof ApiError ? error : new ApiError('network_error', 'The live stream was cut.', { cause: error });
  } finally {
    reader.releaseLock();
  }
}

/** One event block: `event:` names it, `data:` lines carry its JSON; comment lines keep the connection alive. */
function dispatch(block: string, onState: (state: LiveState) => void): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    if (field === 'data') data.push(value);
  }
  if (!data.length) return;
  const body: unknown = JSON.parse(data.join('\n'));
  if (event === 'error') {
    const code = (body as { code?: unknown } | null)?.code;
    throw new ApiError(typeof code === 'string' ? code : 'internal_error', 'The live stream ended with an error.');
  }
  if (event === 'state' && isVerificationResult(body)) onState(body as LiveState);
}
