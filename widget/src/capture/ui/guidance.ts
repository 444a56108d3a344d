// What the shoot screen tells and offers the person: one line of guidance from the live quality
// checks (steadied so it does not flicker), and the camera or the file picker depending on what
// the camera did and what the host allows. DOM-free: tested in node.
import type { Assessment, QualityIssue, Steadiness } from '../quality.js';

/** The line under the preview: what to fix first, else how close the picture is to being taken. */
export type Guidance = 'starting' | QualityIssue | 'hold_still' | 'good';

export function guidanceOf(assessment: Pick<Assessment, 'ok' | 'issues'>, steadiness: Pick<Steadiness, 'steady'>): Guidance {
  // assess() orders issues most actionable first (light, distance, glare, focus): one at a time.
  if (!assessment.ok) return assessment.issues[0] ?? 'hold_still';
  return steadiness.steady ? 'good' : 'hold_still';
}

/** Checks in a row a new line must hold before it replaces the one shown (about half a second). */
export const GUIDANCE_CONFIRM_CHECKS = 2;

/**
 * Shows a guidance line only once the checks agree on it, so a frame that hovers at a threshold
 * does not make the text (a live region) flip and a screen reader chatter. "Looks good" is shown
 * at once: steadiness has already been confirmed over several frames.
 */
export class GuidanceFilter {
  #shown: Guidance = 'starting';
  #candidate: Guidance | null = null;
  #count = 0;
  readonly #confirm: number;

  constructor(confirm = GUIDANCE_CONFIRM_CHECKS) {
    this.#confirm = confirm;
  }

  get shown(): Guidance {
    return this.#shown;
  }

  /** Feeds one check's guidance; returns the new line when the shown one changes, else null. */
  feed(guidance: Guidance): Guidance | null {
    if (guidance === this.#shown) {
      this.#candidate = null;
      return null;
    }
    this.#count = guidance === this.#candidate ? this.#count + 1 : 1;
    this.#candidate = guidance;
    if (guidance !== 'good' && this.#count < this.#confirm) return null;
    this.#shown = guidance;
    this.#candidate = null;
    return guidance;
  }

  reset(): void {
    this.#shown = 'starting';
    this.#candidate = null;
    this.#count = 0;
  }
}

/** What the camera is doing for the shoot screen. */
export type CameraStatus = 'off' | 'starting' | 'live' | 'denied' | 'missing' | 'unavailable';
export type CameraProblem = Extract<CameraStatus, 'denied' | 'missing' | 'unavailable'>;

/** getUserMedia's failure, by the DOMException names browsers use. */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return 'unavailable'; // NotReadableError (another app holds the camera), AbortError, ...
}

export interface ShootOffer {
  /** Show the live preview and the shutter. */
  camera: boolean;
  /** Offer the file picker. */
  file: boolean;
  /** Why the camera is not there, to say in words. */
  problem: CameraProblem | null;
  /** Without a camera and without files there is no way on: offer to go back. */
  leave: boolean;
}

/** The host's `allowFileUpload` decides the picker, beside the camera or instead of it. */
export function shootOffer(status: CameraStatus, allowFileUpload: boolean): ShootOffer {
  const problem = status === 'denied' || status === 'missing' || status === 'unavailable' ? status : null;
  return { camera: problem === null, file: allowFileUpload, problem, leave: problem !== null && !allowFileUpload };
}
