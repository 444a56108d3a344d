// Every emulator this package has, one line each: the runner starts them by name and the stack
// wires each into the BFF and the demo from here, so neither names a provider.
import { bankIdWiring } from './bankid/wiring.js';
import { idMeWiring } from './id_me/wiring.js';
import { loginGovWiring } from './login_gov/wiring.js';
import { onfidoWiring } from './onfido/wiring.js';
import { plaidWiring } from './plaid/wiring.js';
import { signicatWiring } from './signicat/wiring.js';
import { stripeWiring } from './stripe/wiring.js';
import { turnstileWiring } from './turnstile/wiring.js';
import { yotiWiring } from './yoti/wiring.js';

export const EMULATOR_WIRINGS = [turnstileWiring, stripeWiring, onfidoWiring, signicatWiring, idMeWiring, loginGovWiring, bankIdWiring, plaidWiring, yotiWiring] as const;
