// The demo site's server: serves the built page and the built widget, and acts as a tiny host
// backend that holds the API key, creates sessions on the BFF from named presets (never from
// requirements the browser writes) for the browser's person (a demo user id, see person.ts),
// limits how often a client may do so, and remembers one session per browser in an HttpOnly cookie.
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { CreateSessionRequestSchema, type ConsentRecord, type HostSession } from '@identity-verify/contract/schemas';
import { CAPTURE_MODES, PROVIDER_KEYS, type ProviderKey } from '@identity-verify/contract/vocabulary';
import { z } from 'zod';
import { contentSecurityPolicy, securityHeaders } from './csp.js';
import { HostApiError, type HostApi } from './host-api.js';
import { summarizeProfile, type ProfileSummary } from './identity-profile.js';
import { fail, readJson } from './json.js';
import { createPeople, personRoutes } from './person.js';
import { createEventInbox, EVENTS_PATH, SIGNATURE_HEADER, type EventInbox, type ReceivedEvent } from './event-inbox.js';
import { PRESET_KEYS, PresetChoiceError, presetOf, requirementsFor, type Preset } from './presets.js';
import { rateLimit } from './rate-limit.js';
import { SessionMemory } from './sessions.js';

/** The cookie over http (local runs on 127.0.0.1), and over https, where the browser pins `__Host-` cookies to this origin. */
export const SESSION_COOKIE = 'idv_demo_session';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
const COOKIE_MAX_AGE_SECONDS = 2 * 60 * 60;

/** The providers the local stack runs; a deployment names its own. */
export const DEMO_PROVIDERS: readonly ProviderKey[] = ['turnstile', 'stripe_identity', 'onfido', 'signicat_onfido', 'login_gov', 'id_me', 'bankid_se', 'plaid', 'yoti'];

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
  /** Where the BFF's signed events are taken (POST /host-events). Default: one of its own, without a secret until one is given. */
  events?: EventInbox;
  /** The providers this demo offers (those the BFF has configured). Default: DEMO_PROVIDERS. */
  providers?: readonly ProviderKey[];
  /**
   * Whether the page is served over https (so the cookie is `__Host-` and Secure). Default: the
   * request's own scheme; say true behind a proxy that ends TLS.
   */
  https?: boolean;
  /** Sessions one client may start in a window (default 30 a minute). */
  sessionRateLimit?: { limit: number; windowMs: number };
  /** The client's address for the rate limit. Default: the socket's peer; behind a proxy, read its trusted forwarded address. */
  clientAddress?: (c: Context) => string;
  /** Passports issued and claims revoked by one client in a window (default 30 a minute). */
  actionRateLimit?: { limit: number; windowMs: number };
  /** The key demo user ids (subjects) are derived with from their cookie. Default: a random one per process. */
  subjectKey?: Uint8Array;
  now?: () => number;
}

/** What the page asks for instead of carrying inline configuration (the CSP forbids inline script). */
export interface DemoConfig {
  bff_url: string;
  organization_name: string;
  privacy_policy_path: string;
  provider_origins: string[];
  /** The policy this page is served with, shown to integrators as a starting point for theirs. */
  content_security_policy: string;
  /** The policy the BFF says a host page needs (GET /v1/widget/csp, its {nonce} placeholder kept), or null when it could not be read. */
  widget_csp: string | null;
  /** The providers this demo offers; each preset offers those of its own among them. */
  providers: ProviderKey[];
}

/** The browser's session as the demo's backend reports it. */
export interface DemoSession {
  id: string;
  client_secret: string;
  locale: string | null;
  host: HostSession;
  /** The consent receipts the host backend can read (GET /v1/sessions/:id/consents). */
  consents: ConsentRecord[];
  /** The BFF's signed events this backend received for the session, each verified. */
  events: ReceivedEvent[];
  /** How the person was verified (seed 004's report, its personal fields named, not shown), once verified. */
  identity_profile: ProfileSummary | null;
}

/**
 * What the page may send: a preset's key and choices from closed lists. The requirements, the
 * reference and the metadata are the server's.
 */
const StartRequestSchema = z
  .object({
    preset: z.enum(PRESET_KEYS),
    providers: z.array(z.enum(PROVIDER_KEYS)).max(PROVIDER_KEYS.length).optional(),
    capture: z.enum(CAPTURE_MODES).optional(),
    /** Whether a claim the person already holds may complete the session at once. */
    reuse_claims: z.boolean().optional(),
  })
  .extend(CreateSessionRequestSchema.pick({ locale: true, person: true }).shape)
  .strict();
export type StartRequest = z.input<typeof StartRequestSchema>;

/** The socket's peer address, when served by @hono/node-server. */
function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function createDemoApp(deps: DemoAppDeps): Hono {
  const sessions = deps.sessions ?? new SessionMemory();
  const providers = [...(deps.providers ?? DEMO_PROVIDERS)];
  const secure = (c: Context) => deps.https ?? new URL(c.req.url).protocol === 'https:';
  const cookieName = (c: Context) => (secure(c) ? SECURE_SESSION_COOKIE : SESSION_COOKIE);
  const browserIdOf = (c: Context) => getCookie(c, cookieName(c));
  const dropCookie = (c: Context) => deleteCookie(c, cookieName(c), { path: '/', secure: secure(c) });
  const people = createPeople({ secure, ...(deps.subjectKey ? { key: deps.subjectKey } : {}) });
  const origins = { bffOrigin: deps.bffUrl, providerOrigins: deps.providerOrigins, providerApiOrigins: deps.providerApiOrigins };
  const config: DemoConfig = {
    // The BFF may live under a path on a shared host: keep it, minus a trailing slash.
    bff_url: new URL(deps.bffUrl).href.replace(/\/+$/, ''),
    organization_name: deps.organizationName ?? 'Acme Demo',
    privacy_policy_path: '/privacy.html',
    provider_origins: (deps.providerOrigins ?? []).map((o) => new URL(o).origin),
    content_security_policy: contentSecurityPolicy(origins),
    widget_csp: null,
    providers,
  };
  const app = new Hono();

  app.use('*', securityHeaders(origins));
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  // The BFF's events, server to server: no cookie, no origin; their signature is what counts.
  const events = deps.events ?? createEventInbox();
  app.post(EVENTS_PATH, bodyLimit({ maxSize: 64 * 1024, onError: (c) => fail(c, 413, 'payload_too_large', 'The request body is too large.') }), async (c) =>
    (await events.receive(await c.req.text(), c.req.header(SIGNATURE_HEADER) ?? null))
      ? c.json({ received: true })
      : fail(c, 400, 'signature_invalid', 'The event is not signed with this endpoint’s secret.'),
  );
  app.use('/api/*', sameOriginWrites);
  app.use('/api/*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => fail(c, 413, 'payload_too_large', 'The request body is too large.') }));

  // The BFF's CSP list is read once it is needed and kept; a failed read is tried again next time.
  let widgetCsp: Promise<string> | null = null;
  app.get('/api/config', async (c) => {
    widgetCsp ??= deps.hostApi.widgetCsp().then((csp) => csp.header);
    widgetCsp.catch(() => (widgetCsp = null));
    return c.json({ ...config, widget_csp: await widgetCsp.catch(() => null) });
  });

  // Read once per verified identity session (a read of personal data, audited at the BFF), not on every refresh of the panel.
  const profiles = new Map<string, ProfileSummary | null>();
  async function profileOf(host: HostSession): Promise<ProfileSummary | null> {
    if (host.status !== 'verified' || host.requirements.layer !== 'identity') return null;
    if (!profiles.has(host.id)) {
      const report = await deps.hostApi.getIdentityProfile(host.id);
      profiles.set(host.id, report ? summarizeProfile(report) : null);
      // A long-running demo forgets the oldest first.
      if (profiles.size > 1000) profiles.delete(profiles.keys().next().value!);
    }
    return profiles.get(host.id) ?? null;
  }

  app.get('/api/session', async (c) => {
    const browserId = browserIdOf(c);
    const remembered = sessions.recall(browserId);
    if (!remembered) return c.json({ session: null });
    const host = await deps.hostApi.getSession(remembered.sessionId);
    if (!host) {
      // The BFF forgot it (fresh data dir): start clean rather than hand out a dead secret.
      sessions.forget(browserId);
      dropCookie(c);
      return c.json({ session: null });
    }
    const consents = await deps.hostApi.listConsents(host.id);
    const session: DemoSession = { id: host.id, client_secret: remembered.clientSecret, locale: remembered.locale, host, consents, events: events.of(host.id), identity_profile: await profileOf(host) };
    return c.json({ session });
  });

  // Each start calls the BFF and opens a session there: a client gets a few a minute, not a flood.
  const limitStarts = rateLimit({ ...(deps.sessionRateLimit ?? { limit: 30, windowMs: 60_000 }), keyOf: deps.clientAddress ?? peerAddress, ...(deps.now ? { now: deps.now } : {}) });
  /**
   * A session for a preset's service is created for the service (service_id), which takes its
   * requirements from it: the delegation it asks, on top of the identity the preset needs. One
   * service per set of providers the person ticked, so two browsers ticking differently never
   * change each other's service between setting it and starting a session for it.
   */
  async function forService(chosen: Preset, requirements: ReturnType<typeof requirementsFor>) {
    if (!chosen.service) return { requirements };
    const providersKey = createHash('sha256').update(requirements.accepted_providers.join()).digest('hex').slice(0, 10);
    const serviceId = `${chosen.service.id}.${providersKey}`;
    await deps.hostApi.setServiceRequirement(serviceId, {
      layer: 'delegation',
      requires_claim: 'verified_identity',
      minimum_assurance: requirements.min_assurance,
      accepted_providers: [...requirements.accepted_providers],
      required_scopes: [...chosen.service.required_scopes],
      scope_descriptions: { ...chosen.service.scope_descriptions },
      // Acting for the person stands on who they are: personal data, under their consent.
      requires_pii: true,
      lawful_basis: 'consent',
    });
    return { service_id: serviceId };
  }

  app.post('/api/session', limitStarts, async (c) => {
    const read = await readJson(c, StartRequestSchema);
    if ('response' in read) return read.response;
    const { preset, providers: ticked, capture, locale: asked, person, reuse_claims: reuse } = read.data;
    let requirements;
    try {
      requirements = requirementsFor({ preset, ...(ticked ? { providers: ticked } : {}), ...(capture ? { capture } : {}) }, providers);
    } catch (error) {
      if (!(error instanceof PresetChoiceError)) throw error;
      return fail(c, 400, 'validation_failed', error.message, { issues: [{ path: error.path, message: error.message }] });
    }
    const created = await deps.hostApi.createSession({
      ...(await forService(presetOf(preset), requirements)),
      subject: people.ensureSubject(c),
      ...(reuse ? { reuse_claims: true } : {}),
      ...(asked ? { locale: asked } : {}),
      ...(person ? { person } : {}),
      reference: `demo-${Date.now().toString(36)}`,
      metadata: { source: 'demo', preset, ...presetOf(preset).metadata },
    });
    const host = await deps.hostApi.getSession(created.id);
    if (!host) return fail(c, 502, 'bff_bad_response', 'The new session could not be read back.');
    sessions.forget(browserIdOf(c));
    const locale = asked ?? null;
    const browserId = sessions.remember({ sessionId: created.id, clientSecret: created.client_secret, locale, createdAt: Date.now() });
    // HttpOnly: no script reads it; SameSite=Strict: no other site sends it; over https, __Host-
    // (Secure, this host only, path /) so no subdomain or plain-http page can set or read it.
    setCookie(c, cookieName(c), browserId, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: COOKIE_MAX_AGE_SECONDS, secure: secure(c) });
    const session: DemoSession = { id: created.id, client_secret: created.client_secret, locale, host, consents: [], events: [], identity_profile: null };
    return c.json({ session }, 201);
  });

  const limitActions = rateLimit({
    ...(deps.actionRateLimit ?? { limit: 30, windowMs: 60_000 }),
    keyOf: deps.clientAddress ?? peerAddress,
    what: 'passports were issued or claims revoked',
    ...(deps.now ? { now: deps.now } : {}),
  });
  personRoutes(app, { hostApi: deps.hostApi, people, events, limitActions });

  app.delete('/api/session', (c) => {
    sessions.forget(browserIdOf(c));
    dropCookie(c);
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
