// Trust layers are graduated (seed 003: each layer builds on the previous one): the catalogue
// offers a provider for its highest layer and every one beneath it, and a verification there
// issues the claims of all of them; assurance, face checks and the accepted list still filter.
import { meetsLayer, type FaceCheck } from '@identity-verify/contract/vocabulary';
import { RequirementsSchema, type Requirements } from '@identity-verify/contract/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_KEY } from '../testing.js';
import { startHarness, type ConformanceKit } from './conformance-kit.js';
import { PROVIDER_MODULES } from './index.js';
import { graduated, highestLayer, layersUpTo, providersFor, withImpliedClaims, type ProviderRegistry } from './registry.js';
import type { ProviderAdapter, ProviderDescription } from './types.js';

const requirements = (r: Partial<Requirements>) => RequirementsSchema.parse(r);

function adapter(key: ProviderAdapter['key'], description: Omit<ProviderDescription, 'name' | 'coverage' | 'flow'>, faceChecks: FaceCheck[]): ProviderAdapter {
  return {
    key,
    faceChecks,
    description: { name: key, coverage: 'global', flow: 'inline_token', ...description },
    initiate: () => Promise.reject(new Error('not in this test')),
  };
}

// As the adapters declare themselves: each its own highest layer only.
const humanCheck = adapter('turnstile', { supported_layers: ['humanity'], claim_types: ['verified_human'], assurance_level: 'low' }, ['none']);
const documentCheck = adapter('onfido', { supported_layers: ['identity'], claim_types: ['verified_identity'], assurance_level: 'high' }, ['none', 'photo']);
const registry: ProviderRegistry = new Map([humanCheck, documentCheck].map((a) => [a.key, a]));
const offered = (r: Partial<Requirements>, country: string | null = 'SE') => providersFor(registry, requirements(r), country).map((a) => a.key);

describe('graduated trust layers', () => {
  it('ranks identity above humanity', () => {
    expect(meetsLayer('identity', 'humanity')).toBe(true);
    expect(meetsLayer('identity', 'identity')).toBe(true);
    expect(meetsLayer('humanity', 'humanity')).toBe(true);
    expect(meetsLayer('humanity', 'identity')).toBe(false);
    expect(highestLayer(['identity', 'humanity'])).toBe('identity');
    expect(highestLayer([])).toBeNull();
    expect(layersUpTo('identity')).toEqual(['humanity', 'identity']);
  });

  it('adds the claims of every layer beneath the one reached, once and lowest first', () => {
    expect(withImpliedClaims(['verified_identity'])).toEqual(['verified_human', 'verified_identity']);
    expect(withImpliedClaims(['verified_identity', 'verified_human'])).toEqual(['verified_human', 'verified_identity']);
    expect(withImpliedClaims(['verified_human'])).toEqual(['verified_human']);
    expect(withImpliedClaims([])).toEqual([]);
  });

  it('describes a provider with every layer up to its highest, and their claims', () => {
    expect(graduated(documentCheck.description)).toMatchObject({ supported_layers: ['humanity', 'identity'], claim_types: ['verified_human', 'verified_identity'] });
    expect(graduated(humanCheck.description)).toMatchObject({ supported_layers: ['humanity'], claim_types: ['verified_human'] });
  });

  it('offers an identity provider to a session asking for the humanity layer', () => {
    expect(offered({ layer: 'humanity' })).toEqual(['turnstile', 'onfido']);
    expect(offered({ layer: 'humanity', accepted_providers: ['onfido'] })).toEqual(['onfido']);
  });

  it('never lets a humanity check satisfy an identity session, whatever else is asked', () => {
    expect(offered({ layer: 'identity' })).toEqual(['onfido']);
    expect(offered({ layer: 'identity', accepted_providers: ['turnstile'] })).toEqual([]);
  });

  it('still holds every provider to the assurance, the face check and the country asked for', () => {
    expect(offered({ layer: 'humanity', min_assurance: 'high' })).toEqual(['onfido']);
    expect(offered({ layer: 'humanity', face_check: 'photo' })).toEqual(['onfido']);
    expect(offered({ layer: 'humanity', face_check: 'video' })).toEqual([]);
    expect(offered({ layer: 'humanity', allowed_countries: ['NO'] })).toEqual([]);
  });

  it("lets a provider that takes no document and no face meet the high assurance default, not a face check named", () => {
    const eid = adapter('bankid_se', { supported_layers: ['identity'], claim_types: ['verified_identity'], assurance_level: 'high' }, ['none']);
    const withEid: ProviderRegistry = new Map([humanCheck, documentCheck, eid].map((a) => [a.key, a]));
    const keys = (r: Partial<Requirements>) => providersFor(withEid, requirements(r), 'SE').map((a) => a.key);
    expect(keys({ layer: 'identity', min_assurance: 'high' })).toEqual(['onfido', 'bankid_se']);
    expect(keys({ layer: 'identity', min_assurance: 'high', face_check: 'photo' })).toEqual(['onfido']);
    expect(keys({ layer: 'identity', min_assurance: 'high', face_check: 'none' })).toEqual(['onfido', 'bankid_se']);
  });
});

// Over every listed provider with its emulator, so a provider added later is covered the day it is listed.
const kits = new Map<string, ConformanceKit | undefined>();
for (const { key } of PROVIDER_MODULES) {
  kits.set(key, await import(`./${key}/conformance.ts`).then((m: { conformance: ConformanceKit }) => m.conformance, () => undefined));
}

for (const { key } of PROVIDER_MODULES) {
  const kit = kits.get(key);
  if (!kit) continue; // the conformance suite fails for a provider without its kit

  describe(`${key} in the graduated catalogue`, () => {
    let h: Awaited<ReturnType<typeof startHarness>>;
    beforeAll(async () => {
      h = await startHarness(key, kit);
    });
    afterAll(async () => h?.close());

    // Where the kit says the provider is offered, at the humanity layer.
    const asHumanity = { ...kit.offered, requirements: { ...kit.offered.requirements, layer: 'humanity' as const } };

    it('is offered at every layer up to its highest, naming the claims of each', async () => {
      const { widget } = await h.session(kit.offered);
      const entry = (await widget('GET', '/v1/identity/providers')).json.find((p: { provider_key: string }) => p.provider_key === key);
      const top = highestLayer(entry.supported_layers)!;
      expect(entry.supported_layers).toEqual(layersUpTo(top));
      expect(entry.claim_types).toEqual(withImpliedClaims(entry.claim_types));
      const humanity = await h.session(asHumanity);
      expect((await humanity.widget('GET', '/v1/identity/providers')).json.map((p: { provider_key: string }) => p.provider_key)).toContain(key);
    });

    it.runIf(Boolean(kit.finish))('starts for verified_human in a humanity session, and issues the claims of every layer it reached', async () => {
      const { s, widget } = await h.session(asHumanity);
      const entry = (await widget('GET', '/v1/identity/providers')).json.find((p: { provider_key: string }) => p.provider_key === key);
      const started = await widget('POST', '/v1/identity/verify/initiate', { provider_key: key, requested_claims: ['verified_human'] });
      expect(started.status).toBe(201);
      await kit.finish!({ bff: h.bff, emulators: h.emulators, session: s, ref: started.json.session_ref, client: started.json.client, widget });
      const host = (await h.bff.call('GET', `/v1/sessions/${s.id}`, { auth: TEST_API_KEY })).json;
      expect(host.status).toBe('verified');
      expect(host.claims.map((c: { type: string }) => c.type)).toEqual(entry.claim_types);
      expect(host.claims.map((c: { type: string }) => c.type)).toContain('verified_human');
    });
  });
}
