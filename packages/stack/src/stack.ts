// Starts the whole local product in one process: the provider emulators, the BFF wired to them,
// and the demo site (with its host backend) allowed by the BFF's CORS list. Used by `npm start`
// and, through the CLI's --json mode, by the e2e suite.
import { loadConfig } from '@identity-verify/bff/config';
import { startBffServer } from '@identity-verify/bff/server';
import { startDemoServer } from '@identity-verify/demo/server';
import {
  ONFIDO_EMULATOR_API_TOKEN,
  ONFIDO_EMULATOR_WEBHOOK_TOKEN,
  SIGNICAT_EMULATOR_CLIENT_ID,
  SIGNICAT_EMULATOR_CLIENT_SECRET,
  SIGNICAT_EMULATOR_EVENT_SECRET,
  startEmulators,
  STRIPE_EMULATOR_PUBLISHABLE_KEY,
  STRIPE_EMULATOR_RESTRICTED_KEY,
  STRIPE_EMULATOR_SECRET_KEY,
  STRIPE_EMULATOR_WEBHOOK_SECRET,
  TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_EMULATOR_SITEKEY,
} from '@identity-verify/emulators';
import { freePort } from './ports.js';

export interface StackOptions {
  /** Interface every server binds to. */
  host?: string;
  /** Port of the demo site; 0 (the default) picks a free one. */
  demoPort?: number;
  /** Port of the BFF; 0 (the default) picks a free one. */
  bffPort?: number;
  /** Also allow the demo opened as http://localhost:<port>, not only http://127.0.0.1:<port>. */
  allowLocalhost?: boolean;
  /** The environment the BFF's config is read from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Set last, over env and over the stack's own wiring (e.g. IDV_DATA_DIR, IDV_TEST_CONTROLS). */
  overrides?: Record<string, string>;
  /** Where the BFF's JSON log lines go (default: stderr, keeping stdout for the CLI). */
  log?: (entry: Record<string, unknown>) => void;
}

export interface RunningStack {
  demoUrl: string;
  bffUrl: string;
  emulatorUrls: { turnstile: string; stripe: string; onfido: string; signicat: string };
  /** The host backend's API key (generated and kept in the data dir unless IDV_API_KEYS is set). */
  apiKey: string;
  generatedApiKey: boolean;
  allowedOrigins: string[];
  /** The Turnstile keys the BFF uses. */
  turnstile: { sitekey: string; secret: string } | null;
  /** Every secret the servers hold, by name: the e2e suite checks none reaches a browser. */
  serverSecrets: Record<string, string>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const host = options.host ?? '127.0.0.1';
  // Stop whatever did start if a later piece fails, newest first.
  const started: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    for (const stop of started.splice(0).reverse()) await stop().catch((error: unknown) => errors.push(error));
    if (errors.length) throw new AggregateError(errors, 'Some servers of the stack did not stop cleanly.');
  };

  try {
    // Only the emulators this stack wires into the BFF (and the demo's CSP) are started.
    const emulators = await startEmulators({ host, providers: ['turnstile', 'stripe', 'onfido', 'signicat'] });
    started.push(() => emulators.stop());
    const turnstileBase = emulators.urls.turnstile.replace(/\/+$/, '');
    const stripeBase = emulators.urls.stripe.replace(/\/+$/, '');
    const onfidoBase = emulators.urls.onfido.replace(/\/+$/, '');
    const signicatBase = emulators.urls.signicat.replace(/\/+$/, '');

    // The BFF's CORS list must name the demo's origin before either listens, so both ports are
    // settled first (freePort's tiny race is acceptable for a local stack).
    const demoPort = options.demoPort || (await freePort(host));
    const bffPort = options.bffPort || (await freePort(host));
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const allowedOrigins = [`http://${urlHost}:${demoPort}`, ...(options.allowLocalhost ? [`http://localhost:${demoPort}`] : [])];

    const config = loadConfig({
      ...(options.env ?? process.env),
      HOST: host,
      PORT: String(bffPort),
      IDV_ALLOWED_ORIGINS: allowedOrigins.join(','),
      TURNSTILE_SITEKEY: TURNSTILE_EMULATOR_SITEKEY,
      TURNSTILE_SECRET: TURNSTILE_EMULATOR_SECRET,
      TURNSTILE_SITEVERIFY_URL: `${turnstileBase}/turnstile/v0/siteverify`,
      TURNSTILE_SCRIPT_URL: `${turnstileBase}/turnstile/v0/api.js?render=explicit`,
      STRIPE_SECRET_KEY: STRIPE_EMULATOR_SECRET_KEY,
      STRIPE_RESTRICTED_KEY: STRIPE_EMULATOR_RESTRICTED_KEY,
      STRIPE_PUBLISHABLE_KEY: STRIPE_EMULATOR_PUBLISHABLE_KEY,
      STRIPE_WEBHOOK_SECRET: STRIPE_EMULATOR_WEBHOOK_SECRET,
      STRIPE_API_BASE: stripeBase,
      STRIPE_JS_URL: `${stripeBase}/v3/stripe.js`,
      ONFIDO_API_TOKEN: ONFIDO_EMULATOR_API_TOKEN,
      ONFIDO_WEBHOOK_TOKEN: ONFIDO_EMULATOR_WEBHOOK_TOKEN,
      ONFIDO_API_BASE: `${onfidoBase}/v3.6`,
      // The emulated Onfido UI module, imported by the real onfido-sdk-ui loader in place of Onfido's CDN.
      ONFIDO_SDK_URL: `${onfidoBase}/web-sdk/v14/Onfido.js`,
      // Signicat Assure (Onfido through Assure): our own capture uploads through the BFF, unless a
      // session asks for Onfido's SDK, which then runs the same emulated UI with Assure's authorization.
      SIGNICAT_CLIENT_ID: SIGNICAT_EMULATOR_CLIENT_ID,
      SIGNICAT_CLIENT_SECRET: SIGNICAT_EMULATOR_CLIENT_SECRET,
      SIGNICAT_EVENT_SECRET: SIGNICAT_EMULATOR_EVENT_SECRET,
      SIGNICAT_API_BASE: signicatBase,
      SIGNICAT_ONFIDO_SDK_URL: `${onfidoBase}/web-sdk/v14/Onfido.js`,
      ...options.overrides,
    });
    const log = options.log ?? ((entry: Record<string, unknown>) => process.stderr.write(`${JSON.stringify(entry)}\n`));
    const bff = await startBffServer(config, config.log === 'silent' ? {} : { log });
    started.push(() => bff.close());
    const turnstile = config.providers.turnstile;
    const apiKey = config.apiKeys[0];
    if (!apiKey) throw new Error('The BFF has no API key configured.');

    const demo = await startDemoServer({
      host,
      port: demoPort,
      bffUrl: bff.url,
      apiKey,
      providerOrigins: [turnstileBase, stripeBase, onfidoBase],
      // Onfido's SDK uploads the document and selfie from the page straight to Onfido's API.
      providerApiOrigins: [onfidoBase],
    });
    started.push(() => demo.close());
    // Stripe sends its signed events to the BFF, as a webhook endpoint set in its dashboard would.
    emulators.controls.stripe.addWebhookEndpoint({ url: `${bff.url}/v1/webhooks/stripe`, secret: STRIPE_EMULATOR_WEBHOOK_SECRET });
    emulators.controls.onfido.addWebhook({ url: `${bff.url}/v1/webhooks/onfido`, token: ONFIDO_EMULATOR_WEBHOOK_TOKEN });
    emulators.controls.signicat.addSubscriber({ url: `${bff.url}/v1/webhooks/signicat`, secret: SIGNICAT_EMULATOR_EVENT_SECRET });
    // Assure runs Onfido with an Onfido account of its own: here, the Onfido emulator's.
    emulators.controls.signicat.linkOnfido({ apiBase: `${onfidoBase}/v3.6`, apiToken: ONFIDO_EMULATOR_API_TOKEN });

    return {
      demoUrl: demo.url,
      bffUrl: bff.url,
      emulatorUrls: { turnstile: turnstileBase, stripe: stripeBase, onfido: onfidoBase, signicat: signicatBase },
      apiKey,
      generatedApiKey: config.generatedApiKey,
      allowedOrigins,
      turnstile: turnstile ? { sitekey: turnstile.sitekey, secret: turnstile.secret.reveal() } : null,
      serverSecrets: Object.fromEntries(
        Object.entries({
          'the API key': apiKey,
          'the PII key': config.piiKey.reveal(),
          'the Turnstile secret': turnstile?.secret.reveal(),
          'the Stripe secret key': config.providers.stripe?.secretKey.reveal(),
          'the Stripe restricted key': config.providers.stripe?.restrictedKey?.reveal(),
          'the Stripe webhook secret': config.providers.stripe?.webhookSecret.reveal(),
          'the Onfido API token': config.providers.onfido?.apiToken.reveal(),
          'the Onfido webhook token': config.providers.onfido?.webhookToken.reveal(),
          'the Signicat client secret': config.providers.signicat?.clientSecret.reveal(),
          'the Signicat event secret': config.providers.signicat?.eventSecret.reveal(),
        }).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
