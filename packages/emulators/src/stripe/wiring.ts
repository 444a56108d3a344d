// How the stack wires the Stripe Identity emulator: the BFF's API base and Stripe.js come from it,
// with its test keys; the page loads Stripe.js and its modal frame; once the BFF listens, the
// emulator sends its signed events there, as an endpoint set in Stripe's dashboard would.
import { defineWiring } from '../shared/wiring.js';
import { createStripeEmulator } from './app.js';
import { STRIPE_JS_PATH } from './hosted.js';
import {
  STRIPE_EMULATOR_PUBLISHABLE_KEY,
  STRIPE_EMULATOR_RESTRICTED_KEY,
  STRIPE_EMULATOR_SECRET_KEY,
  STRIPE_EMULATOR_WEBHOOK_SECRET,
} from './keys.js';

export const stripeWiring = defineWiring({
  name: 'stripe',
  provider: 'Stripe Identity',
  providerKeys: ['stripe_identity'],
  needs: [],
  create: createStripeEmulator,
  bffEnv: ({ url }) => ({
    STRIPE_SECRET_KEY: STRIPE_EMULATOR_SECRET_KEY,
    STRIPE_RESTRICTED_KEY: STRIPE_EMULATOR_RESTRICTED_KEY,
    STRIPE_PUBLISHABLE_KEY: STRIPE_EMULATOR_PUBLISHABLE_KEY,
    STRIPE_WEBHOOK_SECRET: STRIPE_EMULATOR_WEBHOOK_SECRET,
    STRIPE_API_BASE: url,
    STRIPE_JS_URL: `${url}${STRIPE_JS_PATH}`,
  }),
  secrets: {
    STRIPE_SECRET_KEY: 'the Stripe secret key',
    STRIPE_RESTRICTED_KEY: 'the Stripe restricted key',
    STRIPE_WEBHOOK_SECRET: 'the Stripe webhook secret',
  },
  page: ({ url }) => ({ scripts: [url], connect: [] }),
  connect({ bffUrl, controls }) {
    const webhook = `${bffUrl}/v1/providers/stripe_identity/webhook`;
    controls.addWebhookEndpoint({ url: webhook, secret: STRIPE_EMULATOR_WEBHOOK_SECRET });
    return { webhooks: [webhook] };
  },
});
