// Writes the fixed images the capture quality tests run on (widget/src/capture/fixtures/*.png):
// a synthetic ID-1 card with text-like print on a plain table, a real face (face-*.png, from the
// committed face-source.png), and the faults the checks must catch. Deterministic (a seeded
// layout, no fonts, no canvas, no noise: noise does not compress, and the tests add seeded noise
// in memory), so a re-run reproduces the files byte for byte, and prints the metrics that
// fixtures/README.md records:
//   npx tsx widget/scripts/make-capture-fixtures.ts
// face-source.png itself is cut from scikit-image's astronaut.png (see fixtures/README.md) by
//   npx tsx widget/scripts/make-capture-fixtures.ts --face-source=path/to/astronaut.png
// The tests decode the fixtures with fast-png, a decoder independent of the small encoder below.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { decode } from 'fast-png';
import { assess, documentGuide, type CaptureKind, type Guide } from '../src/capture/quality.js';
import { guideFor } from '../src/capture/ui/framing.js';

const OUT = fileURLToPath(new URL('../src/capture/fixtures/', import.meta.url));
const W = 400;
const H = 300;

type RGB = [number, number, number];

/** mulberry32: a tiny seeded PRNG, so the print layout never changes. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text lines as vertical strokes grouped in words: [v of the baseline, stroke intervals in u]. */
function printLines(random: () => number) {
  const line = (v: number, u0: number, u1: number, stroke: number, gap: number) => {
    const strokes: Array<[number, number, number]> = []; // [u0, u1, height factor]
    let u = u0;
    while (u < u1) {
      const letters = 3 + Math.floor(random() * 6);
      for (let l = 0; l < letters && u < u1; l++) {
        strokes.push([u, u + stroke * (0.8 + random() * 0.8), random() < 0.25 ? 1.35 : 1]);
        u += stroke + gap * (0.7 + random() * 0.8);
      }
      u += gap * 3; // a space between words
    }
    return { v, strokes };
  };
  return [
    ...[0.3, 0.4, 0.5, 0.6, 0.7].map((v) => line(v, 0.36, 0.6 + random() * 0.33, 0.008, 0.01)),
    line(0.84, 0.05, 0.95, 0.011, 0.009), // machine-readable zone
    line(0.93, 0.05, 0.95, 0.011, 0.009),
  ];
}

interface Scene {
  card: { x: number; y: number; w: number; h: number };
  background: (x: number, y: number) => RGB;
}

function render(scene: Scene, lines: ReturnType<typeof printLines>): Float32Array {
  const out = new Float32Array(W * H * 3);
  const { card } = scene;
  const radius = card.h * 0.06;
  const sample = (x: number, y: number): RGB => {
    const u = (x - card.x) / card.w;
    const v = (y - card.y) / card.h;
    if (u < 0 || u > 1 || v < 0 || v > 1) return scene.background(x, y);
    // Rounded corners.
    const dx = Math.max(0, radius - (x - card.x), x - (card.x + card.w - radius));
    const dy = Math.max(0, radius - (y - card.y), y - (card.y + card.h - radius));
    if (dx * dx + dy * dy > radius * radius) return scene.background(x, y);
    if (v < 0.17) {
      // Header band with a title in light print.
      const title = u > 0.06 && u < 0.7 && v > 0.06 && v < 0.12 && Math.floor(u * 90) % 3 !== 0;
      return title ? [235, 240, 250] : [38, 78, 150];
    }
    if (u > 0.05 && u < 0.3 && v > 0.24 && v < 0.78) {
      // The photo: a face-like oval and hair on a light backdrop.
      const fu = (u - 0.175) / 0.085, fv = (v - 0.52) / 0.2;
      if (fu * fu + fv * fv < 1) return fv < -0.45 ? [70, 55, 45] : [205, 172, 150];
      return fv > 0.9 && Math.abs(u - 0.175) < 0.11 ? [60, 70, 90] : [172, 178, 190];
    }
    for (const line of lines) {
      const height = line.v > 0.8 ? 0.055 : 0.045;
      if (v > line.v || v < line.v - height * 1.35) continue;
      for (const [s0, s1, tall] of line.strokes) {
        if (u >= s0 && u < s1 && v >= line.v - height * tall) return [28, 30, 42];
      }
    }
    // Card stock with a faint guilloche-like tint.
    const tint = 4 * Math.sin(u * 40 + v * 25);
    return [226 + tint, 231 + tint, 238];
  };
  // 4×4 supersampling: edges come out anti-aliased, as a lens and a camera scaler make them.
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let r = 0, g = 0, b = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const [cr, cg, cb] = sample(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
          r += cr;
          g += cg;
          b += cb;
        }
      }
      const i = (y * W + x) * 3;
      out[i] = r / 16;
      out[i + 1] = g / 16;
      out[i + 2] = b / 16;
    }
  }
  return out;
}

/** Separable Gaussian blur: a lens out of focus. */
function blur(img: Float32Array, sigma: number): Float32Array {
  const radius = Math.ceil(sigma * 3);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const pass = (src: Float32Array, horizontal: boolean) => {
    const dst = new Float32Array(src.length);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        for (let c = 0; c < 3; c++) {
          let acc = 0;
          for (let k = -radius; k <= radius; k++) {
            const xx = horizontal ? Math.min(W - 1, Math.max(0, x + k)) : x;
            const yy = horizontal ? y : Math.min(H - 1, Math.max(0, y + k));
            acc += src[(yy * W + xx) * 3 + c]! * kernel[k + radius]!;
          }
          dst[(y * W + x) * 3 + c] = acc / total;
        }
      }
    }
    return dst;
  };
  return pass(pass(img, true), false);
}

/** A specular highlight: a clipped core with a soft halo, as a lamp reflected in a laminate. */
function glare(img: Float32Array, cx: number, cy: number, rx: number, ry: number): Float32Array {
  const out = img.slice();
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
      if (d >= 1) continue;
      const f = Math.min(1, 1.4 * (1 - d));
      for (let c = 0; c < 3; c++) out[(y * W + x) * 3 + c] = out[(y * W + x) * 3 + c]! + (255 - out[(y * W + x) * 3 + c]!) * f;
    }
  }
  return out;
}

/**
 * Exposure (gain and offset) on each channel, clipped as a sensor clips, then stored as 8-bit
 * luma (BT.601, as quality.ts computes it): the checks read nothing else, and grey keeps the
 * files a third of the size.
 */
function finish(img: Float32Array, gain = 1, offset = 0): Uint8Array {
  const out = new Uint8Array(img.length / 3);
  const clip = (v: number) => Math.max(0, Math.min(255, Math.round(v * gain + offset)));
  for (let p = 0; p < out.length; p++) out[p] = (77 * clip(img[p * 3]!) + 150 * clip(img[p * 3 + 1]!) + 29 * clip(img[p * 3 + 2]!)) >> 8;
  return out;
}

/**
 * An 8-bit greyscale PNG with the Paeth filter on every row: fast-png's encoder writes unfiltered
 * rows, which leaves the blurred image at 29 KB; filtered, every fixture is a few KB.
 */
function encodePng(grey: Uint8Array, width: number, height: number): Buffer {
  const stride = width;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 4; // Paeth
    for (let i = 0; i < stride; i++) {
      const x = grey[y * stride + i]!;
      const a = i >= 1 ? grey[y * stride + i - 1]! : 0;
      const b = y > 0 ? grey[(y - 1) * stride + i]! : 0;
      const c = i >= 1 && y > 0 ? grey[(y - 1) * stride + i - 1]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      raw[y * (stride + 1) + 1 + i] = (x - predictor) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8 bits, greyscale, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const guide = documentGuide(W, H);
const g = { x: guide.x * W, y: guide.y * H, w: guide.width * W, h: guide.height * H };
// The card fills ~95 % of the guide, as a person lines it up.
const fitted = { x: g.x + g.w * 0.025, y: g.y + g.h * 0.025, w: g.w * 0.95, h: g.h * 0.95 };
const far = { x: W / 2 - g.w * 0.225, y: H / 2 - g.h * 0.225, w: g.w * 0.45, h: g.h * 0.45 };
const table = (x: number, y: number): RGB => {
  const t = (x / W + y / H) / 2;
  return [118 - 26 * t, 104 - 22 * t, 90 - 18 * t];
};
const whiteSheet = (): RGB => [255, 255, 255];

const lines = printLines(prng(7));
const good = render({ card: fitted, background: table }, lines);

const fixtures: Record<string, Uint8Array> = {
  'good.png': finish(good),
  'blurred.png': finish(blur(good, 2)),
  'glare.png': finish(glare(good, fitted.x + fitted.w * 0.62, fitted.y + fitted.h * 0.45, 50, 33)),
  'dark.png': finish(good, 0.28),
  'bright.png': finish(good, 1.5, 45),
  'far.png': finish(render({ card: far, background: table }, lines)),
  'white-background.png': finish(render({ card: fitted, background: whiteSheet }, lines)),
};

/*
 * Faces: a real portrait, since no drawing has a face's mix of smooth skin, hair and a few sharp
 * features (eyes, mouth), which is what sets its variance of the Laplacian. The source is NASA's
 * portrait of Eileen Collins as scikit-image ships it (skimage/data/astronaut.png, 512×512 RGB,
 * public domain). face-source.png is a greyscale cut of it (BT.601 luma, as quality.ts computes
 * it) at the photo's own scale: the box below, which covers the face guide with a margin for the
 * blur. No resampling: the head (top of the hair to the chin) is 162 px tall, 77 % of the guide's
 * 210 px oval at 400×300, as a person lines a face up in it.
 */
const ASTRONAUT_CROP = { x: 128, y: 0, w: 192, h: 218 };
/** The head's centre in astronaut.png: between the top of the hair (y 16) and the chin (y 178), on the nose. */
const ASTRONAUT_HEAD = { x: 224, y: 97 };
/** A shiny forehead, in astronaut.png: the skin between the fringe (y ≈ 72) and the brows (y ≈ 91). */
const ASTRONAUT_FOREHEAD = { x: 222, y: 82 };
/** Room kept around the face guide in face-source.png: the σ = 2 blur reaches 6 px. */
const FACE_MARGIN = 12;

/** 8-bit luma of an 8-bit RGB(A) or grey PNG. */
function readGrey(path: string): { grey: Uint8Array; width: number; height: number } {
  const png = decode(readFileSync(path));
  if (png.depth !== 8 || png.palette) throw new Error(`${path}: expected an 8-bit grey or RGB PNG.`);
  const { width, height, channels, data } = png;
  const grey = new Uint8Array(width * height);
  for (let p = 0; p < grey.length; p++) {
    const i = p * channels;
    grey[p] = channels >= 3 ? (77 * data[i]! + 150 * data[i + 1]! + 29 * data[i + 2]!) >> 8 : data[i]!;
  }
  return { grey, width, height };
}

const faceGuide = guideFor('face', W, H);
// Where astronaut.png's pixel (0, 0) lands in a fixture: the head's centre on the guide's centre.
const faceShift = {
  x: Math.round((faceGuide.x + faceGuide.width / 2) * W) - ASTRONAUT_HEAD.x,
  y: Math.round((faceGuide.y + faceGuide.height / 2) * H) - ASTRONAUT_HEAD.y,
};
{
  // The cut must hold the guide and its margin, except above the photo's top edge (plain backdrop,
  // which the clamp below repeats).
  const gx0 = faceGuide.x * W - faceShift.x, gx1 = (faceGuide.x + faceGuide.width) * W - faceShift.x;
  const gy1 = (faceGuide.y + faceGuide.height) * H - faceShift.y;
  const c = ASTRONAUT_CROP;
  if (gx0 - FACE_MARGIN < c.x || gx1 + FACE_MARGIN > c.x + c.w || gy1 + FACE_MARGIN > c.y + c.h || c.y !== 0) {
    throw new Error('ASTRONAUT_CROP does not cover the face guide and its margin.');
  }
}

const faceArg = process.argv.find((a) => a.startsWith('--face-source='));
if (faceArg) {
  const { grey, width, height } = readGrey(faceArg.slice('--face-source='.length));
  if (width !== 512 || height !== 512) throw new Error('Expected scikit-image\'s astronaut.png (512×512).');
  const c = ASTRONAUT_CROP;
  const cut = new Uint8Array(c.w * c.h);
  for (let y = 0; y < c.h; y++) cut.set(grey.subarray((c.y + y) * width + c.x, (c.y + y) * width + c.x + c.w), y * c.w);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(OUT + 'face-source.png', encodePng(cut, c.w, c.h));
}

/** The face on a 400×300 frame (as RGB, for blur(), glare() and finish()); outside the cut its edge pixels repeat. */
function placeFace(): Float32Array {
  const { grey, width, height } = readGrey(OUT + 'face-source.png');
  if (width !== ASTRONAUT_CROP.w || height !== ASTRONAUT_CROP.h) throw new Error('face-source.png does not match ASTRONAUT_CROP.');
  const out = new Float32Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(height - 1, Math.max(0, y - faceShift.y - ASTRONAUT_CROP.y));
    for (let x = 0; x < W; x++) {
      const sx = Math.min(width - 1, Math.max(0, x - faceShift.x - ASTRONAUT_CROP.x));
      out.fill(grey[sy * width + sx]!, (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  }
  return out;
}

const face = placeFace();
const forehead = { x: ASTRONAUT_FOREHEAD.x + faceShift.x, y: ASTRONAUT_FOREHEAD.y + faceShift.y };
Object.assign(fixtures, {
  'face-good.png': finish(face),
  'face-blurred.png': finish(blur(face, 2)),
  'face-dark.png': finish(face, 0.28),
  'face-bright.png': finish(face, 1.5, 45),
  'face-highlight.png': finish(glare(face, forehead.x, forehead.y, 24, 10)),
});

mkdirSync(OUT, { recursive: true });
for (const [name, data] of Object.entries(fixtures)) {
  const png = encodePng(data, W, H);
  writeFileSync(OUT + name, png);
  console.log(`${name.padEnd(22)} ${png.length} bytes`);
}

// The metrics fixtures/README.md records, as assess() measures them on the fixtures' own pixels.
const asFrame = (grey: Uint8Array) => {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let p = 0; p < grey.length; p++) {
    data.fill(grey[p]!, p * 4, p * 4 + 3);
    data[p * 4 + 3] = 255;
  }
  return { width: W, height: H, data };
};
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const measure = (grey: Uint8Array, kind: CaptureKind, g: Guide) => {
  const { issues, metrics: m } = assess(asFrame(grey), kind, g);
  return `sharpness ${Math.round(m.sharpness)}, luma ${Math.round(m.meanLuma)}, saturated ${pct(m.saturatedShare)}, ` +
    `glare ${pct(m.glareShare)}, fill ${m.fill === null ? '–' : m.fill.toFixed(2)}, issues ${issues.join(' ') || 'none'}`;
};
console.log();
for (const [name, data] of Object.entries(fixtures)) {
  const kind = name.startsWith('face-') ? 'face' : 'document';
  console.log(`${name.padEnd(22)} ${measure(data, kind, kind === 'face' ? faceGuide : guide)}`);
}
const sweep = (img: Float32Array, kind: CaptureKind, g: Guide) =>
  [0.5, 1, 1.25, 1.5, 2].map((s) => `σ ${s} → ${Math.round(assess(asFrame(finish(blur(img, s))), kind, g).metrics.sharpness)}`).join(', ');
console.log(`defocus sweep, good.png:      ${sweep(good, 'document', guide)}`);
console.log(`defocus sweep, face-good.png: ${sweep(face, 'face', faceGuide)}`);
