// How the stack wires the Yoti emulator: the BFF's IDV API base (ending in /idverify/v1), the app's
// SDK id and private key (one-line PEM), the user view's base for the iframe, and the token Yoti
// sends with each notification. The page frames the emulator's user view; nothing of Yoti's runs on
// the page itself. Notifications carry an endpoint per session, set by the BFF when it creates one,
// so connect() only names the BFF's webhook path the adapter is expected to give.
import { defineWiring } from '../shared/wiring.js';
import { createYotiEmulator } from './app.js';
import { oneLinePem, yotiEmulatorApp } from './keys.js';
import { API_BASE } from './model.js';

/** The auth token the BFF sets in each session's `notifications` and checks on arrival. */
export const YOTI_EMULATOR_NOTIFICATION_TOKEN = 'yoti-emulator-notifications:5c0f2d8a1b7e4c93';
export const YOTI_WEBHOOK_PATH = '/v1/providers/yoti/webhook';

export const yotiWiring = defineWiring({
  name: 'yoti',
  provider: 'Yoti',
  providerKeys: ['yoti'],
  needs: [],
  create: createYotiEmulator,
  bffEnv: ({ url }) => {
    // The wiring sees only the URL: the key is the process's default app, which the emulator registers.
    const app = yotiEmulatorApp();
    return {
      YOTI_API_URL: `${url}${API_BASE}`,
      YOTI_SDK_ID: app.sdkId,
      YOTI_PEM: oneLinePem(app.privateKeyPem),
      YOTI_WEB_URL: `${url}${API_BASE}/web/index.html`,
      YOTI_NOTIFICATION_TOKEN: YOTI_EMULATOR_NOTIFICATION_TOKEN,
    };
  },
  secrets: { YOTI_PEM: 'the Yoti application key', YOTI_NOTIFICATION_TOKEN: 'the Yoti notification token' },
  page: ({ url }) => ({ scripts: [url], connect: [] }),
  connect: ({ bffUrl }) => ({ webhooks: [`${bffUrl}${YOTI_WEBHOOK_PATH}`] }),
});
