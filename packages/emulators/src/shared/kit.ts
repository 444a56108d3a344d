// The part every emulator shares: a Hono app that records each call it receives, can be told to
// fail or stall on purpose, and answers test controls under the reserved prefix /__emulator__/.
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { createClock, type EmulatorClock } from './clock.js';
import { RequestLog, createRedactor, readBodyForLog, type RecordedRequest } from './request-log.js';
import type { EmulatorTls } from './tls.js';

export const CONTROL_PREFIX = '/__emulator__';

/** A planned misbehaviour: the next `times` calls to `path` stall and/or get this answer. */
export interface Fault {
  /** Exact path, e.g. `/turnstile/v0/siteverify`. */
  path: string;
  /** Only this method (default: any). */
  method?: string;
  /** Answer with this status instead of the real handler (omit to only delay). */
  status?: number;
  /** JSON body for that answer (omit for an empty body). */
  json?: unknown;
  /** Wait this long (real time) first: lets callers exercise their timeouts. */
  delay_ms?: number;
  /** How many calls it applies to (default 1). */
  times?: number;
}

/** Controls every emulator offers, in process and over HTTP under /__emulator__/. */
export interface EmulatorControls {
  /** Calls received, oldest first, secrets redacted. */
  requests(filter?: { path?: string; method?: string }): RecordedRequest[];
  clearRequests(): void;
  /** Forget everything: requests, faults, clock offset and the provider's own state. */
  reset(): void;
  readonly clock: EmulatorClock;
  injectFault(fault: Fault): void;
  clearFaults(): void;
}

export interface EmulatorKitOptions {
  name: string;
  /** Body, query and header keys to redact on top of the usual secrets and tokens. */
  redactKeys?: readonly string[];
  clock?: EmulatorClock;
  /** Clears the provider's own state; called by reset(). */
  onReset?: () => void;
}

const FaultSchema = z.object({
  path: z.string().startsWith('/'),
  method: z.string().min(1).optional(),
  status: z.number().int().min(200).max(599).optional(),
  json: z.unknown().optional(),
  delay_ms: z.number().int().min(0).max(120_000).optional(),
  times: z.number().int().min(1).max(1000).optional(),
});

const ClockSchema = z.object({ advance_seconds: z.number().min(0).max(10 * 365 * 86_400) });

export function controlError(c: Context, status: 400 | 404 | 500, code: string, message: string, details?: unknown) {
  return c.json({ error: details === undefined ? { code, message } : { code, message, details } }, status);
}

/** Control routes parse their JSON bodies with this; a Response means "answer this instead". */
export function parseControlBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S> | Response> {
  return parseControl(c, schema, false);
}

/** The same, for a body that may be left out entirely (then it is read as `{}`). */
export function parseOptionalControlBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S> | Response> {
  return parseControl(c, schema, true);
}

async function parseControl<S extends z.ZodType>(c: Context, schema: S, optional: boolean): Promise<z.output<S> | Response> {
  const text = await c.req.text();
  let body: unknown = {};
  try {
    if (!optional || text.trim() !== '') body = JSON.parse(text);
  } catch {
    return controlError(c, 400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return controlError(c, 400, 'validation_failed', 'The request is not valid; see details.issues.', { issues });
}

export function createEmulatorKit(options: EmulatorKitOptions): { app: Hono; controls: EmulatorControls } {
  const clock = options.clock ?? createClock();
  const log = new RequestLog(createRedactor(options.redactKeys));
  let faults: Array<Required<Pick<Fault, 'times'>> & Fault> = [];

  const takeFault = (method: string, path: string): Fault | undefined => {
    const fault = faults.find((f) => f.path === path && (!f.method || f.method.toUpperCase() === method));
    if (fault && --fault.times <= 0) faults = faults.filter((f) => f !== fault);
    return fault;
  };

  const controls: EmulatorControls = {
    requests: (filter) => log.list(filter),
    clearRequests: () => log.clear(),
    reset() {
      log.clear();
      faults = [];
      clock.reset();
      options.onReset?.();
    },
    clock,
    injectFault(fault) {
      const parsed = FaultSchema.parse(fault);
      if (parsed.status === undefined && parsed.delay_ms === undefined) {
        throw new TypeError('A fault needs a status, a delay_ms, or both.');
      }
      faults.push({ ...parsed, times: parsed.times ?? 1 });
    },
    clearFaults() {
      faults = [];
    },
  };

  const app = new Hono();

  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) return next();
    const at = clock.now();
    const body = await readBodyForLog(c.req.raw);
    const fault = takeFault(c.req.method, path);
    if (fault?.delay_ms) await sleep(fault.delay_ms);
    if (fault?.status !== undefined) {
      c.res =
        fault.json === undefined
          ? new Response(null, { status: fault.status })
          : Response.json(fault.json, { status: fault.status });
      await log.record(c, at, body);
      return c.res;
    }
    await next();
    await log.record(c, at, body);
  });

  app.get(CONTROL_PREFIX, (c) =>
    c.json({
      emulator: options.name,
      controls: [
        'GET /__emulator__/requests?path=&method=',
        'DELETE /__emulator__/requests',
        'POST /__emulator__/reset',
        'GET /__emulator__/clock',
        'POST /__emulator__/clock {advance_seconds}',
        'GET|POST|DELETE /__emulator__/faults {path, method?, status?, json?, delay_ms?, times?}',
      ],
    }),
  );
  app.get(`${CONTROL_PREFIX}/requests`, (c) =>
    c.json({ requests: log.list({ path: c.req.query('path'), method: c.req.query('method') }) }),
  );
  app.delete(`${CONTROL_PREFIX}/requests`, (c) => {
    log.clear();
    return c.body(null, 204);
  });
  app.post(`${CONTROL_PREFIX}/reset`, (c) => {
    controls.reset();
    return c.body(null, 204);
  });
  const clockState = () => ({ now: new Date(clock.now()).toISOString(), offset_seconds: clock.offsetSeconds() });
  app.get(`${CONTROL_PREFIX}/clock`, (c) => c.json(clockState()));
  app.post(`${CONTROL_PREFIX}/clock`, async (c) => {
    const body = await parseControlBody(c, ClockSchema);
    if (body instanceof Response) return body;
    clock.advance(body.advance_seconds);
    return c.json(clockState());
  });
  app.get(`${CONTROL_PREFIX}/faults`, (c) => c.json({ faults }));
  app.post(`${CONTROL_PREFIX}/faults`, async (c) => {
    const body = await parseControlBody(c, FaultSchema);
    if (body instanceof Response) return body;
    try {
      controls.injectFault(body);
    } catch (error) {
      return controlError(c, 400, 'validation_failed', (error as Error).message);
    }
    return c.json({ faults }, 201);
  });
  app.delete(`${CONTROL_PREFIX}/faults`, (c) => {
    controls.clearFaults();
    return c.body(null, 204);
  });

  app.notFound((c) => controlError(c, 404, 'not_found', `${options.name} emulator: no route for ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => {
    // An emulator bug, not a provider answer: say so plainly, keep details in our own console.
    console.error(`[${options.name} emulator]`, error);
    return controlError(c, 500, 'emulator_error', `The ${options.name} emulator failed; see its console.`);
  });

  return { app, controls };
}

/** One provider's emulator: its Hono app, its controls, and a fetch that calls it in process. */
export interface Emulator<C extends EmulatorControls = EmulatorControls> {
  readonly name: string;
  readonly app: Hono;
  readonly controls: C;
  /** Drop-in for `fetch` in tests: `createAdapter({ fetch: emulator.fetch })` never opens a socket. */
  readonly fetch: typeof fetch;
  /** Set when the provider is reached over HTTPS: the runner then serves it over TLS (./tls.ts). */
  readonly tls?: EmulatorTls;
}

export function inProcessFetch(app: Hono): typeof fetch {
  return async (input, init) => app.request(input instanceof Request ? input : String(input), init);
}
