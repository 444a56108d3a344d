// wireEmulators() puts the listed wirings together as the stack uses them: every running
// emulator's settings and secrets, each page origin once, connect() to the BFF given, and a clear
// error when an emulator runs without one it needs.
import { describe, expect, it } from 'vitest';
import type { EmulatorControls } from './shared/kit.js';
import { wireEmulators } from './wire.js';
import { EMULATOR_WIRINGS } from './wirings.js';

function running(names: readonly string[]) {
  const urls: Record<string, string> = {};
  const controls: Record<string, EmulatorControls> = {};
  names.forEach((name, i) => {
    const wiring = EMULATOR_WIRINGS.find((w) => w.name === name)!;
    urls[name] = `http://127.0.0.1:${41_000 + i}/`;
    controls[name] = wiring.create().controls;
  });
  return { urls, controls };
}

describe('wireEmulators', () => {
  const all = EMULATOR_WIRINGS.map((w) => w.name);

  it('gives the settings and secrets of every running emulator, and each page origin once', () => {
    const wired = wireEmulators(running(all));
    expect(wired.emulators.map((e) => e.name)).toEqual(all);
    expect(wired.emulators.every((e) => !e.url.endsWith('/'))).toBe(true);
    for (const wiring of EMULATOR_WIRINGS) {
      for (const key of Object.keys(wiring.secrets)) expect(wired.bffEnv[key], key).toEqual(expect.any(String));
    }
    expect(Object.keys(wired.secrets).sort()).toEqual(EMULATOR_WIRINGS.flatMap((w) => Object.keys(w.secrets)).sort());
    for (const list of [wired.page.scripts, wired.page.connect]) expect(new Set(list).size).toBe(list.length);
  });

  it('connects each emulator to the BFF given, without a trailing slash doubling', () => {
    const wired = wireEmulators(running(all));
    const webhooks = wired.connect('http://127.0.0.1:8787/');
    expect(webhooks.length).toBeGreaterThan(0);
    for (const url of webhooks) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/v1\/[^/]/);
  });

  it('wires only the emulators that run, and says which one is missing when a needed one does not', () => {
    expect(wireEmulators(running([all[0]!])).emulators).toHaveLength(1);
    const needy = EMULATOR_WIRINGS.find((w) => w.needs.length > 0);
    if (!needy) return;
    expect(() => wireEmulators(running([needy.name]))).toThrow(new RegExp(`needs the ${needy.needs[0]} emulator`));
  });
});
