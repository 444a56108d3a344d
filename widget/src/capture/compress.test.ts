// Compression's decisions without a browser: format sniffing, the size and quality ladders, the
// fit to a byte budget (with an encoder whose output size is a known function of its inputs),
// and the fallback from the worker to the main thread. The real encoding in Chromium is measured
// by the bench (packages/bench/src/compression.ts).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compress, CompressError, resetWorkerAvailability } from './compress.js';
import { fitToBudget, QUALITY_LADDER, sizeLadder, type CanvasTarget, type Raster } from './compress-core.js';
import { sniffImageFormat } from './image-format.js';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible);
};

describe('sniffImageFormat', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['png', bytes([0x89], 'PNG\r\n\x1a\n')],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['gif', bytes('GIF89a')],
    ['heic', ftyp('heic', 'mif1', 'heic')],
    ['heic', ftyp('heix', 'mif1')],
    ['heic', ftyp('mif1', 'mif1', 'heic')],
    ['avif', ftyp('avif', 'mif1', 'miaf')],
    ['avif', ftyp('mif1', 'mif1', 'avif')],
    ['unknown', bytes('%PDF-1.7')],
    ['unknown', bytes([])],
  ] as const)('%s', (format, head) => expect(sniffImageFormat(head)).toBe(format));

  it('recognises a real HEIC file (heif-enc, iPhone-style brands)', () => {
    const head = readFileSync(new URL('./fixtures/sample.heic', import.meta.url)).subarray(0, 64);
    expect(sniffImageFormat(head)).toBe('heic');
  });
});

describe('sizeLadder', () => {
  it('starts at the max long edge and steps down to the min', () => {
    expect(sizeLadder(4000, 1600, 2000)).toEqual([2000, 1800, 1620, 1600]);
  });

  it('never upscales: a small source is tried at its own size only', () => {
    expect(sizeLadder(1200, 1600, 2000)).toEqual([1200]);
    expect(sizeLadder(1700, 1600, 2000)).toEqual([1700, 1600]);
  });
});

/** A 4000×3000 source whose JPEG takes `bytesPerPixel(quality)` bytes per pixel. */
function fakeRaster(bytesPerPixel: (quality: number) => number, width = 4000, height = 3000) {
  const calls: Array<[number, number, number]> = [];
  const raster: Raster = {
    width,
    height,
    async encode(w, h, q) {
      calls.push([w, h, q]);
      return new Blob([new Uint8Array(Math.round(w * h * bytesPerPixel(q)))]);
    },
    close() {},
  };
  return { raster, calls };
}

describe('fitToBudget', () => {
  it('keeps the best quality at the largest size when it fits', async () => {
    const { raster, calls } = fakeRaster(() => 0.2); // 2000×1500 → 600 kB
    const result = await fitToBudget(raster, { maxBytes: 1_000_000 });
    expect(result).toMatchObject({ width: 2000, height: 1500, quality: 0.92 });
    expect(calls).toHaveLength(1);
  });

  it('steps the quality down before the size', async () => {
    const { raster } = fakeRaster((q) => q * 0.45); // 0.92 → 1.24 MB, 0.74 → 999 kB
    const result = await fitToBudget(raster, { maxBytes: 1_000_000 });
    expect(result).toMatchObject({ width: 2000, height: 1500, quality: 0.74 });
    expect(result.blob.size).toBeLessThanOrEqual(1_000_000);
  });

  it('then the size, never below the min long edge, starting from the predicted quality', async () => {
    const { raster, calls } = fakeRaster((q) => q * 0.5); // 1600×1200 at 0.62: 595 kB
    const result = await fitToBudget(raster, { maxBytes: 700_000 });
    expect(Math.max(result.width, result.height)).toBeGreaterThanOrEqual(1600);
    expect(result.blob.size).toBeLessThanOrEqual(700_000);
    expect(calls.length).toBeLessThan(QUALITY_LADDER.length * 2);
  });

  it('keeps portrait photos portrait', async () => {
    const { raster } = fakeRaster(() => 0.1, 3000, 4000);
    expect(await fitToBudget(raster, { maxBytes: 1_000_000 })).toMatchObject({ width: 1500, height: 2000 });
  });

  it('fails with too_large when nothing allowed fits', async () => {
    const { raster } = fakeRaster(() => 1);
    await expect(fitToBudget(raster, { maxBytes: 100_000 })).rejects.toMatchObject({ name: 'CompressError', code: 'too_large' });
  });

  it('names a bad option', async () => {
    const { raster } = fakeRaster(() => 1);
    await expect(fitToBudget(raster, { maxBytes: 0 })).rejects.toMatchObject({ code: 'invalid_options', message: expect.stringContaining('maxBytes') });
    await expect(fitToBudget(raster, { maxBytes: 1e6, minLongEdge: 2400 })).rejects.toMatchObject({ code: 'invalid_options' });
  });
});

/**
 * A plain camera frame (a flat picture, as Chromium's fake camera plays by default) at 1920×1080,
 * with its bytes as Chromium measured them: 24 KB at 0.92, 29 KB at 0.96, 66 KB at quality 1.
 * Bytes grow with the pixel count; the bytes per pixel in between are interpolated.
 */
const PLAIN_FRAME_BYTES: Record<number, number> = { 0.62: 14_000, 0.8: 19_000, 0.92: 24_254, 0.96: 28_821, 0.98: 40_000, 1: 66_068 };
const plainFrame = (quality: number) => (PLAIN_FRAME_BYTES[quality] ?? 20_000) / (1920 * 1080);
const ONFIDO_SELFIE = { minBytes: 32 * 1024, maxBytes: 10 * 1024 * 1024 };

describe('fitToBudget within a [min, max] window', () => {
  it('regression (issue 15): a plain camera frame\'s selfie, 24 KB at the usual best quality, is encoded again at a higher one to reach Onfido\'s 32 KB', async () => {
    const { raster, calls } = fakeRaster(plainFrame, 1920, 1080);
    const result = await fitToBudget(raster, ONFIDO_SELFIE);
    // The least quality that reaches the minimum, at the frame's own size: no pixels invented.
    expect(result).toMatchObject({ width: 1920, height: 1080, quality: 0.98 });
    expect(result.blob.size).toBeGreaterThanOrEqual(ONFIDO_SELFIE.minBytes);
    expect(result.blob.size).toBeLessThanOrEqual(ONFIDO_SELFIE.maxBytes);
    expect(calls.map(([, , q]) => q)).toEqual([0.92, 0.96, 0.98]);
  });

  it('takes more pixels, up to the max long edge, only when even quality 1 stays under the minimum', async () => {
    // A 1280×720 camera: quality 1 gives 29.4 KB; 2000×1125 at 0.96 gives 31.3 KB, at 0.98 43.4 KB.
    const { raster, calls } = fakeRaster(plainFrame, 1280, 720);
    const result = await fitToBudget(raster, ONFIDO_SELFIE);
    expect(result).toMatchObject({ width: 2000, height: 1125, quality: 0.98 });
    expect(calls.map(([w, , q]) => `${w}@${q}`)).toEqual(['1280@0.92', '1280@0.96', '1280@0.98', '1280@1', '2000@0.92', '2000@0.96', '2000@0.98']);
    expect(result.blob.size).toBeGreaterThanOrEqual(ONFIDO_SELFIE.minBytes);
  });

  it('says too_small when nothing allowed reaches the minimum: the picture has too little in it', async () => {
    const { raster } = fakeRaster(() => 0.001, 1920, 1080); // 2000×1125 at quality 1: 2.3 KB
    await expect(fitToBudget(raster, ONFIDO_SELFIE)).rejects.toMatchObject({ name: 'CompressError', code: 'too_small' });
  });

  it('never goes over the maximum to reach the minimum', async () => {
    const { raster } = fakeRaster(plainFrame, 1920, 1080);
    // 1920×1080: 28.8 KB at 0.96 is under this minimum, 40 KB at 0.98 over this maximum; 2000×1125: 31.3 KB at 0.96, 43.4 KB at 0.98.
    await expect(fitToBudget(raster, { minBytes: 33_000, maxBytes: 39_000 })).rejects.toMatchObject({ code: 'too_small' });
    const inside = await fitToBudget(raster, { minBytes: 28_000, maxBytes: 39_000 });
    expect(inside).toMatchObject({ width: 1920, quality: 0.96 });
  });

  it('keeps a photo already inside the window as it was, with no extra encoding', async () => {
    const { raster, calls } = fakeRaster(() => 0.2);
    const result = await fitToBudget(raster, { minBytes: 2048, maxBytes: 3 * 1024 * 1024 });
    expect(result).toMatchObject({ width: 2000, height: 1500, quality: 0.92 });
    expect(calls).toHaveLength(1);
  });

  it('refuses a minimum that is not below the maximum', async () => {
    const { raster } = fakeRaster(() => 1);
    await expect(fitToBudget(raster, { minBytes: 1e6, maxBytes: 1e6 })).rejects.toMatchObject({ code: 'invalid_options', message: expect.stringContaining('minBytes') });
    await expect(fitToBudget(raster, { minBytes: -1, maxBytes: 1e6 })).rejects.toMatchObject({ code: 'invalid_options' });
  });
});

/** Browser primitives for the main-thread path: a bitmap of a given size, a canvas whose JPEG size is known. */
function stubBrowser(decoded: { width: number; height: number } | Error) {
  const drawn: Array<[number, number]> = [];
  class FakeOffscreenCanvas {
    constructor(readonly width: number, readonly height: number) {}
    getContext(): Partial<CanvasTarget['context']> {
      return { fillRect() {}, drawImage: () => void drawn.push([this.width, this.height]) } as never;
    }
    async convertToBlob({ quality }: { quality: number }) {
      return new Blob([new Uint8Array(Math.round(this.width * this.height * quality * 0.3))], { type: 'image/jpeg' });
    }
  }
  vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
  vi.stubGlobal('createImageBitmap', async (_: Blob, options: ImageBitmapOptions) => {
    expect(options.imageOrientation).toBe('from-image');
    if (decoded instanceof Error) throw decoded;
    return { ...decoded, close() {} };
  });
  return { drawn };
}

describe('compress', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    resetWorkerAvailability();
  });

  it('falls back to the main thread when the worker cannot load (CSP, another origin)', async () => {
    const { drawn } = stubBrowser({ width: 4000, height: 3000 });
    let created = 0;
    vi.stubGlobal(
      'Worker',
      class {
        onerror: ((event: { preventDefault(): void }) => void) | null = null;
        constructor() {
          created++;
          queueMicrotask(() => this.onerror?.({ preventDefault() {} }));
        }
        postMessage() {}
        terminate() {}
      },
    );
    const result = await compress(new Blob([new Uint8Array(10)]), { maxBytes: 1_000_000 });
    expect(result).toMatchObject({ width: 2000, height: 1500, quality: 0.92 });
    expect(drawn).toEqual([[2000, 1500]]);
    await compress(new Blob([new Uint8Array(10)]), { maxBytes: 1_000_000 });
    expect(created).toBe(1); // remembered: no second try at a worker that cannot start
  });

  it('passes the worker\'s typed error through instead of retrying', async () => {
    stubBrowser({ width: 10, height: 10 });
    vi.stubGlobal(
      'Worker',
      class {
        onmessage: ((event: { data: unknown }) => void) | null = null;
        postMessage() {
          queueMicrotask(() =>
            this.onmessage?.({ data: { ok: false, error: { code: 'unsupported_format', message: 'HEIC', format: 'heic' } } }),
          );
        }
        terminate() {}
      },
    );
    await expect(compress(new Blob([]), { maxBytes: 1_000_000 })).rejects.toMatchObject({ code: 'unsupported_format', format: 'heic' });
  });

  it('says HEIC when the browser cannot decode a HEIC file', async () => {
    stubBrowser(new DOMException('The source image could not be decoded.', 'InvalidStateError'));
    const heic = new Blob([readFileSync(new URL('./fixtures/sample.heic', import.meta.url))]);
    const error = await compress(heic, { maxBytes: 1_000_000, worker: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompressError);
    expect(error).toMatchObject({ code: 'unsupported_format', format: 'heic' });
  });

  it('says undecodable for a file that is no image', async () => {
    stubBrowser(new DOMException('The source image could not be decoded.', 'InvalidStateError'));
    await expect(compress(new Blob(['%PDF-1.7']), { maxBytes: 1_000_000, worker: false })).rejects.toMatchObject({
      code: 'undecodable',
      format: 'unknown',
    });
  });

  it('stops when aborted', async () => {
    stubBrowser({ width: 4000, height: 3000 });
    const controller = new AbortController();
    controller.abort();
    await expect(compress(new Blob([]), { maxBytes: 1_000_000, signal: controller.signal, worker: false })).rejects.toMatchObject({
      code: 'aborted',
    });
  });
});
