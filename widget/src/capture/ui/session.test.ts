// The capture session's effects without a browser: compress and upload are hand-made, so each
// test decides when and how they answer, and checks what the flow and the BFF were told.
import { describe, expect, it, vi } from 'vitest';
import { CompressError, type CompressCall, type CompressResult } from '../compress.js';
import type { CapturedImage } from '../../drivers/driver.js';
import { CaptureSession, type SessionDeps } from './session.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}
const deferred = <T>(): Deferred<T> => {
  let resolve!: (value: T) => void, reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface Call {
  image: CapturedImage;
  progress(sent: number, total: number): void;
  signal: AbortSignal;
  answer: Deferred<void>;
}

function setup(client: Partial<SessionDeps['client']> = {}) {
  const compressCalls: Array<{ file: Blob; call: CompressCall; answer: Deferred<CompressResult> }> = [];
  const uploads: Call[] = [];
  const callbacks = { complete: vi.fn(), leave: vi.fn(), error: vi.fn() };
  const session = new CaptureSession({
    client: { document_types: ['passport'], selfie: true, max_bytes: 4_000_000, min_long_edge: 1600, ...client },
    compress: (file, call) => {
      const answer = deferred<CompressResult>();
      compressCalls.push({ file, call, answer });
      return answer.promise;
    },
    upload: (image, progress, signal) => {
      const answer = deferred<void>();
      uploads.push({ image, progress, signal, answer });
      return answer.promise;
    },
    callbacks,
  });
  /** Takes a photo and lets compression answer with `jpeg`. */
  const take = async (jpeg = new Blob(['jpeg'], { type: 'image/jpeg' })) => {
    session.take(new Blob(['raw']));
    await settle();
    compressCalls.at(-1)!.answer.resolve({ blob: jpeg, width: 2000, height: 1500, quality: 0.92 });
    await settle();
    return jpeg;
  };
  return { session, compressCalls, uploads, callbacks, take };
}

describe('CaptureSession', () => {
  it('compresses to the provider limits, uploads each side with its document type, then completes', async () => {
    const { session, compressCalls, uploads, callbacks, take } = setup({ max_bytes: 3_000_000, min_long_edge: 1800 });
    const front = await take();
    expect(compressCalls[0]!.call).toMatchObject({ maxBytes: 3_000_000, minLongEdge: 1800, maxLongEdge: 2000 });
    expect(session.state).toMatchObject({ screen: 'review', photo: { blob: front } });
    session.accept();
    uploads[0]!.progress(10, 40);
    expect(session.state).toMatchObject({ screen: 'upload', sent: 10, total: 40 });
    uploads[0]!.answer.resolve();
    await settle();
    expect(session.state).toMatchObject({ screen: 'shoot', index: 1 });
    const selfie = await take();
    session.accept();
    uploads[1]!.answer.resolve();
    await settle();
    expect(uploads.map((u) => u.image)).toEqual([
      { side: 'document_front', document_type: 'passport', blob: front },
      { side: 'selfie', blob: selfie },
    ]);
    expect(session.state).toEqual({ screen: 'done' });
    expect(callbacks.complete).toHaveBeenCalledOnce();
  });

  it("compresses each side into the provider's window for that side (a selfie's minimum is not a document's)", async () => {
    const limits = {
      document_front: { min_bytes: 2048, max_bytes: 3_145_728 },
      document_back: { min_bytes: 2048, max_bytes: 3_145_728 },
      selfie: { min_bytes: 32_768, max_bytes: 10_485_760 },
    };
    const { session, compressCalls, uploads, take } = setup({ max_bytes: 3_145_728, limits });
    await take();
    session.accept();
    uploads[0]!.answer.resolve();
    await settle();
    await take();
    expect(compressCalls.map((c) => [c.call.minBytes, c.call.maxBytes])).toEqual([
      [2048, 3_145_728],
      [32_768, 10_485_760],
    ]);
  });

  it('reads a BFF from before per-side limits: its max_bytes for every side and no minimum', async () => {
    const { session, compressCalls } = setup({ max_bytes: 3_000_000 });
    session.take(new Blob(['raw']));
    await settle();
    expect(compressCalls[0]!.call).toMatchObject({ minBytes: 0, maxBytes: 3_000_000 });
  });

  it('asks for more than 2000 px when the provider needs it (compress refuses a max below the min)', async () => {
    const { session, compressCalls } = setup({ min_long_edge: 2400 });
    session.take(new Blob(['raw']));
    await settle();
    expect(compressCalls[0]!.call).toMatchObject({ minLongEdge: 2400, maxLongEdge: 2400 });
  });

  it('tries a failed upload again with the same photo, without compressing again', async () => {
    const { session, compressCalls, uploads, callbacks, take } = setup({ selfie: false });
    const jpeg = await take();
    session.accept();
    uploads[0]!.answer.reject(Object.assign(new Error('offline'), { code: 'network_error' }));
    await settle();
    expect(session.state).toMatchObject({ screen: 'upload', failure: { code: 'network_error', retake: false } });
    session.retry();
    expect(uploads).toHaveLength(2);
    expect(uploads[1]!.image.blob).toBe(jpeg);
    uploads[1]!.answer.resolve();
    await settle();
    expect(compressCalls).toHaveLength(1);
    expect(callbacks.complete).toHaveBeenCalledOnce();
  });

  it('a refused picture (image_rejected) asks for a retake, not a retry', async () => {
    const { session, uploads, take } = setup({ selfie: false });
    await take();
    session.accept();
    uploads[0]!.answer.reject({ code: 'image_rejected' });
    await settle();
    expect(session.state).toMatchObject({ failure: { code: 'image_rejected', retake: true } });
    session.retry();
    expect(uploads).toHaveLength(1);
    session.retake();
    expect(session.state).toMatchObject({ screen: 'shoot', index: 0, busy: false });
  });

  it.each([
    // The BFF's own check of the provider's minimum (image-stream.ts): a photo, not a request, to fix.
    ['under the minimum', { code: 'image_too_small', details: { min_bytes: 32768 } }, 'image_too_small'],
    ['over the maximum', { code: 'payload_too_large' }, 'payload_too_large'],
  ])('a photo the BFF refuses as %s asks for a retake with its reason, not a retry', async (_, error, code) => {
    const { session, uploads, take } = setup({ selfie: false });
    await take();
    session.accept();
    uploads[0]!.answer.reject(error);
    await settle();
    expect(session.state).toMatchObject({ screen: 'upload', failure: { code, retake: true } });
    session.retry();
    expect(uploads).toHaveLength(1);
    session.retake();
    expect(session.state).toMatchObject({ screen: 'shoot', index: 0, busy: false, problem: null });
  });

  it('a validation failure that is not about the image stays what it is', async () => {
    const { session, uploads, take } = setup({ selfie: false });
    await take();
    session.accept();
    uploads[0]!.answer.reject({ code: 'validation_failed', issues: [{ path: 'query.side', message: 'Required.' }] });
    await settle();
    expect(session.state).toMatchObject({ failure: { code: 'validation_failed', retake: false } });
  });

  it('an error without a code reads as a network error; a fatal code goes to the flow', async () => {
    const { session, uploads, callbacks, take } = setup({ selfie: false });
    await take();
    session.accept();
    uploads[0]!.answer.reject(new TypeError('Failed to fetch'));
    await settle();
    expect(session.state).toMatchObject({ failure: { code: 'network_error' } });
    session.retry();
    uploads[1]!.answer.reject({ code: 'client_secret_expired' });
    await settle();
    expect(callbacks.error).toHaveBeenCalledWith('client_secret_expired');
    expect(session.state).toEqual({ screen: 'ended' });
  });

  it.each([
    ['unsupported_format', 'unsupported_format'],
    ['too_large', 'too_large'],
    ['undecodable', 'undecodable'],
    ['too_small', 'too_small'],
  ] as const)('a %s photo is explained on the shoot screen', async (code, problem) => {
    const { session, compressCalls } = setup();
    session.take(new Blob(['heic']));
    await settle();
    compressCalls[0]!.answer.reject(new CompressError(code, 'no'));
    await settle();
    expect(session.state).toMatchObject({ screen: 'shoot', busy: false, problem });
  });

  it('a frame that could not be grabbed is a failed capture', async () => {
    const { session } = setup();
    session.take(Promise.reject(new Error('no frame')));
    await settle();
    expect(session.state).toMatchObject({ screen: 'shoot', problem: 'capture_failed' });
  });

  it('limits compress() refuses end the capture as a driver failure', async () => {
    const { session, compressCalls, callbacks } = setup();
    session.take(new Blob(['raw']));
    await settle();
    compressCalls[0]!.answer.reject(new CompressError('invalid_options', 'bad'));
    await settle();
    expect(callbacks.error).toHaveBeenCalledWith('driver_failed');
    expect(session.state).toEqual({ screen: 'ended' });
  });

  it('destroy aborts the upload in flight, drops the photo and tells nobody', async () => {
    const { session, uploads, callbacks, take } = setup();
    await take();
    session.accept();
    const listener = vi.fn();
    session.subscribe(listener);
    session.destroy();
    expect(uploads[0]!.signal.aborted).toBe(true);
    expect(session.state).toEqual({ screen: 'ended' });
    uploads[0]!.answer.reject(new DOMException('aborted', 'AbortError'));
    await settle();
    expect([callbacks.complete, callbacks.leave, callbacks.error].every((fn) => fn.mock.calls.length === 0)).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1); // the end, then no more
  });

  it('destroy aborts a compression in flight; its late answer changes nothing', async () => {
    const { session, compressCalls } = setup();
    session.take(new Blob(['raw']));
    await settle();
    session.destroy();
    expect(compressCalls[0]!.call.signal!.aborted).toBe(true);
    compressCalls[0]!.answer.resolve({ blob: new Blob(['late']), width: 1, height: 1, quality: 1 });
    await settle();
    expect(session.state).toEqual({ screen: 'ended' });
  });

  it('cancel aborts, ends and tells the flow the person left, once', async () => {
    const { session, uploads, callbacks, take } = setup();
    await take();
    session.accept();
    session.cancel();
    session.cancel();
    expect(uploads[0]!.signal.aborted).toBe(true);
    expect(callbacks.leave).toHaveBeenCalledOnce();
    uploads[0]!.answer.resolve();
    await settle();
    expect(callbacks.complete).not.toHaveBeenCalled();
  });
});
