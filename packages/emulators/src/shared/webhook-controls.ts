// The webhook delivery controls over HTTP, the same under every emulator's control prefix, so a
// test outside the process (e2e) can drop, duplicate, delay, hold and reorder deliveries.
import type { Hono } from 'hono';
import { z } from 'zod';
import { controlError, parseOptionalControlBody as parseBody } from './kit.js';
import type { WebhookDeliveryControls } from './webhooks.js';

const Count = z.object({ count: z.number().int().min(1).max(1000).optional() });
const Delay = z.object({ ms: z.number().int().min(0).max(120_000), count: z.number().int().min(1).max(1000).optional() });
const Retry = z.object({ attempts: z.number().int().min(0).max(20), backoff_ms: z.number().int().min(0).max(3_600_000) });
const Release = z.object({ order: z.union([z.enum(['created', 'reverse']), z.array(z.string())]).optional() });

/** The lines this adds to an emulator's control index. */
export function deliveryControlsIndex(prefix: string): string[] {
  return [
    `GET ${prefix}/delivery`,
    `POST ${prefix}/delivery/pause`,
    `POST ${prefix}/delivery/release {order?: 'created'|'reverse'|[keys]}`,
    `POST ${prefix}/delivery/drop {count?}`,
    `POST ${prefix}/delivery/duplicate {count?}`,
    `POST ${prefix}/delivery/delay {ms, count?}`,
    `POST ${prefix}/delivery/retry {attempts, backoff_ms}`,
    `POST ${prefix}/delivery/flush`,
  ];
}

export function mountDeliveryControls(app: Hono, prefix: string, delivery: WebhookDeliveryControls): void {
  const base = `${prefix}/delivery`;
  app.get(base, (c) => c.json(delivery.state()));
  app.post(`${base}/pause`, (c) => {
    delivery.pause();
    return c.json(delivery.state());
  });
  app.post(`${base}/release`, async (c) => {
    const body = await parseBody(c, Release);
    if (body instanceof Response) return body;
    const sent = await delivery.release(body.order);
    return c.json({ sent: sent.length, ...delivery.state() });
  });
  app.post(`${base}/drop`, async (c) => {
    const body = await parseBody(c, Count);
    if (body instanceof Response) return body;
    delivery.dropNext(body.count ?? 1);
    return c.json(delivery.state());
  });
  app.post(`${base}/duplicate`, async (c) => {
    const body = await parseBody(c, Count);
    if (body instanceof Response) return body;
    delivery.duplicateNext(body.count ?? 1);
    return c.json(delivery.state());
  });
  app.post(`${base}/delay`, async (c) => {
    const body = await parseBody(c, Delay);
    if (body instanceof Response) return body;
    delivery.delayNext(body.ms, body.count ?? 1);
    return c.json(delivery.state());
  });
  app.post(`${base}/retry`, async (c) => {
    const body = await parseBody(c, Retry);
    if (body instanceof Response) return body;
    try {
      delivery.setRetry({ attempts: body.attempts, backoffMs: body.backoff_ms });
    } catch (error) {
      return controlError(c, 400, 'validation_failed', (error as Error).message);
    }
    return c.json(delivery.state());
  });
  app.post(`${base}/flush`, async (c) => {
    await delivery.flush();
    return c.json(delivery.state());
  });
}
