// Client-secret authentication that knows about handoffs. A session handed to a phone has two
// credentials: the phone's (from the link it redeemed), which does everything the widget does,
// and the first device's client secret, which from then on may only follow the session and read
// where it stands, answer a delegation question, and take the session back (the phone's credential
// then stops working). One device captures: the first device cannot upload, complete or start over
// beside the phone (an unattended computer could otherwise replace the images the phone took), and
// the phone cannot hand the session on.
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { enforceLimit } from '../http/guards.js';
import type { FixedWindowLimiter } from '../http/rate-limit.js';
import { sessionIdFromClientSecret, sha256Hex } from '../security/tokens.js';
import type { Store } from '../store/store.js';
import type { VerificationService } from '../verification/index.js';
import type { HandoffStore } from './store.js';

export const HANDOFF_PATH = '/v1/identity/handoff';

/**
 * What the first device may still do once a phone took the session: follow it and read it. Take
 * it back, when the phone is lost or closed: a way forward the person always has, which ends the
 * phone's part before this device does anything else. And, once the person is verified, answer
 * the delegation question both devices then show: a decision, not a capture, made on whichever
 * device is in front of the person (the first answer stands).
 */
export const FIRST_DEVICE_ROUTES: ReadonlySet<string> = new Set([
  'GET /v1/identity/session',
  'GET /v1/identity/verify/events',
  'GET /v1/identity/verify/sessions',
  'POST /v1/identity/verify/sync',
  'GET /v1/identity/providers',
  'GET /v1/identity/claims',
  'GET /v1/identity/handoff',
  'POST /v1/identity/handoff/cancel',
  'POST /v1/identity/delegate',
]);

const sameHash = (secret: string, hash: string) => timingSafeEqual(Buffer.from(sha256Hex(secret), 'hex'), Buffer.from(hash, 'hex'));

export function handoffAwareClientSecret(deps: {
  /** The plain client-secret authentication (http/auth.ts), for the first device. */
  clientSecret: MiddlewareHandler<AppEnv>;
  handoffs: HandoffStore;
  store: Store;
  verification: VerificationService;
  limiter: FixedWindowLimiter;
}): MiddlewareHandler<AppEnv> {
  return async function handoffAwareAuthentication(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    const sessionId = match ? sessionIdFromClientSecret(match[1]!) : null;
    // No well-formed secret: the plain check answers (401 with its WWW-Authenticate).
    if (!match || !sessionId) return deps.clientSecret(c, next);
    const handoff = await deps.handoffs.ofSession(sessionId);
    if (handoff?.phone_secret_hash && sameHash(match[1]!, handoff.phone_secret_hash)) {
      const stored = await deps.store.getSession(sessionId);
      if (!stored) throw new ApiError('unauthorized', 'The client secret is not valid.');
      enforceLimit(c, deps.limiter, `session:${stored.id}`);
      const session = await deps.verification.fresh(stored);
      if (session.status === 'expired') throw new ApiError('client_secret_expired');
      // Neither a new link nor withdrawing one: the session stays on this phone.
      if (c.req.method === 'POST' && c.req.path.startsWith(HANDOFF_PATH)) throw new ApiError('handoff_active', 'This session is already on this phone.');
      c.set('session', session);
      return next();
    }
    const redeemed = handoff?.redeemed_at != null;
    return deps.clientSecret(c, async () => {
      if (redeemed && !FIRST_DEVICE_ROUTES.has(`${c.req.method} ${c.req.path}`)) throw new ApiError('handoff_active');
      await next();
    });
  };
}
