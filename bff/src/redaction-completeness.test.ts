// Redaction completeness (issue 15): a person who moves between providers, changes country,
// declines a notice and is cancelled leaves nothing of themselves at any provider once the host
// redacts. Stripe, Onfido and Signicat Assure configured together, as a deployment has them,
// each wired to its emulator as the stack wires it; each provider's own test of what it still
// holds (its conformance kit's held()) must come back empty for every attempt.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import { startProviders, type KitContext } from './providers/conformance-kit.js';
import { conformance as onfidoKit } from './providers/onfido/conformance.js';
import { conformance as signicatKit } from './providers/signicat_onfido/conformance.js';
import { conformance as stripeKit } from './providers/stripe_identity/conformance.js';
import { consentAsShown } from './testing-consent.js';
import { TEST_API_KEY } from './testing.js';

const KITS = { stripe_identity: stripeKit, onfido: onfidoKit, signicat_onfido: signicatKit } as const;
type Key = keyof typeof KITS;

let harness: Awaited<ReturnType<typeof startProviders>> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function everyProvider() {
  const emulatorOptions = Object.assign({}, ...Object.values(KITS).map((kit) => kit.emulatorOptions ?? {}));
  harness = await startProviders(Object.keys(KITS) as [ProviderKey, ...ProviderKey[]], { ...stripeKit, emulatorOptions });
  const h = harness;
  const { s, widget } = await h.session({ country: 'US', requirements: { layer: 'identity', min_assurance: 'high' } });
  const attempts: Array<{ key: Key; ctx: KitContext }> = [];
  const start = async (key: Key) => {
    const r = await widget('POST', '/v1/identity/verify/initiate', { provider_key: key, requested_claims: ['verified_identity'] });
    expect([key, r.status]).toEqual([key, 201]);
    const ctx = { bff: h.bff, emulators: h.emulators, session: s, ref: r.json.session_ref, client: r.json.client, widget };
    attempts.push({ key, ctx });
    return ctx;
  };
  /** What any provider still holds of this person, attempt by attempt. */
  const held = async () => (await Promise.all(attempts.map(async ({ key, ctx }) => (await KITS[key].held!(ctx)).map((what) => `${key}: ${what}`)))).flat();
  return { h, s, widget, start, held };
}

describe('redaction completeness', () => {
  it('leaves nothing at any provider after a person switches provider, changes country, declines a notice and is cancelled', async () => {
    const t = await everyProvider();
    await t.widget('POST', '/v1/identity/consents', consentAsShown('onfido_biometric_us'));
    await t.start('onfido');
    // Another way: the Onfido applicant (their name) is deleted there.
    await t.start('stripe_identity');
    await t.widget('POST', '/v1/identity/residence', { country: 'SE' });
    await t.start('signicat_onfido');
    await t.widget('POST', '/v1/identity/residence', { country: 'US' });
    // Signicat again for a US resident, whose notice the person now declines.
    await t.start('signicat_onfido');
    expect((await t.widget('POST', '/v1/identity/consents', consentAsShown('onfido_biometric_us', 'declined'))).status).toBe(201);
    await t.start('stripe_identity');
    expect((await t.h.bff.call('POST', `/v1/sessions/${t.s.id}/cancel`, { auth: TEST_API_KEY })).status).toBe(200);
    expect(await t.held()).toEqual([]);
    const redacted = await t.h.bff.call('POST', `/v1/sessions/${t.s.id}/redact`, { auth: TEST_API_KEY });
    expect(redacted.json).toMatchObject({ redaction: { status: 'redacted' }, provider_cleanup: [] });
    expect(await t.held()).toEqual([]);
    expect(new Set((await t.h.bff.store.attemptsOf(t.s.id)).map((a) => a.provider_key))).toEqual(new Set(Object.keys(KITS)));
  });

  it('leaves nothing after a verified person is redacted, including the attempts they left behind on the way', async () => {
    const t = await everyProvider();
    await t.widget('POST', '/v1/identity/consents', consentAsShown('onfido_biometric_us'));
    await t.start('stripe_identity');
    await t.start('signicat_onfido');
    const onfido = await t.start('onfido');
    await onfidoKit.finish!(onfido);
    expect((await t.h.bff.call('GET', `/v1/sessions/${t.s.id}`, { auth: TEST_API_KEY })).json.status).toBe('verified');
    expect(await t.held(), 'the verified applicant is held until redaction').toEqual(['onfido: an applicant not scheduled for deletion']);
    await t.h.bff.call('POST', `/v1/sessions/${t.s.id}/redact`, { auth: TEST_API_KEY });
    expect(await t.held()).toEqual([]);
  });
});
