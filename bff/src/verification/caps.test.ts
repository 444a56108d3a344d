// Per-session caps, and the consent evidence (IP, user agent) sealed at rest.
import { describe, expect, it } from 'vitest';
import { createTestBff, privacyConsent, TEST_API_KEY } from '../testing.js';
import { InFlight, SESSION_CAPS } from './caps.js';

const TURNSTILE = { TURNSTILE_SITEKEY: 'sk', TURNSTILE_SECRET: 'secret-for-tests', IDV_SESSION_TTL_SECONDS: String(7 * 24 * 3600) };

describe('per-session caps', () => {
  it(`records at most ${SESSION_CAPS.consents} consent decisions for a session`, async () => {
    const bff = await createTestBff();
    try {
      const s = await bff.createSession();
      for (let i = 0; i < SESSION_CAPS.consents; i++) {
        expect((await bff.call('POST', '/v1/identity/consents', { auth: s.client_secret, body: privacyConsent() })).status).toBe(201);
      }
      const refused = await bff.call('POST', '/v1/identity/consents', { auth: s.client_secret, body: privacyConsent() });
      expect([refused.status, refused.json.error.code, refused.json.error.details.limit]).toEqual([429, 'rate_limited', 'consents']);
      expect(await bff.store.countOf('consents', s.id)).toBe(SESSION_CAPS.consents);
    } finally {
      await bff.close();
    }
  });

  it(`starts at most ${SESSION_CAPS.attempts} attempts for a session`, async () => {
    const bff = await createTestBff(TURNSTILE);
    try {
      const s = await bff.readySession('SE');
      const initiate = () => bff.call('POST', '/v1/identity/verify/initiate', { auth: s.client_secret, body: { provider_key: 'turnstile', requested_claims: ['verified_human'] } });
      for (let i = 0; i < SESSION_CAPS.attempts; i++) {
        expect((await initiate()).status).toBe(201);
        bff.clock.advance(10 * 60_000); // the attempt expires unused: the next one replaces it
      }
      const refused = await initiate();
      expect([refused.status, refused.json.error.details.limit]).toEqual([429, 'attempts']);
    } finally {
      await bff.close();
    }
  });

  it('runs at most its limit of work at once per key, and frees the place when work ends or fails', async () => {
    const inFlight = new InFlight(2);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const refusal = () => new Error('busy');
    const first = inFlight.run('s1', refusal, () => held);
    const second = inFlight.run('s1', refusal, () => held);
    await expect(inFlight.run('s1', refusal, async () => 'third')).rejects.toThrow('busy');
    await expect(inFlight.run('s2', refusal, async () => 'other session')).resolves.toBe('other session');
    release();
    await Promise.all([first, second]);
    await expect(inFlight.run('s1', refusal, async () => { throw new Error('failed'); })).rejects.toThrow('failed');
    await expect(inFlight.run('s1', refusal, async () => 'again')).resolves.toBe('again');
  });
});

describe('consent evidence at rest', () => {
  it("keeps the IP and user agent sealed in the database, and opens them only for the host's receipt", async () => {
    const bff = await createTestBff();
    try {
      const s = await bff.createSession();
      const userAgent = 'CanaryBrowser/7.7 (unique-ua-marker)';
      await bff.call('POST', '/v1/identity/consents', { auth: s.client_secret, headers: { 'user-agent': userAgent }, body: privacyConsent() });
      const [row] = await bff.store.listConsents(s.id);
      expect(row!.user_agent).toMatch(/^v1\./);
      expect(JSON.stringify(row)).not.toContain('unique-ua-marker');
      const receipt = await bff.call('GET', `/v1/sessions/${s.id}/consents`, { auth: TEST_API_KEY });
      expect(receipt.json[0]).toMatchObject({ user_agent: userAgent });
    } finally {
      await bff.close();
    }
  });
});
