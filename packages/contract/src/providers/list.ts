// The contract's providers list: a provider joins the widget-facing client union and the host's
// provider_result union with one line here each (a provider without a verdict of its own to show
// joins only the first). Our own capture's client is not listed: it is one shape for every
// provider that takes images by API (native-capture.ts).
import { BankIdClientSchema, BankIdResultSchema } from './bankid_se.js';
import { IdMeClientSchema, IdMeResultSchema } from './id_me.js';
import { LoginGovClientSchema, LoginGovResultSchema } from './login_gov.js';
import { OnfidoClientSchema, OnfidoResultSchema } from './onfido.js';
import { PlaidClientSchema, PlaidResultSchema } from './plaid.js';
import { SignicatOnfidoClientSchema, SignicatOnfidoResultSchema } from './signicat_onfido.js';
import { StripeIdentityClientSchema } from './stripe_identity.js';
import { TurnstileClientSchema } from './turnstile.js';
import { YotiClientSchema, YotiResultSchema } from './yoti.js';

/** What each provider's own driver needs in the browser, told apart by provider_key. Never a secret. */
export const PROVIDER_CLIENT_SCHEMAS = [
  TurnstileClientSchema,
  StripeIdentityClientSchema,
  OnfidoClientSchema,
  SignicatOnfidoClientSchema,
  LoginGovClientSchema,
  IdMeClientSchema,
  BankIdClientSchema,
  PlaidClientSchema,
  YotiClientSchema,
] as const;

/** What a provider decided beyond our normalized status, told apart by provider_key. No PII. */
export const PROVIDER_RESULT_SCHEMAS = [OnfidoResultSchema, SignicatOnfidoResultSchema, LoginGovResultSchema, IdMeResultSchema, BankIdResultSchema, PlaidResultSchema, YotiResultSchema] as const;
