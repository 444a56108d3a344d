// The running emulators' wirings put together for a stack: the BFF's settings for all of them,
// which of those are secrets, what the page must allow, and one connect() once the BFF listens.
import type { EmulatorControls } from './shared/kit.js';
import { wiringContext, type ConnectContext, type Connected, type PageAllowances } from './shared/wiring.js';
import { EMULATOR_WIRINGS } from './wirings.js';

export interface WiredEmulators {
  /** The running emulators in list order, with the provider each stands in for. */
  emulators: Array<{ name: string; provider: string; providerKeys: readonly string[]; url: string; testerPage?: { label: string; url: string } }>;
  /** The BFF's settings for every running emulator. */
  bffEnv: Record<string, string>;
  /** Which settings are secrets, by setting name, with how to name each. */
  secrets: Record<string, string>;
  /** What the page must allow, each origin once. */
  page: PageAllowances;
  /** Registers each emulator's webhooks at the BFF and links the emulators; returns the webhook URLs. */
  connect(bffUrl: string): string[];
}

/** Wires every running emulator (`urls` and `controls` by name, as startEmulators gives them). */
export function wireEmulators(running: { urls: Readonly<Record<string, string>>; controls: Readonly<Record<string, EmulatorControls>> }): WiredEmulators {
  const wired = EMULATOR_WIRINGS.filter((w) => w.name in running.urls).map((wiring) => ({ wiring, at: wiringContext(wiring.name, running.urls) }));
  const pages = wired.map(({ wiring, at }) => wiring.page(at));
  return {
    emulators: wired.map(({ wiring, at }) => ({
      name: wiring.name,
      provider: wiring.provider,
      providerKeys: wiring.providerKeys,
      url: at.url,
      ...(wiring.testerPage ? { testerPage: wiring.testerPage(at) } : {}),
    })),
    bffEnv: Object.assign({}, ...wired.map(({ wiring, at }) => wiring.bffEnv(at))) as Record<string, string>,
    secrets: Object.assign({}, ...wired.map(({ wiring }) => wiring.secrets)) as Record<string, string>,
    page: { scripts: [...new Set(pages.flatMap((p) => p.scripts))], connect: [...new Set(pages.flatMap((p) => p.connect))] },
    connect(bffUrl) {
      const base = bffUrl.replace(/\/+$/, '');
      return wired.flatMap(({ wiring, at }) => {
        // Sound: each wiring gets the controls of the emulator of its own name.
        const connect = wiring.connect as ((at: ConnectContext<EmulatorControls>) => Connected) | undefined;
        const controls = running.controls[wiring.name];
        if (!connect || !controls) return [];
        return [...connect.call(wiring, { ...at, bffUrl: base, controls }).webhooks];
      });
    },
  };
}
