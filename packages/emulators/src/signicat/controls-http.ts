// The Signicat emulator's test controls over HTTP, under /__emulator__/signicat/: choose the final
// status of a dossier's processes, stand in for Onfido's SDK capture or link an Onfido API for the
// real thing, plan failures, expire access tokens, run due processes, and manage event subscribers
// and their deliveries. The index also lists every Assure path with its confidence tag.
import type { Hono } from 'hono';
import { z } from 'zod';
import { CONTROL_PREFIX, controlError, parseControlBody } from '../shared/kit.js';
import { deliveryControlsIndex, mountDeliveryControls } from '../shared/webhook-controls.js';
import type { SignicatControls } from './app.js';
import { FailureSchema } from './failures.js';
import { FINAL_STATUSES } from './model.js';
import { checkOnfidoLink } from './onfido-account.js';
import { ASSURE_PATHS } from './paths.js';

const SIGNICAT_CONTROL = `${CONTROL_PREFIX}/signicat`;

const ScenarioBody = z.object({ status: z.enum(FINAL_STATUSES), processing_seconds: z.number().int().min(0).max(86_400).optional() });
const SubscriberBody = z.object({
  url: z.string().url(),
  name: z.string().optional(),
  secret: z.string().min(1).nullable().optional(),
  eventNames: z.array(z.string().min(1)).optional(),
});
const OnfidoLinkBody = z.object({ apiBase: z.string().min(1), apiToken: z.string().min(1) });

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function mountSignicatControls(app: Hono, controls: SignicatControls): void {
  app.get(SIGNICAT_CONTROL, (c) =>
    c.json({
      emulator: 'signicat',
      controls: [
        `POST ${SIGNICAT_CONTROL}/dossiers/:dossierId/scenario {status: ${FINAL_STATUSES.join('|')}, processing_seconds?} (default accepted, processing as configured; fixed at start verification)`,
        `POST ${SIGNICAT_CONTROL}/dossiers/:dossierId/processes/:processId/sdk-capture (Onfido's SDK uploaded the captures)`,
        `POST|DELETE ${SIGNICAT_CONTROL}/onfido {apiBase, apiToken} (link Assure to an Onfido API, e.g. http://127.0.0.1:PORT/v3.6; DELETE unlinks)`,
        `GET|POST|DELETE ${SIGNICAT_CONTROL}/failures {status: 429|5xx, times?, operation?, retryAfterSeconds?}`,
        `POST ${SIGNICAT_CONTROL}/tokens/expire (access tokens minted so far answer 401 expired)`,
        `POST ${SIGNICAT_CONTROL}/settle`,
        `GET|POST ${SIGNICAT_CONTROL}/subscribers {url, secret?, name?, eventNames?}`,
        `DELETE ${SIGNICAT_CONTROL}/subscribers/:id`,
        `GET ${SIGNICAT_CONTROL}/events?dossierId=&processId=&status=`,
        `GET ${SIGNICAT_CONTROL}/deliveries?dossierId=&processId=`,
        `GET ${SIGNICAT_CONTROL}/deliveries/:id/body`,
        `POST ${SIGNICAT_CONTROL}/deliveries/:id/resend`,
        `POST ${SIGNICAT_CONTROL}/events/flush`,
        ...deliveryControlsIndex(SIGNICAT_CONTROL),
        `POST ${CONTROL_PREFIX}/clock {advance_seconds} (access tokens and processing time run on this clock)`,
      ],
      routes: ASSURE_PATHS,
    }),
  );

  app.post(`${SIGNICAT_CONTROL}/dossiers/:dossierId/scenario`, async (c) => {
    const body = await parseControlBody(c, ScenarioBody);
    if (body instanceof Response) return body;
    try {
      controls.setScenario(c.req.param('dossierId'), body.status, body.processing_seconds);
    } catch (error) {
      return controlError(c, 404, 'not_found', message(error));
    }
    return c.json({ dossierId: c.req.param('dossierId'), status: body.status });
  });
  app.post(`${SIGNICAT_CONTROL}/dossiers/:dossierId/processes/:processId/sdk-capture`, (c) => {
    try {
      controls.completeSdkCapture(c.req.param('dossierId'), c.req.param('processId'));
    } catch (error) {
      return controlError(c, error instanceof RangeError ? 404 : 400, error instanceof RangeError ? 'not_found' : 'validation_failed', message(error));
    }
    return c.body(null, 204);
  });

  app.post(`${SIGNICAT_CONTROL}/onfido`, async (c) => {
    const body = await parseControlBody(c, OnfidoLinkBody);
    if (body instanceof Response) return body;
    try {
      const link = checkOnfidoLink(body);
      controls.linkOnfido(link);
      // The token stays out of the answer, as out of any log.
      return c.json({ apiBase: link.apiBase });
    } catch (error) {
      return controlError(c, 400, 'validation_failed', message(error));
    }
  });
  app.delete(`${SIGNICAT_CONTROL}/onfido`, (c) => {
    controls.linkOnfido(null);
    return c.body(null, 204);
  });

  app.get(`${SIGNICAT_CONTROL}/failures`, (c) => c.json({ failures: controls.failures() }));
  app.post(`${SIGNICAT_CONTROL}/failures`, async (c) => {
    const body = await parseControlBody(c, FailureSchema);
    if (body instanceof Response) return body;
    controls.failNext(body);
    return c.json({ failures: controls.failures() }, 201);
  });
  app.delete(`${SIGNICAT_CONTROL}/failures`, (c) => {
    controls.clearFailures();
    return c.body(null, 204);
  });

  app.post(`${SIGNICAT_CONTROL}/tokens/expire`, (c) => c.json({ expiredTokens: controls.expireAccessTokens() }));
  app.post(`${SIGNICAT_CONTROL}/settle`, (c) => {
    controls.settle();
    return c.body(null, 204);
  });

  app.get(`${SIGNICAT_CONTROL}/subscribers`, (c) => c.json({ subscribers: controls.subscribers() }));
  app.post(`${SIGNICAT_CONTROL}/subscribers`, async (c) => {
    const body = await parseControlBody(c, SubscriberBody);
    if (body instanceof Response) return body;
    try {
      return c.json(controls.addSubscriber(body), 201);
    } catch (error) {
      return controlError(c, 400, 'validation_failed', message(error));
    }
  });
  app.delete(`${SIGNICAT_CONTROL}/subscribers/:id`, (c) =>
    controls.removeSubscriber(c.req.param('id')) ? c.body(null, 204) : controlError(c, 404, 'not_found', 'No such subscriber.'),
  );

  const filter = (q: (k: string) => string | undefined) => ({ dossierId: q('dossierId'), processId: q('processId'), status: q('status') });
  app.get(`${SIGNICAT_CONTROL}/events`, (c) => c.json({ events: controls.events(filter((k) => c.req.query(k))) }));
  app.post(`${SIGNICAT_CONTROL}/events/flush`, async (c) => {
    await controls.flushEvents();
    return c.json({ deliveries: controls.deliveries() });
  });
  app.get(`${SIGNICAT_CONTROL}/deliveries`, (c) => c.json({ deliveries: controls.deliveries(filter((k) => c.req.query(k))) }));
  app.get(`${SIGNICAT_CONTROL}/deliveries/:id/body`, (c) => {
    const body = controls.deliveryBody(Number(c.req.param('id')));
    return body === undefined ? controlError(c, 404, 'not_found', 'No such delivery.') : c.body(body, 200, { 'content-type': 'application/json' });
  });
  app.post(`${SIGNICAT_CONTROL}/deliveries/:id/resend`, async (c) => {
    try {
      return c.json(await controls.resendDelivery(Number(c.req.param('id'))));
    } catch (error) {
      return controlError(c, 404, 'not_found', message(error));
    }
  });
  mountDeliveryControls(app, SIGNICAT_CONTROL, controls.delivery);
}
