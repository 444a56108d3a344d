// The demo server's JSON answers: one error shape for every route, and a request body read and
// validated in one step, so each route answers a bad body the same way.
import type { Context } from 'hono';
import type { z } from 'zod';

export function fail(c: Context, status: number, code: string, message: string, details?: Record<string, unknown>) {
  return c.json({ error: { code, message, ...(details ? { details } : {}) } }, status as 400);
}

/** The body parsed by `schema`, or the 415/400 answer to send instead. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<{ data: z.output<S> } | { response: Response }> {
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) {
    return { response: fail(c, 415, 'unsupported_media_type', 'The request body must be application/json.') };
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return { response: fail(c, 400, 'invalid_json', 'The request body is not valid JSON.') };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: ['body', ...issue.path].join('.'), message: issue.message }));
    return { response: fail(c, 400, 'validation_failed', 'The request is not valid; see details.issues.', { issues }) };
  }
  return { data: parsed.data };
}
