// Every provider the BFF knows, one line each: config.ts reads their settings and the registry
// builds the adapters of those configured, in this order.
import type { ConfigOf } from './module.js';
import { turnstileModule } from './turnstile/module.js';
import { stripeIdentityModule } from './stripe_identity/module.js';
import { onfidoModule } from './onfido/module.js';
import { signicatOnfidoModule } from './signicat_onfido/module.js';
import { loginGovModule } from './login_gov/module.js';
import { idMeModule } from './id_me/module.js';
import { bankIdModule } from './bankid_se/module.js';
import { plaidModule } from './plaid/module.js';
import { yotiModule } from './yoti/module.js';

export const PROVIDER_MODULES = [turnstileModule, stripeIdentityModule, onfidoModule, signicatOnfidoModule, loginGovModule, idMeModule, bankIdModule, plaidModule, yotiModule] as const;

type ProviderModules = (typeof PROVIDER_MODULES)[number];
/** The configured providers' configs, by provider key. */
export type ProviderConfigs = { [M in ProviderModules as M['key']]?: ConfigOf<M> };
