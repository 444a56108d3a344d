// The demo site's server: serves the built page and the built widget, and acts as a tiny host
// backend that holds the API key, creates sessions on the BFF and remembers one per browser.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { serveStatic } from '@hono/node-server/serve-static';
import { CreateSessionRequestSchema, type ConsentRecord, type HostSession } from '@identity-verify/contract/schemas';
import { contentSecurityPolicy, securityHeaders } from './csp.js';
import { HostApiError, type HostApi } from './host-api.js';
import { SessionMemory } from './sessions.js';

export const SESSION_COOKIE = 'idv_demo_session';
const COOKIE_MAX_AGE_SECONDS = 2 * 60 * 60;

export interface DemoAppDeps {
  hostApi: HostApi;
  /** The BFF URL the browser uses (the widget's api-base). */
  bffUrl: string;
  providerOrigins?: readonly string[];
  /** Origins of provider APIs the widget's provider code calls from the page (Onfido's SDK uploads). */
  providerApiOrigins?: readonly string[];
  /** Absolute path of the built demo page (demo/dist). */
  distDir: string;
  /** Absolute path of the built widget (widget/dist), served under /widget/. */
  widgetDir: string;
  organizationName?: string;
  sessions?: SessionMemory;
}

/** What the page asks for instead of carrying inline configuration (the CSP forbids inline script). */
export interface DemoConfig {
  bff_url: string;
  organization_name: string;
  privacy_policy_path: string;
  provider_origins: string[];
  /** The policy this page is served with, shown to integrators as a starting point for theirs. */
  content_security_policy: string;
}

/** The browser's session as the demo's backend reports it. */
export interface DemoSession {
  id: string;
  client_secret: string;
  locale: string | null;
  host: HostSession;
  /** The consent receipts the host backend can read (GET /v1/sessions/:id/consents). */
  consents: ConsentRecord[];
}

// Only the fields a product team picks in the form; reference and metadata are set here.
const StartRequestSchema = CreateSessionRequestSchema.pick({ requirements: true, locale: true, person: true }).strict();

export function createDemoApp(deps: DemoAppDeps): Hono {
  const sessions = deps.sessions ?? new SessionMemory();
  const origins = { bffOrigin: deps.bffUrl, providerOrigins: deps.providerOrigins, providerApiOrigins: deps.providerApiOrigins };
  const config: DemoConfig = {
    // The BFF may live under a path on a shared host: keep it, minus a trailing slash.
    bff_url: new URL(deps.bffUrl).href.replace(/\/+$/, ''),
    organization_name: deps.organizationName ?? 'Acme Demo',
    privacy_policy_path: '/privacy.html',
    provider_origins: (deps.providerOrigins ?? []).map((o) => new URL(o).origin),
    content_security_policy: contentSecurityPolicy(origins),
  };
  const app = new Hono();

  app.use('*', securityHeaders(origins));
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', sameOriginWrites);
  app.use('/api/*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => fail(c, 413, 'payload_too_large', 'The request body is too large.') }));

  app.get('/api/config', (c) => c.json(config));

  app.get('/api/session', async (c) => {
    const browserId = getCookie(c, SESSION_COOKIE);
    const remembered = sessions.recall(browserId);
    if (!remembered) return c.json({ session: null });
    const host = await deps.hostApi.getSession(remembered.sessionId);
    if (!host) {
      // The BFF forgot it (fresh data dir): start clean rather than hand out a dead secret.
      sessions.forget(browserId);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ session: null });
    }
    const consents = await deps.hostApi.listConsents(host.id);
    const session: DemoSession = { id: host.id, client_secret: remembered.clientSecret, locale: remembered.locale, host, consents };
    return c.json({ session });
  });

  app.post('/api/session', async (c) => {
    if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) {
      return fail(c, 415, 'unsupported_media_type', 'The request body must be application/json.');
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return fail(c, 400, 'invalid_json', 'The request body is not valid JSON.');
    }
    const parsed = StartRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: ['body', ...issue.path].join('.'), message: issue.message }));
      return fail(c, 400, 'validation_failed', 'The request is not valid; see details.issues.', { issues });
    }
    const created = await deps.hostApi.createSession({
      ...parsed.data,
      reference: `demo-${Date.now().toString(36)}`,
      metadata: { source: 'demo' },
    });
    const host = await deps.hostApi.getSession(created.id);
    if (!host) return fail(c, 502, 'bff_bad_response', 'The new session could not be read back.');
    sessions.forget(getCookie(c, SESSION_COOKIE));
    const locale = parsed.data.locale ?? null;
    const browserId = sessions.remember({ sessionId: created.id, clientSecret: created.client_secret, locale, createdAt: Date.now() });
    setCookie(c, SESSION_COOKIE, browserId, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: COOKIE_MAX_AGE_SECONDS });
    const session: DemoSession = { id: created.id, client_secret: created.client_secret, locale, host, consents: [] };
    return c.json({ session }, 201);
  });

  app.delete('/api/session', (c) => {
    sessions.forget(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ session: null });
  });

  // Vite fingerprints everything under assets/; pages and the (unhashed) widget must be revalidated.
  app.use('*', async (c, next) => {
    await next();
    if (c.req.path.startsWith('/api/') || c.res.status !== 200) return;
    c.header('Cache-Control', c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  // The widget exactly as an integrator would host it: the built files, unmodified.
  app.use('/widget/*', serveStatic({ root: deps.widgetDir, rewriteRequestPath: (path) => path.replace(/^\/widget/, '') }));
  app.use('*', serveStatic({ root: deps.distDir }));

  app.notFound((c) => fail(c, 404, 'not_found', 'Not found.'));
  app.onError((error, c) => {
    if (error instanceof HostApiError) {
      const status = error.status >= 400 && error.status < 600 ? error.status : 502;
      return fail(c, status, error.code, error.message);
    }
    // Never echo internals; the demo has no logger that could hold PII either.
    return fail(c, 500, 'internal_error', 'Something went wrong on our side.');
  });
  return app;
}

/** Refuses cross-site writes: the cookie is SameSite=Strict, this also covers old browsers. */
async function sameOriginWrites(c: Context, next: () => Promise<void>) {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  if ((site && site !== 'same-origin') || (origin && origin !== new URL(c.req.url).origin)) {
    return fail(c, 403, 'origin_not_allowed', 'This origin is not allowed to call the API.');
  }
  return next();
}

function fail(c: Context, status: number, code: string, message: string, details?: Record<string, unknown>) {
  return c.json({ error: { code, message, ...(details ? { details } : {}) } }, status as 400);
}
