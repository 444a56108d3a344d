// Authentication: host backends with a secret API key, the widget with its session's client
// secret. A client secret reaches its own session only; both compare in constant time.
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import { safeEqual, sessionIdFromClientSecret, sha256Hex } from '../security/tokens.js';
import type { ApiKey } from '../config.js';
import type { Store } from '../store/store.js';
import type { VerificationService } from '../verification/index.js';
import type { AppEnv } from './env.js';
import type { FixedWindowLimiter } from './rate-limit.js';
import { enforceLimit } from './guards.js';

function bearer(c: Context<AppEnv>, kind: string): string {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    c.header('WWW-Authenticate', 'Bearer');
    throw new ApiError('unauthorized', `Send Authorization: Bearer <${kind}>.`);
  }
  return match[1]!;
}

/** A host backend's key: the caller acts for the key's tenant, and sees only that tenant's sessions. */
export function apiKeyAuth(apiKeys: readonly ApiKey[]): MiddlewareHandler<AppEnv> {
  if (!apiKeys.length) throw new Error('apiKeyAuth needs at least one API key.');
  return async function apiKeyAuthentication(c, next) {
    const presented = bearer(c, 'secret API key');
    // Check every key, so the time taken does not tell which one nearly matched.
    let tenant: string | null = null;
    for (const { key, tenant: owner } of apiKeys) if (safeEqual(presented, key)) tenant = owner;
    if (tenant === null) throw new ApiError('unauthorized', 'The API key is not valid.');
    c.set('tenant', tenant);
    await next();
  };
}

/**
 * Either credential, told apart by its shape (a client secret embeds its session's id): the
 * caller is then a host backend with its tenant, or the widget with its one session.
 */
export function apiKeyOrClientSecretAuth(apiKey: MiddlewareHandler<AppEnv>, clientSecret: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  return async function apiKeyOrClientSecretAuthentication(c, next) {
    const presented = bearer(c, 'secret API key or client_secret');
    return sessionIdFromClientSecret(presented) ? clientSecret(c, next) : apiKey(c, next);
  };
}

export function clientSecretAuth(deps: {
  store: Store;
  verification: VerificationService;
  limiter: FixedWindowLimiter;
}): MiddlewareHandler<AppEnv> {
  return async function clientSecretAuthentication(c, next) {
    const secret = bearer(c, 'client_secret');
    const sessionId = sessionIdFromClientSecret(secret);
    const stored = sessionId ? await deps.store.getSession(sessionId) : null;
    const matches =
      stored !== null &&
      timingSafeEqual(Buffer.from(sha256Hex(secret), 'hex'), Buffer.from(stored.client_secret_hash, 'hex'));
    if (!stored || !matches) throw new ApiError('unauthorized', 'The client secret is not valid.');
    enforceLimit(c, deps.limiter, `session:${stored.id}`);
    const session = await deps.verification.fresh(stored);
    if (session.status === 'expired') throw new ApiError('client_secret_expired');
    c.set('session', session);
    await next();
  };
}
