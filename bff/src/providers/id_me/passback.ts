// ID.me's Document Passback for the host: short-lived links the BFF answers by streaming the
// image from ID.me (no copy kept), within ID.me's limit of 2 requests a minute per document, and
// with a spent document token refreshed here rather than failing the host.
//
// A link carries its document token sealed (AES-256-GCM under a key derived from the passback
// API token, which every replica has), so any replica can answer it and nothing is stored for it.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ApiError, ProviderError } from '../../errors.js';
import type { Clock } from '../../clock.js';
import { inProviderCall, parseProviderJson, readProviderCode } from '../http.js';
import type { Secret } from '../../security/secret.js';

/** As long as Stripe's file links live: the host fetches at once, and a leaked link is soon dead. */
export const IMAGE_LINK_TTL_MS = 30_000;
/** ID.me's limit on the document endpoint. */
export const DOCUMENT_FETCHES_PER_MINUTE = 2;

export type DocumentSide = 'front' | 'back';

export interface SealedDocument {
  sessionId: string;
  side: DocumentSide;
  /** The document token from the attributes call. */
  token: string;
  expiresAt: number;
}

const Sealed = z.object({ s: z.string(), k: z.enum(['front', 'back']), t: z.string(), e: z.number() });

/** Seals and opens image links: whoever holds one may fetch that image until it expires, and cannot read or alter what it names. */
export function imageLinks(passbackToken: Secret, clock: Clock) {
  const key = Buffer.from(hkdfSync('sha256', passbackToken.reveal(), 'identity-verify', 'id_me image links', 32));
  return {
    seal(document: Omit<SealedDocument, 'expiresAt'>): { link: string; expiresAt: Date } {
      const expiresAt = clock.now().getTime() + IMAGE_LINK_TTL_MS;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = JSON.stringify({ s: document.sessionId, k: document.side, t: document.token, e: expiresAt });
      const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return { link: sealed.toString('base64url'), expiresAt: new Date(expiresAt) };
    },
    /** The document a link names, or null when it is not one of ours or has expired. */
    open(link: string): SealedDocument | null {
      try {
        const sealed = Buffer.from(link, 'base64url');
        if (sealed.length < 12 + 16 + 2) return null;
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        decipher.setAuthTag(sealed.subarray(-16));
        const plain = Buffer.concat([decipher.update(sealed.subarray(12, -16)), decipher.final()]).toString('utf8');
        const { s, k, t, e } = Sealed.parse(JSON.parse(plain));
        return e > clock.now().getTime() ? { sessionId: s, side: k, token: t, expiresAt: e } : null;
      } catch {
        return null;
      }
    },
  };
}

/**
 * ID.me's 2 fetches a minute per document, kept here so the host meets a clear 429 from us and
 * ID.me never sees us over its limit (per replica; an answer of 429 from ID.me is honoured too).
 */
export function documentRateLimit(clock: Clock) {
  const recent = new Map<string, number[]>();
  const blockedUntil = new Map<string, number>();
  return {
    /** Takes a slot for this document, or answers how many seconds until one frees. */
    take(document: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
      const now = clock.now().getTime();
      const times = (recent.get(document) ?? []).filter((t) => now - t < 60_000);
      const blocked = blockedUntil.get(document) ?? 0;
      if (blocked > now) return { ok: false, retryAfterSeconds: Math.ceil((blocked - now) / 1000) };
      if (times.length >= DOCUMENT_FETCHES_PER_MINUTE) {
        recent.set(document, times);
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + 60_000 - now) / 1000)) };
      }
      times.push(now);
      recent.set(document, times);
      // Keep the map from growing with documents no one asks for again.
      if (recent.size > 10_000) for (const [doc, t] of recent) if (now - t.at(-1)! >= 60_000) recent.delete(doc);
      return { ok: true };
    },
    /** ID.me said wait: no fetch of this document until then. */
    block(document: string, seconds: number): void {
      blockedUntil.set(document, clock.now().getTime() + seconds * 1000);
    },
  };
}

export interface PassbackDeps {
  apiBase: string;
  passbackToken: Secret;
  fetch: typeof fetch;
  timeoutMs: number;
}

const Refreshed = z.object({ token: z.string().min(8).max(200) });
const CALL = { provider: 'id_me' } as const;

/** `WxH` as ID.me takes it, or null when absent; throws a validation error naming the parameter otherwise. */
export function sizeParameter(size: string | undefined): string | null {
  if (size === undefined) return null;
  if (!/^[1-9]\d{0,3}x[1-9]\d{0,3}$/.test(size)) {
    throw new ApiError('validation_failed', undefined, { issues: [{ path: 'query.size', message: 'must be WIDTHxHEIGHT in pixels, e.g. 300x200' }] });
  }
  return size;
}

/** One call to ID.me's passback API, its failures typed. */
async function passbackCall(deps: PassbackDeps, operation: string, path: string, query: Record<string, string>): Promise<Response> {
  const url = new URL(`${deps.apiBase}/api/public/v3/documents/${path}`);
  url.searchParams.set('token', deps.passbackToken.reveal());
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  try {
    return await inProviderCall({ ...CALL, operation }, () => deps.fetch(url, { method: 'POST', signal: AbortSignal.timeout(deps.timeoutMs) }));
  } catch (cause) {
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
    throw new ProviderError(timedOut ? 'provider_timeout' : 'provider_error', 'id_me', timedOut ? 'ID.me did not answer in time.' : 'ID.me could not be reached.', { cause, operation });
  }
}

/** A fresh document token for the same document (ID.me's token refresh), for one whose token is spent. */
async function refreshToken(deps: PassbackDeps, token: string): Promise<string> {
  const response = await passbackCall(deps, 'refresh_document_token', `${encodeURIComponent(token)}/refresh`, {});
  if (!response.ok) throw await failure('refresh_document_token', response);
  return (await parseProviderJson({ ...CALL, operation: 'refresh_document_token' }, response, Refreshed)).token;
}

async function failure(operation: string, response: Response): Promise<ApiError> {
  const providerCode = await readProviderCode(response);
  if (response.status === 404) return new ApiError('not_found', 'ID.me no longer holds this document.');
  return new ProviderError('provider_error', 'id_me', `ID.me answered ${response.status} to ${operation}.`, {
    operation,
    status: response.status,
    ...(providerCode ? { providerCode } : {}),
  });
}

export type DocumentImage = { ok: true; response: Response } | { ok: false; retryAfterSeconds: number };

/**
 * The document's image from ID.me, to stream on: refreshed once when its token is spent (410
 * Gone; a refreshed token is remembered in `fresher`, by the original),
 * and ID.me's own 429 passed on with its Retry-After.
 */
export async function fetchDocumentImage(deps: PassbackDeps, token: string, size: string | null, fresher: Map<string, string>): Promise<DocumentImage> {
  const query: Record<string, string> = size ? { size } : {};
  let current = fresher.get(token) ?? token;
  let response = await passbackCall(deps, 'get_document', encodeURIComponent(current), query);
  if (response.status === 410) {
    await response.body?.cancel();
    current = await refreshToken(deps, token);
    // Remembered so the next fetch of this document does not refresh again; bounded like the rate limit's map.
    if (fresher.size > 10_000) fresher.clear();
    fresher.set(token, current);
    response = await passbackCall(deps, 'get_document', encodeURIComponent(current), query);
  }
  if (response.status === 429) {
    await response.body?.cancel();
    return { ok: false, retryAfterSeconds: Math.min(3600, Math.max(1, Number(response.headers.get('retry-after')) || 60)) };
  }
  if (!response.ok || !/^image\//.test(response.headers.get('content-type') ?? '')) throw await failure('get_document', response);
  return { ok: true, response };
}
