// Starts emulators as real HTTP servers (HTTPS for one that asks for TLS, see shared/tls.ts), each
// on its own free loopback port (each real provider has its own host), and hands back their base
// URLs, typed controls, and one stop().
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { Server } from 'node:http';
import { getRequestListener, serve } from '@hono/node-server';
import type { Emulator } from './shared/kit.js';
import { createTlsListener } from './shared/tls.js';
import { EMULATOR_WIRINGS } from './wirings.js';

type Wiring = (typeof EMULATOR_WIRINGS)[number];
type WiringOf<K extends EmulatorName> = Extract<Wiring, { name: K }>;
export type EmulatorName = Wiring['name'];
/** Every emulator this package has, in the order of its list (./wirings.ts). */
export const EMULATOR_NAMES: readonly EmulatorName[] = EMULATOR_WIRINGS.map((w) => w.name);
if (new Set(EMULATOR_NAMES).size !== EMULATOR_NAMES.length) throw new Error(`Two emulators share a name: ${EMULATOR_NAMES.join(', ')}.`);

export type EmulatorControlsMap = { [K in EmulatorName]: ReturnType<WiringOf<K>['create']>['controls'] };
export type EmulatorOptionsMap = { [K in EmulatorName]: NonNullable<Parameters<WiringOf<K>['create']>[0]> };

function factory<K extends EmulatorName>(name: K): (options?: EmulatorOptionsMap[K]) => Emulator<EmulatorControlsMap[K]> {
  const wiring = EMULATOR_WIRINGS.find((w) => w.name === name);
  if (!wiring) throw new TypeError(`startEmulators: unknown emulator ${name}.`);
  return wiring.create as (options?: EmulatorOptionsMap[K]) => Emulator<EmulatorControlsMap[K]>;
}

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

interface Listening {
  port: number;
  close(): Promise<void>;
}

function listen(emulator: Emulator, host: string, port: number): Promise<Listening> {
  if (emulator.tls) {
    const { server, close } = createTlsListener(getRequestListener(emulator.app.fetch), emulator.tls);
    return started(server, close, () => server.listen(port, host));
  }
  const server = serve({ fetch: emulator.app.fetch, hostname: host, port }) as Server;
  // Idle keep-alive sockets are the client's to close, so none is reset just as it is reused.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive connections from test clients would otherwise hold close() open.
      server.closeAllConnections();
    });
  return started(server, close);
}

function started(server: NetServer, close: () => Promise<void>, start?: () => void): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve({ port: (server.address() as AddressInfo).port, close });
    });
    start?.();
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

  const servers: Listening[] = [];
  const urls = {} as Record<N, string>;
  const emulators = {} as Record<N, Emulator<EmulatorControlsMap[N]>>;
  try {
    for (const name of new Set(names)) {
      const emulator = factory(name)(options.settings?.[name]);
      const listening = await listen(emulator, host, options.ports?.[name] ?? 0);
      servers.push(listening);
      urls[name] = `${emulator.tls ? 'https' : 'http'}://${urlHost}:${listening.port}`;
      emulators[name] = emulator;
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }

  const controls = Object.fromEntries(Object.entries(emulators).map(([k, e]) => [k, (e as Emulator).controls]));
  let stopped: Promise<void> | undefined;
  return {
    urls: urls as RunningEmulators<N>['urls'],
    controls: controls as RunningEmulators<N>['controls'],
    emulators: emulators as RunningEmulators<N>['emulators'],
    stop: () => (stopped ??= Promise.all(servers.map((s) => s.close())).then(() => undefined)),
  };
}
