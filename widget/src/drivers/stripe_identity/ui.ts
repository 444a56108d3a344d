// Stripe Identity's driver: Stripe.js's verifyIdentity modal, or the hosted page by a full-page
// redirect. A separate chunk, loaded only for Stripe. It reports what Stripe.js said; the outcome
// itself is always read from Stripe by the BFF.
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe, VerificationSessionResult } from '@stripe/stripe-js';
import type { StripeIdentityClient } from '@identity-verify/contract/schemas';
import type { ErrorCode } from '../../api/errors.js';
import type { DriverCallbacks, DriverOptions, MountedDriver } from '../driver.js';
import { trustedScriptUrl } from '../script-url.js';

/** What verifyIdentity's answer means for the flow. */
export type ModalReport = { kind: 'complete' } | { kind: 'leave' } | { kind: 'error'; code: ErrorCode };

export function reportOf(result: VerificationSessionResult): ModalReport {
  if (result.error) {
    // Stripe.js's code for a modal closed before submitting.
    if (result.error.code === 'session_cancelled') return { kind: 'leave' };
    return { kind: 'error', code: result.error.type === 'api_connection_error' ? 'network_error' : 'provider_error' };
  }
  return result.verificationSession?.id ? { kind: 'complete' } : { kind: 'error', code: 'provider_error' };
}

let stripeJs: Promise<void> | null = null;
const hasStripe = () => typeof (window as { Stripe?: unknown }).Stripe === 'function';

/**
 * Loads Stripe.js (js.stripe.com's, or the emulator's stand-in) with a script element of our own,
 * so `window.Stripe` exists before the loader looks and it injects nothing: the loader's own
 * script would carry neither the page's nonce nor a Trusted Types URL.
 */
function loadStripeJs(url: string, nonce: string | null): Promise<void> {
  if (hasStripe()) return Promise.resolve();
  stripeJs ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = trustedScriptUrl(url);
    script.async = true;
    if (nonce) script.nonce = nonce; // a host CSP with 'nonce-…' (and no 'strict-dynamic') needs it
    const fail = (message: string) => {
      stripeJs = null;
      script.remove();
      reject(new Error(message));
    };
    script.addEventListener('load', () => (hasStripe() ? resolve() : fail('Stripe.js did not define window.Stripe.')));
    script.addEventListener('error', () => fail('Stripe.js did not load.'));
    document.head.append(script);
  });
  return stripeJs;
}

const instances = new Map<string, Promise<Stripe>>();

/** One Stripe instance per publishable key for the page's lifetime; a failed load may be tried again. */
function stripeFor(client: StripeIdentityClient, nonce: string | null): Promise<Stripe> {
  let pending = instances.get(client.publishable_key);
  if (!pending) {
    pending = (async () => {
      await loadStripeJs(client.stripe_js_url, nonce);
      const stripe = await loadStripe(client.publishable_key);
      if (!stripe) throw new Error('Stripe.js is not available here.');
      return stripe;
    })();
    instances.set(client.publishable_key, pending);
    pending.catch(() => instances.delete(client.publishable_key));
  }
  return pending;
}

export function mount(_container: HTMLElement, client: StripeIdentityClient, callbacks: DriverCallbacks, options: DriverOptions): MountedDriver {
  let live = true;
  const destroy = () => void (live = false);
  if (options.presentation === 'redirect') {
    // The hosted page sends the person back to the return_url the attempt was started with.
    const url = client.url;
    if (options.launch && url && /^https?:\/\//.test(url)) window.location.assign(url);
    else if (options.launch) callbacks.error('driver_failed');
    return { destroy };
  }
  // Loaded on mount, before the person asks, so the modal opens at once on their click.
  stripeFor(client, options.nonce).then(
    async (stripe) => {
      if (!live || !options.launch) return;
      let result: VerificationSessionResult;
      try {
        result = await stripe.verifyIdentity(client.client_secret);
      } catch {
        if (live) callbacks.error('driver_failed'); // Stripe.js refused the call itself
        return;
      }
      if (!live) return;
      const report = reportOf(result);
      if (report.kind === 'complete') callbacks.complete();
      else if (report.kind === 'leave') callbacks.leave();
      else callbacks.error(report.code);
    },
    () => live && callbacks.error('driver_failed'),
  );
  return { destroy };
}
