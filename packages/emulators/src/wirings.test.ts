// Walks the list of wirings, so an emulator added to it is held to the same rules the day it is
// listed: distinct names and provider keys, declared needs, secrets that are settings it gives,
// origins that are emulators', and a connect() that registers with the BFF it is given.
import { describe, expect, it } from 'vitest';
import type { WiringContext } from './shared/wiring.js';
import { EMULATOR_WIRINGS } from './wirings.js';

const names = EMULATOR_WIRINGS.map((w) => w.name);
const fakeUrl = (name: string) => `http://127.0.0.1:${40_000 + names.indexOf(name as (typeof names)[number])}`;

/** A context where only the emulator itself and what it declares it needs can be looked up. */
function strictContext(wiring: (typeof EMULATOR_WIRINGS)[number]): WiringContext {
  return {
    url: fakeUrl(wiring.name),
    urlOf(other) {
      if (other !== wiring.name && !wiring.needs.includes(other)) throw new Error(`${wiring.name} used ${other} without declaring it in needs`);
      return fakeUrl(other);
    },
  };
}

describe.each(EMULATOR_WIRINGS.map((w) => [w.name, w] as const))('the %s wiring', (name, wiring) => {
  it('has a unique name and provider keys no other wiring serves, and needs only listed emulators', () => {
    expect(names.filter((n) => n === name)).toHaveLength(1);
    const others = EMULATOR_WIRINGS.filter((w) => w !== wiring).flatMap((w) => w.providerKeys);
    for (const key of wiring.providerKeys) expect(others).not.toContain(key);
    for (const need of wiring.needs) expect(names).toContain(need);
    expect(wiring.provider.trim()).not.toBe('');
  });

  it('gives the BFF non-empty settings, its secrets among them, using only the emulators it needs', () => {
    const env = wiring.bffEnv(strictContext(wiring));
    expect(Object.keys(env).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(env)) {
      expect(key).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(value, key).not.toBe('');
    }
    for (const key of Object.keys(wiring.secrets)) expect(Object.keys(env)).toContain(key);
  });

  it('asks the page to allow emulators’ origins only', () => {
    const page = wiring.page(strictContext(wiring));
    const origins = [...wiring.needs, name].map(fakeUrl);
    for (const origin of [...page.scripts, ...page.connect]) expect(origins).toContain(origin);
  });

  it('connects to the BFF it is given: its webhooks go there, and it calls only what its needs allow', () => {
    const emulator = wiring.create();
    const bffUrl = 'http://127.0.0.1:39999';
    const connect = wiring.connect as ((at: unknown) => { webhooks: readonly string[] }) | undefined;
    const connected = connect?.({ ...strictContext(wiring), bffUrl, controls: emulator.controls });
    for (const url of connected?.webhooks ?? []) expect(url.startsWith(`${bffUrl}/v1/`), url).toBe(true);
  });
});

describe('the wirings together', () => {
  it('name every provider key once', () => {
    const keys = EMULATOR_WIRINGS.flatMap((w) => w.providerKeys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
