// The Document Passback API on its own, in process: API token, document tokens in both spellings,
// size=WxH with ID.me's aspect rule, the per-document rate limit, expiry and token refresh.
import { Hono } from 'hono';
import jpeg from 'jpeg-js';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { DOCUMENT_TOKEN_TTL_SECONDS, DocumentStore, type UploadedDocument } from './documents.js';
import { DEFAULT_CONSUMER, ID_ME_EMULATOR_PASSBACK_TOKEN, type IdMeConsumer } from './keys.js';
import { DOCUMENTS_PATH, mountPassback, SIZE_BOUNDS } from './passback.js';

const OTHER: IdMeConsumer = { clientId: 'other-consumer', clientSecret: 'other-secret', passback: true, passbackToken: 'other-passback-token' };

let clock: EmulatorClock;
let documents: DocumentStore;
let app: Hono;
let uploaded: UploadedDocument;

beforeEach(() => {
  clock = createClock(() => Date.parse('2026-05-01T10:00:00Z'));
  documents = new DocumentStore(clock);
  app = new Hono();
  mountPassback(app, { documents, consumers: [DEFAULT_CONSUMER, OTHER] });
  uploaded = documents.upload(DEFAULT_CONSUMER.clientId);
});

function fetchDocument(documentToken: string, query: Record<string, string> = { token: ID_ME_EMULATOR_PASSBACK_TOKEN }) {
  return app.request(`${DOCUMENTS_PATH}/${documentToken}?${new URLSearchParams(query)}`, { method: 'POST' });
}

async function decoded(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  const image = jpeg.decode(new Uint8Array(await res.arrayBuffer()), { useTArray: true });
  return { width: image.width, height: image.height };
}

describe('POST /api/public/v3/documents/:documentToken', () => {
  it('answers the front at its upload resolution without size, and 250x200 for size=300x200 (the documented example)', async () => {
    const { front } = documents.mintPair(uploaded);
    expect(await decoded(await fetchDocument(front))).toEqual({ width: 500, height: 400 });
    const { front: again } = documents.mintPair(uploaded);
    expect(await decoded(await fetchDocument(again, { token: ID_ME_EMULATOR_PASSBACK_TOKEN, size: '300x200' }))).toEqual({ width: 250, height: 200 });
  });

  it('accepts the token as a dashed UUID or as 32 hex digits', async () => {
    const { back } = documents.mintPair(uploaded);
    expect(back).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await decoded(await fetchDocument(back.replaceAll('-', '').toUpperCase()))).toEqual({ width: 640, height: 400 });
  });

  it('refuses a missing or wrong API token with 401, and another consumer’s API token as if the document did not exist', async () => {
    const { front } = documents.mintPair(uploaded);
    for (const query of [{}, { token: 'not-the-token' }] as Record<string, string>[]) {
      const res = await fetchDocument(front, query);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
    const foreign = await fetchDocument(front, { token: 'other-passback-token' });
    expect(foreign.status).toBe(404);
  });

  it('answers 404 for an unknown or malformed document token', async () => {
    for (const token of ['3696f8c1a8ee4ae9aab56fb38c3dbd03', 'not-a-token']) {
      const res = await fetchDocument(token);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'not_found', error_description: 'No document matches this document token.' });
    }
  });

  it(`answers 400 for a size that is malformed or outside ${SIZE_BOUNDS.min}..${SIZE_BOUNDS.max} per side`, async () => {
    const { front } = documents.mintPair(uploaded);
    for (const size of ['300', '300x', 'axb', '15x200', '300x2049', '-1x100']) {
      const res = await fetchDocument(front, { token: ID_ME_EMULATOR_PASSBACK_TOKEN, size });
      expect(res.status, size).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_request' });
    }
    expect(await decoded(await fetchDocument(front, { token: ID_ME_EMULATOR_PASSBACK_TOKEN, size: '16x2048' }))).toEqual({ width: 16, height: 13 });
  });

  it('is POST only', async () => {
    const { front } = documents.mintPair(uploaded);
    const res = await app.request(`${DOCUMENTS_PATH}/${front}?token=${ID_ME_EMULATOR_PASSBACK_TOKEN}`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('the rate limit: 2 requests per minute per document', () => {
  it('answers the third fetch of one image within a minute 429 with Retry-After, across tokens, and frees a slot as the minute passes', async () => {
    const first = documents.mintPair(uploaded);
    const second = documents.mintPair(uploaded);
    expect((await fetchDocument(first.front)).status).toBe(200);
    clock.advance(20);
    expect((await fetchDocument(second.front)).status).toBe(200);
    clock.advance(10);

    const limited = await fetchDocument(first.front);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30'); // the first fetch leaves the window 60 s after it was served
    expect(await limited.json()).toMatchObject({ error: 'rate_limit_exceeded' });
    // The back is another image with its own allowance.
    expect((await fetchDocument(first.back)).status).toBe(200);

    clock.advance(29);
    expect((await fetchDocument(second.front)).headers.get('retry-after')).toBe('1');
    clock.advance(1);
    expect((await fetchDocument(second.front)).status).toBe(200);
    expect((await fetchDocument(first.front)).status).toBe(429); // the fetch at +20 s and the one just served fill the window
  });

  it('counts documents apart: another upload has its own allowance', async () => {
    const other = documents.upload(DEFAULT_CONSUMER.clientId);
    const mine = documents.mintPair(uploaded);
    await fetchDocument(mine.front);
    await fetchDocument(mine.front);
    expect((await fetchDocument(mine.front)).status).toBe(429);
    expect((await fetchDocument(documents.mintPair(other).front)).status).toBe(200);
  });

  it('does not count refused requests', async () => {
    const { front } = documents.mintPair(uploaded);
    await fetchDocument(front, { token: ID_ME_EMULATOR_PASSBACK_TOKEN, size: '1x1' });
    await fetchDocument(front, { token: 'wrong' });
    expect((await fetchDocument(front)).status).toBe(200);
    expect((await fetchDocument(front)).status).toBe(200);
  });
});

describe('document token expiry and refresh', () => {
  const refresh = (documentToken: string, token = ID_ME_EMULATOR_PASSBACK_TOKEN) =>
    app.request(`${DOCUMENTS_PATH}/${documentToken}/refresh?token=${encodeURIComponent(token)}`, { method: 'POST' });

  it(`expires a document token after ${DOCUMENT_TOKEN_TTL_SECONDS} s with 410 expired_token`, async () => {
    const { front } = documents.mintPair(uploaded);
    clock.advance(DOCUMENT_TOKEN_TTL_SECONDS - 1);
    expect((await fetchDocument(front)).status).toBe(200);
    clock.advance(1);
    const expired = await fetchDocument(front);
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error: 'expired_token', error_description: expect.stringContaining('expired') });
  });

  it('refreshes an expired token into a new one that fetches the same image, and a live one too', async () => {
    const { front } = documents.mintPair(uploaded);
    clock.advance(DOCUMENT_TOKEN_TTL_SECONDS + 3600);
    const res = await refresh(front);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expires_in: number };
    expect(body).toEqual({ token: expect.stringMatching(/^[0-9a-f-]{36}$/), expires_in: DOCUMENT_TOKEN_TTL_SECONDS });
    expect(body.token).not.toBe(front);
    expect(await decoded(await fetchDocument(body.token))).toEqual({ width: 500, height: 400 });

    const live = (await (await refresh(body.token)).json()) as { token: string };
    expect(live.token).not.toBe(body.token);
    expect((await fetchDocument(body.token)).status).toBe(200); // refreshing does not end the old token
  });

  it('refuses to refresh with a wrong API token (401) or an unknown document token (404)', async () => {
    const { back } = documents.mintPair(uploaded);
    expect((await refresh(back, 'wrong')).status).toBe(401);
    expect((await refresh('3696f8c1a8ee4ae9aab56fb38c3dbd03')).status).toBe(404);
    expect((await refresh(back, 'other-passback-token')).status).toBe(404);
  });
});
