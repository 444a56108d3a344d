// The camera as a Lit reactive controller: the element says after each render which camera its
// screen needs (or none), and this opens it or stops every track. Tracks also stop when the
// element leaves the page and on destroy(), including a stream that arrives after it was let go.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cameraProblemOf, type CameraStatus } from './guidance.js';

export type Facing = 'environment' | 'user';

/** Ideals, not requirements: a laptop's only (front) camera still serves for a document. */
const constraints = (facing: Facing): MediaStreamConstraints => ({
  audio: false,
  video: { facingMode: { ideal: facing }, width: { ideal: 1920 }, height: { ideal: 1080 } },
});

const stopTracks = (stream: MediaStream) => stream.getTracks().forEach((track) => track.stop());

export class CameraController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #status: CameraStatus = 'off';
  #stream: MediaStream | null = null;
  #facing: Facing | null = null;
  /** Bumped on every release: an answer from getUserMedia for an older request is stopped unused. */
  #generation = 0;
  #closed = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  get status(): CameraStatus {
    return this.#status;
  }

  get stream(): MediaStream | null {
    return this.#stream;
  }

  /** What the screen needs now; a no-op when it already has it. */
  want(facing: Facing | null): void {
    const next = this.#closed ? null : facing;
    if (next === this.#facing) return;
    this.#release();
    this.#facing = next;
    // Refused or absent stays so for the next photo: asking again on every side is pointless
    // (the person may still ask, with retry()).
    if (next && (this.#status === 'off' || this.#status === 'unavailable')) void this.#acquire(next);
  }

  /** Asks for the camera again after a problem (the person changed a setting, closed an app). */
  retry(): void {
    const facing = this.#facing;
    this.#release();
    this.#status = 'off';
    this.#facing = null;
    this.want(facing);
  }

  hostDisconnected(): void {
    this.#release();
    this.#facing = null;
  }

  /** Stops everything for good: later want() calls open nothing. */
  destroy(): void {
    this.#closed = true;
    this.hostDisconnected();
  }

  async #acquire(facing: Facing): Promise<void> {
    const generation = ++this.#generation;
    this.#set('starting');
    if (!navigator.mediaDevices?.getUserMedia) return this.#set('missing'); // no camera API (or not a secure context)
    try {
      const stream = await navigator.mediaDevices.getUserMedia(constraints(facing));
      if (generation !== this.#generation) return stopTracks(stream);
      this.#stream = stream;
      // Unplugged, or taken by the system: say so rather than show a frozen picture.
      for (const track of stream.getVideoTracks()) {
        track.addEventListener('ended', () => this.#stream === stream && (this.#release(), this.#set('unavailable')), { once: true });
      }
      this.#set('live');
    } catch (error) {
      if (generation === this.#generation) this.#set(cameraProblemOf(error));
    }
  }

  #release(): void {
    this.#generation++;
    if (this.#stream) stopTracks(this.#stream);
    this.#stream = null;
    if (this.#status === 'live' || this.#status === 'starting') this.#set('off');
  }

  #set(status: CameraStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#host.requestUpdate();
  }
}

/** The current video frame at the camera's full resolution, encoded for compress() to fit. */
export async function grabFullFrame(video: HTMLVideoElement): Promise<Blob> {
  const { videoWidth: width, videoHeight: height } = video;
  if (!width || !height) throw new Error('The camera has no frame yet.');
  const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
  try {
    const context = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (!context) throw new Error('No 2D canvas context.');
    context.drawImage(video, 0, 0, width, height);
    // Near-lossless: compress() decodes this once more and picks the quality that fits the provider's limit.
    if (canvas instanceof HTMLCanvasElement) {
      return await new Promise<Blob>((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The frame could not be encoded.'))), 'image/jpeg', 0.95),
      );
    }
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
  } finally {
    // A 1080p frame is 8 MB of pixels: give them back now rather than at garbage collection.
    canvas.width = 0;
    canvas.height = 0;
  }
}
