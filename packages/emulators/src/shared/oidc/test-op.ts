// A minimal emulator on the OIDC base, for the base's own tests: a public client with PKCE, two
// test people, the claims they have by scope. Nothing here is any real provider's behaviour.
import type { ClientMetadata } from 'oidc-provider';
import { createClock } from '../clock.js';
import { createEmulatorKit, inProcessFetch, type Emulator, type EmulatorControls } from '../kit.js';
import { createOidcCore, saveGrant, type OidcControls, type OidcCore } from './core.js';
import { mountOidcControls } from './controls-http.js';
import { generateRs256SigningJwk } from './keys.js';
import { OIDC_REDACT_KEYS } from './index.js';
import type { Persona } from './persona-page.js';

export const TEST_OP_CLIENT_ID = 'test-op-client';
export const TEST_OP_LOW_ACR = 'urn:test:low';
export const TEST_OP_HIGH_ACR = 'urn:test:high';

interface TestPerson extends Persona {
  email: string;
}

export const TEST_OP_PEOPLE: readonly TestPerson[] = [
  { id: 'ada', name: 'Ada Testperson', description: 'signs in with an email', email: 'ada@example.test' },
  { id: 'bo', name: 'Bo Testperson', description: 'another account', email: 'bo@example.test' },
];

export type TestOpEmulator = Emulator<EmulatorControls & OidcControls> & { core: OidcCore };

export function createTestOpEmulator(options: { redirectUris?: string[]; publicUrl?: string } = {}): TestOpEmulator {
  const clock = createClock();
  const signingKey = generateRs256SigningJwk();
  const core = createOidcCore<TestPerson>({
    providerName: 'Test OP',
    personas: TEST_OP_PEOPLE,
    clock,
    ...(options.redirectUris ? { redirectUris: options.redirectUris } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    issuer: (origin) => `${origin}/`,
    configuration: () => ({
      jwks: { keys: [signingKey] },
      cookies: { keys: ['test-op-cookie-key-long-enough-to-sign'] },
      scopes: ['openid', 'email'],
      claims: { openid: ['sub', 'acr'], email: ['email'] },
      // The tests read every claim from the id_token, as Login.gov's relying parties do.
      conformIdTokenClaims: false,
      acrValues: [TEST_OP_LOW_ACR, TEST_OP_HIGH_ACR],
      pkce: { required: () => true },
      ttl: { AuthorizationCode: 60, AccessToken: 300, IdToken: 300, Grant: 600, Interaction: 600, Session: 600 },
      findAccount: (_ctx, id) => {
        const person = TEST_OP_PEOPLE.find((p) => p.id === id);
        return person ? { accountId: id, claims: () => ({ sub: id, email: person.email }) } : undefined;
      },
    }),
    clients: (redirectUris): ClientMetadata[] => [
      { client_id: TEST_OP_CLIENT_ID, token_endpoint_auth_method: 'none', redirect_uris: [...redirectUris], response_types: ['code'], grant_types: ['authorization_code'] },
    ],
    async finish({ provider, interaction, person, outcome }) {
      const grantId = await saveGrant(provider, interaction, person.id);
      return { login: { accountId: person.id, acr: outcome === 'verified' ? TEST_OP_HIGH_ACR : TEST_OP_LOW_ACR }, consent: { grantId } };
    },
    describe: (interaction) => [`Scopes asked: ${String(interaction.params.scope)}`],
  });
  const kit = createEmulatorKit({ name: 'test_op', clock, redactKeys: OIDC_REDACT_KEYS, onReset: () => core.reset() });
  mountOidcControls(kit.app, 'test_op', core);
  core.mount(kit.app);
  const controls = { ...kit.controls, signIn: core.signIn, addRedirectUri: core.addRedirectUri, redirectUris: core.redirectUris };
  return { name: 'test_op', app: kit.app, controls, fetch: inProcessFetch(kit.app), core };
}
