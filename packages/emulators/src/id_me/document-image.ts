// The identity-document pictures Document Passback returns: a synthetic card, obviously fake (flat
// colours, grey blocks where text would be, a placeholder silhouette, a SPECIMEN band; no face,
// no name, no number), drawn at whatever size is asked and encoded as a real JPEG with jpeg-js.
// Drawing at the target size rather than scaling pixels keeps the output crisp and exact.
import jpeg from 'jpeg-js';

export type DocumentSide = 'front' | 'back';

export interface Size {
  width: number;
  height: number;
}

/** The "uploaded" resolution of each side: what a request without `size` gets. */
export const ORIGINAL_SIZE: Readonly<Record<DocumentSide, Size>> = {
  front: { width: 500, height: 400 },
  back: { width: 640, height: 400 },
};

/**
 * ID.me's aspect rule: keep the ratio, the tighter of the two requested sides wins
 * (300x200 on 500x400 → 250x200). A box larger than the original scales up [unconfirmed].
 */
export function fitWithin(original: Size, box: Size): Size {
  const scale = Math.min(box.width / original.width, box.height / original.height);
  return {
    width: Math.max(1, Math.round(original.width * scale)),
    height: Math.max(1, Math.round(original.height * scale)),
  };
}

type Rgb = readonly [number, number, number];

// A few palettes so two people's documents do not look identical; picked by the document's seed.
const HEADER_COLOURS: readonly Rgb[] = [
  [31, 111, 139],
  [96, 72, 150],
  [46, 125, 80],
  [170, 92, 40],
];
const DESK: Rgb = [58, 72, 88];
const CARD: Rgb = [232, 238, 247];
const BLOCK: Rgb = [120, 136, 156];
const PHOTO: Rgb = [190, 198, 210];
const SILHOUETTE: Rgb = [150, 160, 174];
const SEAL: Rgb = [212, 175, 55];
const STRIPE: Rgb = [40, 40, 46];
const SPECIMEN: Rgb = [214, 48, 49];

class Canvas {
  readonly pixels: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = Buffer.alloc(width * height * 4, 255);
  }

  /** Calls paint(x, y) for each pixel whose centre lies in the box given in 0..1 units. */
  #each(u0: number, v0: number, u1: number, v1: number, paint: (x: number, y: number, u: number, v: number) => void): void {
    const x0 = Math.max(0, Math.floor(u0 * this.width));
    const x1 = Math.min(this.width, Math.ceil(u1 * this.width));
    const y0 = Math.max(0, Math.floor(v0 * this.height));
    const y1 = Math.min(this.height, Math.ceil(v1 * this.height));
    for (let y = y0; y < y1; y++) {
      const v = (y + 0.5) / this.height;
      for (let x = x0; x < x1; x++) paint(x, y, (x + 0.5) / this.width, v);
    }
  }

  #set(x: number, y: number, [r, g, b]: Rgb, alpha = 1): void {
    const i = (y * this.width + x) * 4;
    const p = this.pixels;
    p[i] = Math.round(r * alpha + (p[i] as number) * (1 - alpha));
    p[i + 1] = Math.round(g * alpha + (p[i + 1] as number) * (1 - alpha));
    p[i + 2] = Math.round(b * alpha + (p[i + 2] as number) * (1 - alpha));
  }

  rect(u0: number, v0: number, u1: number, v1: number, colour: Rgb): void {
    this.#each(u0, v0, u1, v1, (x, y, u, v) => {
      if (u >= u0 && u < u1 && v >= v0 && v < v1) this.#set(x, y, colour);
    });
  }

  /** A rectangle with rounded corners, radius in units of the image height. */
  roundedRect(u0: number, v0: number, u1: number, v1: number, radius: number, colour: Rgb): void {
    const ru = (radius * this.height) / this.width;
    this.#each(u0, v0, u1, v1, (x, y, u, v) => {
      const du = Math.max(u0 + ru - u, 0, u - (u1 - ru)) / ru;
      const dv = Math.max(v0 + radius - v, 0, v - (v1 - radius)) / radius;
      if (du * du + dv * dv <= 1) this.#set(x, y, colour);
    });
  }

  ellipse(cu: number, cv: number, ru: number, rv: number, colour: Rgb): void {
    this.#each(cu - ru, cv - rv, cu + ru, cv + rv, (x, y, u, v) => {
      const du = (u - cu) / ru;
      const dv = (v - cv) / rv;
      if (du * du + dv * dv <= 1) this.#set(x, y, colour);
    });
  }

  /** A translucent band from bottom-left to top-right across the whole image. */
  diagonalBand(halfWidth: number, colour: Rgb, alpha: number): void {
    this.#each(0, 0, 1, 1, (x, y, u, v) => {
      if (Math.abs(u + v - 1) < halfWidth) this.#set(x, y, colour, alpha);
    });
  }
}

/** Deterministic pseudo-random numbers in [0, 1), so one document always looks the same. */
function sequence(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function drawCard(canvas: Canvas, header: Rgb): void {
  canvas.rect(0, 0, 1, 1, DESK);
  canvas.roundedRect(0.05, 0.1, 0.95, 0.9, 0.04, CARD);
  canvas.rect(0.05 + 0.03, 0.1, 0.95 - 0.03, 0.22, header);
  canvas.rect(0.05, 0.14, 0.95, 0.22, header);
}

function drawFront(canvas: Canvas, header: Rgb, random: () => number): void {
  drawCard(canvas, header);
  canvas.rect(0.1, 0.3, 0.36, 0.8, PHOTO);
  canvas.ellipse(0.23, 0.48, 0.06, 0.09, SILHOUETTE);
  canvas.ellipse(0.23, 0.8, 0.11, 0.16, SILHOUETTE);
  canvas.rect(0.1, 0.8, 0.36, 0.9, CARD);
  for (let line = 0; line < 6; line++) {
    const top = 0.32 + line * 0.08;
    canvas.rect(0.42, top, 0.42 + 0.2 + random() * 0.26, top + 0.035, BLOCK);
  }
  canvas.ellipse(0.84, 0.78, 0.05, 0.0625, SEAL);
  canvas.diagonalBand(0.05, SPECIMEN, 0.35);
}

function drawBack(canvas: Canvas, header: Rgb, random: () => number): void {
  drawCard(canvas, header);
  canvas.rect(0.05, 0.26, 0.95, 0.38, STRIPE);
  // A barcode-like block of bars, meaningless by construction.
  let u = 0.1;
  while (u < 0.88) {
    const width = 0.003 + random() * 0.012;
    if (random() < 0.55) canvas.rect(u, 0.46, Math.min(u + width, 0.88), 0.7, STRIPE);
    u += width;
  }
  for (let line = 0; line < 2; line++) canvas.rect(0.1, 0.76 + line * 0.06, 0.45 + random() * 0.4, 0.79 + line * 0.06, BLOCK);
  canvas.diagonalBand(0.05, SPECIMEN, 0.35);
}

/** One side of a synthetic document at exactly `size`, as JPEG bytes. */
export function renderDocumentJpeg(side: DocumentSide, size: Size, seed: number): Buffer {
  if (!Number.isInteger(size.width) || !Number.isInteger(size.height) || size.width < 1 || size.height < 1) {
    throw new RangeError(`renderDocumentJpeg: ${size.width}x${size.height} is not a pixel size.`);
  }
  const canvas = new Canvas(size.width, size.height);
  const header = HEADER_COLOURS[seed % HEADER_COLOURS.length] as Rgb;
  const random = sequence(seed * 2 + (side === 'back' ? 1 : 0));
  if (side === 'front') drawFront(canvas, header, random);
  else drawBack(canvas, header, random);
  const encoded = jpeg.encode(
    { width: size.width, height: size.height, data: canvas.pixels, comments: ['ID.me emulator: synthetic SPECIMEN document, not a real identity document'] },
    85,
  );
  return encoded.data;
}
