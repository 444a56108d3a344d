// Stripe Identity in the conformance suite: the person is verified at the emulator, whose signed
// events follow; a session waiting for the person, or verified and not redacted, is held.
import { STRIPE_EMULATOR_SECRET_KEY } from '@identity-verify/emulators';
import type { ConformanceKit } from '../conformance-kit.js';

export const conformance: ConformanceKit = {
  offered: { country: 'SE', requirements: { layer: 'identity', min_assurance: 'high' } },
  otherCountry: 'GB',
  async finish({ emulators, ref }) {
    emulators.stripe!.controls.submitOutcome(ref, 'verified');
    await emulators.stripe!.controls.flushWebhooks();
  },
  async held({ emulators, ref }) {
    const r = await emulators.stripe!.fetch(`http://stripe.test/v1/identity/verification_sessions/${ref}`, { headers: { authorization: `Bearer ${STRIPE_EMULATOR_SECRET_KEY}` } });
    const session = (await r.json()) as { status: string; redaction: unknown };
    if (session.status === 'requires_input' || session.status === 'processing') return [`a verification session in ${session.status}`];
    return session.status === 'verified' && !session.redaction ? ['a verified session not redacted'] : [];
  },
};
