// Handing a session from a computer to a phone: the computer's widget asks for a single-use
// link token, the phone's widget redeems it for a credential of its own. The token travels only
// in the link's fragment (never sent to any server by the browser), the credential only in the
// Authorization header.
import { z } from 'zod';

/** The fragment parameter of a handoff link: `https://host.example/verify#idv-handoff=<token>`. */
export const HANDOFF_FRAGMENT = 'idv-handoff';

/** A handoff token: 32 base62 characters (about 190 bits), stored by the BFF only as a hash. */
export const HandoffTokenSchema = z.string().regex(/^[0-9A-Za-z]{32}$/, 'Must be the 32-character token of a handoff link.');

export const HandoffCreatedSchema = z.object({
  handoff_url_token: HandoffTokenSchema.describe('Goes into the link fragment; redeemable once, until expires_at.'),
  expires_at: z.string().describe('When the token stops being redeemable (ISO 8601); a few minutes from now.'),
});
export type HandoffCreated = z.infer<typeof HandoffCreatedSchema>;

export const HandoffRedeemRequestSchema = z.object({ token: HandoffTokenSchema }).strict();
export type HandoffRedeemRequest = z.infer<typeof HandoffRedeemRequestSchema>;

export const HandoffRedeemedSchema = z.object({
  client_secret: z.string().describe("The phone's own credential for the session, as a client secret is used; valid for the session's life."),
  session_id: z.string(),
});
export type HandoffRedeemed = z.infer<typeof HandoffRedeemedSchema>;

export const HANDOFF_STATUSES = ['none', 'open', 'expired', 'redeemed'] as const;
export const HandoffStatusSchema = z.object({
  status: z.enum(HANDOFF_STATUSES).describe('none: no link asked for; open: a link waits for a phone; expired: it was not used in time; redeemed: a phone took the session.'),
  expires_at: z.string().nullable().describe('When the open or expired link stops or stopped working; null for none.'),
});
export type HandoffStatus = z.infer<typeof HandoffStatusSchema>;
