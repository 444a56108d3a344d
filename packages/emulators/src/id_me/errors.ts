// ID.me's error bodies: RFC 6749's {error, error_description} on its OAuth and REST endpoints
// (docs.id.me's OAuth error codes; the passback endpoint's exact bodies are unpublished, so it
// answers in the same shape).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function idMeError(c: Context, status: ContentfulStatusCode, error: string, description: string, headers: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  c.header('Cache-Control', 'no-store');
  return c.json({ error, error_description: description }, status);
}
