// The phone's side of a handoff, a chunk of its own: an element with an api-base and no client
// secret, on a page opened from a handoff link, redeems the link's token for its own credential.
// The token leaves the address bar first (a reload or a shared screenshot must not carry it), and
// the credential lives only in the element, never in storage: a reload needs a new link.
import type { HandoffRedeemed } from '@identity-verify/contract/handoff';
import { ApiError } from '../api/errors.js';
import type { IdentityVerifyElement } from '../identity-verify.js';
import { handoffCall } from './api.js';
import { tokenOf, withoutToken } from './link.js';

/** Elements running on a credential from a handoff: they do not offer to hand the session on. */
export const phones = new WeakSet<Element>();

const isRedeemed = (body: unknown): body is HandoffRedeemed => typeof (body as HandoffRedeemed | null)?.client_secret === 'string';

/**
 * Redeems the link in this page's address for `element`, then starts it: with its new credential
 * (set as its client secret), or with why there is none (a used, expired or unknown link, no
 * network), which its flow shows as an error.
 */
export async function redeemHandoff(element: IdentityVerifyElement, start: (failed?: ApiError) => void): Promise<void> {
  const token = tokenOf(location.hash);
  history.replaceState(history.state, '', withoutToken(location.href));
  const base = (element.apiBase ?? '').replace(/\/+$/, '');
  if (!base) return start(new ApiError('missing_api_base', 'apiBase is required.'));
  if (!token) return start(new ApiError('handoff_link_invalid', 'The link has no handoff token.'));
  try {
    const body = JSON.stringify({ token });
    const init = { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body, signal: AbortSignal.timeout(15_000) };
    const { client_secret } = await handoffCall(`${base}/v1/identity/handoff/redeem`, init, isRedeemed);
    phones.add(element);
    element.clientSecret = client_secret;
    start();
  } catch (error) {
    start(error instanceof ApiError ? error : new ApiError('internal_error', 'The link could not be redeemed.'));
  }
}
