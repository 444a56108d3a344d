// Builds the OpenAPI 3.1 document from the route table and the contract's zod schemas.
import { z } from 'zod';
import { API_ERRORS } from '@identity-verify/contract/errors';
import { ErrorBodySchema } from '@identity-verify/contract/schemas';
import type { RouteSpec } from './route.js';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

export function buildOpenApi(specs: readonly RouteSpec[], serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    if (spec.tag === 'Test controls') continue;
    const path = spec.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const params = [...spec.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = spec.query ? jsonSchema(spec.query, 'input') : undefined;
    const queryParams = query
      ? Object.entries((query.properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
          name,
          in: 'query',
          // As the route's schema says: the upload's provider_key, session_ref and side are required.
          required: ((query.required ?? []) as string[]).includes(name),
          schema,
        }))
      : [];
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = r.schema
        ? { description: r.description, content: { 'application/json': { schema: jsonSchema(r.schema, 'output') } } }
        : { description: r.description };
    }
    responses.default = {
      description: `An error: ${Object.keys(API_ERRORS).join(', ')}.`,
      content: { 'application/json': { schema: jsonSchema(ErrorBodySchema, 'output') } },
    };
    (paths[path] ??= {})[spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth === 'none'
        ? { security: [] }
        : spec.auth === 'api_key_or_client_secret'
          ? { security: [{ apiKey: [] }, { clientSecret: [] }] }
          : { security: [{ [spec.auth === 'api_key' ? 'apiKey' : 'clientSecret']: [] }] }),
      parameters: [...params, ...queryParams],
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'identity-verify BFF',
      version: '0.1.0',
      description: 'Host backend API (secret API key) and the widget API (short-lived client secret).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A secret API key, for host backends only.' },
        clientSecret: { type: 'http', scheme: 'bearer', description: "A session's client_secret, for the widget." },
      },
    },
    paths,
  };
}
