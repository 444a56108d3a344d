// Yoti in the conformance suite: offered to UK residents for an identity at high assurance; the
// person completes the emulated user view, so Yoti's session notification reaches the BFF; what
// Yoti holds for an attempt is its session (with the person's images and report) until deleted.
import type { ConformanceKit } from '../conformance-kit.js';

export const conformance: ConformanceKit = {
  offered: { country: 'GB', requirements: { layer: 'identity', min_assurance: 'high' } },
  otherCountry: 'SE',
  async finish({ emulators, ref }) {
    const yoti = emulators.yoti!;
    yoti.controls.complete(ref, { person: 'amelia', outcome: 'verified' });
    await yoti.controls.delivery.flush();
  },
  async held({ emulators, ref }) {
    return emulators.yoti!.controls.session(ref) ? [`the Yoti session ${ref}`] : [];
  },
};
