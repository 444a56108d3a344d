// Public surface of the Login.gov emulator: the factory, its sandbox client and test key, the
// acr values and scopes it knows, its test people and its paths.
export { createLoginGovEmulator } from './app.js';
export type { LoginGovControls, LoginGovEmulator, LoginGovEmulatorOptions } from './app.js';
export { LOGIN_GOV_EMULATOR_CLIENT_ID, LOGIN_GOV_EMULATOR_RP_PRIVATE_KEY } from './keys.js';
export { LEGACY_ACR as LOGIN_GOV_LEGACY_ACR, LOGIN_GOV_AAL, LOGIN_GOV_ACR } from './acr.js';
export { IAL1_SCOPES as LOGIN_GOV_IAL1_SCOPES, PROOFING_SCOPES as LOGIN_GOV_PROOFING_SCOPES } from './authorize.js';
export { LOGIN_GOV_PEOPLE } from './people.js';
export type { LoginGovPerson } from './people.js';
export { ACCESS_TOKEN_TTL_SECONDS as LOGIN_GOV_ACCESS_TOKEN_TTL_SECONDS, AUTHORIZATION_CODE_TTL_SECONDS as LOGIN_GOV_CODE_TTL_SECONDS, LOGIN_GOV_PATHS } from './provider.js';
export { LOGOUT_CONFIRM_LABEL as LOGIN_GOV_LOGOUT_CONFIRM_LABEL } from './pages.js';
export { loginGovWiring } from './wiring.js';
