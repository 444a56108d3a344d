// How the stack wires the Plaid emulator: the BFF's API base, sandbox client id and secret and
// default IDV template come from it, with the Link loader's URL; the page loads Link's script and
// frames its page from the emulator (Link's frame calls only its own origin); once the BFF
// listens, the emulator sends its signed IDV webhooks there, as the dashboard's webhook URL would.
import { defineWiring } from '../shared/wiring.js';
import { createPlaidEmulator } from './app.js';
import { PLAID_EMULATOR_CLIENT_ID, PLAID_EMULATOR_SECRET, PLAID_EMULATOR_TEMPLATE_ID } from './keys.js';
import { LINK_SCRIPT_PATH } from './link.js';

export const plaidWiring = defineWiring({
  name: 'plaid',
  provider: 'Plaid Identity Verification',
  providerKeys: ['plaid'],
  needs: [],
  create: createPlaidEmulator,
  bffEnv: ({ url }) => ({
    PLAID_API_BASE: url,
    PLAID_CLIENT_ID: PLAID_EMULATOR_CLIENT_ID,
    PLAID_SECRET: PLAID_EMULATOR_SECRET,
    PLAID_TEMPLATE_ID: PLAID_EMULATOR_TEMPLATE_ID,
    PLAID_LINK_SCRIPT_URL: `${url}${LINK_SCRIPT_PATH}`,
  }),
  secrets: { PLAID_SECRET: 'the Plaid secret' },
  // script-src and frame-src: link-initialize.js and the Link frame. Nothing on the host page
  // calls Plaid itself (Plaid's own docs ask connect-src for its API only for Layer and OAuth).
  page: ({ url }) => ({ scripts: [url], connect: [] }),
  connect({ bffUrl, controls }) {
    const webhook = `${bffUrl}/v1/providers/plaid/webhook`;
    controls.setWebhookUrl(webhook);
    return { webhooks: [webhook] };
  },
});
