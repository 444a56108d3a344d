// How the stack wires the Onfido emulator: the BFF's API base and the Web SDK's UI module come from
// it, with its test token; the page loads the SDK and its uploads call the API from the page
// itself; once the BFF listens, the emulator sends its signed webhooks there.
import { defineWiring } from '../shared/wiring.js';
import { createOnfidoEmulator } from './app.js';
import { ONFIDO_EMULATOR_API_TOKEN, ONFIDO_EMULATOR_WEBHOOK_TOKEN } from './keys.js';
import { BASE_PATH } from './model.js';
import { WEB_SDK_PATH } from './web-sdk.js';

export const onfidoWiring = defineWiring({
  name: 'onfido',
  provider: 'Onfido',
  providerKeys: ['onfido'],
  needs: [],
  create: createOnfidoEmulator,
  bffEnv: ({ url }) => ({
    ONFIDO_API_TOKEN: ONFIDO_EMULATOR_API_TOKEN,
    ONFIDO_WEBHOOK_TOKEN: ONFIDO_EMULATOR_WEBHOOK_TOKEN,
    ONFIDO_API_BASE: `${url}${BASE_PATH}`,
    // The emulated Onfido UI module, imported by the real onfido-sdk-ui loader in place of Onfido's CDN.
    ONFIDO_SDK_URL: `${url}${WEB_SDK_PATH}`,
  }),
  secrets: { ONFIDO_API_TOKEN: 'the Onfido API token', ONFIDO_WEBHOOK_TOKEN: 'the Onfido webhook token' },
  // Onfido's SDK uploads the document and selfie from the page straight to Onfido's API.
  page: ({ url }) => ({ scripts: [url], connect: [url] }),
  connect({ bffUrl, controls }) {
    const webhook = `${bffUrl}/v1/providers/onfido/webhook`;
    controls.addWebhook({ url: webhook, token: ONFIDO_EMULATOR_WEBHOOK_TOKEN });
    return { webhooks: [webhook] };
  },
});
