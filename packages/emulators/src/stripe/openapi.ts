// Stripe's OpenAPI subset (spec/stripe-identity.json, API 2023-08-16) with the newer fields of
// overlay.ts applied, checked with the shared strict validator (shared/json-schema.ts): the
// emulator checks request parameters with it and the contract tests check every response with it.
import { readFileSync } from 'node:fs';
import { resolve as resolveIn, validate as validateIn, type Issue, type JsonSchema } from '../shared/json-schema.js';
import { NO_LONGER_REQUIRED, PARAMETER_ADDITIONS, RESPONSE_ADDITIONS } from './overlay.js';

export type { Issue, JsonSchema };

interface Parameter {
  in: 'query' | 'path' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: { 'application/json'?: { schema: JsonSchema } } }>;
}

export interface Spec {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

const load = (name: string): unknown => JSON.parse(readFileSync(new URL(`./spec/${name}`, import.meta.url), 'utf8'));

/** The spec exactly as Stripe published it (the vendored subset), without the overlay. */
export const BASE_SPEC = load('stripe-identity.json') as Spec;
/** Stripe's own example objects (openapi/fixtures3.json, 2026), keyed by object type. */
export const STRIPE_FIXTURES = (load('stripe-fixtures-identity.json') as { resources: Record<string, unknown> }).resources;

function applyOverlay(base: Spec): Spec {
  const spec = structuredClone(base);
  for (const [name, props] of Object.entries(RESPONSE_ADDITIONS)) {
    const schema = spec.components.schemas[name];
    if (!schema?.properties) throw new Error(`overlay: no schema ${name} to extend`);
    Object.assign(schema.properties, structuredClone(props));
  }
  for (const [key, props] of Object.entries(PARAMETER_ADDITIONS)) {
    const [method, path] = key.split(' ') as [string, string];
    const op = spec.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`overlay: no operation ${key}`);
    if (method === 'GET') {
      for (const [name, schema] of Object.entries(props)) {
        const style = schema.type === 'object' ? { style: 'deepObject', explode: true } : { style: 'form' };
        (op.parameters ??= []).push({ in: 'query', name, required: false, schema: structuredClone(schema), ...style });
      }
    } else {
      const body = formSchema(op);
      Object.assign((body.properties ??= {}), structuredClone(props));
    }
  }
  for (const [key, names] of Object.entries(NO_LONGER_REQUIRED)) {
    const [method, path] = key.split(' ') as [string, string];
    const body = formSchema(spec.paths[path]?.[method.toLowerCase()] as Operation);
    body.required = (body.required ?? []).filter((n) => !names.includes(n));
  }
  return spec;
}

function formSchema(op: Operation): JsonSchema {
  const content = op.requestBody?.content ?? {};
  const schema = content['application/x-www-form-urlencoded']?.schema ?? content['multipart/form-data']?.schema;
  if (!schema) throw new Error(`no form body for ${op.operationId}`);
  return schema;
}

/** The spec the emulator speaks: the published subset plus the overlay. */
export const STRIPE_SPEC = applyOverlay(BASE_SPEC);
/** The API version the vendored spec describes. */
export const SPEC_API_VERSION = BASE_SPEC.info.version;

export function operation(method: string, specPath: string, spec: Spec = STRIPE_SPEC): Operation {
  const op = spec.paths[specPath]?.[method.toLowerCase()];
  if (!op) throw new Error(`The Stripe spec has no operation ${method} ${specPath}.`);
  return op;
}

/** What a request may carry: the form body for POST, the query parameters (as one object) for GET. */
export function requestSchema(method: string, specPath: string, spec: Spec = STRIPE_SPEC): JsonSchema {
  const op = operation(method, specPath, spec);
  if (method.toUpperCase() !== 'GET') return formSchema(op);
  const query = (op.parameters ?? []).filter((p) => p.in === 'query');
  return {
    type: 'object',
    properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
    required: query.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
}

/** The JSON schema of an operation's answer: its 200 body, or Stripe's `error` object otherwise. */
export function responseSchema(method: string, specPath: string, status: number, spec: Spec = STRIPE_SPEC): JsonSchema {
  const responses = operation(method, specPath, spec).responses;
  const entry = status === 200 ? responses['200'] : responses.default;
  const schema = entry?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`The Stripe spec has no ${status} schema for ${method} ${specPath}.`);
  return schema;
}

export const resolve = (schema: JsonSchema, spec: Spec = STRIPE_SPEC): JsonSchema => resolveIn(schema, spec);

/** Every way `value` departs from `schema`; empty when it conforms (the shared strict validator). */
export const validate = (schema: JsonSchema, value: unknown, spec: Spec = STRIPE_SPEC, path = ''): Issue[] => validateIn(schema, value, spec, path);
