// What an emulator gives the stack around it: the BFF's settings for it, what a page hosting the
// widget must allow, and how it connects to a running BFF (its webhook endpoint) and to the other
// emulators. Each emulator exports one wiring beside its app; the stack loops over the list in
// ../wirings.ts and never names a provider.
import type { Emulator, EmulatorControls } from './kit.js';

/** Where this emulator and the others it needs are listening. */
export interface WiringContext {
  /** This emulator's base URL, no trailing slash. */
  readonly url: string;
  /** Another running emulator's base URL; throws, naming it, when it was not started. */
  urlOf(name: string): string;
}

export interface ConnectContext<C extends EmulatorControls> extends WiringContext {
  /** The BFF's base URL, no trailing slash. */
  readonly bffUrl: string;
  readonly controls: C;
}

/** What a page hosting the widget must allow in its Content-Security-Policy for this provider. */
export interface PageAllowances {
  /** Origins whose scripts and frames the widget loads (script-src, frame-src). */
  readonly scripts: readonly string[];
  /** Origins that provider code on the page calls itself (connect-src). */
  readonly connect: readonly string[];
}

export interface Connected {
  /** The BFF URLs its webhooks now go to. */
  readonly webhooks: readonly string[];
}

export interface EmulatorWiring<N extends string = string, C extends EmulatorControls = EmulatorControls, O = undefined> {
  /** The key of its URL and controls, and its control prefix (/__emulator__/<name>). */
  readonly name: N;
  /** The provider it stands in for, as people name it: "Stripe Identity". */
  readonly provider: string;
  /** The BFF's provider keys it serves. */
  readonly providerKeys: readonly string[];
  /** Other emulators its settings or connect() need running. */
  readonly needs: readonly string[];
  create(options?: O): Emulator<C>;
  /** The BFF's environment for this emulator: its fixed test credentials and its URLs, nothing else. */
  bffEnv(at: WiringContext): Record<string, string>;
  /** Which of those settings are secrets, and how to name each (the e2e suite checks none reaches a browser). */
  readonly secrets: Readonly<Record<string, string>>;
  page(at: WiringContext): PageAllowances;
  /** A page the tester opens themselves (BankID's emulated app, the tester's phone): `npm start` prints it. */
  testerPage?(at: WiringContext): { label: string; url: string };
  /** Once the BFF listens: register its webhook endpoint there, link the emulators it needs. */
  connect?(at: ConnectContext<C>): Connected;
}

/** Checks a wiring once, when its module loads, naming what is wrong. */
export function defineWiring<N extends string, C extends EmulatorControls, O>(wiring: EmulatorWiring<N, C, O>): EmulatorWiring<N, C, O> {
  if (!/^[a-z][a-z0-9_-]*$/.test(wiring.name)) throw new TypeError(`defineWiring: name ${JSON.stringify(wiring.name)} is not a lowercase identifier.`);
  if (wiring.providerKeys.length === 0) throw new TypeError(`defineWiring(${wiring.name}): providerKeys is empty.`);
  if (wiring.needs.includes(wiring.name)) throw new TypeError(`defineWiring(${wiring.name}): an emulator cannot need itself.`);
  return wiring;
}

/** The context of one wiring among running emulators (base URLs by name). */
export function wiringContext(name: string, urls: Readonly<Record<string, string>>): WiringContext {
  const urlOf = (other: string) => {
    const url = urls[other];
    if (url === undefined) throw new Error(`The ${name} emulator needs the ${other} emulator, which is not running.`);
    return url.replace(/\/+$/, '');
  };
  return { url: urlOf(name), urlOf };
}
