// Login.gov's HTTP surface in front of oidc-provider: its discovery document as its presenter
// writes it, and its own checks and answers where they differ from oidc-provider's (authorization
// parameters, token requests without client_id and their {"error": "…"} bodies, userinfo's
// errors, logout's rules). What passes is handed on to oidc-provider.
import type { Context, Hono } from 'hono';
import type { EmulatorClock } from '../shared/clock.js';
import type { OidcCore } from '../shared/oidc/index.js';
import { ACR_VALUES_SUPPORTED } from './acr.js';
import { checkAuthorizeRequest, LOGIN_GOV_SCOPES, type RegisteredClient } from './authorize.js';
import { checkLogoutRequest } from './logout.js';
import { renderAuthorizeErrorPage, renderLogoutConfirmation, renderLogoutErrorPage } from './pages.js';
import { LOGIN_GOV_USER_CLAIMS } from './people.js';
import { LOGIN_GOV_PATHS } from './provider.js';
import { checkTokenRequest } from './token.js';

const USERINFO_ERRORS = {
  none: 'No Authorization header provided',
  malformed: 'Malformed Authorization header',
  notFound: 'Could not find authorization for the contents of the provided access_token or it may have expired',
};

export interface LoginGovRouteDeps {
  core: OidcCore;
  clock: EmulatorClock;
  clients(): RegisteredClient[];
  clientKey(clientId: string): import('node:crypto').KeyObject | undefined;
}

/** The emulator's base URL as its issuer says it (built on first use from the request). */
async function originOf(core: OidcCore, c: Context): Promise<string> {
  await core.provider(c.req.url);
  return core.issuer()!.replace(/\/$/, '');
}

export function discoveryDocument(origin: string) {
  return {
    acr_values_supported: [...ACR_VALUES_SUPPORTED],
    claims_supported: ['auth_time', 'iss', 'sub', ...LOGIN_GOV_USER_CLAIMS.filter((c) => !['sub', 'iss', 'ial', 'aal'].includes(c))],
    grant_types_supported: ['authorization_code'],
    response_types_supported: ['code'],
    scopes_supported: [...LOGIN_GOV_SCOPES],
    subject_types_supported: ['pairwise'],
    authorization_endpoint: `${origin}${LOGIN_GOV_PATHS.authorization}`,
    issuer: `${origin}/`,
    jwks_uri: `${origin}${LOGIN_GOV_PATHS.jwks}`,
    service_documentation: 'https://developers.login.gov/',
    token_endpoint: `${origin}${LOGIN_GOV_PATHS.token}`,
    userinfo_endpoint: `${origin}${LOGIN_GOV_PATHS.userinfo}`,
    end_session_endpoint: `${origin}${LOGIN_GOV_PATHS.logout}`,
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
  };
}

/**
 * Login.gov's redirect back to the client carries code (or error) and state only: oidc-provider
 * also adds RFC 9207's iss, which Login.gov neither sends nor advertises. Rails redirects with 302.
 */
function asLoginGovRedirect(answer: Response, issuer: string): Response {
  const location = answer.headers.get('location');
  if (!location || !URL.canParse(location)) return answer;
  const target = new URL(location);
  if (target.searchParams.get('iss') !== issuer) return answer;
  target.searchParams.delete('iss');
  const headers = new Headers(answer.headers);
  headers.set('location', target.href);
  return new Response(null, { status: 302, headers });
}

const withQuery = (c: Context, query: URLSearchParams) => {
  const url = new URL(c.req.url);
  url.search = query.toString();
  return new Request(url, { headers: c.req.raw.headers });
};

export function mountLoginGovRoutes(app: Hono, deps: LoginGovRouteDeps): void {
  const { core } = deps;

  app.get(LOGIN_GOV_PATHS.discovery, async (c) => c.json(discoveryDocument(await originOf(core, c))));

  app.get(LOGIN_GOV_PATHS.authorization, async (c) => {
    await core.provider(c.req.url);
    const check = checkAuthorizeRequest(new URL(c.req.url).searchParams, deps.clients());
    if (check.kind === 'page') return c.html(renderAuthorizeErrorPage(check.messages));
    if (check.kind === 'redirect') return c.redirect(check.location, 302);
    return asLoginGovRedirect(await core.forward(withQuery(c, check.query)), core.issuer()!);
  });

  // oidc-provider's resume step after the sign-in page: the redirect to the client.
  app.get(`${LOGIN_GOV_PATHS.authorization}/:uid`, async (c) => asLoginGovRedirect(await core.forward(c.req.raw), core.issuer()!));

  app.post(LOGIN_GOV_PATHS.token, async (c) => {
    const origin = await originOf(core, c);
    const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const code = form.code ? core.store.peek('AuthorizationCode', form.code) : undefined;
    const check = checkTokenRequest({
      form,
      code,
      clientKey: deps.clientKey,
      tokenUrl: `${origin}${LOGIN_GOV_PATHS.token}`,
      now: Math.floor(deps.clock.now() / 1000),
    });
    if (!check.ok) return c.json({ error: check.error }, 400);
    // Login.gov finds the client from the code and ignores redirect_uri; oidc-provider needs both.
    const body = new URLSearchParams({ ...form, client_id: check.clientId, redirect_uri: check.redirectUri });
    const headers = new Headers(c.req.raw.headers);
    headers.set('content-type', 'application/x-www-form-urlencoded');
    headers.delete('content-length');
    const answer = await core.forward(new Request(c.req.url, { method: 'POST', headers, body }));
    const json = (await answer.json()) as Record<string, unknown>;
    if (answer.status !== 200) return c.json({ error: String(json.error_description ?? json.error) }, 400);
    // Login.gov's fields and order; no scope, no refresh_token.
    return c.json({ access_token: json.access_token, token_type: 'Bearer', expires_in: json.expires_in, id_token: json.id_token });
  });

  app.on(['GET', 'POST'], LOGIN_GOV_PATHS.userinfo, async (c) => {
    await core.provider(c.req.url);
    const authorization = c.req.header('authorization');
    if (!authorization) return c.json({ error: USERINFO_ERRORS.none }, 401);
    const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
    if (!token) return c.json({ error: USERINFO_ERRORS.malformed }, 401);
    const stored = core.store.peek('AccessToken', token);
    if (!stored || stored.expired) return c.json({ error: USERINFO_ERRORS.notFound }, 401);
    const answer = await core.forward(new Request(c.req.url, { headers: c.req.raw.headers }));
    if (answer.status !== 200) return c.json({ error: USERINFO_ERRORS.notFound }, 401);
    return c.json(await answer.json());
  });

  const logoutCheck = (c: Context, params: URLSearchParams) => {
    const messages = checkLogoutRequest(params, deps.clients());
    if (messages.length === 0) return undefined;
    return c.html(renderLogoutErrorPage(messages));
  };
  app.get(LOGIN_GOV_PATHS.logout, async (c) => {
    await core.provider(c.req.url);
    const params = new URL(c.req.url).searchParams;
    const refused = logoutCheck(c, params);
    if (refused) return refused;
    // The confirmation's form posts back here and then redirects to the client: allow both.
    const origins = [...new Set(deps.clients().flatMap((cl) => cl.redirectUris.map((u) => new URL(u).origin)))].join(' ');
    c.header('Content-Security-Policy', `default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' ${origins}`.trim());
    c.header('Cache-Control', 'no-store');
    const fields = Object.fromEntries(['client_id', 'post_logout_redirect_uri', 'state'].filter((k) => params.has(k)).map((k) => [k, params.get(k)!]));
    return c.html(renderLogoutConfirmation(LOGIN_GOV_PATHS.logout, fields));
  });
  app.post(LOGIN_GOV_PATHS.logout, async (c) => {
    const provider = await core.provider(c.req.url);
    const params = new URLSearchParams(await c.req.text());
    const refused = logoutCheck(c, params);
    if (refused) return refused;
    // Ends the person's session at the emulator: its record and its cookies.
    const sessionCookie = provider.cookieName('session');
    const sessionId = /(?:^|;\s*)([^=;\s]+)=([^;]*)/g;
    for (const [, name, value] of (c.req.header('cookie') ?? '').matchAll(sessionId)) {
      if (name === sessionCookie && value) await core.store.adapter('Session').destroy(value);
    }
    for (const name of [sessionCookie, `${sessionCookie}.sig`]) c.header('Set-Cookie', `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly`, { append: true });
    const back = new URL(params.get('post_logout_redirect_uri')!);
    if (params.has('state')) back.searchParams.set('state', params.get('state')!);
    return c.redirect(back.href, 302);
  });
}
