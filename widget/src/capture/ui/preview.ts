// Shows a photo on a <canvas>: no object URL, no data: URL, so the page's CSP needs no blob: or
// data: in img-src, and nothing outlives the canvas once it is cleared.
import { fitLongEdge } from '../frame.js';

/** Enough pixels for the person to check the print on a phone or a laptop; CSS scales it down. */
const PREVIEW_LONG_EDGE = 1280;

/** Draws `blob` into `canvas`; resolves false when `isCurrent` says the canvas moved on meanwhile. */
export async function drawPhoto(canvas: HTMLCanvasElement, blob: Blob, isCurrent: () => boolean): Promise<boolean> {
  const bitmap = await createImageBitmap(blob);
  try {
    if (!isCurrent()) return false;
    const { width, height } = fitLongEdge(bitmap.width, bitmap.height, PREVIEW_LONG_EDGE);
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
    return true;
  } finally {
    bitmap.close();
  }
}

/** Drops a canvas's pixels at once (resizing a canvas clears and reallocates its backing store). */
export function clearCanvas(canvas: HTMLCanvasElement): void {
  canvas.width = 0;
  canvas.height = 0;
}
