// One oidc-provider Provider inside an emulator's Hono app: built on the first request (the
// issuer is the emulator's own URL, known only once it listens), storing in the emulator's memory
// on its clock, with the persona sign-in page as its interaction and clients whose redirect URIs
// are registered at run time.
import type { Context, Hono } from 'hono';
import Provider, { errors, type ClientMetadata, type Configuration, type InteractionResults } from 'oidc-provider';
import type { EmulatorClock } from '../clock.js';
import { CONTROL_PREFIX } from '../kit.js';
import { callNodeHandler, toNodeExchange } from './node-bridge.js';
import {
  OUTCOME_LABELS,
  renderRedirectPage,
  parseChoice,
  renderMessagePage,
  renderPersonaPage,
  type Persona,
  type PersonaOutcome,
  type SignInChoice,
} from './persona-page.js';
import { driveSignIn, INTERACTION_PATH_PREFIX } from './sign-in.js';
import { OidcStore } from './store.js';

/** A sign-in in progress, as oidc-provider hands it to the interaction page. */
export type OidcInteraction = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface FinishInput<P extends Persona> {
  provider: Provider;
  interaction: OidcInteraction;
  person: P;
  outcome: Exclude<PersonaOutcome, 'cancel'>;
}

export interface OidcCoreOptions<P extends Persona> {
  /** As people name it: the page's heading reads "<providerName> (emulator)". */
  providerName: string;
  personas: readonly P[];
  clock: EmulatorClock;
  /** Fixes the emulator's base URL (no trailing slash); default: the first request's origin. */
  publicUrl?: string;
  /** Redirect URIs registered from the start; reset() goes back to these. */
  redirectUris?: readonly string[];
  /** The issuer identifier at a base URL: Login.gov `${origin}/`, ID.me `${origin}/oidc`. */
  issuer(origin: string): string;
  /** The provider's own configuration; the base adds the adapter and the interaction URL and turns devInteractions off. */
  configuration(at: { origin: string; issuer: string }): Configuration;
  /** The registered clients, given the redirect URIs registered so far. */
  clients(redirectUris: readonly string[]): ClientMetadata[];
  /** What a completed sign-in (verified or not_verified) hands oidc-provider: login, consent… */
  finish(input: FinishInput<P>): Promise<InteractionResults>;
  /** Lines about the request the page shows, e.g. the level and scopes asked for. */
  describe?(interaction: OidcInteraction): string[];
  /** The result of a cancel; default `{ error: 'access_denied' }`. */
  cancel?: InteractionResults;
}

/** What an OIDC emulator adds to the kit's controls. */
export interface OidcControls {
  /** Signs in as a browser would, choosing on the sign-in page; resolves with the callback URL (not fetched). */
  signIn(authorizationUrl: string | URL, choice?: Partial<SignInChoice>): Promise<URL>;
  /** Registers a redirect URI (also allowed as post-logout redirect) for the emulator's clients. */
  addRedirectUri(uri: string): void;
  redirectUris(): string[];
}

export interface OidcCore extends OidcControls {
  readonly store: OidcStore;
  /** The provider, built for the origin of `requestUrl` on first use. */
  provider(requestUrl: string): Promise<Provider>;
  /** The issuer in force, or undefined until the first request. */
  issuer(): string | undefined;
  /** Hands a request to oidc-provider as it is. */
  forward(request: Request): Promise<Response>;
  /** Mounts the sign-in page and hands every other non-control path to oidc-provider: call it after the emulator's own routes. */
  mount(app: Hono): void;
  /** Forgets every code, token, session and interaction, the issuer and run-time redirect URIs. */
  reset(): void;
}

export function createOidcCore<P extends Persona>(options: OidcCoreOptions<P>): OidcCore {
  if (options.personas.length === 0) throw new TypeError('createOidcCore: personas is empty.');
  let redirectUris = [...(options.redirectUris ?? [])];
  const clientsById = () => new Map(options.clients(redirectUris).map((c) => [c.client_id, c]));
  const store = new OidcStore(options.clock, (id) => {
    const client = clientsById().get(id);
    return client ? structuredClone(client) : undefined;
  });
  let built: { provider: Promise<Provider>; issuer: string } | undefined;
  let fetchApp: typeof fetch | undefined;

  const build = (origin: string): Provider => {
    const issuer = options.issuer(origin);
    const configuration = options.configuration({ origin, issuer });
    return new Provider(issuer, {
      renderError: (ctx, out) => {
        ctx.type = 'html';
        ctx.body = renderMessagePage(options.providerName, 'Sign-in error', [`${out.error}: ${out.error_description ?? ''}`]);
      },
      ...configuration,
      adapter: store.adapter,
      clients: [],
      interactions: { ...configuration.interactions, url: (_ctx, interaction) => `${INTERACTION_PATH_PREFIX}${interaction.uid}` },
      features: { ...configuration.features, devInteractions: { enabled: false } },
    });
  };

  const core: OidcCore = {
    store,
    provider(requestUrl) {
      if (!built) {
        const origin = (options.publicUrl ?? new URL(requestUrl).origin).replace(/\/+$/, '');
        const provider = Promise.resolve().then(() => build(origin));
        built = { provider, issuer: options.issuer(origin) };
      }
      return built.provider;
    },
    issuer: () => built?.issuer,
    async forward(request) {
      const provider = await core.provider(request.url);
      return callNodeHandler(provider.callback(), request);
    },
    mount(app) {
      fetchApp = async (input, init) => app.request(input instanceof Request ? input : String(input), init);
      app.get(`${INTERACTION_PATH_PREFIX}:uid`, (c) => interactionPage(c, 'GET'));
      app.post(`${INTERACTION_PATH_PREFIX}:uid`, (c) => interactionPage(c, 'POST'));
      app.all('*', async (c, next) => {
        const path = new URL(c.req.url).pathname;
        if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) return next();
        return core.forward(c.req.raw);
      });
    },
    async signIn(authorizationUrl, choice = {}) {
      if (!fetchApp) throw new Error('signIn: the OIDC core is not mounted on an app yet.');
      return driveSignIn(fetchApp, authorizationUrl, {
        person: choice.person ?? options.personas[0]!.id,
        outcome: choice.outcome ?? 'verified',
      });
    },
    addRedirectUri(uri) {
      const url = new URL(uri);
      if (url.hash) throw new TypeError(`addRedirectUri: a redirect URI has no fragment (${uri}).`);
      if (!redirectUris.includes(url.href)) redirectUris.push(url.href);
    },
    redirectUris: () => [...redirectUris],
    reset() {
      store.clear();
      built = undefined;
      redirectUris = [...(options.redirectUris ?? [])];
    },
  };

  const securityHeaders = (c: Context) => {
    // A redirect after the form's POST ends at a relying party: form-action must allow it (Chromium).
    const origins = [...new Set(redirectUris.map((u) => new URL(u).origin))].join(' ');
    c.header('Content-Security-Policy', `default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' ${origins}`.trim());
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
  };

  const message = (c: Context, status: 400 | 404, title: string, lines: string[]) => {
    securityHeaders(c);
    return c.html(renderMessagePage(options.providerName, title, lines), status);
  };

  async function interactionPage(c: Context, method: 'GET' | 'POST'): Promise<Response> {
    const provider = await core.provider(c.req.url);
    const form = method === 'POST' ? await c.req.parseBody() : {};
    // Only the cookies matter to oidc-provider here; the body was read above.
    const { req, res } = await toNodeExchange(new Request(c.req.url, { headers: c.req.raw.headers }));
    let interaction: OidcInteraction;
    try {
      interaction = await provider.interactionDetails(req, res);
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
      return message(c, 400, 'This sign-in has expired', ['Go back to the service you came from and start again.']);
    }
    if (interaction.uid !== c.req.param('uid')) return message(c, 404, 'No such sign-in', ['This sign-in is not the one in progress.']);

    const page = (status: 200 | 400, error?: string, selected?: Partial<SignInChoice>) => {
      securityHeaders(c);
      const html = renderPersonaPage({
        providerName: options.providerName,
        personas: options.personas,
        action: new URL(c.req.url).pathname,
        notes: options.describe?.(interaction) ?? [],
        ...(error ? { error } : {}),
        ...(selected ? { selected } : {}),
      });
      return c.html(html, status);
    };
    if (method === 'GET') return page(200);

    const parsed = parseChoice(form, options.personas);
    if (!parsed.ok) return page(400, parsed.error);
    const { person: personId, outcome } = parsed.choice;
    let result: InteractionResults;
    if (outcome === 'cancel') {
      result = options.cancel ?? { error: 'access_denied' };
    } else {
      const person = options.personas.find((p) => p.id === personId)!;
      try {
        result = await options.finish({ provider, interaction, person, outcome });
      } catch (error) {
        // A choice the emulator cannot honour (say, a level this person can never reach): say why.
        return page(400, `${OUTCOME_LABELS[outcome]} is not possible here: ${(error as Error).message}`, parsed.choice);
      }
    }
    const returnTo = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false });
    // On by a page, not a 303: see renderRedirectPage.
    return c.html(renderRedirectPage(options.providerName, new URL(returnTo, c.req.url).href));
  }

  return core;
}

/** Saves the grant a completed sign-in gives the client: the OIDC scopes it asked for. */
export async function saveGrant(provider: Provider, interaction: OidcInteraction, accountId: string, scope?: string): Promise<string> {
  const grant = new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
  grant.addOIDCScope(scope ?? String(interaction.params.scope ?? 'openid'));
  return grant.save();
}
