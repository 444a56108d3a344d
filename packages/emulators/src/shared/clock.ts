// The emulators' sense of time: real time plus an offset tests move forward, so token expiry
// (Turnstile's 300 s, later webhook tolerances) is exercised without sleeping.

/** Milliseconds since the epoch, like Date.now. */
export type TimeSource = () => number;

export interface EmulatorClock {
  /** Current emulated time in ms since the epoch. */
  now(): number;
  /** Moves emulated time forward; never backward, like the BFF's clock. */
  advance(seconds: number): void;
  /** Seconds the clock has been moved forward since creation or the last reset. */
  offsetSeconds(): number;
  /** Back to the time source, offset zero. */
  reset(): void;
}

export function createClock(source: TimeSource = Date.now): EmulatorClock {
  let offsetMs = 0;
  return {
    now: () => source() + offsetMs,
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) {
        throw new RangeError('advance(seconds) takes a finite number ≥ 0: the clock only moves forward.');
      }
      offsetMs += seconds * 1000;
    },
    offsetSeconds: () => offsetMs / 1000,
    reset() {
      offsetMs = 0;
    },
  };
}
