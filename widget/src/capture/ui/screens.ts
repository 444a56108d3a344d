// The capture's screens as Lit templates: each returns its heading with what follows it, the line
// for the live region and its actions; the element puts them in one fixed frame. Pure functions
// of a view object: the element keeps the state and these only draw it.
import { html, nothing, type TemplateResult } from 'lit';
import type { Messages } from '../../i18n/index.js';
import { guidePaths, shapeFor } from './framing.js';
import type { Guidance, ShootOffer } from './guidance.js';
import { uploadPercent, type CaptureState, type DocumentType, type RetakeCode } from './machine.js';
import { fill, subjectOf, type CaptureText } from './text.js';

export interface ScreenHandlers {
  choose(event: SubmitEvent): void;
  shutter(): void;
  file(event: Event): void;
  retryCamera(): void;
  retake(): void;
  accept(): void;
  retry(): void;
  cancel(): void;
  /** The video's metadata, first frame or size changed. */
  video(event: Event): void;
}

export interface ScreenView {
  t: CaptureText;
  messages: Messages;
  state: CaptureState;
  offer: ShootOffer;
  camera: { live: boolean };
  guidance: Guidance;
  /** The video's pixels, for the guide's viewBox (a default until the camera says). */
  videoSize: { width: number; height: number };
  on: ScreenHandlers;
}

export interface Screen {
  /** The heading and what follows it, one template literal per kind of screen: when the kind
   * changes, Lit makes a new heading element, so focusing it is announced. */
  content: TemplateResult;
  status: { text: string; error: boolean };
  actions: TemplateResult;
}

type At<S extends CaptureState['screen']> = Extract<CaptureState, { screen: S }>;

const button = (label: string, onClick: () => void, primary = false, busy = false) =>
  primary
    ? html`<button type="button" part="button primary" class="primary" aria-disabled=${busy ? 'true' : 'false'} @click=${busy ? nothing : onClick}>${label}</button>`
    : html`<button type="button" part="button" @click=${onClick}>${label}</button>`;

/** Each screen's one heading; the element focuses it when the screen changes. */
const heading = (text: string) => html`<h3 part="heading" tabindex="-1">${text}</h3>`;

const cancel = (v: ScreenView) => button(v.t.cancel, v.on.cancel);
const say = (text: string, error = false) => ({ text, error });

function subject(v: ScreenView, s: At<'shoot' | 'review' | 'upload'>): string {
  return v.t.subjects[subjectOf(s.plan.sides[s.index]!, s.plan.document_type)];
}

export function renderScreen(v: ScreenView): Screen | null {
  const s = v.state;
  switch (s.screen) {
    case 'choose':
      return choose(v, s.choices);
    case 'shoot':
      return shoot(v, s);
    case 'review':
      return review(v, s);
    case 'upload':
      return upload(v, s);
    case 'done':
      return { content: html`${heading(v.t.done_heading)}`, status: say(v.t.done_status), actions: html`` };
    default:
      return null;
  }
}

function choose(v: ScreenView, choices: readonly DocumentType[]): Screen {
  const content = html`${heading(v.t.choose_heading)}
    <form id="choose" @submit=${v.on.choose}>
      <fieldset>
        <legend>${v.t.choose_legend}</legend>
        ${choices.map(
          (type, i) => html`<label class="option"><input type="radio" name="document" value=${type} ?checked=${i === 0} />${v.t.documents[type]}</label>`,
        )}
      </fieldset>
    </form>`;
  const actions = html`${cancel(v)}<button type="submit" form="choose" part="button primary" class="primary">${v.t.continue}</button>`;
  return { content, status: say(''), actions };
}

function shoot(v: ScreenView, s: At<'shoot'>): Screen {
  const { t, offer } = v;
  const face = s.plan.sides[s.index] === 'selfie';
  let status = say(t.guidance[v.camera.live ? v.guidance : 'starting']);
  if (s.busy) status = say(t.preparing);
  else if (s.problem) status = say(t.photo_problems[s.problem], true);
  else if (offer.problem) status = say(`${t.camera_problems[offer.problem]} ${offer.file ? t.files_instead : t.camera_needed}`, true);
  const file = offer.file
    ? html`<div class="file">
        <label for="file">${offer.camera ? t.file_label : t.file_label_only}</label>
        <input id="file" part="file" type="file" accept="image/*" capture=${face ? 'user' : 'environment'} ?disabled=${s.busy} @change=${v.on.file} />
      </div>`
    : nothing;
  const content = html`${heading(face ? t.selfie_heading : fill(t.shoot_heading, { subject: subject(v, s) }))}
    <p class="muted">${fill(t.step, { n: s.index + 1, total: s.plan.sides.length })}</p>
    <p>${face ? t.hint_face : t.hint_document}</p>
    ${offer.camera ? viewfinder(v, s) : nothing} ${offer.camera && v.camera.live ? html`<p class="muted">${t.auto_hint}</p>` : nothing} ${file}`;
  const actions = offer.leave
    ? html`${button(t.camera_retry, v.on.retryCamera)}${button(t.go_back, v.on.cancel, true)}`
    : html`${cancel(v)}${offer.problem ? button(t.camera_retry, v.on.retryCamera) : nothing}${
        offer.camera && v.camera.live ? button(t.take_photo, v.on.shutter, true, s.busy) : nothing
      }`;
  return { content, status, actions };
}

function viewfinder(v: ScreenView, s: At<'shoot'>) {
  const { width, height } = v.videoSize;
  const shape = shapeFor(s.plan.sides[s.index]!, s.plan.document_type);
  const paths = guidePaths(shape, width, height);
  // Decorative for assistive tech: the heading, the hint and the live guidance say what it shows.
  // The element sets the video's srcObject: a binding would set it again on every render (Lit
  // re-commits objects), and each time the video would start loading over.
  return html`<div class="viewfinder ${height > width ? 'portrait' : ''}" part="viewfinder">
    <video
      class=${shape === 'face' ? 'mirror' : ''}
      aria-hidden="true"
      autoplay
      playsinline
      .muted=${true}
      @loadeddata=${v.on.video}
      @resize=${v.on.video}
    ></video>
    <svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">
      <path class="guide-mask" d=${paths.mask}></path>
      <path class="guide-outline ${v.guidance === 'good' ? 'good' : ''}" d=${paths.outline}></path>
    </svg>
  </div>`;
}

/** The photo, drawn by the element once rendered (preview.ts): pixels from memory, no URL. */
const preview = (v: ScreenView, s: At<'review' | 'upload'>) =>
  html`<canvas class="preview" part="preview" role="img" aria-label=${fill(v.t.preview_label, { subject: subject(v, s) })}></canvas>`;

function review(v: ScreenView, s: At<'review'>): Screen {
  const { t } = v;
  const face = s.plan.sides[s.index] === 'selfie';
  return {
    content: html`${heading(t.review_heading)}
      <p>${face ? t.review_hint_face : t.review_hint_document}</p>
      ${preview(v, s)}`,
    status: say(''),
    actions: html`${cancel(v)}${button(t.retake, v.on.retake)}${button(t.use_photo, v.on.accept, true)}`,
  };
}

function upload(v: ScreenView, s: At<'upload'>): Screen {
  const { t, messages } = v;
  const percent = uploadPercent(s);
  // While sending, the live region names the bar: one line, seen and heard, in steps of ten percent.
  const content = html`${heading(t.upload_heading)}${preview(v, s)}${
    s.failure ? nothing : html`<progress part="progress" max="100" .value=${percent} aria-labelledby="status"></progress>`
  }`;
  // The share sent, as the capture's language writes a percentage (40%, 40 %, %40).
  const sent = new Intl.NumberFormat(t.lang, { style: 'percent' }).format(percent / 100);
  if (!s.failure) return { content, status: say(fill(t.uploading, { percent: sent })), actions: cancel(v) };
  const { code } = s.failure;
  // A refused photo says why in the capture's own words, naming what to do differently; the rest are public codes.
  const refused = s.failure.retake ? t.refused[code === 'image_rejected' && s.plan.sides[s.index] === 'selfie' ? 'image_rejected_selfie' : (code as RetakeCode)] : undefined;
  const words = refused ?? (messages.errors as Record<string, string>)[code] ?? messages.ui.error_unknown;
  const again = s.failure.retake
    ? button(t.retake, v.on.retake, true)
    : html`${button(t.retake, v.on.retake)}${button(t.retry, v.on.retry, true)}`;
  return { content, status: say(words, true), actions: html`${cancel(v)}${again}` };
}
