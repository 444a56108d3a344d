// Signicat Assure running Onfido: our own capture uploading to an Assure process (use case 1),
// or Onfido's Web SDK with the process's authorization (use case 2).
import { z } from 'zod';
import { CAPTURE_MODES, type CaptureMode } from '@identity-verify/contract/vocabulary';
import { Secret } from '../../security/secret.js';
import { baseUrl, defineProvider, originOf } from '../module.js';
import { onfidoSdkCsp } from '../onfido/module.js';
import { createSignicatAdapter } from './adapter.js';

export interface SignicatConfig {
  clientId: string;
  /** client_secret_basic on /auth/open/connect/token. */
  clientSecret: Secret;
  /** The Assure event subscription's secret: the HMAC key of its signature header. */
  eventSecret: Secret;
  /** https://api.signicat.com, or the emulator's origin; /auth/... and /assure/... hang off it. */
  apiBase: string;
  /**
   * Who captures the images when the session does not say: our own capture uploading through the
   * BFF (Assure's use case 1), or Onfido's Web SDK with the process's authorization (use case 2).
   */
  capture: CaptureMode;
  /** Where the widget's Onfido loader imports the UI from in the SDK variant; null for Onfido's own CDN. */
  onfidoSdkUrl: string | null;
}

export const signicatOnfidoModule = defineProvider({
  key: 'signicat_onfido',
  settings: {
    SIGNICAT_CLIENT_ID: { schema: z.string().regex(/^[^:\s]{1,200}$/, "must be the OAuth client id from Signicat's dashboard (no colon or spaces)"), enables: true },
    SIGNICAT_CLIENT_SECRET: { schema: z.string().min(16, "must be the OAuth client secret from Signicat's dashboard"), enables: true },
    SIGNICAT_EVENT_SECRET: { schema: z.string().min(16, 'must be the secret of the Assure event subscription (at least 16 characters)'), enables: true },
    SIGNICAT_API_BASE: { schema: baseUrl().default('https://api.signicat.com'), https: true },
    SIGNICAT_CAPTURE: { schema: z.enum(CAPTURE_MODES).default('native') },
    SIGNICAT_ONFIDO_SDK_URL: { schema: z.url({ protocol: /^https?$/ }).optional(), https: true },
  },
  config: (env): SignicatConfig => ({
    clientId: env.SIGNICAT_CLIENT_ID,
    clientSecret: new Secret(env.SIGNICAT_CLIENT_SECRET),
    eventSecret: new Secret(env.SIGNICAT_EVENT_SECRET),
    apiBase: env.SIGNICAT_API_BASE,
    capture: env.SIGNICAT_CAPTURE,
    onfidoSdkUrl: env.SIGNICAT_ONFIDO_SDK_URL ?? null,
  }),
  createAdapter: createSignicatAdapter,
  // Our own capture uploads through the BFF (previews are blob:); the SDK variant runs Onfido's Web
  // SDK, calling the Onfido API Assure's token names (the EU one for Signicat's own tenants).
  csp: ({ onfidoSdkUrl }) => onfidoSdkCsp(onfidoSdkUrl, onfidoSdkUrl ? originOf(onfidoSdkUrl) : 'https://api.eu.onfido.com'),
});
