// The Stripe emulator's test controls over HTTP, under /__emulator__/stripe/: choose a session's
// outcome, run due steps, manage webhook endpoints, list deliveries, hold and release events in
// any order, send an event again.
import type { Hono } from 'hono';
import { z } from 'zod';
import { CONTROL_PREFIX, controlError, parseControlBody, parseOptionalControlBody } from '../shared/kit.js';
import { deliveryControlsIndex, mountDeliveryControls } from '../shared/webhook-controls.js';
import type { StripeControls } from './app.js';
import type { StripeState } from './model.js';

const STRIPE_CONTROL = `${CONTROL_PREFIX}/stripe`;
const OutcomeBody = z.object({ outcome: z.string().min(1).max(100) });
const EndpointBody = z.object({
  url: z.string().url(),
  secret: z.string().startsWith('whsec_').optional(),
  enabled_events: z.array(z.string().min(1)).optional(),
});
const ReleaseBody = z.object({ order: z.union([z.enum(['created', 'reverse']), z.array(z.string())]).optional() });
const ResendBody = z.object({ endpoint_id: z.string().optional() });

export function mountStripeControls(app: Hono, controls: StripeControls, state: StripeState): void {
  const fail = (c: Parameters<typeof controlError>[0], error: unknown, status: 400 | 404 = 400) =>
    controlError(c, status, 'stripe_control_failed', (error as Error).message);

  app.get(STRIPE_CONTROL, (c) =>
    c.json({
      emulator: 'stripe',
      controls: [
        'POST /__emulator__/stripe/verification_sessions/:id/outcome {outcome}',
        'POST /__emulator__/stripe/settle',
        'GET|POST /__emulator__/stripe/webhook_endpoints {url, secret?, enabled_events?}',
        'DELETE /__emulator__/stripe/webhook_endpoints/:id',
        'GET /__emulator__/stripe/deliveries?event_id=&event_type=',
        'POST /__emulator__/stripe/webhooks/pause',
        "POST /__emulator__/stripe/webhooks/release {order?: 'created'|'reverse'|[event ids]}",
        'POST /__emulator__/stripe/webhooks/flush',
        'POST /__emulator__/stripe/events/:id/resend {endpoint_id?}',
        ...deliveryControlsIndex(STRIPE_CONTROL),
      ],
    }),
  );
  app.post(`${STRIPE_CONTROL}/verification_sessions/:id/outcome`, async (c) => {
    const body = await parseControlBody(c, OutcomeBody);
    if (body instanceof Response) return body;
    const s = state.sessions.get(c.req.param('id'));
    if (!s) return controlError(c, 404, 'not_found', 'No such verification session.');
    try {
      controls.submitOutcome(s.id, body.outcome);
    } catch (error) {
      return controlError(c, 400, 'outcome_refused', (error as Error).message);
    }
    return c.json({ id: s.id, status: s.status, last_error: s.last_error });
  });
  app.post(`${STRIPE_CONTROL}/settle`, (c) => {
    controls.settle();
    return c.body(null, 204);
  });
  app.get(`${STRIPE_CONTROL}/webhook_endpoints`, (c) => c.json({ webhook_endpoints: controls.webhookEndpoints() }));
  app.post(`${STRIPE_CONTROL}/webhook_endpoints`, async (c) => {
    const body = await parseControlBody(c, EndpointBody);
    if (body instanceof Response) return body;
    try {
      return c.json(controls.addWebhookEndpoint(body), 201);
    } catch (error) {
      return fail(c, error);
    }
  });
  app.delete(`${STRIPE_CONTROL}/webhook_endpoints/:id`, (c) =>
    controls.removeWebhookEndpoint(c.req.param('id')) ? c.body(null, 204) : controlError(c, 404, 'not_found', 'No such webhook endpoint.'),
  );
  app.get(`${STRIPE_CONTROL}/deliveries`, (c) =>
    c.json({ deliveries: controls.deliveries({ event_id: c.req.query('event_id'), event_type: c.req.query('event_type') }) }),
  );
  app.post(`${STRIPE_CONTROL}/webhooks/pause`, (c) => {
    controls.pauseWebhooks();
    return c.body(null, 204);
  });
  app.post(`${STRIPE_CONTROL}/webhooks/release`, async (c) => {
    const body = await parseOptionalControlBody(c, ReleaseBody);
    if (body instanceof Response) return body;
    return c.json({ deliveries: await controls.releaseWebhooks(body.order) });
  });
  app.post(`${STRIPE_CONTROL}/webhooks/flush`, async (c) => {
    await controls.flushWebhooks();
    return c.json({ deliveries: controls.deliveries() });
  });
  app.post(`${STRIPE_CONTROL}/events/:id/resend`, async (c) => {
    const body = await parseOptionalControlBody(c, ResendBody);
    if (body instanceof Response) return body;
    try {
      return c.json({ deliveries: await controls.resendEvent(c.req.param('id'), body.endpoint_id) });
    } catch (error) {
      return fail(c, error, 404);
    }
  });
  mountDeliveryControls(app, STRIPE_CONTROL, controls.delivery);
}
