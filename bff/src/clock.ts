// Time as a dependency: the BFF never calls Date.now() directly, so tests (and the e2e test
// controls) can move time to expire client secrets and tokens without sleeping.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs with real time plus an offset that only moves forward. */
export class AdjustableClock implements Clock {
  #offsetMs = 0;
  constructor(private readonly base: Clock = systemClock) {}
  now(): Date {
    return new Date(this.base.now().getTime() + this.#offsetMs);
  }
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('A clock only moves forward.');
    this.#offsetMs += ms;
  }
}
