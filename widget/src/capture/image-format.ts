// What an image file really is, from its first bytes (a file's name and MIME type are often
// wrong: iPhones send HEIC named .jpg, some pickers send no type at all).

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'avif' | 'heic' | 'unknown';

/** How many leading bytes `sniffImageFormat` needs (an ISO-BMFF `ftyp` box with a few compatible brands). */
export const SNIFF_BYTES = 64;

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
// Brands of the generic HEIF container: HEIC (HEVC inside) or AVIF (AV1 inside) by the other brands.
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2']);

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

export function sniffImageFormat(head: Uint8Array): ImageFormat {
  const b = head;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 2 && ascii(b, 0, 2) === 'BM') return 'bmp';
  if (b.length >= 12 && ascii(b, 4, 8) === 'ftyp') {
    // ftyp box: size (4), 'ftyp', major brand (4), minor version (4), compatible brands (4 each).
    const size = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    const end = Math.min(b.length, size >= 16 ? size : 16);
    const brands = [ascii(b, 8, 12)];
    for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(b, at, at + 4));
    if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
    if (brands.some((brand) => HEIC_BRANDS.has(brand) || HEIF_BRANDS.has(brand))) return 'heic';
  }
  return 'unknown';
}

/** Reads the first bytes of a file and sniffs them. */
export async function sniffBlob(blob: Blob): Promise<ImageFormat> {
  return sniffImageFormat(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer()));
}
