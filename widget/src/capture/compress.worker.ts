// The compression worker: decodes, resizes and encodes off the main thread with OffscreenCanvas,
// so the preview and the spinner keep moving while a 12-megapixel photo is processed. Built by
// Vite as a same-origin file (no blob: URL), so it loads under a CSP without `worker-src blob:`.
import { compressHere, isCompressError, offscreenCanvas, type WorkerReply, type WorkerRequest } from './compress-core.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
}

const scope = self as unknown as WorkerScope;

function hasOffscreen2d(): boolean {
  try {
    return typeof OffscreenCanvas === 'function' && new OffscreenCanvas(1, 1).getContext('2d') !== null;
  } catch {
    return false;
  }
}

scope.onmessage = async ({ data }) => {
  if (!hasOffscreen2d()) {
    scope.postMessage({ ok: false, unavailable: true });
    return;
  }
  try {
    scope.postMessage({ ok: true, result: await compressHere(data.file, data.options, offscreenCanvas) });
  } catch (error) {
    const typed = isCompressError(error)
      ? error
      : { code: 'undecodable' as const, message: 'The photo could not be processed.', format: null };
    scope.postMessage({ ok: false, error: { code: typed.code, message: typed.message, format: typed.format } });
  }
};
