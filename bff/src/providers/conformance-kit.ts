// What the conformance suite needs of each provider, beyond what the route table and the
// emulator wirings already say: where it is offered, how a person finishes there (so its signed
// events flow) and what it still holds for an attempt. Each provider's kit is
// providers/<key>/conformance.ts; the suite finds it by the provider's key.
import { consentAsShown } from '../testing-consent.js';
import { EMULATOR_WIRINGS, wiringContext, type Emulator, type EmulatorControls } from '@identity-verify/emulators';
import type { ProviderKey } from '@identity-verify/contract/vocabulary';
import type { Requirements } from '@identity-verify/contract/schemas';
import { createTestBff, TEST_ORIGIN } from '../testing.js';

export type TestBff = Awaited<ReturnType<typeof createTestBff>>;
export type CallResult = Awaited<ReturnType<TestBff['call']>>;

/** A session at one provider, as the suite drives it. */
export interface KitContext {
  bff: TestBff;
  /** Running emulators by name (the provider's own and those it needs). */
  emulators: Record<string, Emulator<EmulatorControls & Record<string, any>>>;
  session: { id: string; client_secret: string };
  /** The attempt's reference and the client the widget got. */
  ref: string;
  client: Record<string, any>;
  /** A widget call with this session's client secret, from the host page. */
  widget(method: string, path: string, body?: unknown): Promise<CallResult>;
}

export interface Placement {
  country: string;
  requirements: Partial<Requirements>;
}

export interface ConformanceKit {
  /** Where the provider is offered with no notice of its own to accept. */
  offered: Placement;
  /** Another country it is offered in: moving there supersedes an attempt. */
  otherCountry: string;
  /** Where it needs a notice of its own before it may start, if anywhere. */
  noticed?: Placement;
  /** Options for its emulators beyond the suite's (e.g. no processing delay), by emulator name. */
  emulatorOptions?: Record<string, Record<string, unknown>>;
  /** The person finishes at the provider, so that its signed events reach the BFF. Absent for providers without webhooks. */
  finish?(ctx: KitContext): Promise<void>;
  /**
   * The person verifies at the provider and the BFF records the session verified, as the person's
   * flow would (a webhook, a callback, the widget's complete). Absent: `finish` does it, or the
   * provider establishes no identity (Turnstile).
   */
  verify?(ctx: KitContext): Promise<void>;
  /**
   * What the provider still holds pending, or of the person, for this attempt: empty when
   * nothing. Absent for providers that keep nothing for an attempt (an inline token).
   */
  held?(ctx: KitContext): Promise<string[]>;
}


/** A request one side sent the other, as it went. */
export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The BFF with this provider alone, wired to in-process emulators exactly as the stack wires
 * real ones (each emulator's settings and connect()), with every request between them recorded.
 */
export async function startHarness(key: ProviderKey, kit: ConformanceKit) {
  return startProviders([key], kit);
}

/**
 * The harness with several providers at once, as a deployment has them: for flows that move
 * between providers. `started()` starts the first.
 */
export async function startProviders(keys: readonly [ProviderKey, ...ProviderKey[]], kit: ConformanceKit) {
  const [key] = keys;
  const own = EMULATOR_WIRINGS.filter((w) => keys.some((k) => (w.providerKeys as readonly string[]).includes(k)));
  if (!own.length) throw new Error(`No emulator serves ${keys.join(', ')}.`);
  const names = [...new Set(own.flatMap((w) => [...w.needs, w.name]))];
  const urls = Object.fromEntries(names.map((name) => [name, `http://${name}.test`]));
  // https, as providers require of a webhook URL (Onfido refuses plain http off localhost).
  const bffUrl = 'https://bff.test';
  const toBff: Sent[] = [];
  const toProviders: Sent[] = [];
  const emulators: KitContext['emulators'] = {};
  let bff: TestBff | undefined;

  const record = async (url: string, init?: RequestInit): Promise<Sent> => ({
    method: (init?.method ?? 'GET').toUpperCase(),
    url,
    headers: Object.fromEntries(new Headers(init?.headers).entries()),
    body: typeof init?.body === 'string' ? init.body : '',
  });
  // Every side reaches the others through here, by host, as if over the network.
  const route = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const host = new URL(url).host;
    if (url.startsWith(bffUrl)) {
      toBff.push(await record(url, init));
      return bff!.app.request(url, init);
    }
    const name = names.find((n) => new URL(urls[n]!).host === host);
    if (!name) throw new TypeError(`fetch failed: nothing answers at ${host}`);
    return emulators[name]!.fetch(input, init);
  };
  const fromBff = async (input: RequestInfo | URL, init?: RequestInit) => {
    toProviders.push(await record(input instanceof Request ? input.url : String(input), init));
    return route(input, init);
  };

  for (const name of names) {
    const wiring = EMULATOR_WIRINGS.find((w) => w.name === name)!;
    const create = wiring.create as (options: Record<string, unknown>) => Emulator<EmulatorControls & Record<string, any>>;
    emulators[name] = create({ publicUrl: urls[name], fetch: route, ...kit.emulatorOptions?.[name] });
  }
  const env = Object.assign({}, ...own.map((w) => w.bffEnv(wiringContext(w.name, urls)))) as Record<string, string>;
  bff = await createTestBff(env, fromBff);
  for (const wiring of own) {
    const connect = wiring.connect as ((at: object) => unknown) | undefined;
    connect?.call(wiring, { ...wiringContext(wiring.name, urls), bffUrl, controls: emulators[wiring.name]!.controls });
  }
  const secrets = Object.keys(Object.assign({}, ...own.map((w) => w.secrets))).map((name) => env[name]!).filter(Boolean);

  /** A session placed as asked, privacy notice accepted, and the widget's calls for it. */
  async function session(placement: Placement) {
    const requirements = { layer: 'identity' as const, min_assurance: 'low' as const, ...placement.requirements };
    const s = await bff!.createSession({ requirements });
    const widget = (method: string, path: string, body?: unknown) => bff!.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
    await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice', 'accepted', { layer: requirements.layer }));
    await widget('POST', '/v1/identity/residence', { country: placement.country });
    return { s, widget };
  }

  /** A session with an attempt started at the provider, and the catalogue entry it was chosen from. */
  async function started(): Promise<KitContext & { entry: { flow: string; claim_types: string[] } }> {
    const { s, widget } = await session(kit.offered);
    const entry = (await widget('GET', '/v1/identity/providers')).json.find((p: { provider_key: string }) => p.provider_key === key);
    if (!entry) throw new Error(`${key} is not offered for ${JSON.stringify(kit.offered)}.`);
    const r = await widget('POST', '/v1/identity/verify/initiate', { provider_key: key, requested_claims: entry.claim_types });
    if (r.status !== 201) throw new Error(`initiate at ${key}: ${r.status} ${r.text}`);
    return { bff: bff!, emulators, session: s, ref: r.json.session_ref, client: r.json.client, widget, entry };
  }

  return { bff, emulators, toBff, toProviders, secrets, session, started, close: () => bff!.close() };
}
