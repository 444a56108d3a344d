// The Onfido emulator's test controls over HTTP, under /__emulator__/onfido/: run due checks,
// configure webhooks, list deliveries (with their exact bodies) and send one again.
import type { Hono } from 'hono';
import { z } from 'zod';
import { CONTROL_PREFIX, controlError, parseControlBody } from '../shared/kit.js';
import type { OnfidoControls } from './app.js';
import { WEBHOOK_EVENT_TYPES } from './vocabulary.js';

const ONFIDO_CONTROL = `${CONTROL_PREFIX}/onfido`;
const WebhookBody = z.object({
  url: z.string().url(),
  name: z.string().optional(),
  token: z.string().min(1).optional(),
  enabled: z.boolean().optional(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).optional(),
  environments: z.array(z.enum(['sandbox', 'live'])).optional(),
});

export function mountOnfidoControls(app: Hono, controls: OnfidoControls): void {
  app.get(ONFIDO_CONTROL, (c) =>
    c.json({
      emulator: 'onfido',
      controls: [
        'POST /__emulator__/onfido/settle',
        'GET|POST /__emulator__/onfido/webhooks {url, token?, events?, environments?, enabled?}',
        'DELETE /__emulator__/onfido/webhooks/:id',
        'GET /__emulator__/onfido/deliveries?action=&resource_id=',
        'GET /__emulator__/onfido/deliveries/:id/body',
        'POST /__emulator__/onfido/deliveries/:id/resend',
        'POST /__emulator__/onfido/webhooks/flush',
      ],
    }),
  );
  app.post(`${ONFIDO_CONTROL}/settle`, (c) => {
    controls.settle();
    return c.body(null, 204);
  });
  app.get(`${ONFIDO_CONTROL}/webhooks`, (c) => c.json({ webhooks: controls.webhooks() }));
  app.post(`${ONFIDO_CONTROL}/webhooks`, async (c) => {
    const body = await parseControlBody(c, WebhookBody);
    if (body instanceof Response) return body;
    try {
      return c.json(controls.addWebhook(body), 201);
    } catch (error) {
      return controlError(c, 400, 'validation_failed', (error as Error).message);
    }
  });
  app.delete(`${ONFIDO_CONTROL}/webhooks/:id`, (c) =>
    controls.removeWebhook(c.req.param('id')) ? c.body(null, 204) : controlError(c, 404, 'not_found', 'No such webhook.'),
  );
  app.post(`${ONFIDO_CONTROL}/webhooks/flush`, async (c) => {
    await controls.flushWebhooks();
    return c.json({ deliveries: controls.deliveries() });
  });
  app.get(`${ONFIDO_CONTROL}/deliveries`, (c) =>
    c.json({ deliveries: controls.deliveries({ action: c.req.query('action'), resource_id: c.req.query('resource_id') }) }),
  );
  app.get(`${ONFIDO_CONTROL}/deliveries/:id/body`, (c) => {
    const body = controls.deliveryBody(Number(c.req.param('id')));
    return body === undefined ? controlError(c, 404, 'not_found', 'No such delivery.') : c.body(body, 200, { 'content-type': 'application/json' });
  });
  app.post(`${ONFIDO_CONTROL}/deliveries/:id/resend`, async (c) => {
    try {
      return c.json(await controls.resendDelivery(Number(c.req.param('id'))));
    } catch (error) {
      return controlError(c, 404, 'not_found', (error as Error).message);
    }
  });
}
