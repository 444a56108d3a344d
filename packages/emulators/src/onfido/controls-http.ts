// The Onfido emulator's test controls over HTTP, under /__emulator__/onfido/: run due checks and
// workflow runs, configure webhooks, list deliveries (with their exact bodies) and send one again,
// expire one applicant's SDK tokens.
// Its index also lists the routes the emulator serves, so a tester finds the Web SDK module.
import type { Hono } from 'hono';
import { z } from 'zod';
import { CONTROL_PREFIX, controlError, parseControlBody } from '../shared/kit.js';
import { deliveryControlsIndex, mountDeliveryControls } from '../shared/webhook-controls.js';
import type { OnfidoControls } from './app.js';
import { WEBHOOK_EVENT_TYPES } from './vocabulary.js';
import { WEB_SDK_PATH } from './web-sdk.js';

const ONFIDO_CONTROL = `${CONTROL_PREFIX}/onfido`;
const WebhookBody = z.object({
  url: z.string().url(),
  name: z.string().optional(),
  token: z.string().min(1).optional(),
  enabled: z.boolean().optional(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).optional(),
  environments: z.array(z.enum(['sandbox', 'live'])).optional(),
});

const ExpireBody = z.object({ applicant_id: z.string().min(1) });

const ROUTES = {
  web_sdk: `GET ${WEB_SDK_PATH}: the emulated Web SDK v14 UI (ES module); pass <emulator origin>${WEB_SDK_PATH} as the loader's sdkUrl`,
  api: [
    'GET /v3.6/ping',
    'POST|GET /v3.6/applicants',
    'GET|PUT|DELETE /v3.6/applicants/:id',
    'POST /v3.6/applicants/:id/restore',
    'GET /v3.6/applicants/:id/consents',
    'POST /v3.6/sdk_token',
    'POST|GET /v3.6/documents, GET /v3.6/documents/:id(/download)',
    'POST|GET /v3.6/live_photos, GET /v3.6/live_photos/:id(/download)',
    'GET /v3.6/live_videos, GET /v3.6/live_videos/:id(/download)',
    'GET /v3.6/motion_captures, GET /v3.6/motion_captures/:id(/download)',
    'POST|GET /v3.6/checks, GET /v3.6/checks/:id',
    'GET /v3.6/reports?check_id=, GET /v3.6/reports/:id',
    'POST|GET /v3.6/workflow_runs, GET /v3.6/workflow_runs/:id',
    'POST|GET /v3.6/webhooks, GET|PUT|DELETE /v3.6/webhooks/:id, POST /v3.6/webhooks/resend',
  ],
  sdk_auth:
    "Authorization: Bearer <sdk token>; the token's referrer pattern (sdk_token `referrer`, default *://*/*) must admit the request's Referer, else 401 bad_referrer",
  sdk: [
    'POST /v3.3/documents',
    'POST /v3/live_photos',
    'POST /v3/live_videos',
    'POST /v4/binary_media (creates a motion capture) [U]',
    'POST /v3/snapshots',
    'GET|PATCH /v3.3/applicants/:id/consents',
    'PATCH /v3.3/applicants/:id/location',
    'POST /v3.3/sdk/configurations',
    'POST /v4/analytics, POST /v4/sdk/analytics',
    'GET /v4/workflow_runs/:id',
    'POST /v4/workflow_runs/:id/complete',
  ],
};

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
        ...deliveryControlsIndex(ONFIDO_CONTROL),
        'POST /__emulator__/onfido/sdk_tokens/expire {applicant_id} (its SDK tokens minted so far answer 401 expired_token; later ones work)',
        'POST /__emulator__/clock {advance_seconds} (SDK tokens expire after 5400 s on this clock)',
      ],
      routes: ROUTES,
    }),
  );
  app.post(`${ONFIDO_CONTROL}/settle`, (c) => {
    controls.settle();
    return c.body(null, 204);
  });
  app.post(`${ONFIDO_CONTROL}/sdk_tokens/expire`, async (c) => {
    const body = await parseControlBody(c, ExpireBody);
    if (body instanceof Response) return body;
    try {
      return c.json({ applicant_id: body.applicant_id, expired_tokens: controls.expireSdkTokens(body.applicant_id) });
    } catch (error) {
      return controlError(c, 404, 'not_found', (error as Error).message);
    }
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
  mountDeliveryControls(app, ONFIDO_CONTROL, controls.delivery);
}
