// Images as Assure takes them: dataURLs (`data:image/jpeg;base64,…`) in JSON [D], or one raw image
// per request [U]. The type is read from the magic bytes (JPEG or PNG), not from what the client
// declares, and the size is checked against the limits Onfido applies after Assure forwards it.
import type { Depiction, StoredImage } from './model.js';

const KB = 1024;
const MB = 1024 * KB;

/**
 * Size limits of the decoded image. Assure's own limits are unpublished [U]; these are Onfido's
 * [S Onfido spec: documents 2 KB–3 MB, live photos 32 KB–10 MB], since an image outside them would
 * fail once Assure forwards it.
 */
export const SIGNICAT_IMAGE_LIMITS: Record<Depiction, { min: number; max: number }> = {
  front: { min: 2 * KB, max: 3 * MB },
  back: { min: 2 * KB, max: 3 * MB },
  selfie: { min: 32 * KB, max: 10 * MB },
};

const MIME = { jpeg: 'image/jpeg', png: 'image/png' } as const;

export function sniffImage(bytes: Uint8Array): StoredImage['type'] | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  return null;
}

const fmt = (n: number) => (n >= MB ? `${n / MB} MB` : `${n / KB} KB`);

/** The stored image, or why it is refused (wording without any of the image's content). */
export function checkImage(depiction: Depiction, bytes: Uint8Array, declared: string | null): StoredImage | string {
  const type = sniffImage(bytes);
  if (!type) return 'must be a JPEG or PNG image';
  // image/jpg is a common misspelling clients send; the bytes decide anyway.
  const declaredType = declared === 'image/jpg' ? MIME.jpeg : declared;
  if (declaredType !== null && declaredType !== MIME[type]) return `is declared ${declared} but its content is ${MIME[type]}`;
  const { min, max } = SIGNICAT_IMAGE_LIMITS[depiction];
  if (bytes.length < min || bytes.length > max) return `must be between ${fmt(min)} and ${fmt(max)}`;
  return { type, bytes };
}

const DATA_URL = /^data:([^;,]+)((?:;[^;,=]+=[^;,]*)*);base64,/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A base64 dataURL's media type and bytes, or null when it is not one. */
export function parseDataUrl(value: string): { mime: string; bytes: Uint8Array } | null {
  const m = DATA_URL.exec(value);
  if (!m) return null;
  const payload = value.slice(m[0].length);
  if (payload.length % 4 !== 0 || !BASE64.test(payload)) return null;
  return { mime: m[1]!.toLowerCase(), bytes: new Uint8Array(Buffer.from(payload, 'base64')) };
}

/** A dataURL field of a request body, checked; the reason is a string when it is refused. */
export function imageFromDataUrl(depiction: Depiction, value: string): StoredImage | string {
  const parsed = parseDataUrl(value);
  if (!parsed) return 'must be a base64 dataURL such as data:image/jpeg;base64,…';
  return checkImage(depiction, parsed.bytes, parsed.mime);
}

export const contentTypeOf = (image: StoredImage): string => MIME[image.type];
