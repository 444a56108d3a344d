// Starts emulators as real HTTP servers, each on its own free loopback port (each real provider
// has its own host), and hands back their base URLs, typed controls, and one stop().
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Emulator } from './shared/kit.js';
import { createTurnstileEmulator, type TurnstileControls, type TurnstileEmulatorOptions } from './turnstile/app.js';
import { createStripeEmulator, type StripeControls, type StripeEmulatorOptions } from './stripe/index.js';
import { createOnfidoEmulator, type OnfidoControls, type OnfidoEmulatorOptions } from './onfido/index.js';
import { createSignicatEmulator, type SignicatControls, type SignicatEmulatorOptions } from './signicat/index.js';

/** Every emulator this package has; a new provider adds one entry here and to the maps below. */
export const EMULATOR_NAMES = ['turnstile', 'stripe', 'onfido', 'signicat'] as const;
export type EmulatorName = (typeof EMULATOR_NAMES)[number];

export interface EmulatorControlsMap {
  turnstile: TurnstileControls;
  stripe: StripeControls;
  onfido: OnfidoControls;
  signicat: SignicatControls;
}
export interface EmulatorOptionsMap {
  turnstile: TurnstileEmulatorOptions;
  stripe: StripeEmulatorOptions;
  onfido: OnfidoEmulatorOptions;
  signicat: SignicatEmulatorOptions;
}

const FACTORIES: { [K in EmulatorName]: (options?: EmulatorOptionsMap[K]) => Emulator<EmulatorControlsMap[K]> } = {
  turnstile: createTurnstileEmulator,
  stripe: createStripeEmulator,
  onfido: createOnfidoEmulator,
  signicat: createSignicatEmulator,
};

export interface StartEmulatorsOptions<N extends EmulatorName> {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Which emulators to start (default: all). */
  providers?: readonly N[];
  /** Fixed ports, e.g. for a stable local stack; default 0 = a free port each. */
  ports?: Partial<Record<N, number>>;
  /** Per-emulator options (extra widgets, a shared clock…). */
  settings?: { [K in N]?: EmulatorOptionsMap[K] };
}

export interface RunningEmulators<N extends EmulatorName = EmulatorName> {
  /** Base URL of each emulator, e.g. `{ turnstile: 'http://127.0.0.1:41234' }`, no trailing slash. */
  urls: { [K in N]: string };
  controls: { [K in N]: EmulatorControlsMap[K] };
  emulators: { [K in N]: Emulator<EmulatorControlsMap[K]> };
  stop(): Promise<void>;
}

function listen(emulator: Emulator, host: string, port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: emulator.app.fetch, hostname: host, port }) as Server;
    // Idle keep-alive sockets are the client's to close, so none is reset just as it is reused.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections from test clients would otherwise hold close() open.
    server.closeAllConnections();
  });
}

export async function startEmulators<N extends EmulatorName = EmulatorName>(
  options: StartEmulatorsOptions<N> = {},
): Promise<RunningEmulators<N>> {
  const host = options.host ?? '127.0.0.1';
  const names = (options.providers ?? EMULATOR_NAMES) as readonly N[];
  const unknown = names.filter((n) => !(EMULATOR_NAMES as readonly string[]).includes(n));
  if (unknown.length) throw new TypeError(`startEmulators: unknown emulator(s) ${unknown.join(', ')}; known: ${EMULATOR_NAMES.join(', ')}.`);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  const servers: Server[] = [];
  const urls = {} as Record<N, string>;
  const emulators = {} as Record<N, Emulator<EmulatorControlsMap[N]>>;
  try {
    for (const name of new Set(names)) {
      const factory = FACTORIES[name] as (o?: EmulatorOptionsMap[N]) => Emulator<EmulatorControlsMap[N]>;
      const emulator = factory(options.settings?.[name]);
      const { server, port } = await listen(emulator, host, options.ports?.[name] ?? 0);
      servers.push(server);
      urls[name] = `http://${urlHost}:${port}`;
      emulators[name] = emulator;
    }
  } catch (error) {
    await Promise.all(servers.map(close));
    throw error;
  }

  const controls = Object.fromEntries(Object.entries(emulators).map(([k, e]) => [k, (e as Emulator).controls]));
  let stopped: Promise<void> | undefined;
  return {
    urls: urls as RunningEmulators<N>['urls'],
    controls: controls as RunningEmulators<N>['controls'],
    emulators: emulators as RunningEmulators<N>['emulators'],
    stop: () => (stopped ??= Promise.all(servers.map(close)).then(() => undefined)),
  };
}
