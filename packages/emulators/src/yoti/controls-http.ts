// The Yoti controls over HTTP under /__emulator__/yoti/, for tests in another process (e2e): the
// app's test credentials, a session as the emulator holds it, the sandbox response configuration
// without signing, acting as the person in the user view, and the notifications sent.
import type { Hono } from 'hono';
import { z } from 'zod';
import { CONTROL_PREFIX, controlError, parseControlBody, parseOptionalControlBody } from '../shared/kit.js';
import { deliveryControlsIndex, mountDeliveryControls } from '../shared/webhook-controls.js';
import type { YotiControls } from './app.js';
import { YOTI_PEOPLE } from './people.js';
import { WEB_ERROR_CODES } from './user-flow.js';

export const YOTI_CONTROL = `${CONTROL_PREFIX}/yoti`;

const errorCodes = Object.keys(WEB_ERROR_CODES).map(Number) as [number, ...number[]];
const CompleteSchema = z.object({
  person: z.enum(YOTI_PEOPLE.map((p) => p.id) as [string, ...string[]]).optional(),
  outcome: z.union([z.enum(['verified', 'profile_not_met']), z.number().int().refine((n) => errorCodes.includes(n), 'is not an error code the view emulates')]).optional(),
});

export function mountYotiControls(app: Hono, controls: YotiControls): void {
  const attempt = (run: () => unknown) => {
    try {
      return { ok: true as const, value: run() };
    } catch (error) {
      return { ok: false as const, message: (error as Error).message };
    }
  };

  app.get(YOTI_CONTROL, (c) =>
    c.json({
      controls: [
        `GET ${YOTI_CONTROL}/app`,
        `GET ${YOTI_CONTROL}/sessions/:sessionId`,
        `PUT ${YOTI_CONTROL}/sessions/:sessionId/response-config {check_reports?, task_results?}`,
        `PUT ${YOTI_CONTROL}/apps/response-config {check_reports?, task_results?}`,
        `POST ${YOTI_CONTROL}/sessions/:sessionId/complete {person?, outcome?: verified|profile_not_met|4000…}`,
        `GET ${YOTI_CONTROL}/notifications?session_id=&topic=`,
        ...deliveryControlsIndex(YOTI_CONTROL),
      ],
    }),
  );
  app.get(`${YOTI_CONTROL}/app`, (c) => c.json({ sdk_id: controls.app.sdkId, private_key_pem: controls.app.privateKeyPem, public_key_pem: controls.app.publicKeyPem }));
  app.get(`${YOTI_CONTROL}/sessions/:sessionId`, (c) => {
    const view = controls.session(c.req.param('sessionId'));
    return view ? c.json(view) : controlError(c, 404, 'not_found', 'No such session.');
  });
  app.put(`${YOTI_CONTROL}/sessions/:sessionId/response-config`, async (c) => {
    const body = await parseControlBody(c, z.unknown());
    if (body instanceof Response) return body;
    const done = attempt(() => controls.setResponseConfig(c.req.param('sessionId'), body));
    return done.ok ? c.body(null, 204) : controlError(c, 400, 'validation_failed', done.message);
  });
  app.put(`${YOTI_CONTROL}/apps/response-config`, async (c) => {
    const body = await parseControlBody(c, z.unknown());
    if (body instanceof Response) return body;
    const done = attempt(() => controls.setAppResponseConfig(body));
    return done.ok ? c.body(null, 204) : controlError(c, 400, 'validation_failed', done.message);
  });
  app.post(`${YOTI_CONTROL}/sessions/:sessionId/complete`, async (c) => {
    const body = await parseOptionalControlBody(c, CompleteSchema);
    if (body instanceof Response) return body;
    const done = attempt(() => controls.complete(c.req.param('sessionId'), body as Parameters<YotiControls['complete']>[1]));
    return done.ok ? c.json(done.value) : controlError(c, 400, 'view_refused', done.message);
  });
  app.get(`${YOTI_CONTROL}/notifications`, (c) =>
    c.json({ notifications: controls.notifications({ session_id: c.req.query('session_id'), topic: c.req.query('topic') }) }),
  );
  mountDeliveryControls(app, YOTI_CONTROL, controls.delivery);
}
