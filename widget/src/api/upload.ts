// One captured image sent to the BFF as the request body, with upload progress where the browser
// can report it (XMLHttpRequest; fetch cannot). A chunk of its own: only our capture uploads.
import type { UploadResponse } from '@identity-verify/contract/schemas';
import { readResponse, type UploadTarget } from './client.js';
import { ApiError } from './errors.js';
import { isUploadResponse } from './guards.js';

/** Uploads of a few MB over a phone's uplink take far longer than a JSON call. */
export const UPLOAD_TIMEOUT_MS = 120_000;

export interface UploadConnection {
  base: string;
  clientSecret: string;
  /** An injected fetch (tests): used instead of XMLHttpRequest, without progress events. */
  fetch?: typeof fetch | undefined;
}

export async function uploadImage(
  connection: UploadConnection,
  target: UploadTarget,
  image: Blob,
  progress?: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<UploadResponse> {
  const query = new URLSearchParams(Object.entries(target).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const url = `${connection.base}/v1/identity/verify/uploads?${query}`;
  const headers = { authorization: `Bearer ${connection.clientSecret}`, accept: 'application/json', 'content-type': image.type || 'application/octet-stream' };
  if (typeof XMLHttpRequest !== 'undefined' && !connection.fetch) return sendWithProgress(url, headers, image, progress, signal);
  const doFetch = connection.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(UPLOAD_TIMEOUT_MS);
    response = await doFetch(url, { method: 'POST', headers, body: image, credentials: 'omit', cache: 'no-store', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    throw new ApiError('network_error', 'The service could not be reached.', { cause });
  }
  const answer = await readResponse(response, isUploadResponse);
  progress?.(image.size, image.size);
  return answer;
}

function sendWithProgress(
  url: string,
  headers: Record<string, string>,
  image: Blob,
  progress: ((sent: number, total: number) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<UploadResponse> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.responseType = 'text';
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    xhr.upload.addEventListener('progress', (event) => progress?.(event.loaded, event.lengthComputable ? event.total : image.size));
    xhr.addEventListener('load', () => {
      done();
      readResponse(new Response(xhr.responseText, { status: xhr.status }), isUploadResponse).then(resolve, reject);
    });
    const failed = (message: string) => () => {
      done();
      if (signal?.aborted) return reject(signal.reason);
      reject(new ApiError('network_error', message));
    };
    xhr.addEventListener('error', failed('The service could not be reached.'));
    xhr.addEventListener('timeout', failed('The service did not answer in time.'));
    xhr.addEventListener('abort', failed('The upload was stopped.'));
    xhr.send(image);
  });
}
