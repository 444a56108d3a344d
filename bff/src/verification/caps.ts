// Per-session caps: one session's client secret can do a bounded amount of work, whatever a
// script does with it. Generous for a person (who starts a handful of attempts and reads two or
// three notices), small enough that a leaked secret cannot fill the database or the providers.
import { ApiError } from '../errors.js';

export const SESSION_CAPS = {
  /** Attempts a session may start, across providers (each one is an object at a provider). */
  attempts: 20,
  /** Consent decisions a session may record. */
  consents: 40,
  /** Images of one session streamed at once, on one replica. */
  concurrentUploads: 2,
} as const;

export function capReached(what: keyof typeof SESSION_CAPS): ApiError {
  return new ApiError('rate_limited', `This session reached its limit of ${SESSION_CAPS[what]} ${what === 'concurrentUploads' ? 'uploads at once' : what}.`, { limit: what });
}

/** Counts what is under way per session on this replica, for caps on concurrent work. */
export class InFlight {
  readonly #counts = new Map<string, number>();
  constructor(private readonly max: number) {}

  /** Runs `work` if fewer than `max` are under way for `key`, else throws `refusal`. */
  async run<T>(key: string, refusal: () => Error, work: () => Promise<T>): Promise<T> {
    const now = this.#counts.get(key) ?? 0;
    if (now >= this.max) throw refusal();
    this.#counts.set(key, now + 1);
    try {
      return await work();
    } finally {
      const left = (this.#counts.get(key) ?? 1) - 1;
      if (left) this.#counts.set(key, left);
      else this.#counts.delete(key);
    }
  }
}
