// A redirect provider's adapter on the OIDC base: initiate sends the person to the provider with
// PKCE, state and nonce kept with the attempt; the provider sends them back to
// /v1/providers/<key>/callback, where the verdict is read once and the browser returns to the
// page. A provider (Login.gov, ID.me) supplies only what is its own: its description, the acr
// values it asks for, the widget's client and how a sign-in maps to an outcome.
import { OUTCOME_ERRORS } from '@identity-verify/contract/errors';
import type { ProviderClient, Requirements } from '@identity-verify/contract/schemas';
import type { FaceCheck, ProviderKey } from '@identity-verify/contract/vocabulary';
import type { AdapterDeps, AttemptContext, InitiateContext, Outcome, ProviderAdapter, ProviderDescription } from '../types.js';
import type { OidcClient, OidcSignIn } from './client.js';
import { isOidcError, OIDC_PUBLIC_CODES, oidcErrorToApiError } from './errors.js';
import { callbackRef, pendingSchema } from './pending.js';

export interface OidcAdapterSpec {
  key: ProviderKey;
  description: ProviderDescription;
  oidc: OidcClient;
  /** The acr_values a session with these requirements asks for, in order of preference (none: the provider's default). */
  acrValues(requirements: Requirements): string[];
  /** The scopes a session with these requirements asks for, when they depend on it (ID.me's policies); default the client's. */
  scopes?(requirements: Requirements): string[];
  /** Provider-specific authorize parameters (Login.gov's locale, verified_within). */
  extraParams?(ctx: InitiateContext): Record<string, string>;
  /**
   * What the sign-in established: map from what the provider asserts (its acr), never from what
   * was asked. May read more from the provider with the sign-in's tokens (ID.me's attributes).
   */
  outcomeOf(signIn: OidcSignIn, ctx: AttemptContext): Outcome | Promise<Outcome>;
  /** The widget's client for a full-page redirect to `url`. */
  clientOf(url: string): ProviderClient;
  /** The face checks the provider's proofing can include (Login.gov's facial match); default none. */
  faceChecks?: readonly FaceCheck[];
  /** How long the person has to come back (default 30 minutes). */
  attemptTtlMs?: number;
}

const RETURN_URL = 'return_url';

/**
 * The catalogue entry of a provider where the person signs in to an account the provider has
 * verified (Login.gov, ID.me): a human at least, an identity when verified, on its own page.
 */
export function accountSignInDescription(name: string, coverage: ProviderDescription['coverage']): ProviderDescription {
  return { name, supported_layers: ['humanity', 'identity'], claim_types: ['verified_human', 'verified_identity'], assurance_level: 'high', coverage, flow: 'hosted_redirect' };
}

export function createOidcAdapter(spec: OidcAdapterSpec, deps: AdapterDeps): ProviderAdapter {
  const { key, oidc } = spec;
  const ttlMs = spec.attemptTtlMs ?? 30 * 60_000;

  async function finish(ctx: AttemptContext, url: URL): Promise<Outcome> {
    try {
      return await spec.outcomeOf(await oidc.finishAuthorization(url, pendingSchema.parse(ctx.attempt.private_data)), ctx);
    } catch (error) {
      if (!isOidcError(error)) throw error;
      const code = OIDC_PUBLIC_CODES[error.code].outcome;
      // No verdict to record (a callback that does not check out): the attempt stays as it was.
      if (code === null) throw oidcErrorToApiError(error, key);
      if (code === 'provider_error') {
        deps.log({ level: 'warn', msg: 'provider failure', provider_key: key, operation: error.operation ?? 'callback', status: error.status ?? null, code: error.code, oauth_error: error.oauthError ?? null });
      }
      // The person can take another way (or try again): the session waits for input.
      return { status: 'requires_input', error: { code, reason: OUTCOME_ERRORS[code] } };
    }
  }

  return {
    key,
    description: spec.description,
    faceChecks: spec.faceChecks ?? ['none'],
    async initiate(ctx) {
      const scopes = spec.scopes?.(ctx.session.requirements);
      const { url, pending } = await oidc.startAuthorization({
        acrValues: spec.acrValues(ctx.session.requirements),
        ...(scopes ? { scopes } : {}),
        ...(spec.extraParams ? { extraParams: spec.extraParams(ctx) } : {}),
      });
      return {
        sessionRef: pending.ref,
        client: spec.clientOf(url),
        // The code verifier is this attempt's secret: kept here, never sent to the widget.
        privateData: { ...pending, ...(ctx.returnUrl ? { [RETURN_URL]: ctx.returnUrl } : {}) },
        expiresAt: new Date(deps.clock.now().getTime() + ttlMs),
      };
    },
    // Nothing to ask the provider in between: the callback brings the verdict.
    async retrieve() {
      return { status: 'pending' };
    },
    routes(r) {
      r.callback(
        { summary: `${spec.description.name} sends the person back here after signing in (OpenID Connect authorization code)` },
        { refOf: (url) => callbackRefOrRefuse(url), finish, returnUrlOf: (attempt) => attempt.private_data[RETURN_URL] ?? null },
      );
    },
  };

  function callbackRefOrRefuse(url: URL): string {
    try {
      return callbackRef(url);
    } catch (error) {
      throw isOidcError(error) ? oidcErrorToApiError(error, key) : error;
    }
  }
}
