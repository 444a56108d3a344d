// One conformance suite over every provider the BFF lists, each with its emulator wired as the
// stack wires it: a provider is covered the day it joins providers/index.ts (and fails here
// until it brings its kit, providers/<key>/conformance.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { IDENTITY_PROFILE_REPORT_SCHEMA } from '@identity-verify/contract/identity-profile-schema';
import { TEST_API_KEY } from '../testing.js';
import { fieldsFor } from './conformance-fields.js';
import { startHarness, type ConformanceKit } from './conformance-kit.js';
import { PROVIDER_MODULES } from './index.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const validateReport = ajv.compile(IDENTITY_PROFILE_REPORT_SCHEMA);

const kits = new Map<string, ConformanceKit | undefined>();
for (const { key } of PROVIDER_MODULES) {
  kits.set(key, await import(`./${key}/conformance.ts`).then((m: { conformance: ConformanceKit }) => m.conformance, () => undefined));
}

it('every listed provider brings its conformance kit', () => {
  expect([...kits].filter(([, kit]) => !kit).map(([key]) => key)).toEqual([]);
});

for (const { key } of PROVIDER_MODULES) {
  const kit = kits.get(key);
  if (!kit) continue;

  describe(`${key} conforms`, () => {
    let h: Awaited<ReturnType<typeof startHarness>>;
    beforeAll(async () => {
      h = await startHarness(key, kit);
    });
    afterAll(async () => h?.close());

    const webhookPaths = () => h.bff.routes.specs.filter((s) => s.path.startsWith(`/v1/providers/${key}/`) && s.path.endsWith('/webhook')).map((s) => s.path);
    const outcomesApplied = async (sessionId: string) => (await h.bff.store.auditTrail(sessionId)).filter((a) => a.action === 'outcome.applied').length;
    const host = (id: string) => h.bff.call('GET', `/v1/sessions/${id}`, { auth: TEST_API_KEY });

    it('hands the widget a client naming this provider and the flow its catalogue entry announced, and no secret', async () => {
      const t = await h.started();
      expect(t.client.provider_key).toBe(key);
      expect(t.client.flow).toBe(t.entry.flow);
      const seen = JSON.stringify(await t.widget('GET', '/v1/identity/session')) + JSON.stringify(t.client);
      for (const secret of h.secrets) expect(seen).not.toContain(secret);
    });

    it.runIf(Boolean(kit.finish))('refuses a forged webhook with 400, and a replayed one changes nothing', async () => {
      const t = await h.started();
      h.toBff.length = 0;
      await kit.finish!(t);
      const genuine = h.toBff.filter((r) => r.method === 'POST' && r.body);
      expect(genuine.length, 'the provider sent signed events').toBeGreaterThan(0);
      expect(webhookPaths()).toHaveLength(1);
      const before = { status: (await host(t.session.id)).json.status, applied: await outcomesApplied(t.session.id) };
      for (const event of genuine) {
        const path = new URL(event.url).pathname;
        const replayed = await h.bff.call('POST', path, { body: event.body, headers: event.headers });
        expect([path, replayed.status, replayed.json]).toEqual([path, 200, { received: true, duplicate: true }]);
        const unsigned = await h.bff.call('POST', webhookPaths()[0]!, { body: event.body, headers: { 'content-type': 'application/json' } });
        expect([unsigned.status, unsigned.json?.error?.code]).toEqual([400, 'webhook_signature_invalid']);
        const tampered = event.body.replace(/"[^"]*"/, '"tampered"');
        const altered = await h.bff.call('POST', webhookPaths()[0]!, { body: tampered, headers: event.headers });
        expect([altered.status, altered.json?.error?.code]).toEqual([400, 'webhook_signature_invalid']);
      }
      expect({ status: (await host(t.session.id)).json.status, applied: await outcomesApplied(t.session.id) }).toEqual(before);
    });

    // Seed 004's report from what the provider established, for every provider that establishes
    // an identity: it validates against the one schema, carries the person only on this include,
    // and its reading is audited.
    const verify = kit.verify ?? kit.finish;
    it.runIf(Boolean(verify) && key !== 'turnstile')("reports what it established as seed 004's identity profile (include=identity_profile)", async () => {
      const t = await h.started();
      await verify!(t);
      const plain = (await host(t.session.id)).json;
      expect(plain.status).toBe('verified');
      expect(plain).not.toHaveProperty('identity_profile');
      const read = await h.bff.call('GET', `/v1/sessions/${t.session.id}?include=identity_profile`, { auth: TEST_API_KEY });
      const profile = read.json.identity_profile;
      expect(validateReport(profile) ? [] : validateReport.errors).toEqual([]);
      expect(profile.identity_assertion.date_of_birth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(profile.verification_report.trust_framework, 'a framework only where the provider certified one').toEqual(key === 'yoti' ? expect.stringMatching(/^(UK_TFIDA|YOTI_GLOBAL)$/) : 'NONE');
      expect((await h.bff.store.auditTrail(t.session.id)).map((a) => a.action)).toContain('identity_profile.read');
    });

    it('takes a redaction run twice', async () => {
      const t = await h.started();
      if (kit.finish) await kit.finish(t);
      const first = await h.bff.call('POST', `/v1/sessions/${t.session.id}/redact`, { auth: TEST_API_KEY });
      const second = await h.bff.call('POST', `/v1/sessions/${t.session.id}/redact`, { auth: TEST_API_KEY });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.json.redaction).toEqual(first.json.redaction);
      if (kit.held) expect(await kit.held(t)).toEqual([]);
    });

    it.runIf(Boolean(kit.held))('leaves nothing pending at the provider for an attempt abandoned by a move to another country, or by the host', async () => {
      const held = kit.held!;
      const moved = await h.started();
      expect(await held(moved), 'an open attempt is held').not.toEqual([]);
      await moved.widget('POST', '/v1/identity/residence', { country: kit.otherCountry });
      expect(await held(moved)).toEqual([]);
      const canceled = await h.started();
      expect((await h.bff.call('POST', `/v1/sessions/${canceled.session.id}/cancel`, { auth: TEST_API_KEY })).status).toBe(200);
      expect(await held(canceled)).toEqual([]);
    });

    it.runIf(Boolean(kit.noticed))('reaches the provider by no widget route without the notices it needs', async () => {
      const { s, widget } = await h.session(kit.noticed!);
      const entry = (await widget('GET', '/v1/identity/providers')).json.find((p: { provider_key: string }) => p.provider_key === key);
      expect(entry?.notices.length, 'the catalogue names the notice').toBeGreaterThan(0);
      h.toProviders.length = 0;
      const initiate = await widget('POST', '/v1/identity/verify/initiate', { provider_key: key, requested_claims: entry.claim_types });
      expect([initiate.status, initiate.json.error.code]).toEqual([403, 'biometric_consent_required']);
      for (const spec of h.bff.routes.specs.filter((r) => r.auth === 'client_secret')) {
        const r = await widget(spec.method.toUpperCase(), spec.path, fieldsFor(spec.body, key));
        expect(r.status, `${spec.method} ${spec.path}`).toBeLessThan(500);
      }
      expect(h.toProviders.map((r) => `${r.method} ${r.url}`)).toEqual([]);
      expect((await host(s.id)).json.status).not.toBe('verified');
    });
  });
}
