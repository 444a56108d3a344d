// Processes: create and its validation, get, delete, start verification and each refusal seed 001
// describes (location, the US privacy consent), documentVideo through the SDK-capture control,
// and the onfido document types.
import { describe, expect, it } from 'vitest';
import { residenceOf } from './lifecycle.js';
import type { ProcessRecord } from './model.js';
import { GOOD, harness } from './testing.js';

const images = { front: GOOD.front, selfie: GOOD.selfie };

describe('create process', () => {
  it('takes seed 001 request bodies', async () => {
    const h = harness();
    const id = await h.dossier();
    for (const body of [
      { provider: 'onfido', processType: 'documentSelfie', documentType: 'passport', processParameters: { location: { countryOfResidence: 'NLD' } } },
      { provider: 'onfido', processType: 'documentSelfie', documentType: 'passport', processParameters: { location: { countryOfResidence: 'USA' }, consents: { privacy: true } } },
      { provider: 'onfido', processType: 'document', processParameters: { location: { ipAddress: '176.78.162.201' } } },
      { provider: 'onfido', processType: 'document', processParameters: { mobileAppId: 'com.example.mymobileapp' } },
    ]) {
      const res = await h.call('POST', `/assure/dossiers/${id}/processes`, body);
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ status: 'pending', provider: 'onfido', processType: body.processType, authorization: expect.stringMatching(/^eyJ/) });
    }
  });

  it.each([
    [{ provider: 'idin', processType: 'document' }, /provider: .*onfido/],
    [{ provider: 'onfido', processType: 'selfie' }, /processType: must be one of document, documentSelfie, documentVideo/],
    [{ provider: 'onfido', processType: 'document', documentType: 'idCard' }, /documentType/],
    [{ provider: 'onfido', processType: 'document', processParameters: { location: { countryOfResidence: 'NL' } } }, /countryOfResidence: must be an ISO 3166-1 alpha-3/],
    [{ provider: 'onfido', processType: 'document', processParameters: { location: { ipAddress: 'here' } } }, /ipAddress/],
    [{ provider: 'onfido', processType: 'document', processParameters: { consents: { privacy: 'yes' } } }, /consents.privacy/],
  ])('refuses %j', async (body, detail) => {
    const h = harness();
    const res = await h.call('POST', `/assure/dossiers/${await h.dossier()}/processes`, body);
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(detail);
  });

  it('answers 404 for an unknown dossier, 400/415 for a body that is not JSON', async () => {
    const h = harness();
    expect((await h.call('POST', '/assure/dossiers/nope/processes', { provider: 'onfido', processType: 'document' })).status).toBe(404);
    const id = await h.dossier();
    expect((await h.call('POST', `/assure/dossiers/${id}/processes`, '{"provider":', { authorization: `Bearer ${await h.token()}`, 'content-type': 'application/json' })).status).toBe(400);
    expect((await h.call('POST', `/assure/dossiers/${id}/processes`, 'provider=onfido', { authorization: `Bearer ${await h.token()}`, 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });
});

describe('get and delete process', () => {
  it('reads a pending process and deletes it', async () => {
    const h = harness();
    const { base, processId } = await h.process();
    const got = await h.call('GET', base);
    expect(got.json).toEqual({ processId, provider: 'onfido', processType: 'documentSelfie', status: 'pending', createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect((await h.call('DELETE', base)).status).toBe(204);
    expect((await h.call('GET', base)).status).toBe(404);
  });
});

describe('start verification', () => {
  it('moves pending → processing → accepted and refuses a second start', async () => {
    const h = harness();
    const { base, processId } = await h.process();
    await h.call('POST', `${base}/files`, images);
    const started = await h.call('POST', `${base}/verify`);
    expect(started.status).toBe(200);
    expect(started.json.status).toBe('processing');
    await h.emu.controls.waitForEvent({ processId });
    expect((await h.call('GET', base)).json.status).toBe('accepted');
    const again = await h.call('POST', `${base}/verify`);
    expect(again.status).toBe(409);
    expect(again.json.detail).toMatch(/accepted/);
    expect((await h.call('POST', `${base}/files`, images)).status).toBe(409);
  });

  it('fails without a location', async () => {
    const h = harness();
    const { base } = await h.process({ processParameters: {} });
    await h.call('POST', `${base}/files`, images);
    const res = await h.call('POST', `${base}/verify`);
    expect(res.status).toBe(400);
    expect(res.json.title).toBe('Location required');
  });

  it('infers a location from a public IP address, not from a private one', async () => {
    const h = harness();
    for (const [ip, status] of [['176.78.162.201', 200], ['192.168.1.20', 400], ['::1', 400]] as const) {
      const { base } = await h.process({ processParameters: { location: { ipAddress: ip } } });
      await h.call('POST', `${base}/files`, images);
      expect((await h.call('POST', `${base}/verify`)).status).toBe(status);
    }
  });

  describe('the US rule (seed 001)', () => {
    const us = (consents?: { privacy: boolean }) => ({ processParameters: { location: { countryOfResidence: 'USA' }, ...(consents ? { consents } : {}) } });

    it.each([
      ['documentSelfie without consents', 'documentSelfie', us(), 400],
      ['documentSelfie with privacy false', 'documentSelfie', us({ privacy: false }), 400],
      ['documentSelfie with privacy true', 'documentSelfie', us({ privacy: true }), 200],
      ['document without consents (no biometrics)', 'document', us(), 200],
      ['documentSelfie resident elsewhere', 'documentSelfie', { processParameters: { location: { countryOfResidence: 'CAN' } } }, 200],
    ])('%s → %i', async (_name, processType, body, status) => {
      const h = harness();
      const { base } = await h.process({ processType, ...body });
      await h.call('POST', `${base}/files`, images);
      const res = await h.call('POST', `${base}/verify`);
      expect(res.status).toBe(status);
      if (status === 400) expect(res.json).toMatchObject({ title: 'Privacy consent required', type: 'base:client-problem' });
    });

    it('documentVideo without consent is refused before anything about its captures', async () => {
      const h = harness();
      const { base } = await h.process({ processType: 'documentVideo', ...us() });
      expect((await h.call('POST', `${base}/verify`)).json.title).toBe('Privacy consent required');
    });

    it('applies to a US location inferred from the IP address', async () => {
      const h = harness({ ipCountries: { '203.0.113.9': 'USA' } });
      const { base } = await h.process({ processParameters: { location: { ipAddress: '203.0.113.9' } } });
      await h.call('POST', `${base}/files`, images);
      expect((await h.call('POST', `${base}/verify`)).json.title).toBe('Privacy consent required');
    });
  });

  it('documentVideo takes no images through Assure; the SDK-capture control stands in for Onfido’s SDK', async () => {
    const h = harness();
    const { dossierId, processId, base } = await h.process({ processType: 'documentVideo', documentType: 'driversLicense' });
    expect((await h.call('POST', `${base}/files`, images)).status).toBe(400);
    expect((await h.call('POST', `${base}/verify`)).json.detail).toMatch(/SDK/);
    expect((await h.call('POST', `/__emulator__/signicat/dossiers/${dossierId}/processes/${processId}/sdk-capture`)).status).toBe(204);
    expect((await h.call('POST', `${base}/verify`)).status).toBe(200);
    await h.emu.controls.waitForEvent({ processId });
    expect((await h.call('GET', base)).json).toMatchObject({ status: 'accepted', depictions: ['front', 'back', 'selfie'] });
    expect(() => h.emu.controls.completeSdkCapture(dossierId, 'nope')).toThrow(RangeError);
  });
});

describe('residenceOf', () => {
  const p = (location: ProcessRecord['location']) => ({ location }) as ProcessRecord;
  it('prefers countryOfResidence, then the IP map, and cannot place unroutable addresses', () => {
    expect(residenceOf(p({ countryOfResidence: 'USA', ipAddress: '10.0.0.1' }), {})).toEqual({ country: 'USA' });
    expect(residenceOf(p({ ipAddress: '8.8.8.8' }), { '8.8.8.8': 'USA' })).toEqual({ country: 'USA' });
    expect(residenceOf(p({ ipAddress: '8.8.8.8' }), {})).toEqual({});
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '169.254.1.1', 'fd00::1', 'fe80::1']) expect(residenceOf(p({ ipAddress: ip }), {})).toBeNull();
    expect(residenceOf(p({}), {})).toBeNull();
  });
});

describe('document types', () => {
  it('lists onfido’s, and refuses other providers', async () => {
    const h = harness();
    const res = await h.call('GET', '/assure/onfido/document-types');
    expect(res.json).toContainEqual({ documentType: 'passport', twoSided: false });
    expect(res.json).toContainEqual({ documentType: 'driversLicense', twoSided: true });
    expect((await h.call('GET', '/assure/idin/document-types')).status).toBe(400);
  });
});
