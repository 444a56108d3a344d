// Plaid's server API for Identity Verification, as the OpenAPI subset (spec/) describes it:
// /link/token/create for the identity_verification product, /identity_verification/create, /get,
// /list (cursor paging), /retry (its four strategies), and /webhook_verification_key/get.
import type { Context, Hono } from 'hono';
import { plaidErrors } from './errors.js';
import {
  optionalBoolean,
  optionalObject,
  optionalString,
  parseUser,
  plaidEndpoint,
  requireFields,
  requiredString,
  type Body,
  type Credentials,
} from './http.js';
import { renderVerification } from './render.js';
import { CUSTOM_STEPS, STRATEGIES, type CustomSteps, type Strategy } from './retry.js';
import type { PlaidService } from './service.js';

/** Attempts per /identity_verification/list page. [U] Plaid does not publish its page size. */
export const LIST_PAGE_SIZE = 20;

export interface ApiDeps {
  service: PlaidService;
  credentials: () => Credentials;
  /** The emulator's public origin, for shareable URLs; default the request's own. */
  publicUrl?: string;
}

export function mountPlaidApi(app: Hono, deps: ApiDeps): void {
  const { service } = deps;
  const endpoint = (path: string, handle: (body: Body, c: Context) => object) => plaidEndpoint(app, path, deps.credentials, handle);
  const origin = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;

  endpoint('/link/token/create', (body) => {
    requireFields(body, ['client_name', 'language', 'country_codes']);
    requiredString(body, 'client_name');
    requiredString(body, 'language');
    const countries = body.country_codes;
    if (!Array.isArray(countries) || countries.length === 0 || !countries.every((x) => typeof x === 'string')) {
      throw plaidErrors.invalidField('country_codes must be a non-empty array of country codes');
    }
    const products = body.products;
    if (products === undefined || products === null) throw plaidErrors.missingFields(['products']);
    if (!Array.isArray(products) || !products.includes('identity_verification')) {
      throw plaidErrors.invalidField('products must include identity_verification: this emulator serves Identity Verification only');
    }
    // Plaid: identity_verification cannot be combined with other products in one Link session.
    if (products.length !== 1) throw plaidErrors.invalidField('identity_verification cannot be initialized with other products');
    const user = optionalObject(body, 'user');
    if (!user) throw plaidErrors.missingFields(['user.client_user_id']);
    const clientUserId = requiredString(user, 'client_user_id', 'user.');
    const idv = optionalObject(body, 'identity_verification');
    if (!idv) throw plaidErrors.missingFields(['identity_verification.template_id']);
    const template = service.template(requiredString(idv, 'template_id', 'identity_verification.'));
    const gaveConsent = optionalBoolean(idv, 'gave_consent', 'identity_verification.') ?? optionalBoolean(idv, 'consent', 'identity_verification.') ?? false;
    const webhook = optionalString(body, 'webhook') ?? null;
    if (webhook !== null && !URL.canParse(webhook)) throw plaidErrors.invalidField('webhook must be a valid URL');
    const token = service.createLinkToken({ template, clientUserId, user: parseUser(user), gaveConsent, webhook });
    return { link_token: token.token, expiration: new Date(token.expires_at).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  });

  endpoint('/identity_verification/create', (body, c) => {
    requireFields(body, ['is_shareable', 'template_id', 'gave_consent']);
    const template = service.template(requiredString(body, 'template_id'));
    const isShareable = optionalBoolean(body, 'is_shareable')!;
    const gaveConsent = optionalBoolean(body, 'gave_consent')!;
    const idempotent = optionalBoolean(body, 'is_idempotent') ?? false;
    const user = optionalObject(body, 'user');
    // The emulator has no /user/create, so no user_id exists. client_user_id inside `user` is Plaid's deprecated place for it.
    if (optionalString(body, 'user_id') !== undefined) throw plaidErrors.notFound('user_id');
    const clientUserId = optionalString(body, 'client_user_id') ?? (user && optionalString(user, 'client_user_id', 'user.'));
    if (!clientUserId) throw plaidErrors.missingFields(['client_user_id']);
    const v = service.createVerification({ template, clientUserId, user: parseUser(user), gaveConsent, isShareable, idempotent });
    return renderVerification(v, origin(c));
  });

  endpoint('/identity_verification/get', (body, c) => renderVerification(service.verification(requiredString(body, 'identity_verification_id')), origin(c)));

  endpoint('/identity_verification/list', (body, c) => {
    requireFields(body, ['template_id']);
    const templateId = requiredString(body, 'template_id');
    service.template(templateId);
    if (optionalString(body, 'user_id') !== undefined) throw plaidErrors.notFound('user_id');
    const clientUserId = optionalString(body, 'client_user_id');
    if (!clientUserId) throw plaidErrors.missingFields(['client_user_id']);
    const { page, next } = service.list({ templateId, clientUserId, cursor: optionalString(body, 'cursor'), pageSize: LIST_PAGE_SIZE });
    return { identity_verifications: page.map((v) => renderVerification(v, origin(c))), next_cursor: next };
  });

  endpoint('/identity_verification/retry', (body, c) => {
    requireFields(body, ['client_user_id', 'strategy', 'template_id']);
    const clientUserId = requiredString(body, 'client_user_id');
    const template = service.template(requiredString(body, 'template_id'));
    const strategy = requiredString(body, 'strategy');
    if (!(STRATEGIES as readonly string[]).includes(strategy)) throw plaidErrors.invalidField(`strategy must be one of ${STRATEGIES.join(', ')}`);
    let steps: CustomSteps | undefined;
    const rawSteps = optionalObject(body, 'steps');
    if (strategy === 'custom') {
      if (!rawSteps) throw plaidErrors.missingFields(['steps']);
      requireFields(rawSteps, CUSTOM_STEPS, 'steps.');
      steps = Object.fromEntries(CUSTOM_STEPS.map((s) => [s, optionalBoolean(rawSteps, s, 'steps.')!])) as CustomSteps;
    }
    const rawUser = optionalObject(body, 'user');
    const isShareable = optionalBoolean(body, 'is_shareable');
    const v = service.retry({ clientUserId, template, strategy: strategy as Strategy, steps, user: rawUser ? parseUser(rawUser) : undefined, isShareable });
    return renderVerification(v, origin(c));
  });

  endpoint('/webhook_verification_key/get', (body) => {
    const key = service.webhooks.key(requiredString(body, 'key_id'));
    if (!key) throw plaidErrors.notFound('key_id');
    return { key };
  });
}
