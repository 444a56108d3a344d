// The quality checks on fixed images (fixtures/, made by widget/scripts/make-capture-fixtures.ts):
// a good card and a good face are accepted, and each fault is rejected with its own issue.
import { readFileSync } from 'node:fs';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { downscale, fitLongEdge, luminance, type Frame } from './frame.js';
import {
  assess,
  documentGuide,
  FACE_MIN_SHARPNESS,
  GLARE_MIN_BLOB_SHARE,
  ID1_ASPECT,
  StabilityTracker,
  STEADY_FRAMES,
} from './quality.js';
import { guideFor } from './ui/framing.js';

/** A fixture PNG (8-bit grey or RGB) as an RGBA frame, the shape a canvas's ImageData has. */
function fixture(name: string): Frame {
  const png = decode(readFileSync(new URL(`./fixtures/${name}.png`, import.meta.url)));
  const channels = png.channels;
  const data = new Uint8ClampedArray(png.width * png.height * 4);
  for (let p = 0; p < png.width * png.height; p++) {
    for (let c = 0; c < 3; c++) data[p * 4 + c] = png.data[p * channels + (channels >= 3 ? c : 0)]!;
    data[p * 4 + 3] = 255;
  }
  return { width: png.width, height: png.height, data };
}

/** Adds seeded, roughly Gaussian sensor noise of standard deviation `sigma` to every channel. */
function withNoise(frame: Frame, sigma: number, seed = 1): Frame {
  let s = seed;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const data = new Uint8ClampedArray(frame.data);
  for (let i = 0; i < data.length; i++) {
    if (i % 4 !== 3) data[i] = data[i]! + (random() + random() + random() - 1.5) * 2 * sigma;
  }
  return { ...frame, data };
}

/** The frame moved `dx` pixels to the right (the card slid in the hand). */
function shifted(frame: Frame, dx: number): Frame {
  const data = new Uint8ClampedArray(frame.data.length);
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const from = (y * frame.width + Math.max(0, x - dx)) * 4;
      data.set(frame.data.subarray(from, from + 4), (y * frame.width + x) * 4);
    }
  }
  return { ...frame, data };
}

const good = fixture('good');
const guide = documentGuide(good.width, good.height);

describe('assess, on a document', () => {
  it('accepts a sharp, well-lit card that fills the guide', () => {
    const result = assess(good, 'document', guide);
    expect(result).toMatchObject({ ok: true, issues: [] });
    expect(result.metrics.fill).toBeGreaterThan(0.8);
  });

  it('rejects the same card out of focus as blurry', () => {
    expect(assess(fixture('blurred'), 'document', guide)).toMatchObject({ ok: false, issues: ['blurry'] });
  });

  it('rejects a specular highlight on the card as glare', () => {
    const result = assess(fixture('glare'), 'document', guide);
    expect(result).toMatchObject({ ok: false, issues: ['glare'] });
    expect(result.metrics.glareShare).toBeGreaterThan(0.02);
  });

  it('accepts a card on a clipped white sheet: saturated background is not glare', () => {
    const result = assess(fixture('white-background'), 'document', guide);
    expect(result.metrics.saturatedShare).toBeGreaterThan(0.05);
    expect(result).toMatchObject({ ok: true, issues: [], metrics: { glareShare: 0 } });
  });

  it('rejects an underexposed frame as too dark, without also calling it blurry', () => {
    expect(assess(fixture('dark'), 'document', guide)).toMatchObject({ ok: false, issues: ['too_dark'] });
  });

  it('rejects an overexposed frame as too bright', () => {
    expect(assess(fixture('bright'), 'document', guide)).toMatchObject({ ok: false, issues: ['too_bright'] });
  });

  it('rejects a card held far from the camera as too far', () => {
    const result = assess(fixture('far'), 'document', guide);
    expect(result).toMatchObject({ ok: false, issues: ['too_far'] });
    expect(result.metrics.fill).toBeLessThan(0.3);
  });

  it('keeps its verdicts under sensor noise', () => {
    expect(assess(withNoise(good, 2), 'document', guide).issues).toEqual([]);
    expect(assess(withNoise(fixture('blurred'), 2), 'document', guide).issues).toEqual(['blurry']);
    expect(assess(withNoise(fixture('glare'), 2), 'document', guide).issues).toEqual(['glare']);
  });

  it('gives the same verdicts on a frame already at analysis size', () => {
    for (const name of ['good', 'blurred', 'glare', 'far']) {
      const frame = fixture(name);
      expect(assess(downscale(frame), 'document', guide).issues).toEqual(assess(frame, 'document', guide).issues);
    }
  });
});

describe('assess, on a face', () => {
  // A real portrait in the oval the selfie screen draws (fixtures/README.md).
  const face = fixture('face-good');
  const faceGuide = guideFor('face', face.width, face.height);

  it('accepts a sharp, well-lit face in the guide, judging neither glare nor document fill', () => {
    const result = assess(face, 'face', faceGuide);
    expect(result).toMatchObject({ ok: true, issues: [], metrics: { fill: null, glareShare: 0 } });
    expect(result.metrics.sharpness).toBeGreaterThan(5 * FACE_MIN_SHARPNESS);
  });

  it('rejects the same face out of focus as blurry', () => {
    expect(assess(fixture('face-blurred'), 'face', faceGuide)).toMatchObject({ ok: false, issues: ['blurry'] });
  });

  it('rejects an underexposed face as too dark, without also calling it blurry', () => {
    expect(assess(fixture('face-dark'), 'face', faceGuide)).toMatchObject({ ok: false, issues: ['too_dark'] });
  });

  it('rejects an overexposed face as too bright', () => {
    expect(assess(fixture('face-bright'), 'face', faceGuide)).toMatchObject({ ok: false, issues: ['too_bright'] });
  });

  it('accepts a shiny forehead: a highlight that would be glare on a card is not on a face', () => {
    const highlight = fixture('face-highlight');
    expect(assess(highlight, 'face', faceGuide)).toMatchObject({ ok: true, issues: [], metrics: { glareShare: 0 } });
    // The same pixels judged as a document: the highlight is glare-sized, so the test means something.
    const asDocument = assess(highlight, 'document', faceGuide);
    expect(asDocument.metrics.glareShare).toBeGreaterThanOrEqual(GLARE_MIN_BLOB_SHARE);
    expect(asDocument.issues).toContain('glare');
  });

  it('keeps its verdicts under sensor noise', () => {
    expect(assess(withNoise(face, 2), 'face', faceGuide).issues).toEqual([]);
    expect(assess(withNoise(fixture('face-blurred'), 2), 'face', faceGuide).issues).toEqual(['blurry']);
    expect(assess(withNoise(fixture('face-highlight'), 2), 'face', faceGuide).issues).toEqual([]);
  });

  it('gives the same verdicts on a frame already at analysis size', () => {
    for (const name of ['face-good', 'face-blurred', 'face-dark', 'face-bright', 'face-highlight']) {
      const frame = fixture(name);
      expect(assess(downscale(frame), 'face', faceGuide).issues).toEqual(assess(frame, 'face', faceGuide).issues);
    }
  });
});

describe('documentGuide', () => {
  it('is a centred ID-1 rectangle inside a 10 % margin', () => {
    const g = documentGuide(1280, 720);
    expect((g.width * 1280) / (g.height * 720)).toBeCloseTo(ID1_ASPECT, 5);
    expect(g.x + g.width / 2).toBeCloseTo(0.5, 5);
    expect(g.y + g.height / 2).toBeCloseTo(0.5, 5);
    expect(g.height).toBeCloseTo(0.8, 5); // a 16:9 frame is limited by its height
    expect(documentGuide(720, 1280).width).toBeCloseTo(0.8, 5); // portrait: by its width
  });

  it('refuses a guide that covers almost nothing', () => {
    expect(() => assess(good, 'document', { x: 0.5, y: 0.5, width: 0.001, height: 0.001 })).toThrow(RangeError);
  });
});

describe('downscale', () => {
  it('fits the long edge to 320 px, keeps the aspect and the mean brightness', () => {
    const small = downscale(good);
    expect([small.width, small.height]).toEqual([320, 240]);
    const mean = (f: Frame) => luminance(f).reduce((a, b) => a + b, 0) / (f.width * f.height);
    expect(mean(small)).toBeCloseTo(mean(good), 0);
  });

  it('never upscales', () => {
    const small = downscale(good, 1000);
    expect(small).toBe(good);
    expect(fitLongEdge(3000, 4000, 320)).toEqual({ width: 240, height: 320 });
  });
});

describe('StabilityTracker', () => {
  const ok = { ok: true };

  it(`allows auto-capture after ${STEADY_FRAMES} good frames that barely change`, () => {
    const tracker = new StabilityTracker();
    const results = Array.from({ length: STEADY_FRAMES }, (_, i) => tracker.update(withNoise(good, 2, i + 1), ok));
    expect(results.map((r) => r.steady)).toEqual([...Array(STEADY_FRAMES - 1).fill(false), true]);
    expect(results[0]!.motion).toBeNull();
    expect(results.at(-1)!.motion).toBeLessThan(1);
  });

  it('starts over when the card moves', () => {
    const tracker = new StabilityTracker();
    for (let i = 0; i < STEADY_FRAMES; i++) tracker.update(good, ok);
    const moved = tracker.update(shifted(good, 12), ok);
    expect(moved).toMatchObject({ steady: false, streak: 1 });
    expect(moved.motion).toBeGreaterThan(3);
  });

  it('starts over on a bad frame, and after reset()', () => {
    const tracker = new StabilityTracker({ frames: 2 });
    tracker.update(good, ok);
    expect(tracker.update(good, { ok: false })).toMatchObject({ steady: false, streak: 0 });
    tracker.update(good, ok);
    expect(tracker.update(good, ok).steady).toBe(true);
    tracker.reset();
    expect(tracker.update(good, ok)).toMatchObject({ steady: false, streak: 1, motion: null });
  });

  it('refuses nonsense options', () => {
    expect(() => new StabilityTracker({ frames: 0 })).toThrow(RangeError);
  });
});
