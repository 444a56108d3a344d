// The SVG path covers exactly the dark modules of the code lean-qr makes for the contents.
import { generate } from 'lean-qr';
import { describe, expect, it } from 'vitest';
import { qrPath } from './qr.js';

// The published example's second frame (REMAINING-PROVIDERS §4).
const FRAME = 'bankid.67df3917-fa0d-44e5-b327-edcc928297f8.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2';

/** The modules a path's `M x y h n v1 h -n z` runs cover. */
function modulesOf(d: string): Set<string> {
  const on = new Set<string>();
  for (const [, x, y, n] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(n); i++) on.add(`${Number(x) + i},${y}`);
  }
  return on;
}

describe('qrPath', () => {
  it("draws the dark modules of the code and nothing else, as small as lean-qr can make it", () => {
    const { size, d } = qrPath(FRAME)!;
    const reference = generate(FRAME);
    expect(size).toBe(reference.size);
    const expected = new Set<string>();
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (reference.get(x, y)) expected.add(`${x},${y}`);
    expect(modulesOf(d)).toEqual(expected);
    expect(d.replace(/M\d+ \d+h\d+v1h-\d+z/g, '')).toBe(''); // nothing but runs
  });

  it('changes with the contents (each second a new frame)', () => {
    expect(qrPath(FRAME)!.d).not.toBe(qrPath(FRAME.replace('.1.', '.2.'))!.d);
  });

  it('is null for contents too long for any QR code, rather than throwing in the middle of a render', () => {
    expect(qrPath('x'.repeat(8000))).toBeNull();
  });
});
