// The live quality checks, as a Lit reactive controller: a few times a second it grabs a small
// frame from the preview, assesses it inside the framing guide, and reports the guidance line
// when it changes and "steady" once the picture has been good and still long enough to take.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { grabFrame } from '../frame.js';
import { assess, StabilityTracker } from '../quality.js';
import { guideFor, kindOf, type GuideShape } from './framing.js';
import { guidanceOf, GuidanceFilter, type Guidance } from './guidance.js';

/**
 * Between checks. Four a second keeps a phone cool (each check is a few ms at 320 px) and lets
 * StabilityTracker's four steady frames take about a second, long enough to read as deliberate.
 */
export const CHECK_INTERVAL_MS = 250;

export interface LiveCheckHandlers {
  guidance(line: Guidance): void;
  /** Good and still long enough (a beat after "good" was reported): take the picture. Checks stop until start() is called again. */
  steady(): void;
}

export class LiveCheck implements ReactiveController {
  readonly #handlers: LiveCheckHandlers;
  readonly #tracker = new StabilityTracker();
  readonly #filter = new GuidanceFilter();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #canvas: OffscreenCanvas | HTMLCanvasElement | undefined;
  #target: { video: HTMLVideoElement; shape: GuideShape } | null = null;

  constructor(host: ReactiveControllerHost, handlers: LiveCheckHandlers) {
    this.#handlers = handlers;
    host.addController(this);
  }

  get running(): boolean {
    return this.#target !== null;
  }

  /** Checks `video` against the `shape` guide; the guidance starts over from "starting". */
  start(video: HTMLVideoElement, shape: GuideShape): void {
    if (this.#target?.video === video && this.#target.shape === shape) return;
    this.stop();
    this.#target = { video, shape };
    this.#schedule();
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#target = null;
    this.#tracker.reset();
    this.#filter.reset();
    // The small analysis canvas holds the last frame seen: blank it.
    if (this.#canvas) this.#canvas.width = this.#canvas.height = 0;
    this.#canvas = undefined;
  }

  hostDisconnected(): void {
    this.stop();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => this.#check(), CHECK_INTERVAL_MS);
  }

  #check(): void {
    const target = this.#target;
    if (!target) return;
    const { video, shape } = target;
    // HAVE_CURRENT_DATA: before it, there is no frame to draw.
    if (video.readyState >= 2 && video.videoWidth > 0) {
      try {
        const { frame, canvas } = grabFrame(video, video.videoWidth, video.videoHeight, this.#canvas);
        this.#canvas = canvas;
        const assessment = assess(frame, kindOf(shape), guideFor(shape, frame.width, frame.height));
        const steadiness = this.#tracker.update(frame, assessment);
        const line = this.#filter.feed(guidanceOf(assessment, steadiness));
        if (line) this.#handlers.guidance(line);
        if (steadiness.steady) {
          // One more beat with "Looks good" and the guide lit before the picture is taken, so
          // the person sees (and hears) why it was taken; stop() in the meantime cancels it.
          this.#timer = setTimeout(() => {
            this.stop();
            this.#handlers.steady();
          }, CHECK_INTERVAL_MS);
          return;
        }
      } catch {
        // A frame that cannot be read (the stream just ended): skip it, the next may be fine.
      }
    }
    if (this.#target === target) this.#schedule();
  }
}
