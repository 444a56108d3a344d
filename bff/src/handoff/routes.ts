// The handoff routes: the widget on the first device asks for a link token (with its client
// secret), and the widget on the phone redeems it (with nothing else: the token is the
// credential, once). Both are audited; redemption is rate limited per address.
import { isFinalStatus } from '@identity-verify/contract/vocabulary';
import { HandoffCreatedSchema, HandoffRedeemedSchema, HandoffRedeemRequestSchema, HandoffStatusSchema } from '@identity-verify/contract/handoff';
import type { AppDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { clientIp, enforceLimit } from '../http/guards.js';
import { FixedWindowLimiter } from '../http/rate-limit.js';
import type { RouteTable } from '../http/route.js';
import { newClientSecret, randomId, sha256Hex } from '../security/tokens.js';
import { HANDOFF_PATH } from './auth.js';
import type { HandoffStore } from './store.js';

/** How long a link can be redeemed: long enough to find a phone and scan, short enough that a photographed screen soon is worth nothing. */
export const HANDOFF_TTL_MS = 5 * 60_000;
/** Redemptions per address a minute: a person scans once or twice; a guesser gets nowhere (tokens carry ~190 bits). */
export const REDEEMS_PER_MINUTE = 10;

export function handoffRoutes(routes: RouteTable, { store, verification, clock }: AppDeps, handoffs: HandoffStore, ttlMs = HANDOFF_TTL_MS) {
  const redeemLimiter = new FixedWindowLimiter(REDEEMS_PER_MINUTE, 60_000, () => clock.now().getTime());

  routes.add(
    {
      method: 'post',
      path: HANDOFF_PATH,
      summary:
        "A single-use link token to continue this session on a phone (it goes in the link's fragment, #idv-handoff=…); a new one replaces one not yet used. Refused once a phone took the session.",
      tag: 'Widget',
      auth: 'client_secret',
      responses: { 201: { description: 'The token and when it stops working', schema: HandoffCreatedSchema } },
    },
    async (c) => {
      const session = c.get('session');
      if (isFinalStatus(session.status)) throw new ApiError('session_closed', `The session is ${session.status} and takes no more input.`);
      const token = randomId(32);
      const expiresAt = new Date(Math.min(clock.now().getTime() + ttlMs, Date.parse(session.expires_at))).toISOString();
      if (!(await handoffs.open(session.id, sha256Hex(token), expiresAt))) throw new ApiError('handoff_active');
      await store.audit({ session_id: session.id, actor: 'person', action: 'handoff.created', detail: { expires_at: expiresAt } });
      return c.json({ handoff_url_token: token, expires_at: expiresAt }, 201);
    },
  );

  routes.add(
    {
      method: 'get',
      path: HANDOFF_PATH,
      summary: "Where this session's handoff stands, for the first device to show: a link waiting, expired, or taken by a phone",
      tag: 'Widget',
      auth: 'client_secret',
      responses: { 200: { description: "The handoff's state", schema: HandoffStatusSchema } },
    },
    async (c) => {
      const handoff = await handoffs.ofSession(c.get('session').id);
      c.header('Cache-Control', 'no-store');
      if (!handoff) return c.json({ status: 'none', expires_at: null });
      const expired = Date.parse(handoff.expires_at) <= clock.now().getTime();
      return c.json({ status: handoff.redeemed_at ? 'redeemed' : expired ? 'expired' : 'open', expires_at: handoff.expires_at });
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${HANDOFF_PATH}/cancel`,
      summary:
        "Withdraw the link not yet used, or take the session back from the phone that took it (lost, closed, or the person continues here after all): the token and the phone's credential stop working at once",
      tag: 'Widget',
      auth: 'client_secret',
      responses: { 200: { description: "The handoff's state", schema: HandoffStatusSchema } },
    },
    async (c) => {
      // Only the first device gets here once a phone has the session (handoff/auth.ts refuses the phone).
      const session = c.get('session');
      const before = await handoffs.ofSession(session.id);
      if (before) {
        await handoffs.takeBack(session.id);
        await store.audit({ session_id: session.id, actor: 'person', action: before.redeemed_at ? 'handoff.taken_back' : 'handoff.withdrawn' });
      }
      return c.json({ status: 'none', expires_at: null });
    },
  );

  routes.add(
    {
      method: 'post',
      path: `${HANDOFF_PATH}/redeem`,
      summary: "Redeem a handoff link's token, once: answers the phone's own credential for the session, used as a client secret",
      tag: 'Widget',
      auth: 'none',
      body: HandoffRedeemRequestSchema,
      responses: { 201: { description: "The phone's credential", schema: HandoffRedeemedSchema } },
    },
    async (c, { body }) => {
      enforceLimit(c, redeemLimiter, `handoff:${clientIp(c) ?? 'local'}`);
      const tokenHash = sha256Hex(body.token);
      const handoff = await handoffs.byToken(tokenHash);
      if (!handoff) throw new ApiError('handoff_link_invalid');
      const refuse = async (code: 'handoff_link_used' | 'handoff_link_expired') => {
        await store.audit({ session_id: handoff.session_id, actor: 'person', action: 'handoff.refused', detail: { reason: code } });
        return new ApiError(code);
      };
      if (handoff.redeemed_at) throw await refuse('handoff_link_used');
      if (Date.parse(handoff.expires_at) <= clock.now().getTime()) throw await refuse('handoff_link_expired');
      const stored = await store.getSession(handoff.session_id);
      if (!stored) throw new ApiError('handoff_link_invalid');
      const session = await verification.fresh(stored);
      if (session.status === 'expired') throw new ApiError('client_secret_expired');
      if (isFinalStatus(session.status)) throw new ApiError('session_closed', `The session is ${session.status} and takes no more input.`);
      const secret = newClientSecret(session.id);
      // Compare-and-set: of two phones redeeming at once, one wins; the other hears the link was used.
      if (!(await handoffs.redeem(session.id, tokenHash, sha256Hex(secret)))) throw await refuse('handoff_link_used');
      await store.audit({ session_id: session.id, actor: 'person', action: 'handoff.redeemed' });
      c.header('Cache-Control', 'no-store');
      return c.json({ client_secret: secret, session_id: session.id }, 201);
    },
  );
}
