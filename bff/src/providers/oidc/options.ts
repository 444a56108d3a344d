// The options of an OIDC client, checked once when it is built so a bad setting names itself at
// start instead of failing the first person who signs in.
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import { Secret } from '../../security/secret.js';
import { OidcError } from './errors.js';

/** How the client authenticates at the token endpoint. */
export type OidcClientAuth =
  | {
      method: 'private_key_jwt';
      /** PEM (PKCS#8, PKCS#1 or SEC1), a JWK, or either as a JSON/PEM string wrapped in Secret. */
      privateKey: Secret | string | JsonWebKey;
      alg: 'RS256' | 'ES256';
      /** Defaults to the JWK's own `kid`. */
      kid?: string;
    }
  | { method: 'client_secret_basic' | 'client_secret_post'; secret: Secret | string };

/** The discovery fields this client uses (static metadata needs no more). */
export const serverMetadataSchema = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  userinfo_endpoint: z.url().optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
});
export type OidcServerMetadata = z.infer<typeof serverMetadataSchema>;

export interface OidcClientOptions {
  /** The provider's issuer; id_tokens are checked against the metadata's spelling of it (Login.gov's ends in '/'). */
  issuer: string;
  /** Where the discovery document is, when not at `<issuer>/.well-known/openid-configuration`. */
  discoveryUrl?: string;
  /** Static metadata instead of discovery (its issuer must equal `issuer`). */
  metadata?: OidcServerMetadata;
  clientId: string;
  /** The callback URL registered at the provider. */
  redirectUri: string;
  /** Must include 'openid'. */
  scopes: readonly string[];
  clientAuth: OidcClientAuth;
  /** Token endpoint quirks: fixed per provider, so they belong in its preset. */
  tokenEndpoint?: {
    /**
     * The client assertion's `aud` (private_key_jwt). oauth4webapi's default is the issuer;
     * Login.gov accepts only the token endpoint URL (RFC 7523's reading). Default 'token_endpoint'.
     */
    assertionAudience?: 'issuer' | 'token_endpoint';
    /** Login.gov finds the client from the code or the assertion and reads no `client_id`. Default true. */
    sendClientId?: boolean;
  };
  /** The provider's name in error messages, e.g. 'Login.gov'. */
  name?: string;
  /** Call the userinfo endpoint after the token exchange. Default false. */
  userinfo?: boolean;
  /** Refuse an id_token whose `acr` is not one of the acr_values asked for. Default false: the adapter maps what was reached. */
  requireRequestedAcr?: boolean;
  /** The id_token's `alg`, when it must be one; else any the metadata lists (RS256 when it lists none). */
  idTokenAlg?: string;
  /** `prompt` when a call names none (Login.gov: 'select_account'). */
  prompt?: string;
  /** Per outbound call. Default 10 s. */
  timeoutMs?: number;
  /** How long discovered metadata is reused. Default 1 h. */
  discoveryTtlMs?: number;
  /** Leeway for exp/iat/nbf. Default 30 s. */
  clockToleranceSeconds?: number;
  /** Pending data older than this is refused at the callback. Default 1 h (identity proofing at the provider can be long). */
  pendingMaxAgeMs?: number;
  /** Allow http:// endpoints (local emulators only; production config must leave this off). */
  allowInsecureHttp?: boolean;
  fetch?: typeof fetch;
  clock?: Clock;
}

type OptionalKeys = 'discoveryUrl' | 'metadata' | 'tokenEndpoint' | 'idTokenAlg' | 'prompt';
export interface ResolvedOidcOptions extends Required<Omit<OidcClientOptions, OptionalKeys>> {
  discoveryUrl: string | undefined;
  idTokenAlg: string | undefined;
  prompt: string | undefined;
  metadata: OidcServerMetadata | undefined;
  tokenEndpoint: Required<NonNullable<OidcClientOptions['tokenEndpoint']>>;
}

const httpUrl = (insecure: boolean) => z.url({ protocol: insecure ? /^https?$/ : /^https$/ });
const positiveMs = z.number().int().positive();

/** Checks the options once and fills the defaults; throws oidc_misconfigured naming the bad option. */
export function resolveOptions(options: OidcClientOptions): ResolvedOidcOptions {
  const insecure = options.allowInsecureHttp ?? false;
  const schema = z.object({
    issuer: httpUrl(insecure),
    discoveryUrl: httpUrl(insecure).optional(),
    metadata: serverMetadataSchema.optional(),
    clientId: z.string().min(1),
    redirectUri: z.url(),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'a scope has no spaces or quotes'))
      .refine((s) => s.includes('openid'), 'must include openid'),
    timeoutMs: positiveMs.optional(),
    discoveryTtlMs: positiveMs.optional(),
    pendingMaxAgeMs: positiveMs.optional(),
    clockToleranceSeconds: z.number().int().nonnegative().optional(),
    tokenEndpoint: z
      .object({ assertionAudience: z.enum(['issuer', 'token_endpoint']).optional(), sendClientId: z.boolean().optional() })
      .optional(),
  });
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OidcError('oidc_misconfigured', `createOidcClient: ${issue.path.join('.')}: ${issue.message}`);
  }
  if (options.metadata && !sameIssuer(options.metadata.issuer, options.issuer)) {
    throw new OidcError('oidc_misconfigured', 'createOidcClient: metadata.issuer must equal issuer');
  }
  checkClientAuth(options.clientAuth);
  return {
    ...options,
    discoveryUrl: options.discoveryUrl,
    metadata: options.metadata,
    tokenEndpoint: {
      assertionAudience: options.tokenEndpoint?.assertionAudience ?? 'token_endpoint',
      sendClientId: options.tokenEndpoint?.sendClientId ?? true,
    },
    name: options.name ?? new URL(options.issuer).host,
    userinfo: options.userinfo ?? false,
    requireRequestedAcr: options.requireRequestedAcr ?? false,
    idTokenAlg: options.idTokenAlg,
    prompt: options.prompt,
    timeoutMs: options.timeoutMs ?? 10_000,
    discoveryTtlMs: options.discoveryTtlMs ?? 3_600_000,
    clockToleranceSeconds: options.clockToleranceSeconds ?? 30,
    pendingMaxAgeMs: options.pendingMaxAgeMs ?? 3_600_000,
    allowInsecureHttp: insecure,
    fetch: options.fetch ?? globalThis.fetch,
    clock: options.clock ?? systemClock,
  };
}

/** Issuers compared as URLs, as oauth4webapi's discovery does: a bare origin with or without its '/'. */
export function sameIssuer(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

function checkClientAuth(auth: OidcClientAuth | undefined): void {
  const bad = (what: string) => new OidcError('oidc_misconfigured', `createOidcClient: clientAuth${what}`);
  if (!auth || typeof auth !== 'object') throw bad(': required');
  switch (auth.method) {
    case 'private_key_jwt':
      if (auth.alg !== 'RS256' && auth.alg !== 'ES256') throw bad('.alg: RS256 or ES256');
      if (!auth.privateKey) throw bad('.privateKey: required');
      return;
    case 'client_secret_basic':
    case 'client_secret_post': {
      const secret = auth.secret instanceof Secret ? auth.secret.reveal() : auth.secret;
      if (typeof secret !== 'string' || !secret) throw bad('.secret: required');
      return;
    }
    default:
      throw bad('.method: private_key_jwt, client_secret_basic or client_secret_post');
  }
}

/**
 * A provider on the OIDC base: its fixed settings (scopes, client auth quirks, userinfo...) once,
 * leaving the deployment's settings (issuer, client id, keys, redirect URI) to the caller.
 */
export type OidcProviderPreset = Partial<Omit<OidcClientOptions, 'clientId' | 'redirectUri' | 'fetch' | 'clock'>>;
export type OidcProviderSettings<P extends OidcProviderPreset> = Omit<OidcClientOptions, keyof P> & Partial<OidcClientOptions>;
