// Stripe's form encoding decoded into params, and params checked against the spec's request schemas.
import { describe, expect, it } from 'vitest';
import { StripeApiError } from './errors.js';
import { canonicalParams, decodeForm, FormShapeError } from './form.js';
import { requestSchema } from './openapi.js';
import { coerceParams } from './params.js';

const decode = (query: string) => decodeForm(new URLSearchParams(query));

describe('decodeForm', () => {
  it('builds nested hashes, indexed and un-indexed arrays, with brackets raw or percent-encoded', () => {
    expect(
      decode(
        'type=document&options[document][require_matching_selfie]=true&options%5Bdocument%5D%5Ballowed_types%5D%5B%5D=passport' +
          '&options[document][allowed_types][]=id_card&metadata[user]=u%201&expand[1]=b&expand[0]=a',
      ),
    ).toEqual({
      type: 'document',
      options: { document: { require_matching_selfie: 'true', allowed_types: ['passport', 'id_card'] } },
      metadata: { user: 'u 1' },
      expand: ['a', 'b'],
    });
  });

  it('keeps array elements that are hashes together by index', () => {
    expect(decode('items[0][a]=1&items[1][a]=2&items[0][b]=3')).toEqual({ items: [{ a: '1', b: '3' }, { a: '2' }] });
  });

  it('names the parameter when a key is used as two different shapes', () => {
    expect(() => decode('options=x&options[document]=y')).toThrow(FormShapeError);
    try {
      decode('expand[0]=a&expand[x]=b');
    } catch (error) {
      expect(error).toMatchObject({ param: 'expand', expected: 'array' });
    }
  });

  it('compares params regardless of key order, but not of array order', () => {
    expect(canonicalParams(decode('a=1&b[x]=2&b[y]=3'))).toBe(canonicalParams(decode('b[y]=3&a=1&b[x]=2')));
    expect(canonicalParams(decode('e[]=1&e[]=2'))).not.toBe(canonicalParams(decode('e[]=2&e[]=1')));
  });
});

describe('coerceParams against the create-session schema', () => {
  const schema = requestSchema('POST', '/v1/identity/verification_sessions');
  const refusal = (query: string) => {
    try {
      coerceParams(schema, decode(query));
    } catch (error) {
      if (error instanceof StripeApiError) return { status: error.status, ...error.body };
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('turns strings into the declared booleans and keeps enums, metadata and the empty-string unset', () => {
    expect(coerceParams(schema, decode('type=document&options[document][require_live_capture]=false&options[document][allowed_types][0]=passport&metadata[k]=v'))).toEqual({
      type: 'document',
      options: { document: { require_live_capture: false, allowed_types: ['passport'] } },
      metadata: { k: 'v' },
    });
    expect(coerceParams(schema, decode('type=id_number&options[document]='))).toEqual({ type: 'id_number', options: { document: '' } });
  });

  it('refuses as Stripe does, naming the parameter', () => {
    expect(refusal('type=document&colour=red')).toMatchObject({ status: 400, code: 'parameter_unknown', param: 'colour' });
    expect(refusal('type=document&options[document][require_selfie]=true')).toMatchObject({ code: 'parameter_unknown', param: 'options[document][require_selfie]' });
    expect(refusal('type=document&options[document][require_live_capture]=yes')).toMatchObject({ param: 'options[document][require_live_capture]', message: 'Invalid boolean: yes' });
    expect(refusal('type=selfie')).toMatchObject({ param: 'type', message: 'Invalid type: must be one of document or id_number' });
    expect(refusal('type=document&options[document][allowed_types][]=visa')).toMatchObject({ param: 'options[document][allowed_types][0]' });
    expect(refusal('type=document&return_url=')).toMatchObject({ code: 'parameter_invalid_empty', param: 'return_url' });
    expect(refusal('type=document&related_person[account]=acct_1')).toMatchObject({ code: 'parameter_missing', param: 'related_person[person]' });
  });

  it('checks integers on list endpoints', () => {
    const list = requestSchema('GET', '/v1/identity/verification_sessions');
    expect(coerceParams(list, decode('limit=3&created[gte]=100'))).toEqual({ limit: 3, created: { gte: 100 } });
    expect(() => coerceParams(list, decode('limit=three'))).toThrow(/Invalid integer: three/);
  });
});
