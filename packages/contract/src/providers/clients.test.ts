// The widget-facing client union: our capture's one shape for any provider that takes images,
// every other client its provider's own, told apart by provider_key.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActiveAttemptSchema, ProviderClientSchema } from '../schemas.js';

const sdk = { flow: 'embedded_sdk', sdk_token: 'header.payload.signature', sdk_url: null, face: 'standard', workflow_run_id: null };
const capture = { flow: 'native_capture', document_types: ['passport'], selfie: true, max_bytes: 3 << 20, min_long_edge: 1600 };

describe('ProviderClientSchema', () => {
  it("takes Onfido's SDK client under both keys that hand one out, and our capture for either", () => {
    for (const provider_key of ['onfido', 'signicat_onfido']) {
      expect(ProviderClientSchema.parse({ provider_key, ...sdk })).toEqual({ provider_key, ...sdk });
      expect(ProviderClientSchema.parse({ provider_key, ...capture })).toEqual({ provider_key, ...capture });
    }
  });

  it("refuses one provider's client under another's key", () => {
    expect(ProviderClientSchema.safeParse({ provider_key: 'stripe_identity', ...sdk }).success).toBe(false);
    expect(ProviderClientSchema.safeParse({ provider_key: 'turnstile', ...capture }).success).toBe(false);
    const turnstile = { flow: 'inline_token', script_url: 'https://challenges.cloudflare.com/turnstile/v0/api.js', sitekey: 'k', action: 'a', cdata: 'c' };
    expect(ProviderClientSchema.safeParse({ provider_key: 'turnstile', ...turnstile }).success).toBe(true);
    expect(ProviderClientSchema.safeParse({ provider_key: 'onfido', ...turnstile }).success).toBe(false);
  });

  it('has a JSON Schema for /openapi.json', () => {
    const schema = z.toJSONSchema(ActiveAttemptSchema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' });
    expect(JSON.stringify(schema)).toContain('"signicat_onfido"');
  });
});
