// What Document Passback serves from: the identity documents people "uploaded" while verifying,
// the short-lived document tokens minted for them (a new pair on every attributes call, and one
// more on each token refresh), and the per-document rate limit, all on the emulator's clock.
import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../shared/clock.js';
import { ORIGINAL_SIZE, type DocumentSide, type Size } from './document-image.js';

/**
 * How long a document token works: not published by ID.me; 15 minutes is our assumption. An
 * expired token answers 410 and can still be refreshed.
 */
export const DOCUMENT_TOKEN_TTL_SECONDS = 15 * 60;
/** "The Document endpoint is rate-limited to 2 requests per minute per document" (seed 002). */
export const DOCUMENT_REQUESTS_PER_WINDOW = 2;
export const DOCUMENT_RATE_WINDOW_SECONDS = 60;

/** One side of an uploaded document: the unit the rate limit counts. */
export interface DocumentImage {
  id: string;
  side: DocumentSide;
  /** The upload's resolution (what a request without `size` gets). */
  size: Size;
  /** Picks the picture's palette and pattern, so each upload looks its own. */
  seed: number;
}

export interface UploadedDocument {
  id: string;
  /** The consumer (client_id) whose verification collected it: only its API token can fetch it. */
  clientId: string;
  front: DocumentImage;
  back: DocumentImage;
}

interface DocumentToken {
  image: DocumentImage;
  clientId: string;
  expiresAt: number;
}

export type TokenLookup =
  | { kind: 'live'; image: DocumentImage }
  | { kind: 'expired'; image: DocumentImage }
  | { kind: 'unknown' };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX32 = /^[0-9a-f]{32}$/i;

/**
 * A document token as presented: the attributes endpoint shows dashed UUIDs while ID.me's own
 * passback example uses 32 hex digits; both name the same token here. null when neither.
 */
export function normalizeDocumentToken(raw: string): string | null {
  if (HEX32.test(raw)) return raw.toLowerCase();
  if (UUID.test(raw)) return raw.replaceAll('-', '').toLowerCase();
  return null;
}

export class DocumentStore {
  #documents = new Map<string, UploadedDocument>();
  #tokens = new Map<string, DocumentToken>();
  /** Times (ms, emulator clock) of the fetches served per image in the current window. */
  #served = new Map<string, number[]>();
  #nextSeed = 0;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly tokenTtlSeconds = DOCUMENT_TOKEN_TTL_SECONDS,
  ) {}

  /** A verification collected a front and a back for this consumer. */
  upload(clientId: string): UploadedDocument {
    const id = randomUUID();
    const seed = this.#nextSeed++;
    const image = (side: DocumentSide): DocumentImage => ({ id: `${id}:${side}`, side, size: ORIGINAL_SIZE[side], seed });
    const document: UploadedDocument = { id, clientId, front: image('front'), back: image('back') };
    this.#documents.set(id, document);
    return document;
  }

  document(id: string): UploadedDocument | undefined {
    return this.#documents.get(id);
  }

  /** A fresh pair for one attributes call: never the same tokens twice. */
  mintPair(document: UploadedDocument): { front: string; back: string } {
    return { front: this.#mint(document.front, document.clientId), back: this.#mint(document.back, document.clientId) };
  }

  /** What a presented token names, for this consumer; another consumer's tokens are unknown here. */
  lookup(raw: string, clientId: string): TokenLookup {
    const key = normalizeDocumentToken(raw);
    const token = key === null ? undefined : this.#tokens.get(key);
    if (!token || token.clientId !== clientId) return { kind: 'unknown' };
    return this.clock.now() >= token.expiresAt ? { kind: 'expired', image: token.image } : { kind: 'live', image: token.image };
  }

  /** A new token for the image a live or expired token names (ID.me's Token Refresh). */
  refresh(raw: string, clientId: string): { token: string; expiresIn: number } | undefined {
    const found = this.lookup(raw, clientId);
    if (found.kind === 'unknown') return undefined;
    return { token: this.#mint(found.image, clientId), expiresIn: this.tokenTtlSeconds };
  }

  /** Counts one fetch of the image when a slot is free in the last minute; otherwise says when one frees. */
  takeFetchSlot(image: DocumentImage): RateDecision {
    const now = this.clock.now();
    const windowMs = DOCUMENT_RATE_WINDOW_SECONDS * 1000;
    const recent = (this.#served.get(image.id) ?? []).filter((at) => now - at < windowMs);
    if (recent.length >= DOCUMENT_REQUESTS_PER_WINDOW) {
      this.#served.set(image.id, recent);
      const oldest = recent[0] as number;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.#served.set(image.id, recent);
    return { allowed: true };
  }

  clear(): void {
    this.#documents.clear();
    this.#tokens.clear();
    this.#served.clear();
  }

  #mint(image: DocumentImage, clientId: string): string {
    const token = randomUUID();
    this.#tokens.set(normalizeDocumentToken(token) as string, { image, clientId, expiresAt: this.clock.now() + this.tokenTtlSeconds * 1000 });
    return token;
  }
}
