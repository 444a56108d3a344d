// A fixed-window request limiter kept in memory. Each replica limits on its own, so behind N
// replicas the effective limit is N times this; that bounds abuse, which is all it is for.
export interface LimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export class FixedWindowLimiter {
  #windowStart = 0;
  #counts = new Map<string, number>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  hit(key: string): LimitResult {
    const now = this.now();
    if (now - this.#windowStart >= this.windowMs) {
      // A new window forgets every key at once: memory stays bounded by one window's keys.
      this.#windowStart = now - ((now - this.#windowStart) % this.windowMs);
      this.#counts = new Map();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return {
      allowed: count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - count),
      resetSeconds: Math.ceil((this.#windowStart + this.windowMs - now) / 1000),
    };
  }
}
