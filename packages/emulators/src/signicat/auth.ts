// Signicat's OAuth 2.0 token endpoint (client credentials, client_secret_basic) and the Bearer
// guard on /assure/*. Access tokens are opaque random strings here (Signicat's are JWTs, which a
// client must not read either) and expire on the emulator clock.
import { randomBytes } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { problemFor, problems, tokenError } from './errors.js';
import type { SignicatClient } from './keys.js';
import { ASSURE_PATHS } from './paths.js';

/** Signicat's default access-token lifetime [3P + D: "default ~600"]. */
export const SIGNICAT_TOKEN_TTL_SECONDS = 600;

interface TokenRecord {
  clientId: string;
  expiresAt: number;
  /** Set by the expireAccessTokens control: answered as if past its expiry. */
  expired: boolean;
}

export class TokenStore {
  #tokens = new Map<string, TokenRecord>();

  mint(clientId: string, expiresAt: number): string {
    const token = randomBytes(32).toString('base64url');
    this.#tokens.set(token, { clientId, expiresAt, expired: false });
    return token;
  }

  check(token: string, now: number): 'ok' | 'unknown' | 'expired' {
    const t = this.#tokens.get(token);
    if (!t) return 'unknown';
    return t.expired || t.expiresAt <= now ? 'expired' : 'ok';
  }

  /** Expires every token minted so far (later ones work); returns how many were live. */
  expireAll(now: number): number {
    let count = 0;
    for (const t of this.#tokens.values()) {
      if (t.expired || t.expiresAt <= now) continue;
      t.expired = true;
      count++;
    }
    return count;
  }

  clear(): void {
    this.#tokens.clear();
  }
}

/** client_id and client_secret from `Basic base64(id:secret)`, each form-urlencoded first (RFC 6749 §2.3.1). */
export function parseBasic(header: string | undefined): SignicatClient | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

export interface TokenEndpointDeps {
  clients: readonly SignicatClient[];
  scopes: readonly string[];
  store: TokenStore;
  now(): number;
  ttlSeconds: number;
}

export function mountTokenEndpoint(app: Hono, d: TokenEndpointDeps): void {
  app.post(ASSURE_PATHS.token.path, async (c) => {
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return tokenError('invalid_request', 'The request body must be application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(await c.req.text());
    const given = parseBasic(c.req.header('authorization'));
    const client = given && d.clients.find((x) => x.clientId === given.clientId && x.clientSecret === given.clientSecret);
    if (!client) return tokenError('invalid_client', 'Client authentication failed: send Authorization: Basic base64(client_id:client_secret).');
    if (form.get('grant_type') !== 'client_credentials') {
      return tokenError('unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
    }
    // Omitted scope: every scope the client may have, as OAuth servers commonly grant.
    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = requested.filter((s) => !d.scopes.includes(s));
    if (unknown.length) return tokenError('invalid_scope', `Unknown scope: ${unknown.join(' ')}.`);
    const token = d.store.mint(client.clientId, d.now() + d.ttlSeconds * 1000);
    return c.json(
      { access_token: token, expires_in: d.ttlSeconds, token_type: 'Bearer', scope: (requested.length ? requested : d.scopes).join(' ') },
      200,
      { 'cache-control': 'no-store' },
    );
  });
}

/** Guards /assure/*: `Authorization: Bearer <token>` minted here and not past its expiry. */
export function bearerAuth(store: TokenStore, now: () => number): MiddlewareHandler {
  return async function signicatBearerAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header) return problemFor(c, problems.missingAuthorization());
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return problemFor(c, problems.malformedAuthorization());
    const state = store.check(m[1]!, now());
    if (state === 'unknown') return problemFor(c, problems.invalidToken());
    if (state === 'expired') return problemFor(c, problems.expiredToken());
    await next();
  };
}
