// The synthetic document pictures: the aspect rule ID.me documents, exact pixel sizes, real JPEGs.
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { fitWithin, ORIGINAL_SIZE, renderDocumentJpeg } from './document-image.js';

const pixelAt = (image: { width: number; data: Uint8Array }, x: number, y: number) => {
  const i = (y * image.width + x) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2]] as number[];
};
const near = (actual: number[], expected: number[], tolerance = 12) =>
  actual.every((c, i) => Math.abs(c - (expected[i] as number)) <= tolerance);

describe('fitWithin', () => {
  it('keeps the ratio with the tighter side as the constraint (the documented example)', () => {
    expect(fitWithin({ width: 500, height: 400 }, { width: 300, height: 200 })).toEqual({ width: 250, height: 200 });
  });

  it('lets the width constrain when it is the tighter side, and scales up into a larger box', () => {
    expect(fitWithin({ width: 500, height: 400 }, { width: 100, height: 400 })).toEqual({ width: 100, height: 80 });
    expect(fitWithin({ width: 640, height: 400 }, { width: 1280, height: 1280 })).toEqual({ width: 1280, height: 800 });
  });

  it('rounds to whole pixels and never answers zero', () => {
    expect(fitWithin({ width: 640, height: 400 }, { width: 333, height: 333 })).toEqual({ width: 333, height: 208 });
    expect(fitWithin({ width: 4000, height: 10 }, { width: 16, height: 16 })).toEqual({ width: 16, height: 1 });
  });
});

describe('renderDocumentJpeg', () => {
  it('encodes a JPEG of exactly the size asked, for both sides', () => {
    for (const [side, size] of [['front', { width: 250, height: 200 }], ['back', ORIGINAL_SIZE.back]] as const) {
      const bytes = renderDocumentJpeg(side, size, 1);
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      const image = jpeg.decode(bytes, { useTArray: true });
      expect({ width: image.width, height: image.height }).toEqual(size);
    }
  });

  it('draws a card on a desk, with a grey placeholder where a photo would be and no face', () => {
    const image = jpeg.decode(renderDocumentJpeg('front', ORIGINAL_SIZE.front, 0), { useTArray: true });
    expect(near(pixelAt(image, 3, 3), [58, 72, 88])).toBe(true); // the desk
    expect(near(pixelAt(image, 60, 140), [190, 198, 210])).toBe(true); // the photo placeholder, beside the silhouette
    expect(near(pixelAt(image, 250, 60), [31, 111, 139])).toBe(true); // the header band (palette of seed 0)
  });

  it('is the same picture for the same document and differs between documents', () => {
    const size = { width: 120, height: 96 };
    expect(renderDocumentJpeg('front', size, 7).equals(renderDocumentJpeg('front', size, 7))).toBe(true);
    expect(renderDocumentJpeg('front', size, 7).equals(renderDocumentJpeg('front', size, 8))).toBe(false);
  });

  it('refuses a size that is not whole pixels', () => {
    expect(() => renderDocumentJpeg('front', { width: 0, height: 10 }, 1)).toThrow(RangeError);
    expect(() => renderDocumentJpeg('front', { width: 10.5, height: 10 }, 1)).toThrow(RangeError);
  });
});
