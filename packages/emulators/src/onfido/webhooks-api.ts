// The public webhook API: register, list, retrieve, update, delete, and POST /webhooks/resend.
import type { Hono } from 'hono';
import { z } from 'zod';
import { errors } from './errors.js';
import { jsonBody, onfidoRoute, idOf } from './http.js';
import { BASE_PATH, type OnfidoState } from './model.js';
import { WEBHOOK_EVENT_TYPES } from './vocabulary.js';
import { checkWebhookUrl, makeWebhook, randomWebhookToken, renderWebhook, type OnfidoWebhooks } from './webhooks.js';

const Url = z.string().superRefine((value, ctx) => {
  const problem = checkWebhookUrl(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const Shared = {
  name: z.string().optional(),
  enabled: z.boolean().optional(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES, { message: 'is not a valid event' })).optional(),
  environments: z.array(z.enum(['sandbox', 'live'])).optional(),
  payload_version: z.number().int().optional(),
};
const Create = z.object({ ...Shared, url: Url });
const Update = z.object({ ...Shared, url: Url.optional() });
const Resend = z.object({ data: z.array(z.object({ resource_id: z.string(), event: z.literal('check.completed', { message: 'only check.completed can be resent' }) })).min(1) });

export function mountWebhooksApi(app: Hono, { dispatcher, state }: { dispatcher: OnfidoWebhooks; state: OnfidoState }): void {
  const find = (id: string) => {
    const w = dispatcher.webhooks.get(id);
    if (!w) throw errors.notFound();
    return w;
  };
  app.post(
    `${BASE_PATH}/webhooks`,
    onfidoRoute(async (c) => {
      const w = makeWebhook(await jsonBody(c, Create), randomWebhookToken());
      dispatcher.webhooks.set(w.id, w);
      return c.json(renderWebhook(w), 201);
    }),
  );
  app.get(`${BASE_PATH}/webhooks`, onfidoRoute((c) => c.json({ webhooks: [...dispatcher.webhooks.values()].map(renderWebhook) })));
  app.get(`${BASE_PATH}/webhooks/:id`, onfidoRoute((c) => c.json(renderWebhook(find(idOf(c))))));
  app.put(
    `${BASE_PATH}/webhooks/:id`,
    onfidoRoute(async (c) => {
      const w = find(idOf(c));
      const body = await jsonBody(c, Update);
      for (const [k, v] of Object.entries(body)) if (v !== undefined) (w as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
      return c.json(renderWebhook(w));
    }),
  );
  app.delete(
    `${BASE_PATH}/webhooks/:id`,
    onfidoRoute((c) => {
      find(idOf(c));
      dispatcher.webhooks.delete(idOf(c));
      return c.body(null, 204);
    }),
  );
  app.post(
    `${BASE_PATH}/webhooks/resend`,
    onfidoRoute(async (c) => {
      const body = await jsonBody(c, Resend);
      if (body.data.some((d) => state.checks.get(d.resource_id)?.status !== 'complete')) throw errors.validation({ resource_id: ['must be a completed check'] });
      for (const d of body.data) void dispatcher.resendFor(d.resource_id, d.event);
      return c.body(null, 204);
    }),
  );
}
