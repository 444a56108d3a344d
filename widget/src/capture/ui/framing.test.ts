// The framing guide's geometry: the shape each photo needs, where it sits in any frame, and the
// SVG paths drawn from it (the same numbers the quality checks measure).
import { describe, expect, it } from 'vitest';
import { ID1_ASPECT, ID3_ASPECT } from '../quality.js';
import { guideFor, guidePaths, kindOf, shapeFor } from './framing.js';

describe('shapeFor', () => {
  it('a card for licences and ID cards, a passport page, an oval for the face', () => {
    expect(shapeFor('document_front', 'driving_licence')).toBe('card');
    expect(shapeFor('document_back', 'national_identity_card')).toBe('card');
    expect(shapeFor('document_front', 'passport')).toBe('passport');
    expect(shapeFor('selfie', 'passport')).toBe('face');
    expect(kindOf('face')).toBe('face');
    expect(kindOf('passport')).toBe('document');
  });
});

describe('guideFor', () => {
  it.each([
    ['card', ID1_ASPECT],
    ['passport', ID3_ASPECT],
  ] as const)('keeps the %s aspect in landscape and portrait frames', (shape, aspect) => {
    for (const [w, h] of [
      [1920, 1080],
      [1080, 1920],
      [640, 480],
    ] as const) {
      const g = guideFor(shape, w, h);
      expect((g.width * w) / (g.height * h)).toBeCloseTo(aspect, 5);
      expect(g.x).toBeGreaterThanOrEqual(0.1 - 1e-9);
      expect(g.y).toBeGreaterThanOrEqual(0.1 - 1e-9);
      expect(g.x + g.width / 2).toBeCloseTo(0.5, 9);
    }
  });

  it('fits a centred oval taller than wide, in landscape and portrait', () => {
    for (const [w, h] of [
      [1280, 720],
      [720, 1280],
    ] as const) {
      const g = guideFor('face', w, h);
      expect(g.height * h).toBeGreaterThan(g.width * w);
      expect(g.x).toBeGreaterThan(0);
      expect(g.y).toBeGreaterThan(0);
      expect(g.y + g.height / 2).toBeCloseTo(0.5, 9);
    }
  });
});

describe('guidePaths', () => {
  it('masks the whole frame with a hole where the guide is', () => {
    const { mask, outline } = guidePaths('card', 1920, 1080);
    expect(mask.startsWith('M0 0H1920V1080H0Z')).toBe(true);
    expect(mask.endsWith(outline)).toBe(true);
    const g = guideFor('card', 1920, 1080);
    // The outline starts on the guide's top edge, after the rounded corner.
    const [x, y] = outline.slice(1).split(/[h ]/).map(Number);
    expect(y).toBeCloseTo(g.y * 1080, 0);
    expect(x).toBeGreaterThan(g.x * 1920);
  });

  it('draws the oval as two arcs', () => {
    expect(guidePaths('face', 1280, 720).outline.match(/a/g)).toHaveLength(2);
  });
});
