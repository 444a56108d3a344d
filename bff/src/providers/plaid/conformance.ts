// Plaid in the conformance suite: offered to US residents for an identity at high assurance (the
// default template takes a selfie, which high assurance asks for). The person finishes in Link as
// Plaid's sandbox person, through the emulator's control, so Plaid's signed webhooks follow. No
// `held`: Plaid has no API to cancel or redact an IDV attempt, so an abandoned attempt's IDV stays
// at Plaid until Plaid expires it (see adapter.ts), and nothing we do could make it come back empty.
import type { PlaidControls } from '@identity-verify/emulators';
import type { ConformanceKit, KitContext } from '../conformance-kit.js';

export const plaidControls = (ctx: Pick<KitContext, 'emulators'>) => ctx.emulators.plaid!.controls as unknown as PlaidControls;

export const conformance: ConformanceKit = {
  offered: { country: 'US', requirements: { layer: 'identity', min_assurance: 'high' } },
  otherCountry: 'CA',
  async finish(ctx) {
    const plaid = plaidControls(ctx);
    plaid.completeLink(ctx.client.link_token, { outcome: 'as_entered' });
    await plaid.flushWebhooks();
  },
};
