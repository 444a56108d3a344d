// Cloudflare Turnstile's part of the contract: what its driver needs to render the check inline.
// Its verdict is the token's validity, read by the BFF; there is no provider result to show.
import { z } from 'zod';
import { httpUrl } from './shared.js';

export const TurnstileClientSchema = z.object({
  provider_key: z.literal('turnstile'),
  flow: z.literal('inline_token'),
  script_url: httpUrl.describe('Turnstile api.js, explicit rendering.'),
  sitekey: z.string(),
  action: z.string(),
  cdata: z.string(),
});
export type TurnstileClient = z.infer<typeof TurnstileClientSchema>;
