// The camera for the emulated Web SDK: open a stream (rear camera for documents, front for the
// selfie), grab one frame as a JPEG, record a short clip, and stop every track. Each stream opened
// is tracked so tearDown can stop them all, including one that arrives after the screen is gone.

/**
 * What each capture asks of the camera. Sizes are ideals: a camera gives its nearest mode. Each is
 * picked for the API's bounds on that upload: documents must stay under 3 MB (a 1080p JPEG of a
 * real document is well under); live photos must reach 32 KB, and a flat frame (a dim room, or
 * Chromium's fake camera: ~29 KB at 1080p, ~70 KB at 2160p) compresses small, so the selfie asks
 * for 2160p (still far under 10 MB). The bytes are never padded: a frame that is still too small
 * gets the API's 422, which the person sees with a retry and the choice to upload a file.
 */
const PURPOSES = {
  document: { facingMode: { ideal: 'environment' }, width: { ideal: 1920 }, height: { ideal: 1080 } },
  face: { facingMode: { ideal: 'user' }, width: { ideal: 3840 }, height: { ideal: 2160 } },
};
const JPEG_QUALITY = 0.92;

/** reason: 'denied' (permission refused), 'missing' (no camera), 'unavailable' (no API or another failure). */
export class CameraProblem extends Error {
  constructor(reason, message) {
    super(message);
    this.name = 'CameraProblem';
    this.reason = reason;
  }
}

export const cameraApiPresent = () => Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
export const recorderPresent = () => typeof MediaRecorder === 'function';

export function createCameras() {
  const live = new Set();
  let closed = false;

  const stop = (stream) => {
    if (!stream) return;
    for (const track of stream.getTracks()) track.stop();
    live.delete(stream);
  };

  return {
    /** purpose: 'document' (rear camera) or 'face' (front camera); ideals, so a laptop's only camera still serves for documents. */
    async open(purpose) {
      if (!cameraApiPresent()) throw new CameraProblem('unavailable', 'This browser cannot use a camera here.');
      let stream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: PURPOSES[purpose], audio: false });
      } catch (error) {
        const name = error && error.name;
        if (name === 'NotAllowedError' || name === 'SecurityError') throw new CameraProblem('denied', 'Camera access was denied.');
        if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new CameraProblem('missing', 'No camera was found.');
        throw new CameraProblem('unavailable', 'The camera could not be started.');
      }
      live.add(stream);
      if (closed) stop(stream);
      return stream;
    },
    stop,
    /** Stops every stream this UI opened, now and any that is still being opened. */
    closeAll() {
      closed = true;
      for (const stream of [...live]) stop(stream);
    },
  };
}

/** The current video frame at its full size, as a JPEG blob. */
export function captureFrame(video) {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The frame could not be encoded.'))), 'image/jpeg', JPEG_QUALITY);
  });
}

/** Starts recording `stream`; stop() resolves with the clip (WebM where supported). */
export function startRecording(stream) {
  const type = ['video/webm;codecs=vp8', 'video/webm', 'video/mp4'].find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
  const chunks = [];
  recorder.addEventListener('dataavailable', (e) => e.data.size && chunks.push(e.data));
  recorder.start();
  return {
    stop: () =>
      new Promise((resolve) => {
        recorder.addEventListener('stop', () => resolve(new Blob(chunks, { type: recorder.mimeType || 'video/webm' })), { once: true });
        recorder.stop();
      }),
  };
}
