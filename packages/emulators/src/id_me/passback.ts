// ID.me's Document Passback API (docs.id.me/guides/ap-is/document-passback-api, seed 002):
//   POST /api/public/v3/documents/:documentToken?token=<API token>[&size=WxH]  → image/jpeg
//   POST /api/public/v3/documents/:documentToken/refresh?token=<API token>     → {token, expires_in}
// The refresh path and body are our assumption (the docs name the endpoint, not its path), as are
// the size bounds and the error bodies; the aspect rule and the rate limit are documented.
import type { Hono } from 'hono';
import { fitWithin, renderDocumentJpeg, type Size } from './document-image.js';
import type { DocumentStore } from './documents.js';
import { idMeError } from './errors.js';
import { sameSecret, type IdMeConsumer } from './keys.js';

export const DOCUMENTS_PATH = '/api/public/v3/documents';
/** Accepted `size` sides in pixels: ID.me has bounds but does not publish them; these are ours. */
export const SIZE_BOUNDS = { min: 16, max: 2048 } as const;

export interface PassbackDeps {
  documents: DocumentStore;
  consumers: readonly IdMeConsumer[];
}

/** The consumer whose static API token this is, compared in constant time. */
export function consumerByApiToken(consumers: readonly IdMeConsumer[], presented: string | undefined): IdMeConsumer | undefined {
  if (!presented) return undefined;
  return consumers.find((c) => c.passback && c.passbackToken !== undefined && sameSecret(presented, c.passbackToken));
}

/** `size=WxH`: undefined when absent, a string saying what is wrong when refused. */
export function parseSize(raw: string | undefined): Size | undefined | { problem: string } {
  if (raw === undefined) return undefined;
  const match = /^(\d{1,5})x(\d{1,5})$/i.exec(raw.trim());
  if (!match) return { problem: `size must look like 300x200 (width x height in pixels); got ${JSON.stringify(raw.slice(0, 20))}.` };
  const size = { width: Number(match[1]), height: Number(match[2]) };
  const { min, max } = SIZE_BOUNDS;
  if ([size.width, size.height].some((side) => side < min || side > max)) {
    return { problem: `size sides must be between ${min} and ${max} pixels; got ${size.width}x${size.height}.` };
  }
  return size;
}

const UNAUTHORIZED = 'The token parameter must be the Document Passback API token provisioned for your consumer.';

export function mountPassback(app: Hono, deps: PassbackDeps): void {
  app.post(`${DOCUMENTS_PATH}/:documentToken`, (c) => {
    const consumer = consumerByApiToken(deps.consumers, c.req.query('token'));
    if (!consumer) return idMeError(c, 401, 'unauthorized', UNAUTHORIZED);
    const size = parseSize(c.req.query('size'));
    if (size && 'problem' in size) return idMeError(c, 400, 'invalid_request', size.problem);

    const found = deps.documents.lookup(c.req.param('documentToken'), consumer.clientId);
    if (found.kind === 'unknown') return idMeError(c, 404, 'not_found', 'No document matches this document token.');
    if (found.kind === 'expired') {
      return idMeError(c, 410, 'expired_token', 'This document token has expired; use the token refresh endpoint or call the attributes endpoint again.');
    }
    const slot = deps.documents.takeFetchSlot(found.image);
    if (!slot.allowed) {
      return idMeError(c, 429, 'rate_limit_exceeded', 'The Document endpoint allows 2 requests per minute per document.', {
        'Retry-After': String(slot.retryAfterSeconds),
      });
    }
    const pixels = size ? fitWithin(found.image.size, size) : found.image.size;
    const bytes = renderDocumentJpeg(found.image.side, pixels, found.image.seed);
    return c.body(new Uint8Array(bytes), 200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'no-store' });
  });

  app.post(`${DOCUMENTS_PATH}/:documentToken/refresh`, (c) => {
    const consumer = consumerByApiToken(deps.consumers, c.req.query('token'));
    if (!consumer) return idMeError(c, 401, 'unauthorized', UNAUTHORIZED);
    const refreshed = deps.documents.refresh(c.req.param('documentToken'), consumer.clientId);
    if (!refreshed) return idMeError(c, 404, 'not_found', 'No document matches this document token.');
    c.header('Cache-Control', 'no-store');
    return c.json({ token: refreshed.token, expires_in: refreshed.expiresIn });
  });

  // The endpoints are POST only; a GET (the natural guess for fetching an image) says so.
  for (const path of [`${DOCUMENTS_PATH}/:documentToken`, `${DOCUMENTS_PATH}/:documentToken/refresh`]) {
    app.on(['GET', 'PUT', 'PATCH', 'DELETE'], path, (c) => idMeError(c, 405, 'method_not_allowed', 'Use POST.', { Allow: 'POST' }));
  }
}
