// ID.me in the conformance suite: offered to US residents for an identity. It sends no webhooks
// (the verdict comes back with the person), and an authorization request the person never
// finished holds nothing of them at ID.me, so there is nothing to finish or hold here.
import type { ConformanceKit } from '../conformance-kit.js';

export const conformance: ConformanceKit = {
  offered: { country: 'US', requirements: { layer: 'identity', min_assurance: 'substantial' } },
  // ID.me serves the US only; without `held` no move is tried.
  otherCountry: 'US',
  // The person signs in as verified at ID.me's emulated page and comes back through the callback.
  async verify(ctx) {
    const callback = (await ctx.emulators.id_me!.controls.signIn(new URL(ctx.client.url), { outcome: 'verified' })) as URL;
    const back = await ctx.bff.call('GET', `${callback.pathname}${callback.search}`);
    // 303 back to the page, or 200 when the attempt named no return URL.
    if (back.status !== 303 && back.status !== 200) throw new Error(`ID.me's callback answered ${back.status}: ${back.text}`);
  },
};
