// How the stack wires the Login.gov emulator: the BFF's issuer (with Login.gov's trailing slash),
// its sandbox client and the client's private key for private_key_jwt; nothing runs on the page
// (a full-page redirect); once the BFF listens, its callback is registered as a redirect URI, as a
// partner registers it in Login.gov's portal.
import { defineWiring } from '../shared/wiring.js';
import { createLoginGovEmulator } from './app.js';
import { LOGIN_GOV_EMULATOR_CLIENT_ID, LOGIN_GOV_EMULATOR_RP_PRIVATE_KEY } from './keys.js';

export const loginGovWiring = defineWiring({
  name: 'login_gov',
  provider: 'Login.gov',
  providerKeys: ['login_gov'],
  needs: [],
  create: createLoginGovEmulator,
  bffEnv: ({ url }) => ({
    LOGIN_GOV_ISSUER: `${url}/`,
    LOGIN_GOV_CLIENT_ID: LOGIN_GOV_EMULATOR_CLIENT_ID,
    // One line, its line breaks written \n, as env files and most secret stores hold a PEM.
    LOGIN_GOV_PRIVATE_KEY: LOGIN_GOV_EMULATOR_RP_PRIVATE_KEY.trim().replace(/\n/g, '\\n'),
  }),
  secrets: { LOGIN_GOV_PRIVATE_KEY: 'the Login.gov client private key' },
  page: () => ({ scripts: [], connect: [] }),
  connect({ bffUrl, controls }) {
    controls.addRedirectUri(`${bffUrl}/v1/providers/login_gov/callback`);
    return { webhooks: [] };
  },
});
