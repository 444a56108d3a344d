// Stripe's OpenAPI subset (spec/stripe-identity.json, API 2023-08-16) with the newer fields of
// overlay.ts applied, and a strict validator over its JSON schemas: the emulator checks request
// parameters with it and the contract tests check every response with it. Strict means an
// object's undeclared property is an error, as is a wrong type, a value outside an enum, or a
// null where the schema does not say nullable.
import { readFileSync } from 'node:fs';
import { NO_LONGER_REQUIRED, PARAMETER_ADDITIONS, RESPONSE_ADDITIONS } from './overlay.js';

export interface JsonSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  nullable?: boolean;
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: readonly JsonSchema[];
  $ref?: string;
  maxLength?: number;
  pattern?: string;
  format?: string;
  title?: string;
  [extension: `x-${string}`]: unknown;
}

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

export interface Issue {
  path: string;
  message: string;
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

export function resolve(schema: JsonSchema, spec: Spec = STRIPE_SPEC): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref; hops++) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
    const target = name ? spec.components.schemas[name] : undefined;
    if (!target || hops > 20) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** Every way `value` departs from `schema`; empty when it conforms. */
export function validate(schema: JsonSchema, value: unknown, spec: Spec = STRIPE_SPEC, path = ''): Issue[] {
  let s: JsonSchema;
  try {
    s = resolve(schema, spec);
  } catch (error) {
    return [{ path, message: (error as Error).message }];
  }
  if (value === null) return s.nullable ? [] : [{ path, message: 'is null but the schema is not nullable' }];
  if (value === undefined) return [{ path, message: 'is undefined' }];
  if (s.anyOf) {
    const attempts = s.anyOf.map((branch) => validate(branch, value, spec, path));
    if (attempts.some((issues) => issues.length === 0)) return [];
    const closest = attempts.reduce((a, b) => (b.length < a.length ? b : a));
    return [{ path, message: `matches none of anyOf (closest: ${closest.map((i) => `${i.path || '.'} ${i.message}`).join('; ')})` }];
  }
  if (s.enum && !s.enum.includes(value)) return [{ path, message: `${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}` }];
  switch (s.type) {
    case 'string':
      if (typeof value !== 'string') return [{ path, message: `expected string, got ${typeof value}` }];
      if (s.maxLength !== undefined && value.length > s.maxLength) return [{ path, message: `longer than ${s.maxLength}` }];
      if (s.pattern && !new RegExp(s.pattern).test(value)) return [{ path, message: `does not match ${s.pattern}` }];
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : [{ path, message: `expected integer, got ${JSON.stringify(value)}` }];
    case 'number':
      return typeof value === 'number' ? [] : [{ path, message: `expected number, got ${typeof value}` }];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [{ path, message: `expected boolean, got ${typeof value}` }];
    case 'array':
      if (!Array.isArray(value)) return [{ path, message: 'expected array' }];
      return s.items ? value.flatMap((v, i) => validate(s.items as JsonSchema, v, spec, at(path, i))) : [];
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [{ path, message: 'expected object' }];
      const record = value as Record<string, unknown>;
      const issues: Issue[] = [];
      for (const name of s.required ?? []) if (!(name in record)) issues.push({ path: at(path, name), message: 'is required' });
      for (const [k, v] of Object.entries(record)) {
        const declared = s.properties?.[k];
        if (declared) issues.push(...validate(declared, v, spec, at(path, k)));
        else if (typeof s.additionalProperties === 'object') issues.push(...validate(s.additionalProperties, v, spec, at(path, k)));
        // A schema that lists properties is closed unless it says otherwise; one that lists none is a free-form hash.
        else if (s.additionalProperties === false || (s.additionalProperties === undefined && s.properties && Object.keys(s.properties).length > 0)) {
          issues.push({ path: at(path, k), message: 'is not declared in the schema' });
        }
      }
      return issues;
    }
    default:
      return [];
  }
}
