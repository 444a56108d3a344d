// Stripe Identity's part of the contract: what its driver needs to open Stripe.js's modal, or the
// hosted page when the page prefers a full-page redirect. The verdict is read from Stripe by the BFF.
import { z } from 'zod';
import { httpUrl } from './shared.js';

export const StripeIdentityClientSchema = z.object({
  provider_key: z.literal('stripe_identity'),
  flow: z.literal('sdk_modal'),
  publishable_key: z.string().describe('Stripe publishable key (pk_…): meant for browsers.'),
  client_secret: z.string().describe("The VerificationSession's client secret, for stripe.verifyIdentity()."),
  url: httpUrl.nullable().describe('The hosted verification page, for the redirect flow.'),
  stripe_js_url: httpUrl.describe('Where to load Stripe.js from.'),
});
export type StripeIdentityClient = z.infer<typeof StripeIdentityClientSchema>;
