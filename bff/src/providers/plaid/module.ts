// Plaid Identity Verification: Plaid Link opened over the page with a link token made for the
// attempt, a template configured in Plaid's dashboard, ES256-signed webhooks. Its settings.
import { z } from 'zod';
import { Secret } from '../../security/secret.js';
import { baseUrl, defineProvider, originOf } from '../module.js';
import { createPlaidAdapter } from './adapter.js';

export interface PlaidConfig {
  /** https://production.plaid.com, the sandbox's host, or the emulator's. */
  apiBase: string;
  clientId: string;
  secret: Secret;
  /** The IDV template (idvtmp_…) whose steps every attempt runs. */
  templateId: string;
  /**
   * Whether the template's steps include Plaid's selfie check. Plaid takes the selfie whenever the
   * template asks for it (a session cannot turn it off), so the face check offered is exactly this.
   */
  templateSelfie: boolean;
  /** The name Link shows the person ("… uses Plaid to verify you"), at most 30 characters. */
  clientName: string;
  /** Where the widget loads link-initialize.js from: Plaid's CDN, or the emulator's stand-in. */
  linkScriptUrl: string;
}

const SANDBOX_API = /^https?:\/\/sandbox\.plaid\.com(\/|$)/;

export const plaidModule = defineProvider({
  key: 'plaid',
  settings: {
    // Plaid's are 24 and 30 hex characters today; only their alphabet is held to, in case that changes.
    PLAID_CLIENT_ID: { schema: z.string().regex(/^[A-Za-z0-9]{16,64}$/, "must be a Plaid client_id (the dashboard's Keys page)"), enables: true },
    PLAID_SECRET: { schema: z.string().regex(/^[A-Za-z0-9]{16,64}$/, "must be a Plaid secret (the dashboard's Keys page)"), enables: true },
    PLAID_TEMPLATE_ID: { schema: z.string().regex(/^idvtmp_[A-Za-z0-9]{1,64}$/, 'must be an Identity Verification template id (idvtmp_…)'), enables: true },
    PLAID_API_BASE: {
      schema: baseUrl().default('https://production.plaid.com'),
      https: true,
      testOnly: { pattern: SANDBOX_API, what: "Plaid's sandbox" },
    },
    PLAID_TEMPLATE_SELFIE: { schema: z.enum(['true', 'false']).default('true').transform((v) => v === 'true') },
    PLAID_CLIENT_NAME: { schema: z.string().trim().min(1).max(30).default('Identity verification') },
    PLAID_LINK_SCRIPT_URL: { schema: z.url({ protocol: /^https?$/ }).default('https://cdn.plaid.com/link/v2/stable/link-initialize.js'), https: true },
  },
  config: (env): PlaidConfig => ({
    apiBase: env.PLAID_API_BASE,
    clientId: env.PLAID_CLIENT_ID,
    secret: new Secret(env.PLAID_SECRET),
    templateId: env.PLAID_TEMPLATE_ID,
    templateSelfie: env.PLAID_TEMPLATE_SELFIE,
    clientName: env.PLAID_CLIENT_NAME,
    linkScriptUrl: env.PLAID_LINK_SCRIPT_URL,
  }),
  createAdapter: createPlaidAdapter,
  // Plaid's Link docs: link-initialize.js and Link's frame from cdn.plaid.com, its calls to the environment's API host.
  csp: ({ linkScriptUrl, apiBase }) => ({
    'script-src': [originOf(linkScriptUrl)],
    'frame-src': [originOf(linkScriptUrl)],
    'connect-src': [originOf(apiBase)],
  }),
});
