// The host backend's events: its webhook endpoints (each with the secret its events are signed
// with, shown once), the events its sessions produced, and a replay of one. Delivery itself runs
// in the background (events/delivery.ts).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { HOST_EVENT_TYPES, type HostEvent } from '@identity-verify/contract/host-events';
import type { AppDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { sealEndpointSecret } from '../events/delivery.js';
import type { RouteTable } from '../http/route.js';
import { newId } from '../security/tokens.js';

const EndpointSchema = z.object({ id: z.string(), object: z.literal('webhook_endpoint'), url: z.string(), created_at: z.string() });
const CreatedEndpointSchema = EndpointSchema.extend({
  secret: z.string().describe('Signs every event sent to this endpoint (IDV-Signature). Shown only now: keep it with your backend.'),
});
const HostEventSchema = z.object({
  id: z.string(),
  object: z.literal('event'),
  type: z.enum(HOST_EVENT_TYPES),
  created_at: z.string(),
  data: z.union([
    z.object({ session_id: z.string(), status: z.string(), provider_key: z.string().nullable(), last_error_code: z.string().nullable() }).describe('session.*'),
    z
      .object({ claim_id: z.string(), session_id: z.string(), subject: z.string().nullable(), claim_type: z.string(), provider_key: z.string(), revoked_at: z.string() })
      .describe('claim.revoked'),
    z
      .object({ passport_id: z.string(), subject: z.string(), reason: z.enum(['revoked', 'claim_revoked']), claim_id: z.string().nullable(), revoked_at: z.string() })
      .describe('passport.revoked'),
  ]),
});
/** At most this many endpoints per tenant: each event is sent to all of them. */
const MAX_ENDPOINTS = 10;

export function hostEventRoutes(routes: RouteTable, { store, pii, config }: AppDeps) {
  routes.add(
    {
      method: 'post',
      path: '/v1/webhook_endpoints',
      summary: "Register where your sessions' events are sent (session.verified, …), signed with the secret in the answer",
      tag: 'Host backend',
      auth: 'api_key',
      body: z
        .object({
          url: z
            .url({ protocol: /^https?$/, message: 'Expected an http(s) URL.' })
            .max(2048)
            .refine((url) => !config.production || url.startsWith('https:'), 'Must be https in production.'),
        })
        .strict(),
      responses: { 201: { description: 'Registered', schema: CreatedEndpointSchema } },
    },
    async (c, { body }) => {
      const tenant = c.get('tenant');
      if ((await store.webhookEndpoints(tenant)).length >= MAX_ENDPOINTS) {
        throw new ApiError('validation_failed', undefined, { issues: [{ path: 'body.url', message: `At most ${MAX_ENDPOINTS} endpoints; delete one first.` }] });
      }
      const id = newId('we');
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      await store.addWebhookEndpoint({ id, tenant, url: body.url, secret_sealed: sealEndpointSecret(pii, id, secret) });
      const created = (await store.webhookEndpoints(tenant)).find((e) => e.id === id)!;
      return c.json({ id, object: 'webhook_endpoint' as const, url: created.url, created_at: created.created_at, secret }, 201);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/webhook_endpoints',
      summary: 'Your webhook endpoints (never their secrets)',
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'Endpoints, oldest first', schema: z.array(EndpointSchema) } },
    },
    async (c) => c.json((await store.webhookEndpoints(c.get('tenant'))).map((e) => ({ id: e.id, object: 'webhook_endpoint' as const, url: e.url, created_at: e.created_at }))),
  );

  routes.add(
    {
      method: 'delete',
      path: '/v1/webhook_endpoints/:id',
      summary: 'Stop sending events to an endpoint',
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 200: { description: 'Deleted', schema: z.object({ id: z.string(), deleted: z.literal(true) }) } },
    },
    async (c) => {
      const id = c.req.param('id')!;
      if (!(await store.deleteWebhookEndpoint(c.get('tenant'), id))) throw new ApiError('not_found', 'No webhook endpoint with that id.');
      return c.json({ id, deleted: true as const });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/v1/events',
      summary: "Your sessions' events, newest first (what was sent to your endpoints)",
      tag: 'Host backend',
      auth: 'api_key',
      query: z.object({ session_id: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
      responses: { 200: { description: 'Events', schema: z.array(HostEventSchema) } },
    },
    async (c, { query }) => {
      const rows = await store.hostEvents(c.get('tenant'), { sessionId: query.session_id, limit: query.limit });
      return c.json(rows.map((r) => JSON.parse(r.payload) as HostEvent));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/v1/events/:id/replay',
      summary: 'Send an event again to each of your endpoints (signed anew; its id is the same, so a receiver takes it once)',
      tag: 'Host backend',
      auth: 'api_key',
      responses: { 202: { description: 'Queued', schema: z.object({ id: z.string(), deliveries: z.number().int() }) } },
    },
    async (c) => {
      const event = await store.hostEvent(c.get('tenant'), c.req.param('id')!);
      if (!event) throw new ApiError('not_found', 'No event with that id.');
      return c.json({ id: event.id, deliveries: await store.requeueHostEvent(event) }, 202);
    },
  );
}
