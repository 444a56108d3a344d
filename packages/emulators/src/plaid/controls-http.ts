// The Plaid controls over HTTP under /__emulator__/plaid/, for tests in another process (the
// BFF's e2e): act as the person in Link, steer an attempt (outcome, expiry, cancel, review), and
// steer webhooks (where they go, key rotation, signatures a receiver must refuse, delivery).
import type { Hono } from 'hono';
import { z } from 'zod';
import { CONTROL_PREFIX, controlError, parseControlBody, parseOptionalControlBody } from '../shared/kit.js';
import { deliveryControlsIndex, mountDeliveryControls } from '../shared/webhook-controls.js';
import type { PlaidControls } from './app.js';
import { PersonForm } from './link-flow.js';
import { SANDBOX_OUTCOMES } from './model.js';
import { SIGNING_FAULTS, WEBHOOK_CODES } from './webhooks.js';

export const PLAID_CONTROL = `${CONTROL_PREFIX}/plaid`;

const LinkRunSchema = z.object({
  link_token: z.string().min(1),
  person: PersonForm.partial().optional(),
  phone_number: z.string().optional(),
  sms_code: z.string().max(10).optional(),
  outcome: z.enum(SANDBOX_OUTCOMES).optional(),
});
const OutcomeSchema = z.object({ outcome: z.enum(SANDBOX_OUTCOMES) });
const ReviewSchema = z.object({ decision: z.enum(['approve', 'reject']) });
const WebhookUrlSchema = z.object({ url: z.url().nullable() });
const SigningSchema = z.object({ fault: z.enum(SIGNING_FAULTS), count: z.number().int().min(1).max(100).optional() });
const RateLimitSchema = z.object({ path: z.string().startsWith('/'), count: z.number().int().min(1).max(1000).optional() });
const TemplateSchema = z.object({
  id: z.string().regex(/^idvtmp_[0-9A-Za-z]{1,40}$/),
  version: z.number().int().min(1),
  name: z.string().min(1).max(200),
  steps: z.object({
    accept_tos: z.boolean(),
    verify_sms: z.boolean(),
    kyc_check: z.boolean(),
    documentary_verification: z.enum(['off', 'always', 'fallback']),
    selfie_check: z.boolean(),
    watchlist_screening: z.boolean(),
    risk_check: z.boolean(),
  }),
});

export function mountPlaidControls(app: Hono, controls: PlaidControls): void {
  const attempt = (run: () => unknown) => {
    try {
      return { ok: true as const, value: run() };
    } catch (error) {
      return { ok: false as const, message: (error as Error).message };
    }
  };

  app.get(PLAID_CONTROL, (c) =>
    c.json({
      controls: [
        `POST ${PLAID_CONTROL}/link/complete {link_token, person?, phone_number?, sms_code?, outcome?: ${SANDBOX_OUTCOMES.join('|')}}`,
        `GET ${PLAID_CONTROL}/identity_verifications/:id`,
        `POST ${PLAID_CONTROL}/identity_verifications/:id/outcome {outcome}`,
        `POST ${PLAID_CONTROL}/identity_verifications/:id/expire`,
        `POST ${PLAID_CONTROL}/identity_verifications/:id/cancel`,
        `POST ${PLAID_CONTROL}/identity_verifications/:id/review {decision: approve|reject}`,
        `GET ${PLAID_CONTROL}/webhooks?webhook_code=&identity_verification_id=`,
        `GET ${PLAID_CONTROL}/webhooks/:id/request`,
        `POST ${PLAID_CONTROL}/webhooks/url {url | null}`,
        `GET ${PLAID_CONTROL}/webhooks/key`,
        `POST ${PLAID_CONTROL}/webhooks/key/rotate`,
        `POST ${PLAID_CONTROL}/webhooks/signing {fault: ${SIGNING_FAULTS.join('|')}, count?}`,
        `POST ${PLAID_CONTROL}/rate_limit {path, count?}`,
        `POST ${PLAID_CONTROL}/templates {id, version, name, steps}`,
        ...deliveryControlsIndex(PLAID_CONTROL),
      ],
    }),
  );

  app.post(`${PLAID_CONTROL}/link/complete`, async (c) => {
    const body = await parseControlBody(c, LinkRunSchema);
    if (body instanceof Response) return body;
    const done = attempt(() => controls.completeLink(body.link_token, body));
    return done.ok ? c.json(done.value) : controlError(c, 400, 'link_refused', done.message);
  });

  app.get(`${PLAID_CONTROL}/identity_verifications/:id`, (c) => {
    const v = controls.verification(c.req.param('id'));
    return v ? c.json(v) : controlError(c, 404, 'not_found', 'No such identity verification.');
  });
  const acting = <S extends z.ZodType>(action: string, schema: S, run: (id: string, body: z.output<S>) => void) =>
    app.post(`${PLAID_CONTROL}/identity_verifications/:id/${action}`, async (c) => {
      const body = await parseOptionalControlBody(c, schema);
      if (body instanceof Response) return body;
      const id = c.req.param('id') ?? '';
      const done = attempt(() => run(id, body));
      return done.ok ? c.json(controls.verification(id)) : controlError(c, 400, 'refused', done.message);
    });
  acting('outcome', OutcomeSchema, (id, b) => controls.setOutcome(id, b.outcome));
  acting('expire', z.object({}), (id) => controls.expire(id));
  acting('cancel', z.object({}), (id) => controls.cancel(id));
  acting('review', ReviewSchema, (id, b) => controls.review(id, b.decision));

  app.get(`${PLAID_CONTROL}/webhooks`, (c) => {
    const code = c.req.query('webhook_code');
    const webhook_code = (WEBHOOK_CODES as readonly string[]).includes(code ?? '') ? (code as (typeof WEBHOOK_CODES)[number]) : undefined;
    return c.json({ webhooks: controls.webhooks({ webhook_code, identity_verification_id: c.req.query('identity_verification_id') }) });
  });
  app.get(`${PLAID_CONTROL}/webhooks/key`, (c) => c.json({ key: controls.webhookKey(), url: controls.webhookUrl }));
  app.get(`${PLAID_CONTROL}/webhooks/:id/request`, (c) => {
    const request = controls.webhookRequest(Number(c.req.param('id')));
    return request ? c.json(request) : controlError(c, 404, 'not_found', 'No such delivery.');
  });
  app.post(`${PLAID_CONTROL}/webhooks/url`, async (c) => {
    const body = await parseControlBody(c, WebhookUrlSchema);
    if (body instanceof Response) return body;
    controls.setWebhookUrl(body.url);
    return c.json({ url: controls.webhookUrl });
  });
  app.post(`${PLAID_CONTROL}/webhooks/key/rotate`, (c) => c.json(controls.rotateWebhookKey()));
  app.post(`${PLAID_CONTROL}/webhooks/signing`, async (c) => {
    const body = await parseControlBody(c, SigningSchema);
    if (body instanceof Response) return body;
    controls.signNextWebhookWith(body.fault, body.count);
    return c.json({ ok: true });
  });
  app.post(`${PLAID_CONTROL}/rate_limit`, async (c) => {
    const body = await parseControlBody(c, RateLimitSchema);
    if (body instanceof Response) return body;
    controls.rateLimitNext(body.path, body.count);
    return c.json({ ok: true });
  });
  app.post(`${PLAID_CONTROL}/templates`, async (c) => {
    const body = await parseControlBody(c, TemplateSchema);
    if (body instanceof Response) return body;
    controls.addTemplate(body);
    return c.json(body, 201);
  });
  mountDeliveryControls(app, PLAID_CONTROL, controls.delivery);
}
