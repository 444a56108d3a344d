// The emulated Web SDK's screens, built with DOM calls only (no innerHTML, no style attributes).
// Each screen is a <section> named by its <h2>, which takes focus when it appears; each returns a
// promise of what the person chose, rejected with Stopped when the session ends (exit, tearDown,
// a fatal error), after it has released its camera. Controls are native buttons and inputs.
import { CameraProblem, captureFrame, recorderPresent, startRecording } from './onfido-ui-camera.js';

export class Stopped extends Error {
  constructor() {
    super('The verification was stopped.');
    this.name = 'Stopped';
  }
}

let counter = 0;
const uid = (name) => `onfido-${name}-${++counter}`;

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key.startsWith('aria-') || key === 'for' || key === 'role') node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** A screen: a section labelled by its heading (tabindex -1 so focus can be moved to it). */
export function screen(title, ...body) {
  const id = uid('title');
  return el('section', { 'aria-labelledby': id }, el('h2', { id, tabIndex: -1 }, title), ...body);
}

/** Runs `build(resolve, reject, onStop)` as one screen; a stop rejects with Stopped after the cleanups ran. */
function asScreen(ui, build) {
  return new Promise((resolve, reject) => {
    if (ui.signal.aborted) return reject(new Stopped());
    const cleanups = [];
    const onStop = (fn) => cleanups.push(fn);
    const stop = () => {
      for (const fn of cleanups.splice(0)) fn();
      reject(new Stopped());
    };
    ui.signal.addEventListener('abort', stop, { once: true });
    const done = (fn) => (value) => {
      ui.signal.removeEventListener('abort', stop);
      for (const c of cleanups.splice(0)) c();
      fn(value);
    };
    build(done(resolve), done(reject), onStop);
  });
}

/** Radio buttons for the document types offered; resolves with the chosen type. */
export function chooseDocument(ui, types, labels) {
  return asScreen(ui, (resolve) => {
    const error = el('p', { class: 'error', role: 'alert' });
    const radios = types.map((type) => {
      const id = uid('doc');
      return el('div', { class: 'choice' }, el('input', { type: 'radio', name: 'document_type', value: type, id }), el('label', { for: id }, labels[type].name));
    });
    const form = el(
      'form',
      {
        noValidate: true,
        onsubmit(event) {
          event.preventDefault();
          const chosen = form.querySelector('input[name="document_type"]:checked');
          if (chosen) return resolve(chosen.value);
          error.textContent = 'Choose a document type to continue.';
          form.querySelector('input').focus();
        },
      },
      el('fieldset', {}, el('legend', {}, 'Document type'), ...radios),
      error,
      el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Continue')),
    );
    ui.show(screen('Choose your document', el('p', {}, 'Which document will you use to prove your identity?'), form));
  });
}

/**
 * One capture: the live camera with a "Take photo" (or record) button, and always a file input.
 * The file input is the only choice when the camera is missing, refused or cannot record.
 * spec: { title, instructions, purpose: 'document' | 'face', video: boolean, fileNoun: 'photo' | 'video' }
 */
export function capture(ui, spec) {
  return asScreen(ui, (resolve, _reject, onStop) => {
    let stream = null;
    let recording = null;
    // Once the screen is over (a capture, a file, a stop), late camera results are dropped.
    let over = false;
    const release = () => {
      over = true;
      if (stream) ui.cameras.stop(stream);
      stream = null;
    };
    onStop(release);
    const finish = (blob, fileName) => {
      release();
      resolve({ blob, fileName });
    };

    const video = el('video', { muted: true, playsInline: true, autoplay: true, 'aria-label': 'Camera preview' });
    const shoot = el('button', { type: 'button', disabled: true }, spec.video ? 'Start recording' : 'Take photo');
    const cameraArea = el('div', {}, video, el('div', { class: 'actions' }, shoot));
    const note = el('p', { hidden: true });
    const inputId = uid('file');
    const label = el('label', { for: inputId }, `Upload a ${spec.fileNoun} instead`);
    const input = el('input', { type: 'file', id: inputId, accept: spec.video ? 'video/*' : 'image/*' });
    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      if (file) finish(file, file.name || `upload.${spec.video ? 'webm' : 'jpg'}`);
    });

    shoot.addEventListener('click', async () => {
      if (!stream) return;
      if (!spec.video) {
        shoot.disabled = true;
        try {
          return finish(await captureFrame(video), 'capture.jpg');
        } catch {
          shoot.disabled = false;
          return ui.say('The photo could not be taken. Try again.');
        }
      }
      if (!recording) {
        recording = startRecording(stream);
        shoot.textContent = 'Stop recording';
        return ui.say('Recording…');
      }
      shoot.disabled = true;
      finish(await recording.stop(), 'capture.webm');
    });

    const fallBack = (message) => {
      if (over) return;
      if (stream) ui.cameras.stop(stream);
      stream = null;
      cameraArea.hidden = true;
      note.textContent = `${message} You can upload a ${spec.fileNoun} instead.`;
      note.hidden = false;
      label.textContent = `Upload a ${spec.fileNoun}`;
      ui.say(note.textContent);
    };

    ui.show(screen(spec.title, el('p', {}, spec.instructions), cameraArea, note, el('div', { class: 'upload' }, label, input)));
    if (spec.video && !recorderPresent()) return fallBack('This browser cannot record video.');
    ui.say('Starting the camera…');
    ui.cameras
      .open(spec.purpose)
      .then(async (opened) => {
        if (over) return ui.cameras.stop(opened);
        stream = opened;
        video.srcObject = stream;
        await video.play();
        if (over) return;
        shoot.disabled = false;
        ui.say('Camera ready.');
      })
      .catch((error) => fallBack(error instanceof CameraProblem ? error.message : 'The camera could not be started.'));
  });
}

/**
 * The capture shown back with "Use this photo" and "Retake". Using it uploads; a refusal or a
 * network failure is shown with a retry, a fatal failure (expired or refused token) rejects.
 * Resolves { media } once uploaded, or { retake: true }.
 */
export function review(ui, spec, captured, upload, isFatal) {
  return asScreen(ui, (resolve, reject, onStop) => {
    // A photo is shown from an in-memory blob: URL (the host's CSP needs img-src blob:); a clip is
    // not played back, so no media-src is needed at all.
    let preview;
    if (spec.video) preview = el('p', {}, `${spec.alt} is ready to send (${Math.max(1, Math.round(captured.blob.size / 1024))} KB).`);
    else {
      const url = URL.createObjectURL(captured.blob);
      onStop(() => URL.revokeObjectURL(url));
      preview = el('img', { class: 'preview', src: url, alt: spec.alt });
    }
    const error = el('p', { class: 'error', role: 'alert' });
    const use = el('button', { type: 'button' }, `Use this ${spec.fileNoun}`);
    const retake = el('button', { type: 'button', class: 'secondary' }, 'Retake');
    retake.addEventListener('click', () => resolve({ retake: true }));
    use.addEventListener('click', async () => {
      use.disabled = retake.disabled = true;
      error.textContent = '';
      ui.say('Uploading…');
      try {
        const media = await upload(captured);
        ui.say('Uploaded.');
        resolve({ media });
      } catch (failure) {
        if (isFatal(failure)) return reject(failure);
        ui.say('');
        error.textContent =
          failure.kind === 'validation'
            ? `The ${spec.fileNoun} was not accepted: ${failure.message}. Try again, retake it or upload another file.`
            : `The upload failed (${failure.message}) Check your connection and try again.`;
        use.textContent = 'Try again';
        use.disabled = retake.disabled = false;
        use.focus();
      }
    });
    ui.show(screen(spec.title, preview, error, el('div', { class: 'actions' }, use, retake)));
  });
}

/** A closing screen with no controls: done, stopped, or an error. */
export function notice(ui, title, text) {
  ui.show(screen(title, el('p', {}, text)));
}
