// The spec validator the contract tests rely on: it must fail on what a faithful emulator must not
// send, and the overlay of newer fields must only add to Stripe's published spec.
import { describe, expect, it } from 'vitest';
import { BASE_SPEC, STRIPE_FIXTURES, validate, type JsonSchema } from './openapi.js';
import { PARAMETER_ADDITIONS, RESPONSE_ADDITIONS } from './overlay.js';
import { signStripePayload } from './webhooks.js';

const session = (): JsonSchema => ({ $ref: '#/components/schemas/identity.verification_session' });
const fixtureSession = () => structuredClone(STRIPE_FIXTURES['identity.verification_session']) as Record<string, unknown>;

describe('validate', () => {
  it("accepts Stripe's own 2026 fixtures for every identity object once the overlay is applied", () => {
    for (const name of ['identity.verification_session', 'identity.verification_report', 'file', 'file_link'] as const) {
      expect(validate({ $ref: `#/components/schemas/${name}` }, STRIPE_FIXTURES[name]), name).toEqual([]);
    }
  });

  it('fails the same fixture against the bare 2023 spec only on the fields the overlay declares', () => {
    const issues = validate(session(), fixtureSession(), BASE_SPEC);
    expect(issues.map((i) => i.path).sort()).toEqual(['client_reference_id', 'related_customer', 'related_customer_account']);
    expect(issues.every((i) => i.message === 'is not declared in the schema')).toBe(true);
  });

  it('fails on an undeclared field, a wrong type, an unknown enum value, a stray null and a missing required field', () => {
    const bad = fixtureSession();
    bad.surprise = 1;
    bad.created = '1234567890';
    bad.status = 'approved';
    bad.livemode = null;
    delete bad.id;
    (bad.options as { document: Record<string, unknown> }).document.require_matching_selfie = 'true';
    expect(validate(session(), bad).map((i) => i.path).sort()).toEqual(
      ['created', 'id', 'livemode', 'options', 'status', 'surprise'].sort(),
    );
  });

  it('checks nested objects through $ref and anyOf, and list envelopes through their item schema', () => {
    const withReport = fixtureSession();
    withReport.last_verification_report = { ...(STRIPE_FIXTURES['identity.verification_report'] as object), extra: true };
    expect(validate(session(), withReport)).toHaveLength(1);
    const list: JsonSchema = BASE_SPEC.paths['/v1/identity/verification_sessions']!.get!.responses['200']!.content!['application/json']!.schema;
    expect(validate(list, { object: 'list', data: [fixtureSession()], has_more: false, url: '/v1/identity/verification_sessions' })).toEqual([]);
    expect(validate(list, { object: 'list', data: [{}], has_more: 'no', url: '/v1/events' })).not.toEqual([]);
  });
});

describe('the overlay', () => {
  it('only adds properties the published spec does not have', () => {
    for (const [name, props] of Object.entries(RESPONSE_ADDITIONS)) {
      const published = BASE_SPEC.components.schemas[name]?.properties ?? {};
      for (const prop of Object.keys(props)) expect(published, `${name}.${prop}`).not.toHaveProperty(prop);
    }
    for (const [key, props] of Object.entries(PARAMETER_ADDITIONS)) {
      const [method, path] = key.split(' ') as [string, string];
      const op = BASE_SPEC.paths[path]![method.toLowerCase()]!;
      const names = [
        ...(op.parameters ?? []).map((p) => p.name),
        ...Object.keys(op.requestBody?.content['application/x-www-form-urlencoded']?.schema.properties ?? {}),
      ];
      for (const prop of Object.keys(props)) expect(names, `${key} ${prop}`).not.toContain(prop);
    }
  });
});

describe('signStripePayload', () => {
  it('passes the published test vector (PROVIDERS.md, Stripe webhooks)', () => {
    const body = '{"id":"evt_test_1","object":"event","type":"identity.verification_session.verified"}';
    expect(signStripePayload(body, 'whsec_test_secret', 1700000000)).toBe(
      't=1700000000,v1=8fb939d0eec07451ccceb4704368d60f55246bc35dd0e7ea2446d16bc1d8d869',
    );
  });
});
