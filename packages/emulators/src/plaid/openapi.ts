// Plaid's OpenAPI subset (spec/plaid-identity-verification.json, as Plaid publishes it) compiled
// with ajv, for the contract tests: each operation's 200 schema, and PlaidError for errors. $refs
// point into components.schemas, so the whole components object is one ajv schema and each
// response schema refers into it. OpenAPI 3.0's `nullable` is ajv's own keyword.
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
interface PlaidSpec {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

export const PLAID_SPEC = JSON.parse(readFileSync(new URL('./spec/plaid-identity-verification.json', import.meta.url), 'utf8')) as PlaidSpec;

const SPEC_ID = 'plaid-openapi';
// strict off: the spec carries OpenAPI annotations (example, title, discriminator…) ajv does not know.
const ajv = new Ajv({ strict: false, allErrors: true, discriminator: false });
addFormats(ajv);
ajv.addSchema({ $id: SPEC_ID, components: PLAID_SPEC.components }, SPEC_ID);

const compiled = new Map<string, ValidateFunction>();

/** A validator for `#/components/schemas/<name>` (a $ref as the spec writes it). */
export function schemaValidator(ref: string): ValidateFunction {
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SPEC_ID}${ref}` });
    compiled.set(ref, validate);
  }
  return validate;
}

/** The $ref of an operation's answer: its 200 schema, or PlaidError for an error status. */
export function responseRef(path: string, status: number): string {
  const op = PLAID_SPEC.paths[path]?.post;
  if (!op) throw new Error(`The Plaid spec has no POST ${path}.`);
  if (status >= 400) return '#/components/schemas/PlaidError';
  const ref = op.responses[String(status)]?.content?.['application/json']?.schema.$ref;
  if (!ref) throw new Error(`The Plaid spec has no JSON ${status} answer for POST ${path}.`);
  return ref;
}

/** Ajv's errors for one answer, empty when it conforms. */
export function validateAnswer(path: string, status: number, body: unknown): ErrorObject[] {
  const validate = schemaValidator(responseRef(path, status));
  return validate(body) ? [] : [...(validate.errors ?? [])];
}
