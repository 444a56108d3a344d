// Browser side of the compression benchmark (bundled by compression.ts with Vite, the way the
// widget bundles its worker): makes the 12-megapixel photo, and runs our compress() and
// browser-image-compression on the same bytes, timing each call.
import imageCompression from 'browser-image-compression';
import { compress, isCompressError } from '../../../widget/src/capture/compress.js';

export interface Run {
  ms: number;
  bytes: number;
  width: number;
  height: number;
  /** JPEG quality chosen (ours only: browser-image-compression does not say). */
  quality: number | null;
  /** The longest the page's main thread went without running a 5 ms timer during the call. */
  stallMs: number;
}

export interface Budget {
  maxBytes: number;
  minLongEdge: number;
  maxLongEdge: number;
}

/** mulberry32, so the photo is the same on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 4000×3000 "photo" that is hard to compress like a real one: smooth lighting, thousands of
 * shapes and strokes of detail, and per-pixel sensor noise (σ ≈ 5). JPEG at quality 0.95.
 */
async function makePhoto(): Promise<Blob> {
  const W = 4000, H = 3000;
  const random = prng(12);
  const canvas = new OffscreenCanvas(W, H);
  const ctx = canvas.getContext('2d')!;
  const sky = ctx.createLinearGradient(0, 0, W, H);
  sky.addColorStop(0, '#8fb3d9');
  sky.addColorStop(0.5, '#d9c7a3');
  sky.addColorStop(1, '#4a5d3a');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, W, H);
  const colour = () => `rgb(${(random() * 255) | 0},${(random() * 255) | 0},${(random() * 255) | 0})`;
  for (let i = 0; i < 3000; i++) {
    ctx.globalAlpha = 0.2 + random() * 0.6;
    ctx.fillStyle = colour();
    ctx.beginPath();
    ctx.ellipse(random() * W, random() * H, 5 + random() * 120, 5 + random() * 120, random() * Math.PI, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  for (let i = 0; i < 20000; i++) {
    ctx.strokeStyle = colour();
    ctx.lineWidth = 1 + random() * 3;
    const x = random() * W, y = random() * H;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + (random() - 0.5) * 60, y + (random() - 0.5) * 60);
    ctx.stroke();
  }
  ctx.fillStyle = '#111';
  ctx.font = '28px sans-serif';
  for (let y = 40; y < H; y += 160) ctx.fillText('IDENTITY VERIFY 0123456789 <<<<<<<<< P<UTOERIKSSON<<ANNA<MARIA'.repeat(2), 20, y);
  const image = ctx.getImageData(0, 0, W, H);
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    const n = (random() + random() + random() - 1.5) * 10;
    d[i] = d[i]! + n;
    d[i + 1] = d[i + 1]! + n;
    d[i + 2] = d[i + 2]! + n;
  }
  ctx.putImageData(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
}

/** The same JPEG with an EXIF APP1 segment saying "rotate 90° clockwise" (orientation 6), as a phone held upright writes it. */
async function withOrientation6(jpeg: Blob): Promise<Blob> {
  const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0];
  const payload = [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], tiff);
  const app1 = new Uint8Array([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload]);
  return new Blob([jpeg.slice(0, 2), app1, jpeg.slice(2)], { type: 'image/jpeg' });
}

async function dimensions(blob: Blob): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

async function input(name: string): Promise<Blob> {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`GET ${name}: ${response.status}`);
  return response.blob();
}

/** Measures how long the main thread was blocked while `work` ran: what a person feels as a frozen page. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - start;
    stallMs = Math.max(stallMs, performance.now() - last);
    return { value, ms, stallMs };
  } finally {
    clearInterval(probe);
  }
}

async function ours(file: Blob, budget: Budget): Promise<Run> {
  const { value: result, ms, stallMs } = await timed(() => compress(file, budget));
  return { ms, stallMs, bytes: result.blob.size, width: result.width, height: result.height, quality: result.quality };
}

async function theirs(file: Blob, budget: Budget): Promise<Run> {
  const { value: out, ms, stallMs } = await timed(() => bic(file, budget));
  return { ms, stallMs, bytes: out.size, ...(await dimensions(out)), quality: null };
}

function bic(file: Blob, budget: Budget): Promise<File> {
  return imageCompression(new File([file], 'photo.jpg', { type: 'image/jpeg' }), {
    maxSizeMB: budget.maxBytes / 1024 / 1024,
    maxWidthOrHeight: budget.maxLongEdge,
    fileType: 'image/jpeg',
    useWebWorker: true,
    // Its worker importScripts() this URL; by default it is a public CDN.
    libURL: new URL('/bic/browser-image-compression.js', location.href).href,
  });
}

const api = {
  /** Makes the photo and uploads it to the bench server, which serves it back as /input.jpg. */
  async makeInput(): Promise<number> {
    const photo = await makePhoto();
    const response = await fetch('/input.jpg', { method: 'PUT', body: photo });
    if (!response.ok) throw new Error(`PUT /input.jpg: ${response.status}`);
    return photo.size;
  },
  async run(which: 'ours' | 'theirs', budget: Budget, iterations: number, file = '/input.jpg'): Promise<Run[]> {
    const blob = await input(file);
    const fn = which === 'ours' ? ours : theirs;
    await fn(blob, budget); // warm-up: worker script, JIT, decoder
    const runs: Run[] = [];
    for (let i = 0; i < iterations; i++) runs.push(await fn(blob, budget));
    return runs;
  },
  async rotated(which: 'ours' | 'theirs', budget: Budget): Promise<Run> {
    return (which === 'ours' ? ours : theirs)(await withOrientation6(await input('/input.jpg')), budget);
  },
  /** What compress() says about a HEIC file in this browser. */
  async heic(budget: Budget): Promise<string> {
    try {
      const result = await compress(await input('/sample.heic'), budget);
      return `decoded natively (${result.width}×${result.height})`;
    } catch (error) {
      return isCompressError(error) ? `CompressError ${error.code} (format ${error.format})` : `unexpected ${String(error)}`;
    }
  },
};

declare global {
  interface Window {
    compressionBench: typeof api;
  }
}
window.compressionBench = api;
