// Login.gov: the person signs in with their Login.gov account on Login.gov's page (OpenID Connect,
// private_key_jwt) and comes back to the BFF's callback. Its settings and its adapter.
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { Secret } from '../../security/secret.js';
import { defineProvider } from '../module.js';
import { createLoginGovAdapter } from './adapter.js';

export interface LoginGovConfig {
  /** Exactly as Login.gov writes it, trailing slash included (id_tokens are checked against it). */
  issuer: string;
  /** The issuer string registered for this service in Login.gov's partner portal. */
  clientId: string;
  /** The private key whose certificate is registered with Login.gov (RSA, 2048 bits or more). */
  privateKey: Secret;
  /** How recent an identity verification must be (`verified_within`, e.g. 1y), or null for Login.gov's default. */
  verifiedWithin: string | null;
  /** Ask for the social security number (its last four digits are kept); off unless the service needs it. */
  askSsn: boolean;
}

/** Why a PEM cannot sign Login.gov's client assertions, or null when it can. */
function privateKeyProblem(pem: string): string | null {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') return 'must be an RSA private key (Login.gov signs with RS256)';
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return 'must be at least 2048 bits';
    return null;
  } catch {
    return 'must be a PEM private key (-----BEGIN PRIVATE KEY----- …)';
  }
}

export const loginGovModule = defineProvider({
  key: 'login_gov',
  returnsToBff: true,
  settings: {
    // Login.gov's own spelling ends in '/': kept as written, never trimmed.
    LOGIN_GOV_ISSUER: { schema: z.url({ protocol: /^https?$/ }), enables: true, https: true },
    LOGIN_GOV_CLIENT_ID: { schema: z.string().min(1).max(500), enables: true },
    // A PEM with its line breaks, or on one line with them written \n (as env files and secret stores hold it).
    LOGIN_GOV_PRIVATE_KEY: { schema: z.string().min(1).transform((pem) => pem.replace(/\\n/g, '\n')), enables: true },
    LOGIN_GOV_VERIFIED_WITHIN: {
      schema: z
        .string()
        .regex(/^\d+[dwmy]$/, 'must be a duration such as 30d, 12w, 6m or 1y')
        .refine((d) => parseInt(d, 10) * { d: 1, w: 7, m: 30, y: 365 }[d.at(-1) as 'd'] >= 30, 'must be at least 30 days (Login.gov refuses less)')
        .optional(),
    },
    LOGIN_GOV_ASK_SSN: { schema: z.enum(['true', 'false']).default('false') },
  },
  check: (env) => {
    const problem = privateKeyProblem(env.LOGIN_GOV_PRIVATE_KEY);
    return problem ? [`LOGIN_GOV_PRIVATE_KEY: ${problem}`] : [];
  },
  config: (env): LoginGovConfig => ({
    issuer: env.LOGIN_GOV_ISSUER,
    clientId: env.LOGIN_GOV_CLIENT_ID,
    privateKey: new Secret(env.LOGIN_GOV_PRIVATE_KEY),
    verifiedWithin: env.LOGIN_GOV_VERIFIED_WITHIN ?? null,
    askSsn: env.LOGIN_GOV_ASK_SSN === 'true',
  }),
  createAdapter: createLoginGovAdapter,
  // A full-page redirect to Login.gov and back to the BFF: nothing of Login.gov's runs in the page.
  csp: () => ({}),
});
