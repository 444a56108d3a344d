// Live quality checks on camera frames (blur, glare, exposure, document fill) and the steadiness
// that allows auto-capture. Pure functions over small RGBA frames: no DOM, testable on fixtures.
import { ANALYSIS_LONG_EDGE, downscale, luminance, type Frame } from './frame.js';

export type CaptureKind = 'document' | 'face';
export type QualityIssue = 'blurry' | 'glare' | 'too_dark' | 'too_bright' | 'too_far';

/** The framing guide drawn over the preview, in fractions of the frame (0–1), so any resolution works. */
export interface Guide {
  x: number;
  y: number;
  width: number;
  height: number;
}

/*
 * Thresholds. All are on 8-bit luma of a frame downscaled to ANALYSIS_LONG_EDGE (320 px), measured
 * inside the guide. The figures in brackets are the committed fixtures (fixtures/README.md) and
 * they set the values, with room on both sides. The fixtures are synthetic and crisper than a
 * real card's print: tune these from field data before trusting them for auto-capture.
 */

/**
 * Below this variance of the Laplacian a document is too soft. The sharp card measures 5433
 * [good]; a Gaussian defocus of σ px (at the 400 px fixture size) gives 3227 (0.5), 858 (1),
 * 478 (1.25), 269 (1.5) and 99 (2) [blurred]. 400 rejects σ ≥ 1.5 and keeps σ ≤ 1.25: lenient,
 * since a real card's print has less contrast than the fixture's (the variance goes with the
 * square of the contrast) and the provider judges the full-resolution photo again anyway.
 */
export const DOCUMENT_MIN_SHARPNESS = 400;
/**
 * Below this variance of the Laplacian a face is too soft. Calibrated on a real portrait (NASA's
 * Eileen Collins, her head filling the face guide): sharp, it measures 958 [face-good]; a Gaussian
 * defocus of σ px (at the 400 px fixture size) gives 510 (0.5), 137 (1), 86 (1.25), 58 (1.5) and
 * 32 (2) [face-blurred]. Skin and hair have far less fine detail than print: the sharp face
 * measures a sixth of the sharp card. 75 makes the documents' cut: it keeps σ ≤ 1.25 and
 * refuses σ ≥ 1.5, sitting between the two as 400 does for cards (a little nearer the sharp
 * side), and a sharp face passes 12× over it. The old 150 refused even σ = 1. Sensor noise raises
 * a soft face's variance: noise of σ 2 levels takes the σ = 2 defocus to 60 (still refused), σ 3
 * to 94 (passed), so a blurred face in dim, noisy light can get through; the provider judges the
 * photo again. One face only: tune on field data.
 */
export const FACE_MIN_SHARPNESS = 75;
/** Luma at or above this counts as saturated (clipped): a camera's highlight, not paper. */
export const SATURATED_LUMA = 250;
/**
 * A saturated blob inside the guide covering this share of it is glare: 0.6 % of a guide on a
 * 320×240 frame is a disc ~18 px across, enough to hide a date of birth [glare 3.1 %; good 0 %].
 * Documents only: face-highlight's shiny forehead would measure 0.8 %.
 */
export const GLARE_MIN_BLOB_SHARE = 0.006;
/**
 * A blob counts as glare only when it is compact (its area against its bounding box; an
 * ellipse is 0.785) and does not touch the guide's edge. A white table around the card is
 * saturated too, but it reaches the edge and is a thin frame, so it is background, not glare
 * [white-background: 9.9 % of the guide saturated, glare share 0].
 */
export const GLARE_MIN_COMPACTNESS = 0.4;
/**
 * Mean luma below this is too dark [dark 47; good 168; face-dark 40; face-good 144]. Not
 * higher: a dark-blue passport page in good light can average 80–90.
 */
export const DARK_MEAN_LUMA = 60;
/**
 * Mean luma above this is washed out. High, because a pale card in good light averages 200–220
 * and is readable; clipping (next) is what loses print [bright 220; card on white 185].
 */
export const BRIGHT_MEAN_LUMA = 235;
/**
 * Over this share of the guide clipped is overexposure, whatever the mean [bright 63 %; card on
 * white 9.9 %; face-bright 62 % at a mean of 215; face-highlight 0.8 %].
 */
export const BRIGHT_MAX_SATURATED_SHARE = 0.25;
/**
 * A pixel is an edge when its Sobel magnitude (|Gx| + |Gy|) reaches this: a step of ~20 luma
 * levels. Smooth shading (a table, a wall) stays below; card borders and print are far above.
 */
export const EDGE_MIN_GRADIENT = 80;
/**
 * The document's box must cover this share of the guide. A card drawn over 95 % of the guide
 * measures 0.86 (the trim shaves its blank margins) [good]; one at 45 % of the guide's size
 * measures 0.21 [far]. 0.6 rejects a card clearly too small while tolerating loose framing.
 */
export const DOCUMENT_MIN_FILL = 0.6;

/** The ID-1 card format (85.60 × 53.98 mm): national ID cards, driving licences. */
export const ID1_ASPECT = 85.6 / 53.98;
/** The ID-3 format (125 × 88 mm): a passport's photo page, opened flat. */
export const ID3_ASPECT = 125 / 88;

/** A centred guide of `aspect`, as large as the frame allows with `margin` (fraction) around it. */
export function documentGuide(frameWidth: number, frameHeight: number, aspect = ID1_ASPECT, margin = 0.1): Guide {
  let w = frameWidth * (1 - 2 * margin);
  let h = w / aspect;
  if (h > frameHeight * (1 - 2 * margin)) {
    h = frameHeight * (1 - 2 * margin);
    w = h * aspect;
  }
  return { x: (frameWidth - w) / 2 / frameWidth, y: (frameHeight - h) / 2 / frameHeight, width: w / frameWidth, height: h / frameHeight };
}

export interface QualityMetrics {
  /** Variance of the 3×3 Laplacian of luma inside the guide. */
  sharpness: number;
  /** Mean luma inside the guide, 0–255. */
  meanLuma: number;
  /** Share of the guide's pixels that are saturated. */
  saturatedShare: number;
  /** Share of the guide covered by the largest glare-like blob (see GLARE_MIN_COMPACTNESS). */
  glareShare: number;
  /** Documents: share of the guide covered by the box around the frame's edges; null for faces. */
  fill: number | null;
}

export interface Assessment {
  ok: boolean;
  /** Most actionable first: fix the light, then the distance, then glare, then focus. */
  issues: QualityIssue[];
  metrics: QualityMetrics;
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function guideRect(guide: Guide, width: number, height: number): Rect {
  const x0 = Math.max(0, Math.round(guide.x * width));
  const y0 = Math.max(0, Math.round(guide.y * height));
  const x1 = Math.min(width, Math.round((guide.x + guide.width) * width));
  const y1 = Math.min(height, Math.round((guide.y + guide.height) * height));
  if (x1 - x0 < 3 || y1 - y0 < 3) throw new RangeError('The guide covers less than 3×3 pixels of the frame.');
  return { x0, y0, x1, y1 };
}

/** Variance of the Laplacian (0 1 0 / 1 −4 1 / 0 1 0) over the rectangle's interior. */
export function laplacianVariance(y: Uint8Array, width: number, r: Rect): number {
  let sum = 0, sumSq = 0, n = 0;
  for (let row = Math.max(1, r.y0); row < r.y1 - 1; row++) {
    for (let col = Math.max(1, r.x0), i = row * width + col; col < r.x1 - 1; col++, i++) {
      const v = y[i - width]! + y[i + width]! + y[i - 1]! + y[i + 1]! - 4 * y[i]!;
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

function exposure(y: Uint8Array, width: number, r: Rect): { meanLuma: number; saturatedShare: number } {
  let sum = 0, saturated = 0;
  for (let row = r.y0; row < r.y1; row++) {
    for (let i = row * width + r.x0, end = row * width + r.x1; i < end; i++) {
      sum += y[i]!;
      if (y[i]! >= SATURATED_LUMA) saturated++;
    }
  }
  const n = (r.x1 - r.x0) * (r.y1 - r.y0);
  return { meanLuma: sum / n, saturatedShare: saturated / n };
}

/** The largest compact saturated blob inside the guide that does not reach its edge, as a share of the guide. */
export function glareShare(y: Uint8Array, width: number, r: Rect): number {
  const w = r.x1 - r.x0, h = r.y1 - r.y0;
  const seen = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  const saturated = (q: number) => y[(r.y0 + ((q / w) | 0)) * width + r.x0 + (q % w)]! >= SATURATED_LUMA;
  const push = (q: number, top: number) => {
    if (seen[q] || !saturated(q)) return top;
    seen[q] = 1;
    stack[top] = q;
    return top + 1;
  };
  let largest = 0;
  for (let start = 0; start < w * h; start++) {
    if (seen[start] || !saturated(start)) continue;
    // Flood fill (4-connected) one saturated component, tracking its area, box and border contact.
    let top = 0, area = 0, touches = false;
    let minX = w, minY = h, maxX = -1, maxY = -1;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const p = stack[--top]!;
      const px = p % w, py = (p / w) | 0;
      area++;
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
      if (px === 0 || py === 0 || px === w - 1 || py === h - 1) touches = true;
      if (px > 0) top = push(p - 1, top);
      if (px < w - 1) top = push(p + 1, top);
      if (py > 0) top = push(p - w, top);
      if (py < h - 1) top = push(p + w, top);
    }
    const compactness = area / ((maxX - minX + 1) * (maxY - minY + 1));
    if (!touches && compactness >= GLARE_MIN_COMPACTNESS && area > largest) largest = area;
  }
  return largest / (w * h);
}

/**
 * An honest, simple proxy for "the document fills the guide": the box around the frame's strong
 * edges (Sobel), trimmed of the outer 2 % of edge pixels on each side so a stray edge does not
 * stretch it, intersected with the guide, as a share of the guide. It assumes the background is
 * plainer than the card (a table, a wall); a busy background (patterned cloth, wood grain,
 * a keyboard) makes the box too large and a far card may pass. A real detector of the card's
 * quadrilateral would replace this.
 */
export function documentFill(y: Uint8Array, width: number, height: number, r: Rect): number {
  const xs = new Uint32Array(width);
  const ys = new Uint32Array(height);
  let count = 0;
  for (let row = 1; row < height - 1; row++) {
    for (let col = 1, i = row * width + 1; col < width - 1; col++, i++) {
      const a = y[i - width - 1]!, b = y[i - width]!, c = y[i - width + 1]!;
      const d = y[i - 1]!, f = y[i + 1]!;
      const g = y[i + width - 1]!, h = y[i + width]!, k = y[i + width + 1]!;
      const gx = c + 2 * f + k - a - 2 * d - g;
      const gy = g + 2 * h + k - a - 2 * b - c;
      if (Math.abs(gx) + Math.abs(gy) >= EDGE_MIN_GRADIENT) {
        xs[col]!++;
        ys[row]!++;
        count++;
      }
    }
  }
  // Too few edges to be a document at all (an empty table, a lens cap).
  if (count < 0.002 * width * height) return 0;
  const trim = Math.floor(count * 0.02);
  const span = (hist: Uint32Array): [number, number] => {
    let lo = 0, hi = hist.length - 1;
    for (let acc = 0; acc + hist[lo]! <= trim; lo++) acc += hist[lo]!;
    for (let acc = 0; acc + hist[hi]! <= trim; hi--) acc += hist[hi]!;
    return [lo, hi + 1];
  };
  const [bx0, bx1] = span(xs);
  const [by0, by1] = span(ys);
  const iw = Math.max(0, Math.min(bx1, r.x1) - Math.max(bx0, r.x0));
  const ih = Math.max(0, Math.min(by1, r.y1) - Math.max(by0, r.y0));
  return (iw * ih) / ((r.x1 - r.x0) * (r.y1 - r.y0));
}

/**
 * Checks one frame. Frames larger than ANALYSIS_LONG_EDGE are downscaled first, so the
 * thresholds mean the same at any camera resolution (pass an already small frame to save work).
 * When the exposure is wrong, focus and glare are not judged: the person is told about the
 * light first, and a dark frame would read as blurry anyway.
 */
export function assess(input: Frame, kind: CaptureKind, guide: Guide): Assessment {
  const frame = downscale(input, ANALYSIS_LONG_EDGE);
  const y = luminance(frame);
  const r = guideRect(guide, frame.width, frame.height);
  const { meanLuma, saturatedShare } = exposure(y, frame.width, r);
  const sharpness = laplacianVariance(y, frame.width, r);
  const glare = kind === 'document' ? glareShare(y, frame.width, r) : 0;
  const fill = kind === 'document' ? documentFill(y, frame.width, frame.height, r) : null;

  const issues: QualityIssue[] = [];
  const tooDark = meanLuma < DARK_MEAN_LUMA;
  const tooBright = meanLuma > BRIGHT_MEAN_LUMA || saturatedShare > BRIGHT_MAX_SATURATED_SHARE;
  if (tooDark) issues.push('too_dark');
  if (tooBright) issues.push('too_bright');
  if (fill !== null && fill < DOCUMENT_MIN_FILL) issues.push('too_far');
  if (!tooDark && !tooBright) {
    // Glare is judged on documents only: on a face, a highlight on the forehead is normal.
    if (glare >= GLARE_MIN_BLOB_SHARE) issues.push('glare');
    if (sharpness < (kind === 'document' ? DOCUMENT_MIN_SHARPNESS : FACE_MIN_SHARPNESS)) issues.push('blurry');
  }
  return { ok: issues.length === 0, issues, metrics: { sharpness, meanLuma, saturatedShare, glareShare: glare, fill } };
}

/** Consecutive good frames with little change between them before auto-capture may fire. */
export const STEADY_FRAMES = 4;
/**
 * Mean absolute change of a 16×12 block-average thumbnail between two frames, in luma levels.
 * Sensor noise on a still scene averages out to ~1 level in a block; a hand moving the card
 * shifts edges across blocks and gives 5–20.
 */
export const STEADY_MAX_MOTION = 3;

const THUMB_W = 16;
const THUMB_H = 12;

function thumbnail(frame: Frame): Float32Array {
  const y = luminance(frame);
  const sums = new Float32Array(THUMB_W * THUMB_H);
  const counts = new Uint32Array(THUMB_W * THUMB_H);
  for (let row = 0; row < frame.height; row++) {
    const ty = Math.min(THUMB_H - 1, ((row * THUMB_H) / frame.height) | 0);
    for (let col = 0; col < frame.width; col++) {
      const t = ty * THUMB_W + Math.min(THUMB_W - 1, ((col * THUMB_W) / frame.width) | 0);
      sums[t]! += y[row * frame.width + col]!;
      counts[t]!++;
    }
  }
  for (let t = 0; t < sums.length; t++) sums[t] = counts[t] ? sums[t]! / counts[t]! : 0;
  return sums;
}

export interface Steadiness {
  /** Auto-capture may fire now. */
  steady: boolean;
  /** Good, still frames in a row so far. */
  streak: number;
  /** Change from the previous frame (see STEADY_MAX_MOTION); null on the first frame. */
  motion: number | null;
}

/** Feeds on each assessed frame; `steady` once STEADY_FRAMES good frames in a row barely moved. */
export class StabilityTracker {
  private previous: Float32Array | null = null;
  private streak = 0;
  private readonly frames: number;
  private readonly maxMotion: number;

  constructor(options: { frames?: number; maxMotion?: number } = {}) {
    this.frames = options.frames ?? STEADY_FRAMES;
    this.maxMotion = options.maxMotion ?? STEADY_MAX_MOTION;
    if (!(this.frames >= 1) || !(this.maxMotion >= 0)) throw new RangeError('StabilityTracker: frames must be ≥ 1 and maxMotion ≥ 0.');
  }

  update(frame: Frame, assessment: Pick<Assessment, 'ok'>): Steadiness {
    const thumb = thumbnail(downscale(frame, ANALYSIS_LONG_EDGE));
    let motion: number | null = null;
    if (this.previous) {
      let diff = 0;
      for (let t = 0; t < thumb.length; t++) diff += Math.abs(thumb[t]! - this.previous[t]!);
      motion = diff / thumb.length;
    }
    this.previous = thumb;
    // The first good frame starts a streak; each next one extends it only if the scene held still.
    if (!assessment.ok) this.streak = 0;
    else if (motion === null || motion <= this.maxMotion) this.streak++;
    else this.streak = 1;
    return { steady: this.streak >= this.frames, streak: this.streak, motion };
  }

  /** After a capture, or when the person switches side or camera. */
  reset(): void {
    this.previous = null;
    this.streak = 0;
  }
}
