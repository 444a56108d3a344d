// Onfido's OpenAPI v3.6 (the vendored subset of onfido-openapi-spec's generated openapi.json) and
// the schema each operation answers with, for the contract tests. The subset is copied verbatim
// from the full spec; the one correction below is declared, not silently edited into the file.
import { readFileSync } from 'node:fs';
import { validate as validateSchema, type Issue, type JsonSchema, type SchemaRoot } from '../shared/json-schema.js';

interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OnfidoSpec extends SchemaRoot {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
}

/** The subset exactly as Onfido published it. */
export const BASE_SPEC = JSON.parse(readFileSync(new URL('./spec/onfido-v3.6-subset.json', import.meta.url), 'utf8')) as OnfidoSpec;

/**
 * Defects of the published spec, corrected here. `webhook_event_payload.required` names `event`
 * and `resource_id`, which are not among its properties: every Onfido payload (the spec's own
 * example, the SDKs' webhook tests, PROVIDERS.md) carries `action` and `object.id` instead, so no
 * payload could satisfy both "required" and "closed". Only `resource_type` stays required.
 */
export const SPEC_CORRECTIONS = { webhookPayloadRequired: { before: ['event', 'resource_id', 'resource_type'], after: ['resource_type'] } };

function corrected(base: OnfidoSpec): OnfidoSpec {
  const spec = structuredClone(base);
  const payload = spec.components.schemas.webhook_event_payload;
  if (!payload || JSON.stringify(payload.required) !== JSON.stringify(SPEC_CORRECTIONS.webhookPayloadRequired.before)) {
    throw new Error('onfido spec: webhook_event_payload changed; review SPEC_CORRECTIONS.');
  }
  payload.required = SPEC_CORRECTIONS.webhookPayloadRequired.after;
  return spec;
}

export const ONFIDO_SPEC = corrected(BASE_SPEC);

/**
 * The JSON schema of an answer: the status's own entry (200/201), else, for an error, the
 * operation's `default` (Onfido's Error). An error status listed without a body (the 422 of
 * POST /webhooks/resend) is read as that same Error body: the entry documents when, not what.
 */
export function responseSchema(method: string, specPath: string, status: number, spec: OnfidoSpec = ONFIDO_SPEC): JsonSchema {
  const op = spec.paths[specPath]?.[method.toLowerCase()];
  if (!op) throw new Error(`The Onfido spec has no operation ${method} ${specPath}.`);
  const json = (entry: Operation['responses'][string] | undefined) => entry?.content?.['application/json']?.schema;
  const schema = json(op.responses[String(status)]) ?? (status >= 400 ? json(op.responses.default) : undefined);
  if (!schema) throw new Error(`The Onfido spec has no JSON ${status} answer for ${method} ${specPath}.`);
  return schema;
}

/** Whether the spec declares this status for the operation with no body (204). */
export function declaresEmpty(method: string, specPath: string, status: number, spec: OnfidoSpec = ONFIDO_SPEC): boolean {
  const entry = spec.paths[specPath]?.[method.toLowerCase()]?.responses[String(status)];
  return entry !== undefined && entry.content === undefined;
}

export const validate = (schema: JsonSchema, value: unknown, spec: OnfidoSpec = ONFIDO_SPEC): Issue[] => validateSchema(schema, value, spec);
export type { Issue, JsonSchema };
