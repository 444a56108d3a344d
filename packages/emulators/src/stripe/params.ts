// Checks a request's decoded form params against the operation's schema in the spec and turns the
// strings into the declared types ("true" → true, "30" → 30), failing the way Stripe fails:
// parameter_unknown, parameter_missing, parameter_invalid_empty, parameter_invalid_integer, …
import { errors } from './errors.js';
import type { FormObject, FormValue } from './form.js';
import { resolve, type JsonSchema } from './openapi.js';

export type Params = Record<string, unknown>;

const child = (param: string, key: string | number) => (param ? `${param}[${key}]` : String(key));

function shapeOf(value: FormValue): 'string' | 'array' | 'hash' {
  return typeof value === 'string' ? 'string' : Array.isArray(value) ? 'array' : 'hash';
}

function coerceObject(s: JsonSchema, value: FormValue, param: string): Params {
  if (typeof value === 'string' && value === '') throw errors.emptyParameter(param);
  if (shapeOf(value) !== 'hash') throw errors.invalidShape(param, 'hash');
  const record = value as FormObject;
  const properties = s.properties ?? {};
  const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : null;
  for (const key of Object.keys(record)) {
    if (!(key in properties) && !extra) throw errors.unknownParameter(child(param, key));
  }
  const out: Params = {};
  for (const [key, v] of Object.entries(record)) {
    const declared = properties[key];
    if (declared) out[key] = coerce(declared, v, child(param, key));
    // Free-form hashes (metadata) take strings, and '' there means "remove this key".
    else if (extra) out[key] = typeof v === 'string' ? v : coerce(extra, v, child(param, key));
  }
  for (const name of s.required ?? []) if (!(name in record)) throw errors.missingParameter(child(param, name));
  return out;
}

function coerceScalar(s: JsonSchema, value: FormValue, param: string): unknown {
  if (typeof value !== 'string') throw errors.invalidShape(param, 'string');
  if (value === '' && !s.enum?.includes('')) throw errors.emptyParameter(param);
  if (s.enum) {
    if (!s.enum.includes(value)) throw errors.invalidEnum(param, s.enum.filter((e): e is string => typeof e === 'string' && e !== ''));
    return value;
  }
  switch (s.type) {
    case 'integer':
      if (!/^-?\d{1,15}$/.test(value)) throw errors.invalidInteger(param, value);
      return Number(value);
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw errors.invalidBoolean(param, value);
      return value === 'true';
    default:
      if (s.maxLength !== undefined && value.length > s.maxLength) throw errors.tooLong(param, s.maxLength);
      return value;
  }
}

/** One parameter against its schema; throws the StripeApiError Stripe would answer with. */
export function coerce(schema: JsonSchema, value: FormValue, param: string): unknown {
  const s = resolve(schema);
  if (s.anyOf) {
    // Try the branch that fits the value's shape first, so its error is the one reported.
    const fits = (b: JsonSchema) => {
      const r = resolve(b);
      const shape = r.type === 'object' ? 'hash' : r.type === 'array' ? 'array' : 'string';
      return shape === shapeOf(value);
    };
    const ordered = [...s.anyOf].sort((a, b) => Number(fits(b)) - Number(fits(a)));
    let first: unknown;
    for (const branch of ordered) {
      try {
        return coerce(branch, value, param);
      } catch (error) {
        first ??= error;
      }
    }
    throw first;
  }
  if (s.type === 'object') return coerceObject(s, value, param);
  if (s.type === 'array') {
    if (value === '') throw errors.emptyParameter(param);
    if (!Array.isArray(value)) throw errors.invalidShape(param, 'array');
    return value.map((v, i) => coerce(s.items ?? { type: 'string' }, v, child(param, i)));
  }
  return coerceScalar(s, value, param);
}

/** All params of a request against the operation's request schema (see openapi.requestSchema). */
export function coerceParams(schema: JsonSchema, raw: FormObject): Params {
  return coerceObject(resolve(schema), raw, '');
}
