// Fits a photo into what a provider accepts (JPEG, a long edge of at least 1600 px where the
// source has it, between a minimum and a maximum size in bytes), the same code in the worker and
// on the main thread.
import { fitLongEdge } from './frame.js';
import { sniffBlob, type ImageFormat } from './image-format.js';

export interface CompressOptions {
  /** The provider's limit on the upload, in bytes. */
  maxBytes: number;
  /** The provider's minimum, in bytes (Onfido refuses a selfie under 32 KB). Default 0. */
  minBytes?: number;
  /** Never go below this long edge to fit (unless the source is smaller: it is never upscaled). Default 1600. */
  minLongEdge?: number;
  /** Start from this long edge: more pixels than providers use only costs bytes. Default 2000. */
  maxLongEdge?: number;
}

export interface CompressResult {
  blob: Blob;
  width: number;
  height: number;
  /** The JPEG quality (0–1) the blob was encoded at. */
  quality: number;
}

export type CompressErrorCode =
  /** A format this browser cannot decode and we do not convert (HEIC outside Safari). */
  | 'unsupported_format'
  /** Not an image, or a damaged one. */
  | 'undecodable'
  /** Even at the lowest quality and the smallest allowed size it stays over `maxBytes`. */
  | 'too_large'
  /** Even at quality 1 and the largest allowed size it stays under `minBytes`: a picture with too little in it. */
  | 'too_small'
  | 'invalid_options'
  | 'aborted';

/** A typed failure the UI can explain; `format` is what the file's bytes say it is. */
export class CompressError extends Error {
  override readonly name = 'CompressError';
  constructor(
    readonly code: CompressErrorCode,
    message: string,
    readonly format: ImageFormat | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCompressError(value: unknown): value is CompressError {
  return value instanceof CompressError;
}

export const DEFAULT_MIN_LONG_EDGE = 1600;
export const DEFAULT_MAX_LONG_EDGE = 2000;
/**
 * JPEG qualities tried, best first. The floor is 0.62: below ~0.6 the 8×8 block artefacts blur
 * the fine print and the MRZ that providers read, so losing pixels is the better trade.
 */
export const QUALITY_LADDER: readonly number[] = [0.92, 0.86, 0.8, 0.74, 0.68, 0.62];
/**
 * Qualities above the ladder's best, used only to reach a provider's minimum: past 0.92 a JPEG
 * grows fast for little visible gain, but a flat picture (a plain camera frame: 24 KB at 0.92 in
 * 1920×1080) needs them to reach Onfido's 32 KB for a selfie (66 KB at quality 1).
 */
export const RAISE_LADDER: readonly number[] = [0.96, 0.98, 1];
/** Each step down in size keeps this share of the long edge (0.81 of the pixels, and of the bytes). */
export const SIZE_STEP = 0.9;

/** A decoded image that can be encoded as JPEG at any size. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  encode(width: number, height: number, quality: number): Promise<Blob>;
  close(): void;
}

export function checkOptions(options: CompressOptions): Required<CompressOptions> {
  const { maxBytes, minBytes = 0, minLongEdge = DEFAULT_MIN_LONG_EDGE, maxLongEdge = DEFAULT_MAX_LONG_EDGE } = options;
  const bad = (what: string) => new CompressError('invalid_options', `compress(): ${what}.`);
  if (!Number.isFinite(maxBytes) || maxBytes < 10_000) throw bad(`maxBytes must be a number ≥ 10000, got ${maxBytes}`);
  if (!Number.isInteger(minBytes) || minBytes < 0 || minBytes >= maxBytes) throw bad(`minBytes must be an integer from 0 to below maxBytes, got ${minBytes}`);
  if (!Number.isInteger(minLongEdge) || minLongEdge < 100) throw bad(`minLongEdge must be an integer ≥ 100, got ${minLongEdge}`);
  if (!Number.isInteger(maxLongEdge) || maxLongEdge < minLongEdge) throw bad(`maxLongEdge must be an integer ≥ minLongEdge, got ${maxLongEdge}`);
  return { maxBytes, minBytes, minLongEdge, maxLongEdge };
}

/** The long edges to try, largest first: from min(source, max) down to min(source, minLongEdge). */
export function sizeLadder(sourceLong: number, minLongEdge: number, maxLongEdge: number): number[] {
  const start = Math.min(sourceLong, maxLongEdge);
  const floor = Math.min(sourceLong, minLongEdge);
  const sizes = [start];
  for (let edge = Math.floor(start * SIZE_STEP); edge > floor; edge = Math.floor(edge * SIZE_STEP)) sizes.push(edge);
  if (sizes.at(-1)! > floor) sizes.push(floor);
  return sizes;
}

/**
 * Encodes between `minBytes` and `maxBytes`: at the best quality under the maximum (fitUnder),
 * then, when that lands under the minimum, with more bytes (raiseOver).
 */
export async function fitToBudget(raster: Raster, options: CompressOptions, signal?: AbortSignal): Promise<CompressResult> {
  const checked = checkOptions(options);
  const fitted = await fitUnder(raster, checked, signal);
  return fitted.blob.size >= checked.minBytes ? fitted : raiseOver(raster, fitted, checked, signal);
}

const abortIf = (signal?: AbortSignal) => {
  if (signal?.aborted) throw new CompressError('aborted', 'The compression was cancelled.');
};

/**
 * Encodes at the best quality that fits, stepping quality down, then size. At a smaller size it
 * does not start again from the top: bytes scale roughly with pixel count, so the sizes seen at
 * the last size predict which quality to try first.
 */
async function fitUnder(raster: Raster, options: Required<CompressOptions>, signal?: AbortSignal): Promise<CompressResult> {
  const { maxBytes, minLongEdge, maxLongEdge } = options;
  const sizes = sizeLadder(Math.max(raster.width, raster.height), minLongEdge, maxLongEdge);
  let previous: { pixels: number; bytes: Map<number, number> } | null = null;
  for (const edge of sizes) {
    const { width, height } = fitLongEdge(raster.width, raster.height, edge);
    const bytes = new Map<number, number>();
    let first = 0;
    if (previous) {
      const ratio = (width * height) / previous.pixels;
      const predictedFit = QUALITY_LADDER.findIndex((q) => (previous!.bytes.get(q) ?? Infinity) * ratio <= maxBytes);
      first = predictedFit < 0 ? QUALITY_LADDER.length - 1 : predictedFit;
    }
    for (let step = first; step < QUALITY_LADDER.length; step++) {
      abortIf(signal);
      const quality = QUALITY_LADDER[step]!;
      const blob = await raster.encode(width, height, quality);
      bytes.set(quality, blob.size);
      if (blob.size <= maxBytes) {
        // A prediction can start too low: when it fits on the first try, take one better step if that fits too.
        if (step === first && step > 0 && previous) {
          const better = QUALITY_LADDER[step - 1]!;
          const candidate = await raster.encode(width, height, better);
          if (candidate.size <= maxBytes) return { blob: candidate, width, height, quality: better };
        }
        return { blob, width, height, quality };
      }
    }
    previous = { pixels: width * height, bytes };
  }
  throw new CompressError('too_large', `The photo does not fit in ${maxBytes} bytes even at its smallest allowed size.`);
}

/** Every quality, lowest first, the raising ones included. */
const ASCENDING = [...QUALITY_LADDER].reverse().concat(RAISE_LADDER);

/**
 * A fit under the minimum gets more bytes in the most honest way first: a higher quality at the
 * same size keeps more of the picture's real detail. Only when even quality 1 stays short does it
 * take more pixels, once, at `maxLongEdge` (past the source's own size: what a flat frame from a
 * plain camera has to give). It takes the first encoding that reaches the minimum, so the photo
 * stays as small as the provider allows; a step that overshoots the maximum ends that size.
 */
async function raiseOver(raster: Raster, fitted: CompressResult, options: Required<CompressOptions>, signal?: AbortSignal): Promise<CompressResult> {
  const { minBytes, maxBytes, maxLongEdge } = options;
  const scale = maxLongEdge / Math.max(fitted.width, fitted.height);
  const tries = [{ width: fitted.width, height: fitted.height, qualities: ASCENDING.filter((q) => q > fitted.quality) }];
  if (scale > 1) {
    tries.push({ width: Math.round(fitted.width * scale), height: Math.round(fitted.height * scale), qualities: ASCENDING.filter((q) => q >= fitted.quality) });
  }
  for (const { width, height, qualities } of tries) {
    for (const quality of qualities) {
      abortIf(signal);
      const blob = await raster.encode(width, height, quality);
      if (blob.size > maxBytes) break; // a higher quality only grows
      if (blob.size >= minBytes) return { blob, width, height, quality };
    }
  }
  throw new CompressError('too_small', `The photo stays under ${minBytes} bytes even at quality 1 and ${maxLongEdge} px: it has too little detail.`);
}

/** What a canvas gives us to draw on and encode, whichever kind this thread has. */
export interface CanvasTarget {
  context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
  toJpeg(quality: number): Promise<Blob>;
}

export type CanvasFactory = (width: number, height: number) => CanvasTarget;

/** An OffscreenCanvas (workers, modern main threads). */
export function offscreenCanvas(width: number, height: number): CanvasTarget {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('OffscreenCanvas has no 2D context here.');
  return { context, toJpeg: (quality) => canvas.convertToBlob({ type: 'image/jpeg', quality }) };
}

/** A detached <canvas> (main thread of browsers without OffscreenCanvas). */
export function elementCanvas(width: number, height: number): CanvasTarget {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('The canvas has no 2D context.');
  return {
    context,
    toJpeg: (quality) =>
      new Promise((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The canvas could not encode a JPEG.'))), 'image/jpeg', quality),
      ),
  };
}

/**
 * Decodes with EXIF orientation applied (`imageOrientation: 'from-image'`), so a phone photo
 * taken upright comes out upright and the JPEG we write needs no orientation tag. A decode
 * failure becomes a typed error; HEIC gets its own code so the UI can say what to do.
 */
export async function decode(file: Blob, makeCanvas: CanvasFactory): Promise<Raster> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (cause) {
    const format = await sniffBlob(file).catch(() => 'unknown' as const);
    if (format === 'heic') {
      throw new CompressError('unsupported_format', 'This browser cannot read HEIC photos.', format, { cause });
    }
    throw new CompressError('undecodable', 'The file is not an image this browser can read.', format, { cause });
  }
  let target: { width: number; height: number; canvas: CanvasTarget } | null = null;
  return {
    width: bitmap.width,
    height: bitmap.height,
    async encode(width, height, quality) {
      if (!target || target.width !== width || target.height !== height) {
        const canvas = makeCanvas(width, height);
        // JPEG has no alpha: transparent pixels (a PNG scan) become white, not black.
        canvas.context.fillStyle = '#fff';
        canvas.context.fillRect(0, 0, width, height);
        canvas.context.imageSmoothingEnabled = true;
        canvas.context.imageSmoothingQuality = 'high';
        canvas.context.drawImage(bitmap, 0, 0, width, height);
        target = { width, height, canvas };
      }
      return target.canvas.toJpeg(quality);
    },
    close: () => bitmap.close(),
  };
}

/** Decode, fit, release: the whole job on this thread. */
export async function compressHere(
  file: Blob,
  options: CompressOptions,
  makeCanvas: CanvasFactory,
  signal?: AbortSignal,
): Promise<CompressResult> {
  checkOptions(options);
  const raster = await decode(file, makeCanvas);
  try {
    return await fitToBudget(raster, options, signal);
  } finally {
    raster.close();
  }
}

/** The worker's messages. One job per worker: no ids. */
export type WorkerReply =
  | { ok: true; result: CompressResult }
  | { ok: false; error: { code: CompressErrorCode; message: string; format: ImageFormat | null } }
  /** The worker has no OffscreenCanvas 2D: the caller does the job on its own thread. */
  | { ok: false; unavailable: true };

export interface WorkerRequest {
  file: Blob;
  options: CompressOptions;
}
