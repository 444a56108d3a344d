// Starts the whole local product in one process: the provider emulators, the BFF wired to them,
// and the demo site (with its host backend) allowed by the BFF's CORS list. Used by `npm start`
// and, through the CLI's --json mode, by the e2e suite. Every emulator is wired from its own wiring
// in the emulators' list: this file never names a provider.
import { loadConfig } from '@identity-verify/bff/config';
import { startBffServer } from '@identity-verify/bff/server';
import { startDemoServer } from '@identity-verify/demo/server';
import { startEmulators, wireEmulators } from '@identity-verify/emulators';
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

/** One running emulator, as the CLI prints it. */
export interface RunningEmulator {
  name: string;
  /** The provider it stands in for, as its wiring names it. */
  provider: string;
  url: string;
  /** A page the tester opens themselves (BankID's emulated app). */
  testerPage?: { label: string; url: string };
}

export interface RunningStack {
  demoUrl: string;
  bffUrl: string;
  /** Base URL of each emulator by its name in the emulators' list, no trailing slash. */
  emulatorUrls: Record<string, string>;
  emulators: RunningEmulator[];
  /** The host backend's API key (generated and kept in the data dir unless IDV_API_KEYS is set). */
  apiKey: string;
  generatedApiKey: boolean;
  allowedOrigins: string[];
  /**
   * The settings the stack gave the BFF on top of the environment: the CORS list and each
   * emulator's URLs and fixed test credentials (never the API key or the PII key).
   */
  bffEnv: Record<string, string>;
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
    const emulators = await startEmulators({ host });
    started.push(() => emulators.stop());
    const wired = wireEmulators(emulators);

    // The BFF's CORS list must name the demo's origin before either listens, so both ports are
    // settled first (freePort's tiny race is acceptable for a local stack).
    const demoPort = options.demoPort || (await freePort(host));
    const bffPort = options.bffPort || (await freePort(host));
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const allowedOrigins = [`http://${urlHost}:${demoPort}`, ...(options.allowLocalhost ? [`http://localhost:${demoPort}`] : [])];

    // The stack runs on emulators with generated local keys: a development BFF, asked for by name
    // (a BFF started without IDV_MODE is a production one and refuses all of that).
    // Redirect providers (Login.gov, ID.me) send the person back to the BFF at its public address.
    const bffEnv: Record<string, string> = {
      IDV_MODE: 'development',
      IDV_ALLOWED_ORIGINS: allowedOrigins.join(','),
      IDV_PUBLIC_URL: `http://${urlHost}:${bffPort}`,
      ...wired.bffEnv,
    };
    const env: Record<string, string | undefined> = { ...(options.env ?? process.env), HOST: host, PORT: String(bffPort), ...bffEnv, ...options.overrides };
    const config = loadConfig(env);
    const log = options.log ?? ((entry: Record<string, unknown>) => process.stderr.write(`${JSON.stringify(entry)}\n`));
    const bff = await startBffServer(config, config.log === 'silent' ? {} : { log });
    started.push(() => bff.close());
    const apiKey = config.apiKeys[0]!.key;
    if (!apiKey) throw new Error('The BFF has no API key configured.');

    const demo = await startDemoServer({
      host,
      port: demoPort,
      bffUrl: bff.url,
      apiKey,
      providerOrigins: wired.page.scripts,
      providerApiOrigins: wired.page.connect,
    });
    started.push(() => demo.close());
    // Each emulator sends its webhooks to the BFF, as an endpoint set in the provider's dashboard
    // would, and is linked to the emulators it runs on.
    wired.connect(bff.url);

    // The secrets as the BFF got them (an override wins over an emulator's key), by their labels.
    const secrets = Object.entries(wired.secrets).map(([key, label]) => [label, env[key]] as const);
    return {
      demoUrl: demo.url,
      bffUrl: bff.url,
      emulatorUrls: Object.fromEntries(wired.emulators.map((e) => [e.name, e.url])),
      emulators: wired.emulators.map(({ name, provider, url, testerPage }) => ({ name, provider, url, ...(testerPage ? { testerPage } : {}) })),
      apiKey,
      generatedApiKey: config.generatedApiKey,
      allowedOrigins,
      bffEnv,
      serverSecrets: Object.fromEntries(
        [['the API key', apiKey] as const, ['the PII key', config.piiKey.reveal()] as const, ...secrets].filter(
          (entry): entry is readonly [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
        ),
      ),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
