// Small RGBA frames for the live quality checks: a canvas-free box downscale (tests, workers) and
// a canvas grab from the camera's <video> for the browser.

/** An `ImageData`-like RGBA frame; `ImageData` itself satisfies it. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/**
 * Long edge of the frames the checks run on. Every pass over a 320×240 frame touches 77k pixels,
 * so `assess()` takes a few milliseconds and can run several times a second on a phone; the
 * thresholds in quality.ts are calibrated at this size.
 */
export const ANALYSIS_LONG_EDGE = 320;

/** The size `width`×`height` takes once its long edge is at most `maxEdge` (never upscaled). */
export function fitLongEdge(width: number, height: number, maxEdge: number): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Box-filter downscale: each output pixel is the mean of the source pixels its area covers, so
 * fine detail averages out as it does in a camera's own scaler (no aliasing that would fake
 * sharpness). Returns the frame itself when it is already small enough.
 */
export function downscale(frame: Frame, maxEdge = ANALYSIS_LONG_EDGE): Frame {
  const { width, height } = fitLongEdge(frame.width, frame.height, maxEdge);
  if (width === frame.width && height === frame.height) return frame;
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = frame.width / width;
  const sy = frame.height / height;
  const src = frame.data;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let r = 0, g = 0, b = 0, a = 0;
      for (let yy = y0; yy < y1; yy++) {
        let i = (yy * frame.width + x0) * 4;
        for (let xx = x0; xx < x1; xx++, i += 4) {
          r += src[i]!;
          g += src[i + 1]!;
          b += src[i + 2]!;
          a += src[i + 3]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * width + x) * 4;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
      out[o + 3] = a / n;
    }
  }
  return { width, height, data: out };
}

/** Luma (BT.601 weights, integer approximation), one byte per pixel. */
export function luminance(frame: Frame): Uint8Array {
  const n = frame.width * frame.height;
  const out = new Uint8Array(n);
  const d = frame.data;
  for (let p = 0, i = 0; p < n; p++, i += 4) out[p] = (77 * d[i]! + 150 * d[i + 1]! + 29 * d[i + 2]!) >> 8;
  return out;
}

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/**
 * Draws the current camera frame (or any image source) into a small canvas and reads it back,
 * ready for `assess()`. The canvas is reused between calls: pass the one returned last time.
 */
export function grabFrame(
  source: CanvasImageSource,
  sourceWidth: number,
  sourceHeight: number,
  reuse?: OffscreenCanvas | HTMLCanvasElement,
  maxEdge = ANALYSIS_LONG_EDGE,
): { frame: Frame; canvas: OffscreenCanvas | HTMLCanvasElement } {
  const { width, height } = fitLongEdge(sourceWidth, sourceHeight, maxEdge);
  const canvas =
    reuse ?? (typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : document.createElement('canvas'));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  // willReadFrequently keeps the canvas on the CPU: a GPU canvas read back every frame is slower.
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as Canvas2D | null;
  if (!ctx) throw new Error('No 2D canvas context for the quality checks.');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'medium';
  ctx.drawImage(source, 0, 0, width, height);
  return { frame: ctx.getImageData(0, 0, width, height), canvas };
}
