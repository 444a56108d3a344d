// Public endpoints (health, the OpenAPI document) and, only when enabled, test controls.
import { z } from 'zod';
import { buildOpenApi } from '../http/openapi.js';
import type { RouteTable } from '../http/route.js';
import { AdjustableClock } from '../clock.js';
import type { AppDeps } from '../app.js';

export function publicRoutes(routes: RouteTable, deps: AppDeps) {
  routes.add(
    {
      method: 'get',
      path: '/health',
      summary: 'Liveness and database reachability',
      tag: 'Public',
      auth: 'none',
      responses: { 200: { description: 'OK', schema: z.object({ status: z.literal('ok') }) } },
    },
    async (c) => {
      await deps.store.getSession('ivs_health'); // a real round trip to the database
      return c.json({ status: 'ok' as const });
    },
  );

  let document: string | undefined; // built and serialised once: the routes do not change
  routes.add(
    { method: 'get', path: '/openapi.json', summary: 'This API as OpenAPI 3.1', tag: 'Public', auth: 'none', responses: { 200: { description: 'The document' } } },
    (c) => c.body((document ??= JSON.stringify(buildOpenApi(routes.specs))), 200, { 'Content-Type': 'application/json' }),
  );

  if (deps.config.testControls && deps.clock instanceof AdjustableClock) {
    const clock = deps.clock;
    routes.add(
      {
        method: 'post',
        path: '/__test__/clock',
        summary: "Move the server's clock forward (test controls only)",
        tag: 'Test controls',
        auth: 'none',
        body: z.object({ advance_seconds: z.number().int().min(0).max(365 * 24 * 3600) }).strict(),
        responses: { 200: { description: 'The new time' } },
      },
      (c, { body }) => {
        clock.advance(body.advance_seconds * 1000);
        return c.json({ now: clock.now().toISOString() });
      },
    );
  }
}
