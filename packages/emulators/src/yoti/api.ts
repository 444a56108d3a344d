// The IDV API the BFF calls, under both bases (production /idverify/v1 and sandbox
// /sandbox/idverify/v1): every request's digest checked first (./signing.ts), then sessions,
// their media content, and — on the sandbox base only, as at Yoti — the response configuration.
// Paths as yoti@4.13.2's IDVService builds them (media content at /media/{id}/content).
import type { Context, Hono } from 'hono';
import { yotiError, type PropertyError } from './errors.js';
import { API_BASES, SANDBOX_API_BASE, type YotiStore } from './model.js';
import { ResponseConfigSchema } from './response-config.js';
import { sessionResult } from './results.js';
import { checkSignedRequest, DIGEST_HEADER, NonceLedger } from './signing.js';
import { parseSpecification } from './specification.js';

export interface ApiDeps {
  store: YotiStore;
  nonces: NonceLedger;
  publicKeyOf(sdkId: string): string | undefined;
}

const APPS_PATH = /^\/apps\/([^/]+)\/response-config$/;

/** The countries and documents of the test people (Yoti's own list covers some 200 countries). */
const SUPPORTED_COUNTRIES = [
  { code: 'ESP', supported_documents: [{ type: 'NATIONAL_ID', is_strictly_latin: true }, { type: 'PASSPORT', is_strictly_latin: true }] },
  { code: 'GBR', supported_documents: [{ type: 'DRIVING_LICENCE', is_strictly_latin: true }, { type: 'PASSPORT', is_strictly_latin: true }] },
];

async function bodyBytes(c: Context): Promise<Uint8Array | null> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return null;
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return bytes.length > 0 ? bytes : null;
}

/** The JSON body, or the PAYLOAD_VALIDATION answer for one that is not. */
async function jsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const bytes = await bodyBytes(c);
  try {
    return { ok: true, value: bytes ? JSON.parse(Buffer.from(bytes).toString('utf8')) : {} };
  } catch {
    return { ok: false, response: yotiError(c, 'PAYLOAD_VALIDATION', [{ property: '(body)', message: 'is not valid JSON' }]) };
  }
}

const issues = (error: { issues: Array<{ path: PropertyKey[]; message: string }> }): PropertyError[] =>
  error.issues.map((i) => ({ property: i.path.map(String).join('.') || '(body)', message: i.message }));

export function mountApi(app: Hono, deps: ApiDeps): void {
  const { store } = deps;
  for (const base of API_BASES) {
    // Every API call is signed; the user view's pages and their files (under /web/) are not.
    app.use(`${base}/*`, async (c, next) => {
      const url = new URL(c.req.url);
      const path = url.pathname.slice(base.length);
      // The SDK's getSupportedDocuments sends no sdkId, so Yoti cannot be checking a key there [U].
      if (path.startsWith('/web/') || path === '/supported-documents') return next();
      const appInPath = APPS_PATH.exec(path)?.[1];
      const check = checkSignedRequest(
        {
          method: c.req.method,
          path,
          rawQuery: url.search.slice(1),
          body: await bodyBytes(c),
          digest: c.req.header(DIGEST_HEADER) ?? null,
          sdkId: appInPath ?? url.searchParams.get('sdkId'),
        },
        deps.publicKeyOf,
        deps.nonces,
        store.clock.now(),
      );
      if (!check.ok) return yotiError(c, check.code);
      return next();
    });

    const sdkId = (c: Context) => c.req.query('sdkId') ?? '';
    const session = (c: Context) => store.get(sdkId(c), c.req.param('sessionId') ?? '');

    app.get(`${base}/supported-documents`, (c) => c.json({ supported_countries: SUPPORTED_COUNTRIES }));

    app.post(`${base}/sessions`, async (c) => {
      const body = await jsonBody(c);
      if (!body.ok) return body.response;
      const parsed = parseSpecification(body.value);
      if (!parsed.ok) return yotiError(c, 'PAYLOAD_VALIDATION', parsed.errors);
      const created = store.create(sdkId(c), parsed.spec);
      return c.json({ client_session_token: created.clientSessionToken, client_session_token_ttl: created.tokenTtlS, session_id: created.id }, 201);
    });

    app.get(`${base}/sessions/:sessionId`, (c) => {
      const s = session(c);
      return s ? c.json(sessionResult(store, s)) : yotiError(c, 'SESSION_NOT_FOUND');
    });

    app.delete(`${base}/sessions/:sessionId`, (c) => {
      const s = session(c);
      if (!s) return yotiError(c, 'SESSION_NOT_FOUND');
      store.sessions.delete(s.id);
      return c.body(null, 204);
    });

    app.get(`${base}/sessions/:sessionId/media/:mediaId/content`, (c) => {
      const media = session(c)?.media.get(c.req.param('mediaId'));
      if (!media) return yotiError(c, session(c) ? 'MEDIA_NOT_FOUND' : 'SESSION_NOT_FOUND');
      return c.body(new Uint8Array(media.content), 200, { 'content-type': media.contentType });
    });

    app.delete(`${base}/sessions/:sessionId/media/:mediaId/content`, (c) => {
      const s = session(c);
      if (!s) return yotiError(c, 'SESSION_NOT_FOUND');
      // Media exist only once the user view completed the session, so nothing is locked here.
      if (!s.media.delete(c.req.param('mediaId'))) return yotiError(c, 'MEDIA_NOT_FOUND');
      return c.body(null, 204);
    });
  }

  // The sandbox's own endpoints [S @getyoti/sdk-sandbox sandbox.idv.client.js]: a 200 with no body.
  app.put(`${SANDBOX_API_BASE}/sessions/:sessionId/response-config`, async (c) => {
    const s = store.get(c.req.query('sdkId') ?? '', c.req.param('sessionId'));
    if (!s) return yotiError(c, 'SESSION_NOT_FOUND');
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const parsed = ResponseConfigSchema.safeParse(body.value);
    if (!parsed.success) return yotiError(c, 'PAYLOAD_VALIDATION', issues(parsed.error));
    s.responseConfig = parsed.data;
    return c.body(null, 200);
  });

  app.put(`${SANDBOX_API_BASE}/apps/:sdkId/response-config`, async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const parsed = ResponseConfigSchema.safeParse(body.value);
    if (!parsed.success) return yotiError(c, 'PAYLOAD_VALIDATION', issues(parsed.error));
    store.appConfigs.set(c.req.param('sdkId'), parsed.data);
    return c.body(null, 200);
  });
}

/** Mounted after every other route: any other path under an API base gets Yoti's error shape [U body]. */
export function mountApiFallback(app: Hono): void {
  for (const base of API_BASES) app.all(`${base}/*`, (c) => yotiError(c, 'NOT_FOUND'));
}
