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

/** The page's words, in English and Spanish (the widget's languages), chosen by the browser's Accept-Language. */
const WORDS = {
  en: {
    title: 'Sign-in not finished',
    used: (p: string) => `This link back from ${p} was already used, or it is not one we started. Nothing was changed.`,
    expired: (p: string) => `This sign-in at ${p} took too long and has expired.`,
    unreachable: (p: string) => `${p} could not be reached to finish your sign-in. Nothing was changed.`,
    other: (p: string) => `Your sign-in at ${p} could not be finished.`,
    next: 'Go back to the page where you started verifying and choose a way to verify again.',
    reference: 'Reference',
  },
  es: {
    title: 'No se completó el inicio de sesión',
    used: (p: string) => `Este enlace de vuelta desde ${p} ya se usó, o no lo iniciamos nosotros. No se cambió nada.`,
    expired: (p: string) => `El inicio de sesión en ${p} tardó demasiado y ha caducado.`,
    unreachable: (p: string) => `No se pudo contactar con ${p} para completar el inicio de sesión. No se cambió nada.`,
    other: (p: string) => `No se pudo completar el inicio de sesión en ${p}.`,
    next: 'Vuelve a la página donde empezaste la verificación y elige de nuevo una forma de verificarte.',
    reference: 'Referencia',
  },
};
type Words = (typeof WORDS)['en'];

function languageOf(c: Context<AppEnv>): keyof typeof WORDS {
  const first = (c.req.header('accept-language') ?? '').split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return first === 'es' ? 'es' : 'en';
}

function explanation(error: ApiError, provider: string, w: Words): string {
  if (error.code === 'no_pending_session' || error.code === 'token_mismatch') return w.used(provider);
  if (error.code === 'token_expired') return w.expired(provider);
  if (PROVIDER_SIDE.has(error.code)) return w.unreachable(provider);
  return w.other(provider);
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page for a callback that could not be finished, with the error's status. */
export function callbackErrorPage(c: Context<AppEnv>, error: ApiError, provider: string): Response {
  const language = languageOf(c);
  const w = WORDS[language];
  const body = `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(w.title)}</title></head>
<body>
<main>
<h1>${escape(w.title)}</h1>
<p>${escape(explanation(error, provider, w))}</p>
<p>${escape(w.next)}</p>
<p><small>${escape(w.reference)}: ${escape(error.code)} · ${escape(c.get('requestId') ?? '')}</small></p>
</main>
</body>
</html>`;
  c.header('cache-control', 'no-store');
  c.header('content-security-policy', "default-src 'none'");
  c.header('content-language', language);
  return c.html(body, error.status as ContentfulStatusCode);
}
