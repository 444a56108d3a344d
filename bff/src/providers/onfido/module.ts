// Onfido: its Web SDK in the widget, or our own capture uploading through the BFF; a document
// and face check, or a Studio workflow.
import { z } from 'zod';
import type { CspSources } from '@identity-verify/contract/csp';
import { CAPTURE_MODES, type CaptureMode } from '@identity-verify/contract/vocabulary';
import { Secret } from '../../security/secret.js';
import { baseUrl, defineProvider, originOf } from '../module.js';
import { createOnfidoAdapter } from './adapter.js';

export interface OnfidoConfig {
  apiToken: Secret;
  /** The registered webhook's token: the HMAC key of X-SHA2-Signature. */
  webhookToken: Secret;
  region: 'eu' | 'us' | 'ca';
  /** https://api.{region}.onfido.com/v3.6, or the emulator's. */
  apiBase: string;
  /** Where the widget's Onfido loader imports the UI from; null for Onfido's own CDN. */
  sdkUrl: string | null;
  /** Run this Onfido Studio workflow instead of creating a check. */
  workflowId: string | null;
  /**
   * Who captures the images when the session does not say (requirements.capture): Onfido's Web
   * SDK, or our own capture uploading through the BFF.
   */
  capture: CaptureMode;
}

/**
 * What Onfido's Web SDK needs in the page (the loader imports the UI from sdk.onfido.com, which
 * loads its chunks and fonts from assets.onfido.com and calls the URLs its token names), and our
 * own capture's photo previews (blob:). A self-hosted or emulated UI needs only its own origin.
 */
export function onfidoSdkCsp(sdkUrl: string | null, apiOrigin: string): CspSources {
  const ui = sdkUrl ? [originOf(sdkUrl)] : ['https://sdk.onfido.com', 'https://assets.onfido.com'];
  const calls = sdkUrl ? [originOf(sdkUrl)] : ['https://api.onfido.com', 'https://sdk.onfido.com', 'https://sync.onfido.com', 'https://telephony.onfido.com'];
  return {
    'script-src': ui,
    'connect-src': [...new Set([apiOrigin, ...calls])],
    'img-src': ['blob:', ...(sdkUrl ? [] : ['https://assets.onfido.com'])],
  };
}

export const onfidoModule = defineProvider({
  key: 'onfido',
  settings: {
    ONFIDO_API_TOKEN: {
      schema: z.string().regex(/^api_(sandbox|live)(_[a-z]{2})?\.[A-Za-z0-9._-]{8,}$/, 'must be an Onfido API token (api_sandbox.… or api_live.…)'),
      enables: true,
    },
    ONFIDO_WEBHOOK_TOKEN: { schema: z.string().min(16, "must be the webhook's token Onfido answered when it was registered"), enables: true },
    ONFIDO_REGION: { schema: z.enum(['eu', 'us', 'ca']).default('eu') },
    ONFIDO_API_BASE: { schema: baseUrl().optional(), https: true },
    ONFIDO_SDK_URL: { schema: z.url({ protocol: /^https?$/ }).optional(), https: true },
    ONFIDO_WORKFLOW_ID: { schema: z.guid('must be the UUID of an Onfido Studio workflow').optional() },
    ONFIDO_CAPTURE: { schema: z.enum(CAPTURE_MODES).default('sdk') },
  },
  check: (env) =>
    env.ONFIDO_CAPTURE === 'native' && env.ONFIDO_WORKFLOW_ID
      ? ["ONFIDO_WORKFLOW_ID: a Studio workflow captures through Onfido's SDK; it cannot run with ONFIDO_CAPTURE=native"]
      : [],
  config: (env): OnfidoConfig => ({
    apiToken: new Secret(env.ONFIDO_API_TOKEN),
    webhookToken: new Secret(env.ONFIDO_WEBHOOK_TOKEN),
    region: env.ONFIDO_REGION,
    apiBase: env.ONFIDO_API_BASE ?? `https://api.${env.ONFIDO_REGION}.onfido.com/v3.6`,
    sdkUrl: env.ONFIDO_SDK_URL ?? null,
    workflowId: env.ONFIDO_WORKFLOW_ID ?? null,
    capture: env.ONFIDO_CAPTURE,
  }),
  createAdapter: createOnfidoAdapter,
  csp: ({ sdkUrl, apiBase }) => onfidoSdkCsp(sdkUrl, originOf(apiBase)),
});
