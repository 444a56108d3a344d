// Tenancy: each API key (or key set) is a tenant; a session, its consents and its result belong to
// the tenant that created it, and another tenant's key finds nothing there.
import { describe, expect, it } from 'vitest';
import { createTestBff, privacyConsent } from './testing.js';

const ACME = 'sk_test_acme_0000000000000000000000';
const ACME_NEXT = 'sk_test_acme_rotated_0000000000000';
const GLOBEX = 'sk_test_globex_000000000000000000000';

describe('tenants', () => {
  it("answers another tenant's key 404 on every host route and changes nothing; the tenant's other key reaches it", async () => {
    const bff = await createTestBff({ IDV_API_KEYS: `acme:${ACME},acme:${ACME_NEXT},globex:${GLOBEX}` });
    try {
      const created = await bff.call('POST', '/v1/sessions', { auth: ACME, body: { reference: 'order-1' } });
      expect(created.status).toBe(201);
      const { id, client_secret } = created.json;
      await bff.call('POST', '/v1/identity/consents', { auth: client_secret, body: privacyConsent() });
      for (const [method, path] of [
        ['GET', `/v1/sessions/${id}`],
        ['GET', `/v1/sessions/${id}/consents`],
        ['POST', `/v1/sessions/${id}/cancel`],
        ['POST', `/v1/sessions/${id}/redact`],
      ] as const) {
        const r = await bff.call(method, path, { auth: GLOBEX });
        expect([method, path, r.status, r.json.error.code]).toEqual([method, path, 404, 'not_found']);
      }
      const read = await bff.call('GET', `/v1/sessions/${id}`, { auth: ACME_NEXT });
      expect(read.json).toMatchObject({ id, reference: 'order-1', status: 'requires_input', redaction: null });
      expect((await bff.call('GET', `/v1/sessions/${id}/consents`, { auth: ACME_NEXT })).json).toHaveLength(1);
    } finally {
      await bff.close();
    }
  });

  it("verifies each tenant's own audit chain, and audits the reads of personal data", async () => {
    const bff = await createTestBff({ IDV_API_KEYS: `acme:${ACME},globex:${GLOBEX}` });
    try {
      const { id, client_secret } = (await bff.call('POST', '/v1/sessions', { auth: ACME, body: {} })).json;
      await bff.call('POST', '/v1/identity/consents', { auth: client_secret, body: privacyConsent() });
      await bff.call('GET', `/v1/sessions/${id}/consents`, { auth: ACME });
      expect((await bff.store.auditTrail(id)).map((a) => a.action)).toContain('consents.read');
      const acme = await bff.call('GET', '/v1/audit/verify', { auth: ACME });
      expect(acme.json).toEqual({ valid: true, rows: (await bff.store.auditTrail(id)).length });
      expect(acme.json.rows).toBeGreaterThanOrEqual(3);
      // Another tenant's chain holds none of it.
      expect((await bff.call('GET', '/v1/audit/verify', { auth: GLOBEX })).json).toEqual({ valid: true, rows: 0 });
    } finally {
      await bff.close();
    }
  });

  it('reads a bare key as the default tenant, and refuses a malformed tenant or a key given to two tenants', async () => {
    const bff = await createTestBff({ IDV_API_KEYS: `${ACME},globex:${GLOBEX}` });
    try {
      const { id } = (await bff.call('POST', '/v1/sessions', { auth: ACME, body: {} })).json;
      expect((await bff.store.getSession(id))?.tenant).toBe('default');
      expect((await bff.call('GET', `/v1/sessions/${id}`, { auth: GLOBEX })).status).toBe(404);
    } finally {
      await bff.close();
    }
    await expect(createTestBff({ IDV_API_KEYS: `Acme Corp:${ACME}` })).rejects.toThrow(/tenant name/);
    await expect(createTestBff({ IDV_API_KEYS: `acme:${ACME},globex:${ACME}` })).rejects.toThrow(/listed twice/);
  });
});
