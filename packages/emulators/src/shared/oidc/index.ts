/**
 * The base the OIDC emulators (Login.gov, ID.me) share: panva's oidc-provider inside the kit's
 * Hono app, with what a provider emulator needs around it and nothing provider-specific.
 *
 * - `createOidcCore(options)`: one Provider, built on the first request from its origin (the
 *   issuer is the emulator's own URL, which exists only once it listens; `publicUrl` fixes it
 *   instead). It stores codes, tokens and sessions in the emulator's memory, expiring on the
 *   emulator's clock (`store.peek()` also shows expired and used entries, for a provider's own error
 *   messages). Clients are read from `options.clients(redirectUris)` on every lookup, so
 *   `addRedirectUri()` is in force at once. devInteractions is off: the interaction is the persona page.
 * - The persona page at /interaction/:uid: an <h1> "<provider> (emulator)", a "Test person" radio
 *   group, an "Outcome" group (Verified / Not verified at this level / Cancel (access_denied)) and
 *   "Continue". verified and not_verified call `options.finish()`, which returns the login and
 *   consent results (`saveGrant()` helps); cancel sends error=access_denied to the client.
 * - `core.signIn(authorizationUrl, { person?, outcome? })`: clicks through without a browser and
 *   resolves with the client's callback URL (not fetched). `mountOidcControls()` offers it and the
 *   redirect URI registry over HTTP under /__emulator__/<name>/.
 * - `callNodeHandler()` / `toNodeExchange()`: the Web Request ⇄ Node (req, res) bridge that lets
 *   oidc-provider's Koa callback answer both real HTTP and in-process `app.request()` calls.
 *
 * Assembling an emulator, in this order (Hono matches routes in the order they are added):
 * ```ts
 * const core = createOidcCore({ providerName, personas, clock, issuer, configuration, clients, finish });
 * const { app, controls } = createEmulatorKit({ name, clock, redactKeys: OIDC_REDACT_KEYS, onReset: () => core.reset() });
 * app.get('/.well-known/openid-configuration', …);  // the provider's own routes and pre-checks first
 * mountOidcControls(app, name, core);
 * core.mount(app);                                   // then the page and oidc-provider for the rest
 * ```
 */
export { createOidcCore, saveGrant } from './core.js';
export type { FinishInput, OidcControls, OidcCore, OidcCoreOptions, OidcInteraction } from './core.js';
export { mountOidcControls, oidcControlsIndex } from './controls-http.js';
export { generateRs256SigningJwk, rsaThumbprint } from './keys.js';
export { callNodeHandler, toNodeExchange } from './node-bridge.js';
export type { NodeExchange, NodeHandler } from './node-bridge.js';
export {
  CONTINUE_LABEL,
  escapeHtml,
  OUTCOME_LABELS,
  OUTCOME_LEGEND,
  PERSON_LEGEND,
  PERSONA_OUTCOMES,
  pageHeading,
  redirectPageTarget,
  renderMessagePage,
  renderRedirectPage,
} from './persona-page.js';
export type { Persona, PersonaOutcome, SignInChoice } from './persona-page.js';
export { driveSignIn, INTERACTION_PATH_PREFIX } from './sign-in.js';
export { OidcStore } from './store.js';
export type { StoredEntry } from './store.js';

/** Request-log keys every OIDC emulator redacts on top of the kit's (which covers *token*, *secret*). */
export const OIDC_REDACT_KEYS = ['client_assertion', 'code_verifier', 'code', 'id_token_hint'] as const;
