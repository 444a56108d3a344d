// How the stack wires the Signicat Assure emulator: the BFF's API base comes from it, with its test
// client; our own capture uploads through the BFF, and a session asking for Onfido's SDK runs the
// Onfido emulator's UI with Assure's authorization. Once the BFF listens, Assure's events go there,
// and Assure runs its Onfido processes on the Onfido emulator, as on an Onfido account of its own.
import { ONFIDO_EMULATOR_API_TOKEN } from '../onfido/keys.js';
import { BASE_PATH as ONFIDO_BASE_PATH } from '../onfido/model.js';
import { WEB_SDK_PATH as ONFIDO_WEB_SDK_PATH } from '../onfido/web-sdk.js';
import { defineWiring } from '../shared/wiring.js';
import { createSignicatEmulator } from './app.js';
import { SIGNICAT_EMULATOR_CLIENT_ID, SIGNICAT_EMULATOR_CLIENT_SECRET, SIGNICAT_EMULATOR_EVENT_SECRET } from './keys.js';

export const signicatWiring = defineWiring({
  name: 'signicat',
  provider: 'Signicat Assure',
  providerKeys: ['signicat_onfido'],
  needs: ['onfido'],
  create: createSignicatEmulator,
  bffEnv: ({ url, urlOf }) => ({
    SIGNICAT_CLIENT_ID: SIGNICAT_EMULATOR_CLIENT_ID,
    SIGNICAT_CLIENT_SECRET: SIGNICAT_EMULATOR_CLIENT_SECRET,
    SIGNICAT_EVENT_SECRET: SIGNICAT_EMULATOR_EVENT_SECRET,
    SIGNICAT_API_BASE: url,
    SIGNICAT_ONFIDO_SDK_URL: `${urlOf('onfido')}${ONFIDO_WEB_SDK_PATH}`,
  }),
  secrets: { SIGNICAT_CLIENT_SECRET: 'the Signicat client secret', SIGNICAT_EVENT_SECRET: 'the Signicat event secret' },
  // Assure itself is only called by the BFF; the SDK variant loads Onfido's UI and uploads to
  // Onfido's API from the page (allowed here too, so this wiring stands without Onfido's).
  page: ({ urlOf }) => ({ scripts: [urlOf('onfido')], connect: [urlOf('onfido')] }),
  connect({ bffUrl, controls, urlOf }) {
    const webhook = `${bffUrl}/v1/providers/signicat_onfido/webhook`;
    controls.addSubscriber({ url: webhook, secret: SIGNICAT_EMULATOR_EVENT_SECRET });
    controls.linkOnfido({ apiBase: `${urlOf('onfido')}${ONFIDO_BASE_PATH}`, apiToken: ONFIDO_EMULATOR_API_TOKEN });
    return { webhooks: [webhook] };
  },
});
