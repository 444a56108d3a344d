// Well-formed values from a JSON Schema (the subset /openapi.json uses, as zod writes it), as
// fast-check arbitraries: the valid inputs the fuzz run starts from before it mutates them.
// A property may have a hint (by name): realistic values that let a request get past
// validation into the code behind it (a country we cover, a session_ref that exists).
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Realistic values for a property, by its name: mixed in with what the schema alone allows. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

const clampedString = (schema: JsonSchema) => {
  const minLength = schema.minLength ?? 0;
  // Long enough to meet a minimum, short enough to stay readable: huge strings are a mutation.
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength, unit: fc.constantFrom(...'abcxyz019-_ ') }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }) },
  );
};

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? Infinity));
  if (schema.format === 'uri') return fc.webUrl({ withQueryParameters: true }).filter((u) => u.length <= (schema.maxLength ?? 2048));
  return clampedString(schema);
}

export function arbitraryOf(schema: JsonSchema, hints: Hints = {}, name?: string): fc.Arbitrary<unknown> {
  const hint = name ? hints[name] : undefined;
  const plain = plainArbitrary(schema, hints);
  return hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: plain }) : plain;
}

function plainArbitrary(schema: JsonSchema, hints: Hints): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryOf(s, hints)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(arbitraryOf(schema.items ?? {}, hints), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const named = Object.keys(properties).length
        ? fc.record(Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, arbitraryOf(s, hints, key)])), { requiredKeys: schema.required ?? [] })
        : fc.constant({});
      if (typeof schema.additionalProperties !== 'object') return named;
      const extra = fc.dictionary(
        stringArbitrary(schema.propertyNames ?? { type: 'string', minLength: 1, maxLength: 20 }).filter((k) => !(k in properties) && k !== '__proto__'),
        arbitraryOf(schema.additionalProperties, hints),
        { maxKeys: 4 },
      );
      return fc.tuple(named, extra).map(([a, b]) => ({ ...b, ...a }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
