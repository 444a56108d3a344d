// An uploaded image on its way through the BFF: its declared length checked before anything is
// read, its type taken from its first bytes (not its name or declared type), and its bytes counted
// as they stream on to the provider. Nothing here buffers the image or writes it anywhere.
import { ApiError } from '../errors.js';

export type ImageType = 'image/jpeg' | 'image/png';

const SIGNATURES: ReadonlyArray<{ type: ImageType; bytes: readonly number[] }> = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];
const SNIFF_BYTES = 8;

/** The image type its first bytes say, or null. */
export function sniffImage(head: Uint8Array): ImageType | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b))?.type ?? null;
}

export interface ImageStream {
  type: ImageType;
  /** The exact length, from Content-Length, enforced while streaming. */
  length: number;
  body: ReadableStream<Uint8Array>;
}

/**
 * Opens an upload: refuses a missing or oversized Content-Length before reading, reads just
 * enough to sniff the type, and hands back a stream that replays those bytes, then passes the
 * rest through, failing if the body turns out longer or shorter than declared.
 */
export async function openImageStream(request: Request, limits: { min: number; max: number }): Promise<ImageStream> {
  const declared = request.headers.get('content-length');
  const length = declared && /^\d+$/.test(declared) ? Number(declared) : NaN;
  if (!Number.isSafeInteger(length)) {
    throw new ApiError('validation_failed', 'Send the image as the request body with its Content-Length.', {
      issues: [{ path: 'headers.content-length', message: 'Required: the image size in bytes.' }],
    });
  }
  if (length > limits.max) throw new ApiError('payload_too_large', `The image is ${length} bytes; this provider takes at most ${limits.max}.`);
  if (length < limits.min) {
    throw new ApiError('image_too_small', `The image is ${length} bytes; this provider needs at least ${limits.min}.`, {
      min_bytes: limits.min,
    });
  }
  if (!request.body) throw new ApiError('validation_failed', 'The request has no image in its body.', { issues: [{ path: 'body', message: 'Required.' }] });

  const reader = request.body.getReader();
  const head: Uint8Array[] = [];
  let headLength = 0;
  while (headLength < SNIFF_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    headLength += value.byteLength;
  }
  const first = concat(head, headLength);
  const type = sniffImage(first);
  if (!type) {
    await reader.cancel().catch(() => undefined);
    throw new ApiError('unsupported_media_type', 'The body is not a JPEG or PNG image (judged by its first bytes).');
  }
  const declaredType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (declaredType && declaredType !== type) {
    await reader.cancel().catch(() => undefined);
    throw new ApiError('unsupported_media_type', `The body is ${type} but was sent as ${declaredType.slice(0, 60)}.`);
  }

  let seen = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      seen = first.byteLength;
      if (seen > length) return controller.error(new ApiError('payload_too_large', 'The image is longer than its Content-Length.'));
      controller.enqueue(first);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        if (seen !== length) controller.error(new ApiError('validation_failed', 'The image ended before its Content-Length.', { issues: [{ path: 'body', message: 'Incomplete.' }] }));
        else controller.close();
        return;
      }
      seen += value.byteLength;
      if (seen > length) {
        await reader.cancel().catch(() => undefined);
        return controller.error(new ApiError('payload_too_large', 'The image is longer than its Content-Length.'));
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { type, length, body };
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
