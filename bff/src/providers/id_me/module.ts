// ID.me: the person signs in with their ID.me wallet on ID.me's page (OpenID Connect, client
// secret) and comes back to the BFF's callback; with Document Passback, the host can see the
// document images ID.me verified. Its settings and its adapter.
import { z } from 'zod';
import { Secret } from '../../security/secret.js';
import { baseUrl, defineProvider } from '../module.js';
import { createIdMeAdapter } from './adapter.js';

export interface IdMeConfig {
  /** Exactly as ID.me writes it (https://api.id.me/oidc). */
  issuer: string;
  clientId: string;
  clientSecret: Secret;
  clientAuth: 'client_secret_post' | 'client_secret_basic';
  /** Where the attributes and passback endpoints are (https://api.id.me). */
  apiBase: string;
  /** The static API token ID.me issues for Document Passback, or null when it is not enabled. */
  passbackToken: Secret | null;
  /** The policy handles (OAuth scopes) configured for this consumer: a signed-in account (IAL1) and an identity verified (IAL2). */
  policies: { ial1: string; ial2: string };
}

export const idMeModule = defineProvider({
  key: 'id_me',
  returnsToBff: true,
  settings: {
    ID_ME_ISSUER: { schema: z.url({ protocol: /^https?$/ }).default('https://api.id.me/oidc'), https: true },
    ID_ME_CLIENT_ID: { schema: z.string().min(1).max(200), enables: true },
    ID_ME_CLIENT_SECRET: { schema: z.string().min(1).max(500), enables: true },
    ID_ME_CLIENT_AUTH: { schema: z.enum(['client_secret_post', 'client_secret_basic']).default('client_secret_post') },
    ID_ME_API_BASE: { schema: baseUrl().default('https://api.id.me'), https: true },
    ID_ME_PASSBACK_TOKEN: { schema: z.string().min(8).max(500).optional() },
    // Policy handles are set per consumer in ID.me's console; these are the IAL ones ID.me names after NIST's.
    ID_ME_POLICY_IAL1: { schema: z.string().min(1).default('http://idmanagement.gov/ns/assurance/ial/1/aal/2') },
    ID_ME_POLICY_IAL2: { schema: z.string().min(1).default('http://idmanagement.gov/ns/assurance/ial/2/aal/2') },
  },
  check: (env) => (env.ID_ME_POLICY_IAL1 === env.ID_ME_POLICY_IAL2 ? ['ID_ME_POLICY_IAL2: must differ from ID_ME_POLICY_IAL1'] : []),
  config: (env): IdMeConfig => ({
    issuer: env.ID_ME_ISSUER,
    clientId: env.ID_ME_CLIENT_ID,
    clientSecret: new Secret(env.ID_ME_CLIENT_SECRET),
    clientAuth: env.ID_ME_CLIENT_AUTH,
    apiBase: env.ID_ME_API_BASE,
    passbackToken: env.ID_ME_PASSBACK_TOKEN ? new Secret(env.ID_ME_PASSBACK_TOKEN) : null,
    policies: { ial1: env.ID_ME_POLICY_IAL1, ial2: env.ID_ME_POLICY_IAL2 },
  }),
  createAdapter: createIdMeAdapter,
  // A full-page redirect to ID.me and back to the BFF: nothing of ID.me's runs in the page.
  csp: () => ({}),
});
