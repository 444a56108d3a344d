// Which verification session belongs to which browser: an opaque cookie id mapped, in memory,
// to the session id and client secret, so a reload resumes the session without putting either
// in the URL or in browser storage.
import { randomBytes } from 'node:crypto';

export interface RememberedSession {
  sessionId: string;
  clientSecret: string;
  locale: string | null;
  createdAt: number;
}

export class SessionMemory {
  // A Map keeps insertion order, so the oldest entry is the first key: a bounded LRU-ish cache
  // that stops a stream of new browsers from growing the demo's memory without limit.
  readonly #entries = new Map<string, RememberedSession>();
  readonly #limit: number;

  constructor(limit = 1000) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer.');
    this.#limit = limit;
  }

  /** Stores a session and returns the fresh browser id to put in the cookie. */
  remember(session: RememberedSession): string {
    const browserId = randomBytes(24).toString('base64url');
    this.#entries.set(browserId, session);
    while (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return browserId;
  }

  recall(browserId: string | undefined): RememberedSession | null {
    if (!browserId) return null;
    return this.#entries.get(browserId) ?? null;
  }

  forget(browserId: string | undefined): void {
    if (browserId) this.#entries.delete(browserId);
  }

  get size(): number {
    return this.#entries.size;
  }
}
