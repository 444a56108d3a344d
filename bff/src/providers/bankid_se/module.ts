// BankID Sweden: the person identifies in the BankID app, on another device by scanning an
// animated QR code or on this one through an autostart link, and the BFF follows the order.
// Its settings and its adapter.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { Secret } from '../../security/secret.js';
import { baseUrl, defineProvider } from '../module.js';
import { createBankIdAdapter } from './adapter.js';

export interface BankIdConfig {
  /** The RP API's base, version included (https://appapi2.bankid.com/rp/v6.0). */
  apiBase: string;
  /** Our relying-party certificate and its key, as BankID issued them (PEM). */
  clientCert: string;
  clientKey: Secret;
  /** The CA BankID's server certificate chains to, pinned: BankID's own root, not a public one. */
  caCert: string;
  /** Where the autostart link opens BankID: bankid:/// for the app itself, the emulated app locally. */
  appUrl: string;
  /** The certificate policies orders accept: BankID on file, on card and Mobile BankID, for the environment in use. */
  certificatePolicies: string[];
  /** A text the person signs in the app (orders become `sign`), or null to identify (`auth`). */
  signText: string | null;
}

/** BankID's test and production hosts; the test one is refused in production. */
const TEST_API = /^https:\/\/appapi2\.test\.bankid\.com(\/|$)/;
const PRODUCTION_API = /^https:\/\/appapi2\.bankid\.com(\/|$)/;

// Certificate policies of BankID on file, on card and Mobile BankID: the production OIDs, and the
// test environment's (which also take the emulator's orders).
const PRODUCTION_POLICIES = ['1.2.752.78.1.1', '1.2.752.78.1.2', '1.2.752.78.1.5'];
const TEST_POLICIES = ['1.2.3.4.5', '1.2.3.4.10', '1.2.3.4.25'];

// A PEM with its line breaks, or on one line with them written \n (as env files and secret stores hold it).
const pem = () => z.string().min(1).transform((text) => text.replace(/\\n/g, '\n'));

function pemProblems(env: { BANKID_CLIENT_CERT: string; BANKID_CLIENT_KEY: string; BANKID_CA_CERT: string }): string[] {
  const problems: string[] = [];
  const certificate = (name: string, text: string) => {
    try {
      return new X509Certificate(text);
    } catch {
      problems.push(`${name}: must be a PEM certificate (-----BEGIN CERTIFICATE----- …)`);
      return null;
    }
  };
  const client = certificate('BANKID_CLIENT_CERT', env.BANKID_CLIENT_CERT);
  certificate('BANKID_CA_CERT', env.BANKID_CA_CERT);
  try {
    const key = createPrivateKey(env.BANKID_CLIENT_KEY);
    if (client && !client.checkPrivateKey(key)) problems.push('BANKID_CLIENT_KEY: is not the key of BANKID_CLIENT_CERT');
  } catch {
    problems.push('BANKID_CLIENT_KEY: must be a PEM private key (-----BEGIN PRIVATE KEY----- …)');
  }
  return problems;
}

export const bankIdModule = defineProvider({
  key: 'bankid_se',
  settings: {
    BANKID_API_BASE: {
      schema: baseUrl(),
      enables: true,
      https: true,
      testOnly: { pattern: TEST_API, what: "BankID's test environment" },
    },
    BANKID_CLIENT_CERT: { schema: pem(), enables: true },
    BANKID_CLIENT_KEY: { schema: pem(), enables: true },
    BANKID_CA_CERT: { schema: pem(), enables: true },
    BANKID_APP_URL: {
      schema: z
        .string()
        .regex(/^(bankid:\/\/\/|https?:\/\/[^?#\s]+)$/, 'must be bankid:/// or an http(s) URL without a query')
        .default('bankid:///'),
    },
    BANKID_SIGN_TEXT: { schema: z.string().trim().min(1).max(1_000).optional() },
  },
  check: pemProblems,
  config: (env): BankIdConfig => ({
    apiBase: env.BANKID_API_BASE,
    clientCert: env.BANKID_CLIENT_CERT,
    clientKey: new Secret(env.BANKID_CLIENT_KEY),
    caCert: env.BANKID_CA_CERT,
    appUrl: env.BANKID_APP_URL,
    certificatePolicies: PRODUCTION_API.test(env.BANKID_API_BASE) ? PRODUCTION_POLICIES : TEST_POLICIES,
    signText: env.BANKID_SIGN_TEXT ?? null,
  }),
  createAdapter: createBankIdAdapter,
  // The widget draws the QR code and follows the order through the BFF; the app opens by a link.
  csp: () => ({}),
});
