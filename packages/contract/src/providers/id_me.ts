// ID.me's part of the contract: the person signs in on ID.me's own page (a full-page redirect)
// and comes back through the BFF. What the sign-in reached is kept for the host.
import { z } from 'zod';
import { httpUrl } from './shared.js';

export const IdMeClientSchema = z.object({
  provider_key: z.literal('id_me'),
  flow: z.literal('hosted_redirect'),
  url: httpUrl.describe("ID.me's sign-in page for this attempt (OpenID Connect authorization request)."),
});
export type IdMeClient = z.infer<typeof IdMeClientSchema>;

export const IdMeResultSchema = z.object({
  provider_key: z.literal('id_me'),
  acr: z.string().describe('The policy ID.me asserted the sign-in completed (its `acr`).'),
  groups: z.array(z.string()).describe('Communities ID.me verified the person in (e.g. military), by handle. No personal data.'),
});
export type IdMeResult = z.infer<typeof IdMeResultSchema>;
