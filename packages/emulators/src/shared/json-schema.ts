// A small strict validator for the JSON schemas of OpenAPI 3.0 documents, for contract tests that
// check an emulator's answers against a provider's published spec. Strict: an object schema that
// lists properties is closed unless it says otherwise, and a null needs `nullable`. It knows what
// the specs we vendor use: $ref, allOf (merged, so the union of the branches' properties is what
// is declared), oneOf (with a discriminator when there is one), anyOf, enum, formats, lengths.
// The Stripe and Onfido emulators' spec modules both check with it.

export interface JsonSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  nullable?: boolean;
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  allOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  oneOf?: readonly JsonSchema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  $ref?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  [annotation: string]: unknown;
}

/** Where `$ref: '#/components/schemas/<name>'` points. */
export interface SchemaRoot {
  components: { schemas: Record<string, JsonSchema> };
}

export interface Issue {
  path: string;
  message: string;
}

/** Formats checked; others (binary, float, email…) are annotations here. */
const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  'date-time': /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/,
};

export function resolve(schema: JsonSchema, root: SchemaRoot): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref; hops++) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
    const target = name ? root.components.schemas[name] : undefined;
    if (!target || hops > 20) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One schema equivalent to an allOf: properties and required names united (a property both sides
 * declare must satisfy both), other keywords taken from whichever branch has them; a branch that
 * disagrees on one of those is kept aside in `allOf` and checked on its own.
 */
export function mergeAllOf(schema: JsonSchema, root: SchemaRoot, depth = 0): JsonSchema {
  const s = resolve(schema, root);
  if (!s.allOf) return s;
  if (depth > 20) throw new Error('allOf nested too deeply');
  const { allOf, ...own } = s;
  const merged: JsonSchema = { ...own, properties: { ...(own.properties ?? {}) }, required: [...(own.required ?? [])] };
  const aside: JsonSchema[] = [];
  let open = own.additionalProperties;
  for (const branch of allOf.map((b) => mergeAllOf(b, root, depth + 1))) {
    for (const [name, prop] of Object.entries(branch.properties ?? {})) {
      const before = merged.properties![name];
      merged.properties![name] = before && !same(before, prop) ? { allOf: [before, prop] } : prop;
    }
    merged.required = [...new Set([...(merged.required ?? []), ...(branch.required ?? [])])];
    // Any branch that allows more keeps the whole open: allOf cannot close what one part leaves open.
    if (branch.additionalProperties !== undefined && branch.additionalProperties !== false) open = branch.additionalProperties;
    for (const [key, value] of Object.entries(branch)) {
      if (['properties', 'required', 'additionalProperties', 'allOf', 'description', 'title', 'example'].includes(key)) continue;
      if (merged[key] === undefined) merged[key] = value;
      else if (!same(merged[key], value)) aside.push({ [key]: value });
    }
  }
  if (open !== undefined) merged.additionalProperties = open;
  if (Object.keys(merged.properties!).length === 0) delete merged.properties;
  if (aside.length) merged.allOf = aside;
  return merged;
}

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
const summary = (issues: Issue[]) => issues.map((i) => `${i.path || '.'} ${i.message}`).join('; ');

/** Every way `value` departs from `schema`; empty when it conforms. */
export function validate(schema: JsonSchema, value: unknown, root: SchemaRoot, path = ''): Issue[] {
  let s: JsonSchema;
  try {
    s = mergeAllOf(schema, root);
  } catch (error) {
    return [{ path, message: (error as Error).message }];
  }
  if (value === null) return s.nullable ? [] : [{ path, message: 'is null but the schema is not nullable' }];
  if (value === undefined) return [{ path, message: 'is undefined' }];
  const issues: Issue[] = [];
  // Branches kept aside by mergeAllOf, checked without their object part (already merged).
  for (const extra of s.allOf ?? []) issues.push(...validate(extra, value, root, path));
  if (s.anyOf) {
    const attempts = s.anyOf.map((branch) => validate(branch, value, root, path));
    if (!attempts.some((a) => a.length === 0)) {
      const closest = attempts.reduce((a, b) => (b.length < a.length ? b : a));
      issues.push({ path, message: `matches none of anyOf (closest: ${summary(closest)})` });
    }
  }
  if (s.oneOf) issues.push(...validateOneOf(s, value, root, path));
  if (s.enum && !s.enum.includes(value)) return [...issues, { path, message: `${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}` }];
  const type = s.type ?? (s.properties ? 'object' : undefined);
  return [...issues, ...validateType(s, type, value, root, path)];
}

function validateOneOf(s: JsonSchema, value: unknown, root: SchemaRoot, path: string): Issue[] {
  const tag = s.discriminator && typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[s.discriminator.propertyName] : undefined;
  const mapped = typeof tag === 'string' ? s.discriminator?.mapping?.[tag] : undefined;
  if (mapped) return validate({ $ref: mapped }, value, root, path);
  const attempts = s.oneOf!.map((branch) => validate(branch, value, root, path));
  const passing = attempts.filter((a) => a.length === 0).length;
  if (passing === 1) return [];
  if (passing > 1) return [{ path, message: `matches ${passing} branches of oneOf, not exactly one` }];
  const closest = attempts.reduce((a, b) => (b.length < a.length ? b : a));
  return [{ path, message: `matches none of oneOf (closest: ${summary(closest)})` }];
}

function validateType(s: JsonSchema, type: JsonSchema['type'], value: unknown, root: SchemaRoot, path: string): Issue[] {
  switch (type) {
    case 'string': {
      if (typeof value !== 'string') return [{ path, message: `expected string, got ${typeof value}` }];
      if (s.minLength !== undefined && value.length < s.minLength) return [{ path, message: `shorter than ${s.minLength}` }];
      if (s.maxLength !== undefined && value.length > s.maxLength) return [{ path, message: `longer than ${s.maxLength}` }];
      if (s.pattern && !new RegExp(s.pattern).test(value)) return [{ path, message: `does not match ${s.pattern}` }];
      const format = s.format ? FORMATS[s.format] : undefined;
      if (format && !format.test(value)) return [{ path, message: `${JSON.stringify(value)} is not a valid ${s.format}` }];
      return [];
    }
    case 'integer':
      return Number.isInteger(value) ? [] : [{ path, message: `expected integer, got ${JSON.stringify(value)}` }];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : [{ path, message: `expected number, got ${typeof value}` }];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [{ path, message: `expected boolean, got ${typeof value}` }];
    case 'array': {
      if (!Array.isArray(value)) return [{ path, message: 'expected array' }];
      if (s.minItems !== undefined && value.length < s.minItems) return [{ path, message: `fewer than ${s.minItems} items` }];
      if (s.maxItems !== undefined && value.length > s.maxItems) return [{ path, message: `more than ${s.maxItems} items` }];
      return s.items ? value.flatMap((v, i) => validate(s.items as JsonSchema, v, root, at(path, i))) : [];
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [{ path, message: 'expected object' }];
      const record = value as Record<string, unknown>;
      const issues: Issue[] = [];
      for (const name of s.required ?? []) if (!(name in record)) issues.push({ path: at(path, name), message: 'is required' });
      // A schema that lists properties is closed unless it says otherwise; one that lists none is a free-form hash.
      const closed = s.additionalProperties === false || (s.additionalProperties === undefined && s.properties !== undefined && Object.keys(s.properties).length > 0);
      for (const [k, v] of Object.entries(record)) {
        const declared = s.properties?.[k];
        if (declared) issues.push(...validate(declared, v, root, at(path, k)));
        else if (typeof s.additionalProperties === 'object') issues.push(...validate(s.additionalProperties, v, root, at(path, k)));
        else if (closed) issues.push({ path: at(path, k), message: 'is not declared in the schema' });
      }
      return issues;
    }
    default:
      return [];
  }
}
