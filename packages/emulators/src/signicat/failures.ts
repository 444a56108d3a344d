// Planned failures for retry and back-off tests: the next N calls (to any Assure path, or to one
// operation of ASSURE_PATHS, ids and all) answer 429 or a 5xx in problem-details shape. The shared
// kit's faults need an exact path and the test's own body; these need neither.
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { problemFor, problems } from './errors.js';
import { ASSURE_OPERATIONS, matchesOperation, type AssureOperation } from './paths.js';

export const FailureSchema = z.object({
  status: z.union([z.literal(429), z.number().int().min(500).max(599)], { message: 'must be 429 or a 5xx status' }),
  times: z.number().int().min(1).max(1000).optional(),
  operation: z.enum(ASSURE_OPERATIONS as [AssureOperation, ...AssureOperation[]]).optional(),
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
});

export interface SignicatFailure {
  /** 429, or any 5xx. */
  status: number;
  /** How many calls it applies to (default 1). */
  times?: number;
  /** Only calls of this operation (default: any call to the token endpoint or /assure/*). */
  operation?: AssureOperation;
  /** Retry-After on a 429. */
  retryAfterSeconds?: number;
}

export class FailureQueue {
  #planned: Array<SignicatFailure & { times: number }> = [];

  add(failure: SignicatFailure): void {
    const parsed = FailureSchema.parse(failure);
    this.#planned.push({ ...parsed, times: parsed.times ?? 1 });
  }

  list(): SignicatFailure[] {
    return this.#planned.map((f) => ({ ...f }));
  }

  clear(): void {
    this.#planned = [];
  }

  take(method: string, path: string): SignicatFailure | undefined {
    const f = this.#planned.find((x) => !x.operation || matchesOperation(x.operation, method, path));
    if (f && --f.times <= 0) this.#planned = this.#planned.filter((x) => x !== f);
    return f;
  }

  /** Runs before authentication, as a gateway's failure would. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const f = this.take(c.req.method, c.req.path);
      if (f) return problemFor(c, problems.injected(f.status, f.retryAfterSeconds));
      await next();
    };
  }
}
