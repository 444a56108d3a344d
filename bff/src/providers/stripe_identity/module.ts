// Stripe Identity: a VerificationSession completed in Stripe.js's modal or on Stripe's hosted page.
import { z } from 'zod';
import { Secret } from '../../security/secret.js';
import { baseUrl, defineProvider, originOf } from '../module.js';
import { createStripeAdapter } from './adapter.js';

export interface StripeConfig {
  secretKey: Secret;
  /** Needed only to read sensitive results (date of birth, ID and document numbers, images). */
  restrictedKey: Secret | null;
  publishableKey: string;
  webhookSecret: Secret;
  apiBase: string;
  /** Where the widget loads Stripe.js from: js.stripe.com, or the emulator's stand-in. */
  jsUrl: string;
}

export const stripeIdentityModule = defineProvider({
  key: 'stripe_identity',
  settings: {
    STRIPE_SECRET_KEY: { schema: z.string().regex(/^sk_(test|live)_\w+$/, 'must be a Stripe secret key (sk_test_… or sk_live_…)'), enables: true },
    STRIPE_PUBLISHABLE_KEY: { schema: z.string().regex(/^pk_(test|live)_\w+$/, 'must be a Stripe publishable key (pk_…)'), enables: true },
    STRIPE_WEBHOOK_SECRET: { schema: z.string().regex(/^whsec_\w+$/, 'must be a Stripe webhook signing secret (whsec_…)'), enables: true },
    STRIPE_RESTRICTED_KEY: { schema: z.string().regex(/^rk_(test|live)_\w+$/, 'must be a Stripe restricted key (rk_…)').optional() },
    STRIPE_API_BASE: { schema: baseUrl().default('https://api.stripe.com'), https: true },
    STRIPE_JS_URL: { schema: z.url({ protocol: /^https?$/ }).default('https://js.stripe.com/basil/stripe.js'), https: true },
  },
  check: (env) =>
    env.STRIPE_SECRET_KEY.slice(3, 7) !== env.STRIPE_PUBLISHABLE_KEY.slice(3, 7)
      ? ['STRIPE_PUBLISHABLE_KEY: must be in the same mode (test or live) as STRIPE_SECRET_KEY']
      : [],
  config: (env): StripeConfig => ({
    secretKey: new Secret(env.STRIPE_SECRET_KEY),
    restrictedKey: env.STRIPE_RESTRICTED_KEY ? new Secret(env.STRIPE_RESTRICTED_KEY) : null,
    publishableKey: env.STRIPE_PUBLISHABLE_KEY,
    webhookSecret: new Secret(env.STRIPE_WEBHOOK_SECRET),
    apiBase: env.STRIPE_API_BASE,
    jsUrl: env.STRIPE_JS_URL,
  }),
  createAdapter: createStripeAdapter,
  csp: ({ jsUrl, apiBase }) =>
    originOf(jsUrl) === 'https://js.stripe.com'
      ? // Stripe's security guide: Stripe.js and its frames on js.stripe.com (and its subdomains), its
        // calls to api.stripe.com; the Identity modal shows verify.stripe.com in a frame.
        {
          'script-src': ['https://js.stripe.com', 'https://*.js.stripe.com'],
          'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com', 'https://verify.stripe.com'],
          'connect-src': [originOf(apiBase)],
        }
      : // A stand-in (the emulator's) serves the script and the modal's frame itself.
        { 'script-src': [originOf(jsUrl)], 'frame-src': [originOf(jsUrl)], 'connect-src': [originOf(apiBase)] },
});
