// Consent before capture, proven at the BFF's edge: for a US resident whose session needs a face
// check and who has not accepted Onfido's biometric notice, no widget route, called directly with
// a valid client secret and a well-formed body, makes anything at Onfido (applicant, SDK token,
// check, workflow run). The routes come from the route table, so a route added later is covered
// the day it is added. An attempt is planted in the store, as if one slipped through, so the
// routes that take a session_ref are tried on a real applicant too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnfidoEmulator, ONFIDO_EMULATOR_API_TOKEN, ONFIDO_EMULATOR_WEBHOOK_TOKEN, type OnfidoEmulator } from '@identity-verify/emulators';
import type { z } from 'zod';
import { fieldsFor } from './providers/conformance-fields.js';
import { createTestBff, TEST_ORIGIN } from './testing.js';
import { newId } from './security/tokens.js';

const ONFIDO = 'http://onfido.test';
let bff: Awaited<ReturnType<typeof createTestBff>>;
let onfido: OnfidoEmulator;
let secret: string;
let plantedRef: string;

/** Everything Onfido would create for a person: none of it may happen without the consent. */
const CREATES = ['/v3.6/applicants', '/v3.6/sdk_token', '/v3.6/checks', '/v3.6/workflow_runs', '/v3.6/documents', '/v3.6/live_photos'];
const creations = () => CREATES.flatMap((path) => onfido.controls.requests({ path, method: 'POST' }));

/** A well-formed value for every body field a widget route takes, aimed at Onfido's planted attempt. */
const bodyFor = (schema: z.ZodType | undefined) => fieldsFor(schema, 'onfido', { session_ref: plantedRef });

beforeAll(async () => {
  onfido = createOnfidoEmulator({ publicUrl: ONFIDO });
  bff = await createTestBff(
    { ONFIDO_API_TOKEN: ONFIDO_EMULATOR_API_TOKEN, ONFIDO_WEBHOOK_TOKEN: ONFIDO_EMULATOR_WEBHOOK_TOKEN, ONFIDO_API_BASE: `${ONFIDO}/v3.6` },
    onfido.fetch,
  );
  const s = await bff.readySession('US', { requirements: { layer: 'identity', min_assurance: 'high' } });
  secret = s.client_secret;
  // An applicant (made at Onfido by hand) and an attempt naming it, as if one had slipped through.
  const applicant = await onfido.fetch(`${ONFIDO}/v3.6/applicants`, {
    method: 'POST',
    headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ first_name: 'Jane', last_name: 'Doe', location: { country_of_residence: 'USA' } }),
  });
  plantedRef = ((await applicant.json()) as { id: string }).id;
  await bff.store.createAttempt({
    id: newId('iva'),
    session_id: s.id,
    provider_key: 'onfido',
    session_ref: plantedRef,
    client: { provider_key: 'onfido', flow: 'embedded_sdk', sdk_token: 'planted', sdk_url: null, face: 'standard', workflow_run_id: null },
    private_data: { applicant_id: plantedRef },
    expires_at: s.expires_at,
  });
  // Only what the BFF does from here on counts.
  await onfido.fetch(`${ONFIDO}/__emulator__/requests`, { method: 'DELETE' });
});
afterAll(async () => bff?.close());

describe('a US resident without the Onfido biometric acceptance', () => {
  it('is listed Onfido with the notice it needs', async () => {
    const r = await bff.call('GET', '/v1/identity/providers', { auth: secret });
    expect(r.json.find((p: { provider_key: string }) => p.provider_key === 'onfido')?.notices).toEqual(['onfido_biometric_us']);
  });

  it('gets biometric_consent_required from each route that would reach Onfido', async () => {
    for (const path of ['/v1/identity/verify/initiate', '/v1/identity/verify/refresh', '/v1/identity/verify/complete']) {
      const spec = bff.routes.specs.find((s) => s.path === path)!;
      const r = await bff.call('POST', path, { auth: secret, body: bodyFor(spec.body), headers: { origin: TEST_ORIGIN } });
      expect([path, r.status, r.json?.error?.code]).toEqual([path, 403, 'biometric_consent_required']);
    }
    expect(creations()).toEqual([]);
  });

  it('makes nothing at Onfido through any widget route, called directly', async () => {
    const routes = bff.routes.specs.filter((s) => s.auth === 'client_secret');
    expect(routes.length).toBeGreaterThanOrEqual(9);
    for (const spec of routes) {
      const r = await bff.call(spec.method.toUpperCase(), spec.path, { auth: secret, body: bodyFor(spec.body), headers: { origin: TEST_ORIGIN } });
      expect(r.status, `${spec.method} ${spec.path}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
    }
    expect(creations()).toEqual([]);
    const checks = await onfido.fetch(`${ONFIDO}/v3.6/checks?applicant_id=${plantedRef}`, { headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` } });
    expect(((await checks.json()) as { checks: unknown[] }).checks).toEqual([]);
  });
});
