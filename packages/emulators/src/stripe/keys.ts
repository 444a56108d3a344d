// The API keys the Stripe emulator accepts (test mode only, like a Stripe account's test keys) and
// how a request presents one: `Authorization: Bearer <key>` as stripe-node sends it, or Basic
// auth with the key as the user name as `curl -u sk_test_…:` sends it.
import { errors } from './errors.js';

/** The emulator's own keys: public fixtures that only this emulator accepts. */
export const STRIPE_EMULATOR_SECRET_KEY = 'sk_test_51EmuLat0rStr1peIdentitySecretKeyNotReal';
/** Has the Identity permissions and "Access recent sensitive verification results". */
export const STRIPE_EMULATOR_RESTRICTED_KEY = 'rk_test_51EmuLat0rStr1peIdentityRestrictedKeyNotReal';
export const STRIPE_EMULATOR_PUBLISHABLE_KEY = 'pk_test_51EmuLat0rStr1peIdentityPublishableKeyNotReal';
export const STRIPE_EMULATOR_WEBHOOK_SECRET = 'whsec_EmuLat0rStr1peWebhookSigningSecretNotReal';

export interface StripeKeyOptions {
  /** `sk_test_…` keys: full access, but no sensitive verification results (default: the emulator's own). */
  secret?: readonly string[];
  /** `rk_test_…` keys with Identity read, sensitive results and Files permissions (default: the emulator's own). */
  restricted?: readonly string[];
  /** `pk_test_…` keys Stripe.js may be initialised with (default: the emulator's own). */
  publishable?: readonly string[];
}

export interface StripeKeys {
  secret: readonly string[];
  restricted: readonly string[];
  publishable: readonly string[];
}

export type ApiKey = { kind: 'secret' | 'restricted'; key: string };

const PREFIX = { secret: 'sk_test_', restricted: 'rk_test_', publishable: 'pk_test_' } as const;

export function checkKeys(options: StripeKeyOptions = {}): StripeKeys {
  const keys: StripeKeys = {
    secret: options.secret ?? [STRIPE_EMULATOR_SECRET_KEY],
    restricted: options.restricted ?? [STRIPE_EMULATOR_RESTRICTED_KEY],
    publishable: options.publishable ?? [STRIPE_EMULATOR_PUBLISHABLE_KEY],
  };
  for (const kind of ['secret', 'restricted', 'publishable'] as const) {
    for (const key of keys[kind]) {
      if (!key.startsWith(PREFIX[kind]) || key.length < PREFIX[kind].length + 8 || /\s/.test(key)) {
        throw new TypeError(`stripe emulator: keys.${kind} takes ${PREFIX[kind]}… keys (test mode only); got ${key.slice(0, 8)}….`);
      }
    }
  }
  return keys;
}

/** The key a request carries, or null when it carries none. */
export function presentedKey(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const [scheme, credentials = ''] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme ?? '')) return credentials;
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    return decoded.split(':', 1)[0] ?? '';
  }
  return authorization.trim();
}

/** Who is calling; throws Stripe's 401 for a missing, unknown or publishable key. */
export function authenticate(authorization: string | undefined, keys: StripeKeys): ApiKey {
  const key = presentedKey(authorization);
  if (key === null || key === '') throw errors.noApiKey();
  if (keys.secret.includes(key)) return { kind: 'secret', key };
  if (keys.restricted.includes(key)) return { kind: 'restricted', key };
  if (key.startsWith('pk_')) throw errors.publishableKey();
  throw errors.invalidApiKey(key);
}
