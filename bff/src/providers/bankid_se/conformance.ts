// BankID in the conformance suite: offered to Swedish residents for an identity at high
// assurance. It sends no webhooks (the BFF follows each order by collect), and what it holds for
// an attempt is the attempt's order while that is pending: leaving must cancel it.
import type { ConformanceKit, KitContext } from '../conformance-kit.js';

/** The BankID order an attempt follows now, from the attempt's private data. */
export async function orderRefOf(ctx: Pick<KitContext, 'bff' | 'ref'>): Promise<string> {
  const attempt = await ctx.bff.store.findAttemptByRef('bankid_se', ctx.ref);
  const orderRef = attempt?.private_data.order_ref;
  if (!orderRef) throw new Error(`No BankID order for attempt ${ctx.ref}.`);
  return orderRef;
}

export const conformance: ConformanceKit = {
  offered: { country: 'SE', requirements: { layer: 'identity', min_assurance: 'high' } },
  // BankID serves Sweden only: a move abroad ends the attempt as a move between countries would.
  otherCountry: 'NO',
  // The person identifies in the emulated BankID app; the widget's next sync, two seconds on, collects the completed order.
  async verify(ctx) {
    const bankid = ctx.emulators.bankid!.controls;
    bankid.scan(await orderRefOf(ctx), { person: 'anna' });
    ctx.bff.clock.advance(2_000);
    bankid.clock.advance(2);
    const synced = await ctx.widget('POST', '/v1/identity/verify/sync', { provider_key: 'bankid_se' });
    if (synced.json?.status !== 'verified') throw new Error(`BankID did not verify: ${synced.status} ${synced.text}`);
  },
  async held(ctx) {
    const orderRef = await orderRefOf(ctx);
    return ctx.emulators.bankid!.controls.order(orderRef)?.status === 'pending' ? [orderRef] : [];
  },
};
