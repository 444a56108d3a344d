// "This session changed": a wake-up call inside one process for the streams that follow a
// session, so a webhook's verdict reaches the page at once. Streams also re-read the store on
// a timer, which is what carries a change made by another replica.
export class SessionSignals {
  readonly #listeners = new Map<string, Set<() => void>>();

  notify(sessionId: string): void {
    for (const listener of this.#listeners.get(sessionId) ?? []) listener();
  }

  /** Calls `listener` on each change of the session until the returned function is called. */
  listen(sessionId: string, listener: () => void): () => void {
    const set = this.#listeners.get(sessionId) ?? new Set();
    set.add(listener);
    this.#listeners.set(sessionId, set);
    return () => {
      set.delete(listener);
      if (!set.size) this.#listeners.delete(sessionId);
    };
  }
}
