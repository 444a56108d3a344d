// How the stack wires the ID.me emulator: the BFF's issuer, API base and credentials come from it
// (the sandbox consumer, passback on); nothing loads on the page (ID.me is a full-page redirect);
// once the BFF listens, its OIDC callback is registered as a redirect URI.
import { defineWiring } from '../shared/wiring.js';
import { createIdMeEmulator } from './app.js';
import { ID_ME_EMULATOR_CLIENT_ID, ID_ME_EMULATOR_CLIENT_SECRET, ID_ME_EMULATOR_PASSBACK_TOKEN } from './keys.js';

export const idMeWiring = defineWiring({
  name: 'id_me',
  provider: 'ID.me',
  providerKeys: ['id_me'],
  needs: [],
  create: createIdMeEmulator,
  bffEnv: ({ url }) => ({
    ID_ME_ISSUER: `${url}/oidc`,
    ID_ME_CLIENT_ID: ID_ME_EMULATOR_CLIENT_ID,
    ID_ME_CLIENT_SECRET: ID_ME_EMULATOR_CLIENT_SECRET,
    ID_ME_API_BASE: url,
    ID_ME_PASSBACK_TOKEN: ID_ME_EMULATOR_PASSBACK_TOKEN,
  }),
  secrets: { ID_ME_CLIENT_SECRET: 'the ID.me client secret', ID_ME_PASSBACK_TOKEN: 'the ID.me passback API token' },
  page: () => ({ scripts: [], connect: [] }),
  connect({ bffUrl, controls }) {
    controls.addRedirectUri(`${bffUrl}/v1/providers/id_me/callback`);
    return { webhooks: [] };
  },
});
