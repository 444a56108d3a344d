// Provider webhooks: signature checked on the raw body before anything is parsed, then handed
// to the verification service, which re-reads the provider and applies the result once.
import { z } from 'zod';
import { ApiError } from '../errors.js';
import type { RouteTable } from '../http/route.js';
import type { AppDeps } from '../app.js';

export function webhookRoutes(routes: RouteTable, { providers, verification }: AppDeps) {
  routes.add(
    {
      method: 'post',
      path: '/v1/webhooks/:provider',
      summary: "A provider's signed event (Stripe-Signature, X-SHA2-Signature, ...)",
      tag: 'Public',
      auth: 'none',
      responses: { 200: { description: 'Received', schema: z.object({ received: z.literal(true), duplicate: z.boolean() }) } },
    },
    async (c) => {
      const slug = c.req.param('provider');
      const adapter = [...providers.values()].find((a) => a.webhookSlug === slug);
      if (!adapter?.verifyWebhook) throw new ApiError('not_found', 'No webhook endpoint for that provider.');
      const raw = await c.req.text();
      const event = await adapter.verifyWebhook(raw, c.req.raw.headers);
      const { duplicate } = await verification.onProviderEvent(adapter.key, event);
      return c.json({ received: true as const, duplicate });
    },
  );
}
