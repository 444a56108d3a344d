// Every provider the BFF knows, each wired to its in-process emulator as the stack wires real
// ones (the wiring's settings and connect()), with every request the BFF sends a provider
// recorded: for suites that walk the whole API (the fuzz run) or look at what leaves the BFF.
// The BFF's side is pluggable, so the same emulators can deliver webhooks to an in-process app
// or to a server over a real socket.
import { EMULATOR_WIRINGS, wiringContext, type Emulator, type EmulatorControls } from '@identity-verify/emulators';
import type { Sent } from '../providers/conformance-kit.js';

export const BFF_TEST_URL = 'https://bff.test';

export type AnyEmulator = Emulator<EmulatorControls & Record<string, any>>;

export interface EmulatedProviders {
  /** Running emulators by wiring name (turnstile, stripe, onfido, signicat). */
  emulators: Record<string, AnyEmulator>;
  /** The BFF's settings for all of them. */
  env: Record<string, string>;
  /** Secret settings' values: none of them may reach a response or a log. */
  secrets: string[];
  /** The fetch the BFF calls providers with: recorded, then answered by the emulator of the host. */
  providerFetch: typeof fetch;
  /** What the BFF sent providers, oldest first. */
  toProviders: Sent[];
  /** Points the emulators' webhooks at the BFF: `deliver` answers what they send to `bffUrl`. */
  connect(deliver: (url: string, init?: RequestInit) => Promise<Response>, bffUrl?: string): void;
}

export function startEmulatedProviders(emulatorOptions: Record<string, Record<string, unknown>> = {}): EmulatedProviders {
  const names = EMULATOR_WIRINGS.map((w) => w.name as string);
  const urls = Object.fromEntries(names.map((name) => [name, `http://${name}.test`]));
  const emulators: Record<string, AnyEmulator> = {};
  const toProviders: Sent[] = [];
  let bffUrl = BFF_TEST_URL;
  let deliver: ((url: string, init?: RequestInit) => Promise<Response>) | undefined;

  // Every side reaches the others through here, by host, as if over the network.
  const route = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(bffUrl)) {
      if (!deliver) throw new TypeError(`fetch failed: nothing answers at ${bffUrl} yet`);
      return deliver(url, init);
    }
    const host = new URL(url).host;
    const name = names.find((n) => new URL(urls[n]!).host === host);
    if (!name) throw new TypeError(`fetch failed: nothing answers at ${host}`);
    return emulators[name]!.fetch(input, init);
  };
  const providerFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    toProviders.push({
      method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
      url,
      headers: Object.fromEntries(new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).entries()),
      body: await bodyText(input, init),
    });
    return route(input, init);
  };

  for (const wiring of EMULATOR_WIRINGS) {
    const create = wiring.create as (options: Record<string, unknown>) => AnyEmulator;
    emulators[wiring.name] = create({ publicUrl: urls[wiring.name], fetch: route, ...emulatorOptions[wiring.name] });
  }
  // The BFF's public address, as the stack gives it: redirect providers send the person back there.
  const env = Object.assign({ IDV_PUBLIC_URL: BFF_TEST_URL }, ...EMULATOR_WIRINGS.map((w) => w.bffEnv(wiringContext(w.name, urls)))) as Record<string, string>;
  const secrets = EMULATOR_WIRINGS.flatMap((w) => Object.keys(w.secrets)).map((name) => env[name]!).filter(Boolean);

  return {
    emulators,
    env,
    secrets,
    providerFetch,
    toProviders,
    connect(answer, url = BFF_TEST_URL) {
      deliver = answer;
      bffUrl = url.replace(/\/+$/, '');
      for (const wiring of EMULATOR_WIRINGS) {
        const connect = wiring.connect as ((at: object) => unknown) | undefined;
        connect?.call(wiring, { ...wiringContext(wiring.name, urls), bffUrl, controls: emulators[wiring.name]!.controls });
      }
    },
  };
}

/** A request's body as text where it can be read without consuming it (a stream, an upload, is not). */
async function bodyText(input: RequestInfo | URL, init?: RequestInit): Promise<string> {
  const body = init?.body;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return Buffer.from(body as Uint8Array).toString('utf8');
  if (body instanceof Blob) return body.text();
  if (body instanceof FormData) return [...body.entries()].map(([k, v]) => `${k}=${typeof v === 'string' ? v : '<file>'}`).join('&');
  if (body === undefined && input instanceof Request && input.body) return input.clone().text();
  return '';
}
