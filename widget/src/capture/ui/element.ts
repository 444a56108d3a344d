// <identity-verify-capture>: the thin element of our own capture. It renders the session's state
// (screens.ts), owns what lives in the browser (the camera, the live checks, the preview canvas)
// and moves the focus to each new screen's heading. Removing it ends the capture: nothing is kept
// for a later reconnection.
import { html, LitElement, nothing } from 'lit';
import { directionOf } from '../../i18n/direction.js';
import type { Messages } from '../../i18n/index.js';
import { CameraController, grabFullFrame, type Facing } from './camera.js';
import { shapeFor } from './framing.js';
import { shootOffer, type Guidance } from './guidance.js';
import { LiveCheck } from './live-check.js';
import type { CaptureState, DocumentType } from './machine.js';
import { clearCanvas, drawPhoto } from './preview.js';
import { renderScreen, type ScreenView } from './screens.js';
import type { CaptureSession } from './session.js';
import { captureStyles } from './styles.js';
import { captureText, type CaptureText } from './text.js';

export const CAPTURE_TAG = 'identity-verify-capture';

/** One key per screen (each side's shoot, review and upload are screens of their own): focus moves when it changes. */
function screenKey(state: CaptureState): string {
  return 'index' in state ? `${state.screen}:${state.index}` : state.screen;
}

/**
 * @summary Our document and selfie capture, mounted by the `native_capture` driver into the
 * widget's provider slot. Set `session`, `text` and `messages` before connecting it.
 *
 * @csspart heading - Each screen's heading.
 * @csspart status - The live region with guidance, progress and errors.
 * @csspart button - Every button; the main action also has part `primary`.
 * @csspart viewfinder - The camera preview with its framing guide.
 * @csspart file - The file picker.
 * @csspart preview - The photo under review.
 * @csspart progress - The upload's progress bar.
 */
export class CaptureElement extends LitElement {
  static override styles = captureStyles;
  static override properties = { theme: { reflect: true } };

  theme: 'light' | 'dark' | 'auto' = 'auto';
  session: CaptureSession | null = null;
  text: CaptureText = captureText('en');
  messages: Messages | null = null;
  allowFileUpload = true;

  readonly #camera = new CameraController(this);
  readonly #live = new LiveCheck(this, {
    guidance: (line) => {
      this.#guidance = line;
      this.requestUpdate();
    },
    steady: () => this.#shutter(),
  });
  #guidance: Guidance = 'starting';
  #videoSize = { width: 1280, height: 720 };
  /** The video has shown a frame of the current stream. */
  #frameReady = false;
  #screen = '';
  #unsubscribe: (() => void) | null = null;
  #preview: { canvas: HTMLCanvasElement; blob: Blob } | null = null;
  #ended = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.#ended && this.session && !this.#unsubscribe) this.#unsubscribe = this.session.subscribe(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroy();
  }

  /** Ends the capture: work aborted, camera stopped, canvases blanked, photos let go. Idempotent. */
  destroy(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.session?.destroy();
    this.session = null;
    this.#camera.destroy();
    this.#live.stop();
    this.#dropPreview();
    this.requestUpdate();
  }

  protected override willUpdate(): void {
    const key = this.session ? screenKey(this.session.state) : '';
    // A new screen's guidance starts over: the last side's "Looks good" says nothing about this one.
    if (key !== this.#screen) this.#guidance = 'starting';
  }

  protected override render() {
    const state = this.session?.state;
    if (!state || !this.messages) return nothing;
    const view: ScreenView = {
      t: this.text,
      messages: this.messages,
      state,
      offer: shootOffer(this.#camera.status, this.allowFileUpload),
      // Live once the video shows a frame: a shutter before that would have nothing to take.
      camera: { live: this.#camera.status === 'live' && this.#frameReady },
      guidance: this.#guidance,
      videoSize: this.#videoSize,
      on: this.#handlers,
    };
    const screen = renderScreen(view);
    if (!screen) return nothing;
    // The live region stays the same element from screen to screen: one that appears together
    // with its text is not announced by every screen reader.
    // Its own words' direction, not the widget's: English capture words in an Arabic widget read left to right.
    return html`<section aria-label=${this.text.region} lang=${this.text.lang} dir=${directionOf(this.text.lang)}>
      ${screen.content}
      <p id="status" class="status ${screen.status.error ? 'error' : ''}" part="status" role="status" aria-live="polite">${screen.status.text}</p>
      <div class="actions">${screen.actions}</div>
    </section>`;
  }

  protected override updated(): void {
    const state = this.session?.state;
    const shooting = state?.screen === 'shoot' ? state : null;
    this.#camera.want(shooting ? this.#facing(shooting.plan.sides[shooting.index] === 'selfie') : null);
    const video = this.renderRoot.querySelector('video');
    if (!video || video.srcObject !== this.#camera.stream) {
      if (video) video.srcObject = this.#camera.stream;
      // A new stream (or none) has shown no frame yet: hide the shutter until it does.
      if (this.#frameReady) {
        this.#frameReady = false;
        this.requestUpdate();
      }
    }
    if (shooting && !shooting.busy && this.#camera.status === 'live' && video) {
      this.#live.start(video, shapeFor(shooting.plan.sides[shooting.index]!, shooting.plan.document_type));
    } else this.#live.stop();
    this.#syncPreview(state);
    this.#focusNewScreen(state);
  }

  #facing(selfie: boolean): Facing {
    return selfie ? 'user' : 'environment';
  }

  #focusNewScreen(state: CaptureState | undefined): void {
    const key = state ? screenKey(state) : '';
    if (key === this.#screen) return;
    const first = this.#screen === '';
    this.#screen = key;
    // The first screen takes the focus only from within the widget (the person just chose this
    // way to verify), never from the page: a resumed session must not pull focus on load.
    const active = document.activeElement;
    if (first && !(active && active !== document.body && active.contains(this))) return;
    const heading = this.renderRoot.querySelector<HTMLElement>('h3');
    // Screens of the same kind in a row would share a heading element: refocus it so it is announced.
    if (heading && (this.renderRoot as ShadowRoot).activeElement === heading) heading.blur();
    heading?.focus();
  }

  /** Draws the photo under review (or being sent) once per canvas; blanks a canvas that is gone. */
  #syncPreview(state: CaptureState | undefined): void {
    const photo = state && (state.screen === 'review' || state.screen === 'upload') ? state.photo : null;
    const canvas = photo ? this.renderRoot.querySelector<HTMLCanvasElement>('canvas.preview') : null;
    if (this.#preview && (this.#preview.canvas !== canvas || this.#preview.blob !== photo?.blob)) this.#dropPreview();
    if (!canvas || !photo || this.#preview) return;
    const entry = { canvas, blob: photo.blob };
    this.#preview = entry;
    drawPhoto(canvas, photo.blob, () => this.#preview === entry).catch(() => undefined);
  }

  #dropPreview(): void {
    if (this.#preview) clearCanvas(this.#preview.canvas);
    this.#preview = null;
  }

  #shutter(): void {
    const state = this.session?.state;
    const video = this.renderRoot.querySelector('video');
    if (state?.screen !== 'shoot' || state.busy || this.#camera.status !== 'live' || !this.#frameReady || !video) return;
    this.#live.stop();
    this.session!.take(grabFullFrame(video));
  }

  readonly #handlers: ScreenView['on'] = {
    choose: (event) => {
      event.preventDefault();
      const value = new FormData(event.target as HTMLFormElement).get('document');
      if (typeof value === 'string') this.session?.choose(value as DocumentType);
    },
    shutter: () => this.#shutter(),
    file: (event) => {
      const input = event.target as HTMLInputElement;
      const file = input.files?.[0];
      // Cleared so the element holds no reference and the same file can be chosen again.
      input.value = '';
      if (file) this.session?.take(file);
    },
    retryCamera: () => this.#camera.retry(),
    retake: () => this.session?.retake(),
    accept: () => this.session?.accept(),
    retry: () => this.session?.retry(),
    cancel: () => this.session?.cancel(),
    video: (event) => {
      const video = event.target as HTMLVideoElement;
      const { videoWidth: width, videoHeight: height } = video;
      if (!width || !height || video.srcObject !== this.#camera.stream) return;
      const ready = video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA;
      // Only a real change re-renders: a render must not feed the events that called it.
      if (ready === this.#frameReady && width === this.#videoSize.width && height === this.#videoSize.height) return;
      this.#frameReady = ready;
      this.#videoSize = { width, height };
      this.requestUpdate();
    },
  };
}

/** The element class, defined once per page (two copies of the widget share the first definition). */
export function captureElement(): CustomElementConstructor {
  if (!customElements.get(CAPTURE_TAG)) customElements.define(CAPTURE_TAG, CaptureElement);
  return customElements.get(CAPTURE_TAG)!;
}

declare global {
  interface HTMLElementTagNameMap {
    'identity-verify-capture': CaptureElement;
  }
}
