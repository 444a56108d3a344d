// How the stack wires the BankID emulator: the BFF's RP API base over HTTPS, the relying party's
// client certificate and key, and the emulator CA the BFF must trust for the server, each PEM on
// one line, and the emulated app's page for the autostart link; nothing runs on the page (the QR code is drawn by the widget) and BankID has no webhooks.
import { defineWiring } from '../shared/wiring.js';
import { emulatedAppUrl } from './app-page.js';
import { createBankIdEmulator } from './app.js';
import { currentBankIdCertificates, oneLinePem } from './certificates.js';
import { RP_API_BASE } from './rp-api.js';

export const bankIdWiring = defineWiring({
  name: 'bankid',
  provider: 'BankID',
  providerKeys: ['bankid_se'],
  needs: [],
  create: createBankIdEmulator,
  bffEnv: ({ url }) => {
    // The wiring sees only the URL: the certificates are those of the BankID emulator made last here.
    const certs = currentBankIdCertificates();
    return {
      BANKID_API_BASE: `${url}${RP_API_BASE}`,
      BANKID_CLIENT_CERT: oneLinePem(certs.clientCert),
      BANKID_CLIENT_KEY: oneLinePem(certs.clientKey),
      BANKID_CA_CERT: oneLinePem(certs.caCert),
      // The autostart link opens the emulated app's page instead of bankid:///.
      BANKID_APP_URL: emulatedAppUrl(url),
    };
  },
  secrets: { BANKID_CLIENT_KEY: 'the BankID client key' },
  page: () => ({ scripts: [], connect: [] }),
  // The tester's phone: where a QR code's contents are pasted, as the BankID app would scan them.
  testerPage: ({ url }) => ({ label: 'BankID app (your phone)', url: emulatedAppUrl(url) }),
});
