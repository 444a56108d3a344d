// The flow's async plumbing: one BFF call at a time, cancelled when a newer one starts or the
// step changes, so a stale answer never lands on a newer step; and the waits between polls.
import { ApiError } from '../api/errors.js';

/** Reads while processing, each wait 1.5 times the last (capped): about 100 s in all by default. */
export const MAX_POLLS = 10;
export const pollDelay = (first: number, round: number): number => Math.min(first * 1.5 ** round, 15_000);

export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError('internal_error', 'Unexpected failure.', { cause: error });

export class Tasks {
  #op = 0; // bumped on every new task or abandon
  #controller: AbortController | null = null;

  /** Starts `work`, abandoning the previous task; only the latest task's answer is delivered. */
  run<T>(work: (signal: AbortSignal) => Promise<T>, done: (value: T) => void, failed: (error: ApiError) => void): void {
    this.abandon();
    const op = this.#op;
    const controller = new AbortController();
    this.#controller = controller;
    work(controller.signal).then(
      (value) => op === this.#op && done(value),
      (error: unknown) => op === this.#op && failed(toApiError(error)),
    );
  }

  abandon(): void {
    this.#op++;
    this.#controller?.abort();
    this.#controller = null;
  }
}
