// A QR code as one SVG path (no image URL, no inline style: nothing a strict CSP would refuse),
// drawn in module units so it scales crisply to any size. The full lean-qr, not its nano build:
// it mixes encodings (the payload's digits and hex take fewer bits), so the code has fewer,
// larger modules, easier to scan from a screen.
import { generate } from 'lean-qr';

/** The light margin readers need around the code: four modules, as ISO 18004 asks. */
export const QUIET_ZONE = 4;

export interface QrPath {
  /** Modules across, without the quiet zone. */
  size: number;
  /** Each row's runs of dark modules as rectangles, in module units from the code's top-left corner. */
  d: string;
}

/** The path for `contents`, or null for contents no QR code can hold (lean-qr throws). */
export function qrPath(contents: string): QrPath | null {
  let code: ReturnType<typeof generate>;
  try {
    code = generate(contents);
  } catch {
    return null;
  }
  const parts: string[] = [];
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; ) {
      if (!code.get(x, y)) {
        x++;
        continue;
      }
      const start = x;
      while (x < code.size && code.get(x, y)) x++;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  }
  return { size: code.size, d: parts.join('') };
}
