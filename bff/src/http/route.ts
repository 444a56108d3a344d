// Routes declared once: the declaration registers the Hono handler with authentication and
// validation, and feeds /openapi.json, so the document cannot drift from what is served.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ApiError, type ErrorIssue } from '../errors.js';
import type { AppEnv } from './env.js';

/** `api_key_or_client_secret`: a route both the host backend and the widget read, each its own part (claims). */
export type AuthKind = 'api_key' | 'client_secret' | 'api_key_or_client_secret' | 'none';

export interface RouteSpec<B extends z.ZodType | undefined = z.ZodType | undefined, Q extends z.ZodType | undefined = z.ZodType | undefined> {
  method: 'get' | 'post' | 'delete';
  /** Hono path syntax: /v1/sessions/:id */
  path: string;
  summary: string;
  tag: 'Host backend' | 'Widget' | 'Providers' | 'Public' | 'Test controls';
  auth: AuthKind;
  body?: B;
  query?: Q;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
export interface RouteInput<B, Q> {
  body: Parsed<B>;
  query: Parsed<Q>;
}

const issuesOf = (error: z.ZodError, prefix: string): ErrorIssue[] =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

async function readJsonBody(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (text.trim() === '') return {}; // then validation names each missing field
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError('unsupported_media_type', `Expected Content-Type: application/json, got "${type.slice(0, 80) || 'none'}".`);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ApiError('invalid_json', `The request body is not valid JSON: ${(cause as Error).message.slice(0, 120)}`);
  }
}

export function validateInput<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  spec: RouteSpec<B, Q>,
): (c: Context<AppEnv>) => Promise<RouteInput<B, Q>> {
  return async (c) => {
    let body: unknown;
    let query: unknown;
    if (spec.body) {
      const parsed = spec.body.safeParse(await readJsonBody(c));
      if (!parsed.success) throw new ApiError('validation_failed', undefined, { issues: issuesOf(parsed.error, 'body') });
      body = parsed.data;
    }
    if (spec.query) {
      const parsed = spec.query.safeParse(c.req.query());
      if (!parsed.success) throw new ApiError('validation_failed', undefined, { issues: issuesOf(parsed.error, 'query') });
      query = parsed.data;
    }
    return { body, query } as RouteInput<B, Q>;
  };
}

export class RouteTable {
  readonly specs: RouteSpec[] = [];
  constructor(
    private readonly app: Hono<AppEnv>,
    private readonly auth: Record<AuthKind, MiddlewareHandler<AppEnv>>,
  ) {}

  add<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<B, Q>,
    handler: (c: Context<AppEnv>, input: RouteInput<B, Q>) => Promise<Response> | Response,
  ): void {
    this.specs.push(spec as RouteSpec);
    const validate = validateInput(spec);
    this.app.on(spec.method.toUpperCase(), spec.path, this.auth[spec.auth], async (c) => handler(c, await validate(c)));
  }
}
