// Compresses a captured or chosen photo for upload: in a Worker with OffscreenCanvas where the
// browser allows it, on the main thread otherwise, with the same result either way.
import {
  checkOptions,
  compressHere,
  CompressError,
  elementCanvas,
  offscreenCanvas,
  type CompressOptions,
  type CompressResult,
  type WorkerReply,
} from './compress-core.js';

import { trustedScriptUrl } from '../drivers/script-url.js';

export { CompressError, isCompressError, type CompressErrorCode, type CompressOptions, type CompressResult } from './compress-core.js';

export interface CompressCall extends CompressOptions {
  signal?: AbortSignal;
  /** false: stay on the main thread (tests, or a host that forbids workers). Default true. */
  worker?: boolean;
}

/** Set once a worker could not start here (cross-origin bundle, CSP, no OffscreenCanvas in workers). */
let workersUnavailable = false;

class WorkerUnavailable extends Error {}

/**
 * The page's Worker, given its script URL through the widget's Trusted Types policy (a page with
 * `require-trusted-types-for 'script'` refuses a plain URL). Named Worker so that the call below
 * keeps the literal `new Worker(new URL(…))` form Vite looks for. Where there is no Worker at all
 * (a server, a test in Node), constructing it throws, and photos are compressed on the main thread.
 */
const Worker = class {
  constructor(url: URL, options: WorkerOptions) {
    // A constructor returning an object makes `new` answer it: the page's Worker, looked up now
    // rather than as the module loads.
    return new globalThis.Worker(trustedScriptUrl(url), options);
  }
} as unknown as typeof globalThis.Worker;

const aborted = () => new CompressError('aborted', 'The compression was cancelled.');

/**
 * One worker per job, ended when it answers: a 12-megapixel decode holds ~50 MB, which a phone
 * should get back at once rather than keep in an idle worker.
 */
function inWorker(file: Blob, options: CompressOptions, signal?: AbortSignal): Promise<CompressResult> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      // Literal form required: Vite finds it, bundles the worker and rewrites the URL.
      worker = new Worker(new URL('./compress.worker.ts', import.meta.url), { type: 'module' });
    } catch (cause) {
      // SecurityError: the bundle is served from another origin than the page.
      reject(new WorkerUnavailable('The worker could not be created.', { cause }));
      return;
    }
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(aborted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
      finish();
      if (data.ok) resolve(data.result);
      else if ('unavailable' in data) reject(new WorkerUnavailable('No OffscreenCanvas in workers.'));
      else reject(new CompressError(data.error.code, data.error.message, data.error.format));
    };
    // A script the CSP or the network refused, or a syntax error: the job never ran, so the main thread can do it.
    worker.onerror = (event) => {
      event.preventDefault();
      finish();
      reject(new WorkerUnavailable('The worker failed to load.'));
    };
    worker.onmessageerror = () => {
      finish();
      reject(new WorkerUnavailable('The worker\'s answer could not be read.'));
    };
    worker.postMessage({ file, options });
  });
}

function onMainThread(file: Blob, options: CompressOptions, signal?: AbortSignal): Promise<CompressResult> {
  const makeCanvas = typeof OffscreenCanvas === 'function' ? offscreenCanvas : elementCanvas;
  return compressHere(file, options, makeCanvas, signal);
}

/**
 * JPEG with a long edge between `minLongEdge` and `maxLongEdge` (1600–2000 by default; smaller
 * sources are kept as they are unless that falls under `minBytes`), EXIF orientation applied and
 * metadata dropped (no GPS position leaves the device), at the best quality under `maxBytes`, or
 * a higher one to reach `minBytes`. Rejects with a `CompressError`.
 */
export async function compress(file: Blob, call: CompressCall): Promise<CompressResult> {
  const { signal, worker = true, ...options } = call;
  checkOptions(options);
  if (signal?.aborted) throw aborted();
  const canUseWorker = worker && !workersUnavailable && typeof Worker === 'function' && typeof OffscreenCanvas === 'function';
  if (canUseWorker) {
    try {
      return await inWorker(file, options, signal);
    } catch (error) {
      if (!(error instanceof WorkerUnavailable)) throw error;
      workersUnavailable = true;
    }
  }
  return onMainThread(file, options, signal);
}

/** For tests: forget that a worker failed to start. */
export function resetWorkerAvailability(): void {
  workersUnavailable = false;
}
