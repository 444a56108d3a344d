// The upload's gate: length declared and within limits before anything is read, type from the
// first bytes, and a body that turns out longer or shorter than declared fails as it streams.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { openImageStream, sniffImage } from './image-stream.js';

const JPEG = [0xff, 0xd8, 0xff, 0xe0];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const image = (magic: number[], size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set(magic);
  return bytes;
};
/** A request whose body arrives in small chunks, like a network upload. */
function upload(bytes: Uint8Array, headers: Record<string, string> = {}, chunk = 3) {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
  return new Request('http://bff.test/upload', {
    method: 'POST',
    headers: { 'content-length': String(bytes.length), ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}
const limits = { min: 16, max: 1024 };
const drain = async (stream: ReadableStream<Uint8Array>) => {
  let n = 0;
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) n += part.byteLength;
  return n;
};
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof ApiError ? e.code : String(e)));

describe('sniffImage', () => {
  it('knows JPEG and PNG by their first bytes, and nothing else', () => {
    expect(sniffImage(image(JPEG, 8))).toBe('image/jpeg');
    expect(sniffImage(image(PNG, 8))).toBe('image/png');
    expect(sniffImage(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
    expect(sniffImage(new Uint8Array(2))).toBeNull();
  });
});

describe('openImageStream', () => {
  it('streams every byte through, in order, after sniffing from small chunks', async () => {
    const bytes = image(JPEG, 100).map((b, i) => (i < 4 ? b : i % 251));
    const opened = await openImageStream(upload(bytes), limits);
    expect([opened.type, opened.length]).toEqual(['image/jpeg', 100]);
    const out: number[] = [];
    for await (const part of opened.body as unknown as AsyncIterable<Uint8Array>) out.push(...part);
    expect(out).toEqual([...bytes]);
  });

  it('refuses before reading: no length, too large, too small', async () => {
    const noLength = new Request('http://bff.test/upload', { method: 'POST', body: image(JPEG, 100) });
    noLength.headers.delete('content-length');
    expect(await codeOf(openImageStream(noLength, limits))).toBe('validation_failed');
    expect(await codeOf(openImageStream(upload(image(JPEG, 2000)), limits))).toBe('payload_too_large');
    expect(await codeOf(openImageStream(upload(image(JPEG, 10)), limits))).toBe('image_too_small');
  });

  it('refuses what is not a JPEG or PNG, or is sent as another type', async () => {
    expect(await codeOf(openImageStream(upload(new TextEncoder().encode('%PDF-1.7 and more bytes here')), limits))).toBe('unsupported_media_type');
    expect(await codeOf(openImageStream(upload(image(PNG, 100), { 'content-type': 'image/jpeg' }), limits))).toBe('unsupported_media_type');
  });

  it('fails the stream when the body is longer or shorter than declared', async () => {
    const longer = await openImageStream(upload(image(JPEG, 100), { 'content-length': '50' }), limits);
    expect(await codeOf(drain(longer.body))).toBe('payload_too_large');
    const shorter = await openImageStream(upload(image(JPEG, 100), { 'content-length': '200' }), limits);
    expect(await codeOf(drain(shorter.body))).toBe('validation_failed');
  });
});
