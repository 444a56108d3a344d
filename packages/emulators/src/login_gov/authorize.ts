// Login.gov's checks of an authorization request, after identity-idp's OpenidConnectAuthorizeForm:
// the same validations in the same order, the same full messages ("State is too short (minimum is
// 22 characters)"), unknown acr values and scopes dropped, prompt defaulting to select_account. A
// request whose client or redirect URI cannot be trusted gets an error page; any other problem
// goes back to the client as error=invalid_request with every message.
import { parseAcrValues, type RequestedAcr } from './acr.js';

/** Scopes any sign-in may grant (VALID_IAL1_SCOPES). */
export const IAL1_SCOPES = ['email', 'all_emails', 'locale', 'openid', 'profile:verified_at', 'x509', 'x509:subject', 'x509:issuer', 'x509:presented'] as const;
/** Scopes granted only when identity proofing is asked for (IAL2_SCOPES). */
export const PROOFING_SCOPES = ['address', 'phone', 'profile', 'profile:name', 'profile:birthdate', 'social_security_number'] as const;
export const LOGIN_GOV_SCOPES: readonly string[] = [...IAL1_SCOPES, ...PROOFING_SCOPES];

const MIN_RANDOM_LENGTH = 22;
const MIN_VERIFIED_WITHIN_DAYS = 30;
const LOCALES = ['en', 'es', 'fr'];

export interface RegisteredClient {
  clientId: string;
  redirectUris: readonly string[];
}

export interface AcceptedAuthorization {
  kind: 'accepted';
  /** The query oidc-provider should see: known acr values and allowed scopes only, prompt set. */
  query: URLSearchParams;
  requested: RequestedAcr;
  /** `verified_within` in days, when asked for. */
  verifiedWithinDays?: number;
  locale: string;
}

export type AuthorizeCheck =
  | AcceptedAuthorization
  /** Back to the client: `redirect_uri?error=invalid_request&error_description=…&state=…`. */
  | { kind: 'redirect'; location: string }
  /** Login.gov's error page, listing the messages (the client cannot be trusted with them). */
  | { kind: 'page'; messages: string[] };

/** Login.gov compares redirect URIs parsed (URI.parse ==), so spelling differences in case of scheme or host do not count. */
export const sameUri = (a: string, b: string): boolean => {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
};

/** DurationParser: `30d`, `4w`, `2m` (30 days), `1y` (365 days); undefined = not a duration. */
export function parseVerifiedWithin(value: string): number | undefined {
  const match = /^(\d+)([dwmy])$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * { d: 1, w: 7, m: 30, y: 365 }[match[2] as 'd' | 'w' | 'm' | 'y'];
}

export function checkAuthorizeRequest(query: URLSearchParams, clients: readonly RegisteredClient[]): AuthorizeCheck {
  const param = (name: string) => query.get(name) ?? '';
  const client = clients.find((c) => c.clientId === param('client_id'));
  const requested = parseAcrValues(query.get('acr_values') ?? undefined);
  const allowedScopes: readonly string[] = requested.proofing || requested.ialMax ? LOGIN_GOV_SCOPES : IAL1_SCOPES;
  const scope = param('scope').split(' ').filter((s) => s !== '' && allowedScopes.includes(s));
  const prompt = param('prompt') || 'select_account';
  const verifiedWithin = param('verified_within');
  const verifiedWithinDays = verifiedWithin ? parseVerifiedWithin(verifiedWithin) : undefined;

  // ActiveModel keeps errors in the order the validations run; full messages prefix the attribute.
  const errors: Array<{ attribute: string; message: string }> = [];
  const add = (attribute: string, message: string) => errors.push({ attribute, message });
  const blank = (attribute: string, value: string | string[]) => value.length === 0 && add(attribute, 'can’t be blank');
  const tooShort = (attribute: string, value: string) =>
    value.length < MIN_RANDOM_LENGTH && add(attribute, `is too short (minimum is ${MIN_RANDOM_LENGTH} characters)`);

  if (client) {
    const uri = param('redirect_uri');
    let parsable = true;
    try {
      new URL(uri);
    } catch {
      parsable = false;
    }
    if (!parsable) add('redirect_uri', 'redirect_uri is invalid');
    else if (!client.redirectUris.some((r) => sameUri(r, uri))) add('redirect_uri', 'redirect_uri does not match registered redirect_uri');
  }
  blank('acr_values', requested.values);
  blank('client_id', param('client_id'));
  blank('redirect_uri', param('redirect_uri'));
  blank('scope', scope);
  blank('state', param('state'));
  tooShort('state', param('state'));
  blank('nonce', param('nonce'));
  tooShort('nonce', param('nonce'));
  if (param('response_type') !== 'code') add('response_type', 'is not included in the list');
  if (!['create', 'login', 'select_account'].includes(prompt)) add('prompt', 'is not included in the list');
  if (query.has('code_challenge') && param('code_challenge_method') !== 'S256') add('code_challenge_method', 'is not included in the list');
  if (requested.values.length === 0) add('acr_values', 'No acceptable acr_values found');
  else if (requested.ialValues.length === 0) add('acr_values', 'Missing a valid IAL level');
  if (!client) add('client_id', 'Bad client_id');
  if (scope.length === 0) add('scope', 'No valid scope values found');
  // IALMAX is for the partners Login.gov lists; this sandbox client is not one of them.
  if (requested.ialMax) add('acr_values', 'The acr_values are not authorized');
  // login and create are allowed per partner; this client may use select_account only.
  if (prompt !== 'select_account') add('prompt', 'No valid prompt values found');
  if (verifiedWithin && verifiedWithinDays === undefined) add('verified_within', 'Unrecognized format for verified_within');
  else if (verifiedWithinDays !== undefined && verifiedWithinDays < MIN_VERIFIED_WITHIN_DAYS) {
    add('verified_within', `value must be at least ${MIN_VERIFIED_WITHIN_DAYS} days or older`);
  }

  if (errors.length > 0) {
    const messages = errors.map(({ attribute, message }) => `${humanize(attribute)} ${message}`);
    if (errors.some((e) => e.attribute === 'redirect_uri' || e.attribute === 'client_id')) return { kind: 'page', messages };
    const location = new URL(param('redirect_uri'));
    location.searchParams.set('error', 'invalid_request');
    location.searchParams.set('error_description', messages.join(' '));
    if (query.has('state')) location.searchParams.set('state', param('state'));
    return { kind: 'redirect', location: location.href };
  }

  const normalized = new URLSearchParams(query);
  normalized.set('acr_values', requested.values.join(' '));
  normalized.set('scope', scope.join(' '));
  normalized.set('prompt', prompt);
  const locale = LOCALES.includes(param('locale')) ? param('locale') : 'en';
  return { kind: 'accepted', query: normalized, requested, locale, ...(verifiedWithinDays !== undefined ? { verifiedWithinDays } : {}) };
}

/** ActiveModel's humanize: `client_id` → "Client", `acr_values` → "Acr values". */
function humanize(attribute: string): string {
  const words = attribute.replace(/_id$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
