// The consent matrix (issue 15): provider × country × face check × upload side × route, each
// refused or allowed as the provider's rules say. Onfido (directly or through Signicat Assure)
// asks every US resident to accept its policies before anything is created there (the biometric
// notice with a face check, the privacy one without); no provider takes a selfie for a session
// without a face check; Stripe asks no notice of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentNotice, FaceCheck, ProviderKey } from '@identity-verify/contract/vocabulary';
import { startProviders } from './providers/conformance-kit.js';
import { conformance as onfidoKit } from './providers/onfido/conformance.js';
import { conformance as signicatKit } from './providers/signicat_onfido/conformance.js';
import { conformance as stripeKit } from './providers/stripe_identity/conformance.js';
import { consentAsShown } from './testing-consent.js';
import { TEST_ORIGIN, testPhoto } from './testing.js';

let h: Awaited<ReturnType<typeof startProviders>>;
beforeAll(async () => {
  const emulatorOptions = Object.assign({}, ...[stripeKit, onfidoKit, signicatKit].map((kit) => kit.emulatorOptions ?? {}));
  h = await startProviders(['onfido', 'signicat_onfido', 'stripe_identity'], { ...stripeKit, emulatorOptions });
});
afterAll(async () => h?.close());

/** The rules, as the providers publish them. */
function noticeFor(provider: ProviderKey, country: string, face: FaceCheck): ConsentNotice | null {
  if (provider === 'stripe_identity' || country !== 'US') return null;
  return face === 'none' ? 'onfido_privacy_us' : 'onfido_biometric_us';
}

const CASES = (['onfido', 'signicat_onfido', 'stripe_identity'] as const).flatMap((provider) =>
  (['US', 'SE'] as const).flatMap((country) => (['none', 'photo'] as const).map((face) => ({ provider, country, face }))),
);

describe('the consent matrix', () => {
  it.each(CASES)('$provider, a resident of $country, face check $face', async ({ provider, country, face }) => {
    const { s, widget } = await h.session({ country, requirements: { layer: 'identity', min_assurance: face === 'none' ? 'low' : 'high', face_check: face, capture: 'native' } });
    const notice = noticeFor(provider, country, face);
    const listed = (await widget('GET', '/v1/identity/providers')).json.find((p: { provider_key: string }) => p.provider_key === provider);
    expect(listed.notices).toEqual(notice ? [notice] : []);
    const initiate = () => widget('POST', '/v1/identity/verify/initiate', { provider_key: provider, requested_claims: ['verified_identity'] });
    h.toProviders.length = 0;

    if (notice) {
      // Before the notice: refused, nothing reaches the provider. The other notice, or a made-up one, does not stand in for it.
      expect((await initiate()).json.error).toMatchObject({ code: 'biometric_consent_required', details: { notices: [notice] } });
      const other = notice === 'onfido_privacy_us' ? 'onfido_biometric_us' : 'onfido_privacy_us';
      await widget('POST', '/v1/identity/consents', consentAsShown(other));
      const madeUp = await widget('POST', '/v1/identity/consents', { ...consentAsShown(notice), version: 'onfido-us-1999-01' });
      expect([madeUp.status, madeUp.json.error.code]).toEqual([400, 'validation_failed']);
      const rewritten = await widget('POST', '/v1/identity/consents', { ...consentAsShown(notice), text: 'I agree.' });
      expect([rewritten.status, rewritten.json.error.code]).toEqual([400, 'validation_failed']);
      expect((await initiate()).status).toBe(403);
      expect(h.toProviders).toEqual([]);
      expect((await widget('POST', '/v1/identity/consents', consentAsShown(notice))).status).toBe(201);
    }
    const started = await initiate();
    expect(started.status).toBe(201);
    if (provider === 'stripe_identity') return; // Stripe captures in its own modal: no upload route.

    const upload = async (side: 'document_front' | 'selfie') => {
      const bytes = testPhoto('jpeg', 40 * 1024);
      const query = new URLSearchParams({ provider_key: provider, session_ref: started.json.session_ref, side, ...(side === 'selfie' ? {} : { document_type: 'passport' }) });
      const r = await h.bff.app.request(`/v1/identity/verify/uploads?${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.client_secret}`, origin: TEST_ORIGIN, 'content-type': 'image/jpeg', 'content-length': String(bytes.length) },
        body: bytes,
      });
      return { status: r.status, code: r.status >= 400 ? ((await r.json()) as { error: { code: string } }).error.code : null };
    };
    expect(await upload('document_front')).toEqual({ status: 201, code: null });
    expect(await upload('selfie')).toEqual(face === 'none' ? { status: 400, code: 'validation_failed' } : { status: 201, code: null });
    if (notice) {
      // Declined after all: the attempt ends, and nothing more reaches the provider.
      await widget('POST', '/v1/identity/consents', consentAsShown(notice, 'declined'));
      h.toProviders.length = 0;
      expect((await upload('document_front')).status).toBeGreaterThanOrEqual(400);
      expect(h.toProviders).toEqual([]);
    }
  });
});
