// What a person's browser sees when a provider's redirect back to us cannot be finished (a
// replayed or altered link, a late one, the provider unreachable): a short page saying what
// happened and what to do, in place of the JSON error an API client gets. No script, no style
// beyond the browser's own, nothing of the request echoed back.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../errors.js';
import type { AppEnv } from '../http/env.js';

/** A browser navigating here (it asks for HTML), as opposed to an API client or a test asking for JSON. */
export function wantsPage(c: Context<AppEnv>): boolean {
  return (c.req.header('accept') ?? '').includes('text/html');
}

const PROVIDER_SIDE = new Set(['provider_error', 'provider_timeout', 'provider_unavailable']);

function explanation(error: ApiError, provider: string): string {
  if (error.code === 'no_pending_session' || error.code === 'token_mismatch') {
    return `This link back from ${provider} was already used, or it is not one we started. Nothing was changed.`;
  }
  if (error.code === 'token_expired') return `This sign-in at ${provider} took too long and has expired.`;
  if (PROVIDER_SIDE.has(error.code)) return `${provider} could not be reached to finish your sign-in. Nothing was changed.`;
  return `Your sign-in at ${provider} could not be finished.`;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page for a callback that could not be finished, with the error's status. */
export function callbackErrorPage(c: Context<AppEnv>, error: ApiError, provider: string): Response {
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign-in not finished</title></head>
<body>
<main>
<h1>Sign-in not finished</h1>
<p>${escape(explanation(error, provider))}</p>
<p>Go back to the page where you started verifying and choose a way to verify again.</p>
<p><small>Reference: ${escape(error.code)} · ${escape(c.get('requestId') ?? '')}</small></p>
</main>
</body>
</html>`;
  c.header('cache-control', 'no-store');
  c.header('content-security-policy', "default-src 'none'");
  return c.html(body, error.status as ContentfulStatusCode);
}
