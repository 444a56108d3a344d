// The part every Stripe API route shares: Request-Id and Stripe-Version headers, key checks,
// form params decoded and checked against the spec, Idempotency-Key replay, Stripe's error
// object, and cursor pagination for list endpoints.
import type { Context, Handler } from 'hono';
import { errors, StripeApiError } from './errors.js';
import { decodeForm, canonicalParams, FormShapeError, type FormObject } from './form.js';
import { authenticate, type ApiKey, type StripeKeys } from './keys.js';
import { randomToken } from './model.js';
import { requestSchema } from './openapi.js';
import { coerceParams, type Params } from './params.js';

const VERSION = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

interface SavedResponse {
  fingerprint: string;
  status: number;
  body: unknown;
  requestId: string;
  at: number;
}

/** Stripe's idempotency layer: one account-wide key space, results kept 24 hours. */
export class IdempotencyStore {
  #saved = new Map<string, SavedResponse>();
  #running = new Set<string>();

  lookup(key: string, now: number): SavedResponse | undefined {
    const saved = this.#saved.get(key);
    if (saved && now - saved.at > IDEMPOTENCY_TTL_MS) this.#saved.delete(key);
    return this.#saved.get(key);
  }
  begin(key: string): boolean {
    if (this.#running.has(key)) return false;
    this.#running.add(key);
    return true;
  }
  end(key: string): void {
    this.#running.delete(key);
  }
  save(key: string, saved: SavedResponse): void {
    // stripe-node keys every POST, so results pile up: drop those past 24 h (oldest come first).
    for (const [k, entry] of this.#saved) {
      if (saved.at - entry.at <= IDEMPOTENCY_TTL_MS) break;
      this.#saved.delete(k);
    }
    this.#saved.set(key, saved);
  }
  clear(): void {
    this.#saved.clear();
    this.#running.clear();
  }
}

export interface ApiDeps {
  keys: StripeKeys;
  /** The account's default API version, used when a request sends no Stripe-Version. */
  apiVersion: string;
  idempotency: IdempotencyStore;
  now(): number;
  /** Runs due state changes before a request reads state. */
  settle(): void;
  /** Base URL for `url` fields; default: the origin the request came to. */
  publicUrl?: string;
}

export interface ApiCall {
  c: Context;
  key: ApiKey;
  params: Params;
  requestId: string;
  idempotencyKey: string | null;
  origin: string;
}

export const newRequestId = () => `req_${randomToken(14)}`;

export function stripeJson(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, no-store', ...headers },
  });
}

async function readRaw(c: Context): Promise<FormObject> {
  const url = new URL(c.req.url);
  const query = [...url.searchParams.entries()];
  if (c.req.method === 'GET' || c.req.method === 'DELETE') return decodeForm(query);
  const text = await c.req.text();
  return decodeForm([...query, ...new URLSearchParams(text).entries()]);
}

/** A route of the Stripe API, checked against `METHOD specPath` of the spec. */
export function stripeRoute(deps: ApiDeps, method: 'GET' | 'POST', specPath: string, handler: (call: ApiCall) => unknown): Handler {
  const schema = requestSchema(method, specPath);
  return async (c) => {
    const requestId = newRequestId();
    const headers: Record<string, string> = { 'request-id': requestId };
    const requested = c.req.header('stripe-version');
    headers['stripe-version'] = requested && VERSION.test(requested) ? requested : deps.apiVersion;
    const idempotencyKey = method === 'POST' ? (c.req.header('idempotency-key') ?? null) : null;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let running = false;
    let fingerprint = '';
    try {
      if (requested !== undefined && !VERSION.test(requested)) throw errors.invalidVersion(requested);
      const key = authenticate(c.req.header('authorization'), deps.keys);
      let raw: FormObject;
      try {
        raw = await readRaw(c);
      } catch (error) {
        if (error instanceof FormShapeError) throw errors.invalidShape(error.param, error.expected);
        throw error;
      }
      fingerprint = `${method} ${new URL(c.req.url).pathname} ${canonicalParams(raw)}`;
      if (idempotencyKey) {
        if (idempotencyKey.length > 255) throw errors.idempotencyKeyTooLong();
        const saved = deps.idempotency.lookup(idempotencyKey, deps.now());
        if (saved && saved.fingerprint !== fingerprint) throw errors.idempotencyMismatch(idempotencyKey);
        if (saved) return stripeJson(saved.status, saved.body, { ...headers, 'idempotent-replayed': 'true', 'original-request': saved.requestId });
        if (!deps.idempotency.begin(idempotencyKey)) throw errors.idempotencyInUse(idempotencyKey);
        running = true;
      }
      const params = coerceParams(schema, raw);
      deps.settle();
      const origin = deps.publicUrl ?? new URL(c.req.url).origin;
      const body = await handler({ c, key, params, requestId, idempotencyKey, origin });
      if (idempotencyKey) deps.idempotency.save(idempotencyKey, { fingerprint, status: 200, body, requestId, at: deps.now() });
      return stripeJson(200, body, headers);
    } catch (error) {
      const failure = error instanceof StripeApiError ? error : unexpected(error);
      const body = { error: failure.body };
      // Stripe keeps the result of a request that began executing, errors included.
      if (idempotencyKey && running && failure.phase === 'execution') {
        deps.idempotency.save(idempotencyKey, { fingerprint, status: failure.status, body, requestId, at: deps.now() });
      }
      return stripeJson(failure.status, body, headers);
    } finally {
      if (running && idempotencyKey) deps.idempotency.end(idempotencyKey);
    }
  };
}

function unexpected(error: unknown): StripeApiError {
  console.error('[stripe emulator]', error);
  return errors.internal();
}

/** Stripe's list envelope over records newest first, with `limit`, `starting_after`, `ending_before`, `created`. */
export function paginate<T extends { id: string; seq: number; created: number }>(
  records: Iterable<T>,
  params: Params,
  url: string,
  resource: string,
  render: (record: T) => unknown,
): { object: 'list'; data: unknown[]; has_more: boolean; url: string } {
  const limit = (params.limit as number | undefined) ?? 10;
  if (limit < 1 || limit > 100) throw errors.limitOutOfRange();
  const after = params.starting_after as string | undefined;
  const before = params.ending_before as string | undefined;
  if (after && before) throw errors.exclusive(['ending_before', 'starting_after']);
  let items = [...records].filter((r) => matchesCreated(r.created, params.created)).sort((a, b) => b.seq - a.seq);
  const all = [...records];
  const cursorOf = (id: string, param: string) => {
    const found = all.find((r) => r.id === id);
    if (!found) throw errors.noSuchReference(resource, id, param);
    return found.seq;
  };
  let hasMore: boolean;
  if (before) {
    const seq = cursorOf(before, 'ending_before');
    const newer = items.filter((r) => r.seq > seq);
    hasMore = newer.length > limit;
    items = newer.slice(Math.max(0, newer.length - limit));
  } else {
    if (after) {
      const seq = cursorOf(after, 'starting_after');
      items = items.filter((r) => r.seq < seq);
    }
    hasMore = items.length > limit;
    items = items.slice(0, limit);
  }
  return { object: 'list', data: items.map(render), has_more: hasMore, url };
}

function matchesCreated(created: number, filter: unknown): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'number') return created === filter;
  const f = filter as { gt?: number; gte?: number; lt?: number; lte?: number };
  return (
    (f.gt === undefined || created > f.gt) &&
    (f.gte === undefined || created >= f.gte) &&
    (f.lt === undefined || created < f.lt) &&
    (f.lte === undefined || created <= f.lte)
  );
}

/** Hono's form of a spec path: `/v1/x/{session}` → `/v1/x/:session`. */
export const honoPath = (specPath: string) => specPath.replace(/\{(\w+)\}/g, ':$1');
