// Stripe Identity: Stripe.js's modal, opened by the person from the widget, or Stripe's hosted
// page by a full-page redirect when the page prefers one and the attempt has the page.
import type { Driver } from './driver.js';

export const stripe_identity: Driver<'stripe_identity'> = {
  provider_key: 'stripe_identity',
  brand: 'Stripe',
  presentation: 'on_request',
  hostedPage: (client) => client.url,
  load: () => import('./stripe_identity/ui.js'),
};
