// Each configured provider's own routes, under /v1/providers/<key>/: its webhook and, for
// redirect providers, its callback. Declared through the route table, so /openapi.json and the
// route-walking tests cover them the day a provider adds one.
import { z } from 'zod';
import type { AppDeps } from '../app.js';
import { asApiError } from '../http/boundary.js';
import { callbackErrorPage, wantsPage } from './callback-page.js';
import type { RouteTable } from '../http/route.js';
import type { ProviderAdapter, ProviderRouter } from '../providers/types.js';

const WebhookReceived = z.object({ received: z.literal(true), duplicate: z.boolean() });

export function providerPath(adapter: Pick<ProviderAdapter, 'key'>, path: string): string {
  return `/v1/providers/${adapter.key}${path}`;
}

export function providerRoutes(routes: RouteTable, { providers, verification, store, log }: AppDeps) {
  for (const adapter of providers.values()) {
    const router: ProviderRouter = {
      add: (spec, handler) => routes.add({ ...spec, path: providerPath(adapter, spec.path), tag: 'Providers' }, handler),
      webhook: ({ summary, aliases = [] }, verify) => {
        for (const path of [providerPath(adapter, '/webhook'), ...aliases]) {
          routes.add(
            {
              method: 'post',
              path,
              summary: path.startsWith('/v1/providers/') ? summary : `${summary} (the path configured at the provider before /v1/providers/…)`,
              tag: 'Providers',
              auth: 'none',
              responses: { 200: { description: 'Received', schema: WebhookReceived } },
            },
            async (c) => {
              const event = await verify(await c.req.text(), c.req.raw.headers);
              const { duplicate } = await verification.onProviderEvent(adapter.key, event);
              return c.json({ received: true as const, duplicate });
            },
          );
        }
      },
      callback: ({ summary }, handler) => {
        routes.add(
          {
            method: 'get',
            path: providerPath(adapter, '/callback'),
            summary,
            tag: 'Providers',
            auth: 'none',
            responses: { 303: { description: 'Back to the page the verification started on' } },
          },
          async (c) => {
            const url = new URL(c.req.url);
            let returnUrl: string | null;
            try {
              ({ returnUrl } = await verification.finishRedirect(adapter.key, handler.refOf(url), {
                finish: (ctx) => handler.finish(ctx, url),
                returnUrlOf: handler.returnUrlOf,
              }));
            } catch (error) {
              // The person's browser gets a page saying what happened; an API client, the JSON error.
              if (!wantsPage(c)) throw error;
              return callbackErrorPage(c, asApiError(error as Error, c, log), adapter.description.name);
            }
            // Nothing of the outcome rides on the URL: the page reads it from the BFF when it resumes.
            return returnUrl ? c.redirect(returnUrl, 303) : c.json({ received: true as const });
          },
        );
      },
      audit: ({ sessionId, actor, action, detail }) => store.audit({ session_id: sessionId, actor, action, ...(detail ? { detail } : {}) }),
    };
    adapter.routes?.(router);
  }
}
