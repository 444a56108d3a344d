// The strict OpenAPI schema validator the contract tests rely on: it must fail on what a faithful
// emulator must not send, across allOf, oneOf (with and without a discriminator), formats, nulls.
import { describe, expect, it } from 'vitest';
import { STRIPE_FIXTURES, STRIPE_SPEC } from '../stripe/openapi.js';
import { mergeAllOf, validate, type SchemaRoot } from './json-schema.js';

const root: SchemaRoot = {
  components: {
    schemas: {
      shared: { type: 'object', properties: { applicant_id: { type: 'string', format: 'uuid' }, tags: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 2, nullable: true } }, required: ['applicant_id'] },
      response: { type: 'object', properties: { id: { type: 'string' }, status: { allOf: [{ $ref: '#/components/schemas/status' }], description: 'the status' } }, required: ['id'] },
      run: { allOf: [{ $ref: '#/components/schemas/shared' }, { $ref: '#/components/schemas/response' }] },
      status: { type: 'string', enum: ['approved', 'declined'] },
      cat: { allOf: [{ $ref: '#/components/schemas/animal' }, { properties: { meows: { type: 'boolean' } }, type: 'object' }] },
      dog: { allOf: [{ $ref: '#/components/schemas/animal' }, { properties: { barks: { type: 'boolean' } }, type: 'object' }] },
      animal: { properties: { name: { type: 'string' }, born: { type: 'string', format: 'date' }, seen: { type: 'string', format: 'date-time' } }, required: ['name'] },
      pet: { oneOf: [{ $ref: '#/components/schemas/cat' }, { $ref: '#/components/schemas/dog' }], discriminator: { propertyName: 'name', mapping: { tom: '#/components/schemas/cat', rex: '#/components/schemas/dog' } } },
      either: { oneOf: [{ $ref: '#/components/schemas/cat' }, { $ref: '#/components/schemas/dog' }] },
      hash: { type: 'object', additionalProperties: true },
    },
  },
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const check = (name: string, value: unknown) => validate(ref(name), value, root);
const ID = '2f152409-d6c4-4711-8750-48517f99a8d6';

describe('allOf', () => {
  it('declares the union of the branches: fields of either are accepted, others are not', () => {
    expect(check('run', { applicant_id: ID, id: 'x', status: 'approved', tags: null })).toEqual([]);
    expect(check('run', { applicant_id: ID, id: 'x', extra: 1 })).toEqual([{ path: 'extra', message: 'is not declared in the schema' }]);
    expect(check('run', { id: 'x' })).toEqual([{ path: 'applicant_id', message: 'is required' }]);
    expect(mergeAllOf(ref('run'), root).required).toEqual(['applicant_id', 'id']);
  });

  it('applies what a property wraps in allOf (an enum), and array bounds', () => {
    expect(check('run', { applicant_id: ID, id: 'x', status: 'maybe' }).map((i) => i.path)).toEqual(['status']);
    expect(check('run', { applicant_id: ID, id: 'x', tags: ['a', 'b', 'c'] })).toEqual([{ path: 'tags', message: 'more than 2 items' }]);
    expect(check('run', { applicant_id: ID, id: 'x', tags: [''] })).toEqual([{ path: 'tags[0]', message: 'shorter than 1' }]);
  });
});

describe('oneOf', () => {
  it('follows the discriminator to one branch', () => {
    expect(check('pet', { name: 'tom', meows: true })).toEqual([]);
    expect(check('pet', { name: 'rex', meows: true })).toEqual([{ path: 'meows', message: 'is not declared in the schema' }]);
  });

  it('without one, needs exactly one branch to match', () => {
    expect(check('either', { name: 'a', barks: true })).toEqual([]);
    expect(check('either', { name: 'a' })[0]?.message).toMatch(/matches 2 branches/);
    expect(check('either', { name: 'a', flies: true })[0]?.message).toMatch(/matches none of oneOf/);
  });
});

describe('formats, nulls and free-form objects', () => {
  it('checks uuid, date and date-time, and refuses a null that is not nullable', () => {
    expect(check('run', { applicant_id: 'abc', id: null }).map((i) => i.message)).toEqual(['"abc" is not a valid uuid', 'is null but the schema is not nullable']);
    expect(check('animal', { name: 'n', born: '2024-02-30T00:00:00Z', seen: '2024-01-01' }).map((i) => i.path)).toEqual(['born', 'seen']);
    expect(check('animal', { name: 'n', born: '2024-02-28', seen: '2024-01-01T10:00:00.5+02:00' })).toEqual([]);
    expect(check('hash', { anything: [1, { a: null }] })).toEqual([]);
  });

  it("accepts Stripe's own fixtures as the Stripe emulator's validator does (same rules for what both know)", () => {
    for (const name of ['identity.verification_session', 'identity.verification_report', 'file', 'file_link'] as const) {
      expect(validate(ref(name), STRIPE_FIXTURES[name], STRIPE_SPEC as unknown as SchemaRoot), name).toEqual([]);
    }
  });
});
