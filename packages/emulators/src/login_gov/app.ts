// The Login.gov emulator: one Hono app standing in for https://idp.int.identitysandbox.gov (OIDC
// discovery, authorization with its sign-in page, token, userinfo, certs, logout), on panva's
// oidc-provider through the shared OIDC base, plus its test controls.
import { randomBytes } from 'node:crypto';
import { createClock, type EmulatorClock } from '../shared/clock.js';
import { createEmulatorKit, inProcessFetch, type Emulator, type EmulatorControls } from '../shared/kit.js';
import {
  createOidcCore,
  generateRs256SigningJwk,
  mountOidcControls,
  OIDC_REDACT_KEYS,
  type OidcControls,
  type OidcInteraction,
} from '../shared/oidc/index.js';
import { parseAcrValues } from './acr.js';
import { LOGIN_GOV_EMULATOR_CLIENT_ID, LOGIN_GOV_EMULATOR_RP_PUBLIC_KEY } from './keys.js';
import { PROVIDER_NAME } from './pages.js';
import { LOGIN_GOV_PEOPLE, type LoginGovPerson } from './people.js';
import { finishLoginGovSignIn, loginGovClients, loginGovConfiguration, LoginGovSignIns } from './provider.js';
import { mountLoginGovRoutes } from './routes.js';

export interface LoginGovEmulatorOptions {
  clock?: EmulatorClock;
  /** The emulator's base URL when it differs from what requests show (a proxy); issuer = this + "/". */
  publicUrl?: string;
  /** Redirect URIs registered from the start (more with controls.addRedirectUri). */
  redirectUris?: readonly string[];
}

export interface LoginGovControls extends EmulatorControls, OidcControls {}
export type LoginGovEmulator = Emulator<LoginGovControls>;

/** What the sign-in page says the relying party asked for (Login.gov shows its page in that locale). */
function describeRequest(interaction: OidcInteraction): string[] {
  const params = interaction.params as Record<string, string | undefined>;
  const requested = parseAcrValues(params.acr_values);
  const lines = [
    `Asked for: ${requested.values.join(', ')}.`,
    `Scopes: ${params.scope ?? ''}.`,
    requested.proofing ? 'Identity proofing is asked for: "Verified" shares the identity attributes the scopes allow.' : 'No identity proofing is asked for: "Verified" signs in with the account only.',
  ];
  if (params.locale) lines.push(`Page language asked for: ${params.locale}.`);
  if (params.verified_within) lines.push(`Identity verified within: ${params.verified_within}.`);
  return lines;
}

export function createLoginGovEmulator(options: LoginGovEmulatorOptions = {}): LoginGovEmulator {
  const clock = options.clock ?? createClock();
  // The id_token signing key lives as long as the emulator, so its JWKS survives reset().
  const signingKey = generateRs256SigningJwk();
  const cookieKey = randomBytes(32).toString('base64url');
  const signIns = new LoginGovSignIns();
  const core = createOidcCore<LoginGovPerson>({
    providerName: PROVIDER_NAME,
    personas: LOGIN_GOV_PEOPLE,
    clock,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.redirectUris ? { redirectUris: options.redirectUris } : {}),
    // Login.gov's issuer is its root URL, with the trailing slash (openid-client checks it).
    issuer: (origin) => `${origin}/`,
    configuration: ({ issuer }) => loginGovConfiguration({ issuer, signingKey, cookieKey, signIns, now: clock.now }),
    clients: loginGovClients,
    finish: (input) => finishLoginGovSignIn(signIns, clock.now, input),
    describe: describeRequest,
  });
  const { app, controls: base } = createEmulatorKit({
    name: 'login_gov',
    redactKeys: OIDC_REDACT_KEYS,
    clock,
    onReset: () => {
      core.reset();
      signIns.clear();
    },
  });
  mountLoginGovRoutes(app, {
    core,
    clock,
    clients: () => [{ clientId: LOGIN_GOV_EMULATOR_CLIENT_ID, redirectUris: core.redirectUris() }],
    clientKey: (clientId) => (clientId === LOGIN_GOV_EMULATOR_CLIENT_ID ? LOGIN_GOV_EMULATOR_RP_PUBLIC_KEY : undefined),
  });
  mountOidcControls(app, 'login_gov', core);
  core.mount(app);

  const controls: LoginGovControls = { ...base, signIn: core.signIn, addRedirectUri: core.addRedirectUri, redirectUris: core.redirectUris };
  return { name: 'login_gov', app, controls, fetch: inProcessFetch(app) };
}
