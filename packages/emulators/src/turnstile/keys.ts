// Turnstile's keys: Cloudflare's documented dummy sitekeys and secrets (behaving as documented on
// developers.cloudflare.com/turnstile/troubleshooting/testing/) and the emulator's own
// "production" widget, whose tokens carry the real action, cdata and hostname.

/** Cloudflare's dummy sitekeys; all produce TURNSTILE_DUMMY_TOKEN and work on any hostname. */
export const TURNSTILE_DUMMY_SITEKEYS = {
  alwaysPassesVisible: '1x00000000000000000000AA',
  alwaysBlocksVisible: '2x00000000000000000000AB',
  alwaysPassesInvisible: '1x00000000000000000000BB',
  alwaysBlocksInvisible: '2x00000000000000000000BB',
  forcesInteractive: '3x00000000000000000000FF',
} as const;

/** Cloudflare's dummy secrets: they answer from the secret alone, whatever token is sent. */
export const TURNSTILE_DUMMY_SECRETS = {
  alwaysPasses: '1x0000000000000000000000000000000AA',
  alwaysFails: '2x0000000000000000000000000000000AA',
  alreadySpent: '3x0000000000000000000000000000000AA',
} as const;

export const TURNSTILE_DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

/** The emulator's widget, shaped like real keys (24-char sitekey, 35-char secret, 0x4AAAAAAA…). */
export const TURNSTILE_EMULATOR_SITEKEY = '0x4AAAAAAAEmuLat0rS1teKy';
export const TURNSTILE_EMULATOR_SECRET = '0x4AAAAAAAEmuLat0rSecretK3yNotReal0';

/** A "production" widget the emulator knows: tokens are bound to it and checked by siteverify. */
export interface TurnstileWidget {
  sitekey: string;
  secret: string;
  /** Hostnames the widget may run on (like the dashboard's allow-list); omitted = any. */
  hostnames?: readonly string[];
}

export const DEFAULT_WIDGETS: readonly TurnstileWidget[] = [
  { sitekey: TURNSTILE_EMULATOR_SITEKEY, secret: TURNSTILE_EMULATOR_SECRET },
];

/** How the challenge iframe behaves for a sitekey. */
export type SitekeyBehaviour =
  | { kind: 'dummy'; visible: boolean; interactive: boolean; passes: boolean }
  | { kind: 'widget'; widget: TurnstileWidget }
  | { kind: 'unknown' };

const DUMMY_BEHAVIOUR: Record<string, SitekeyBehaviour> = {
  [TURNSTILE_DUMMY_SITEKEYS.alwaysPassesVisible]: { kind: 'dummy', visible: true, interactive: false, passes: true },
  [TURNSTILE_DUMMY_SITEKEYS.alwaysBlocksVisible]: { kind: 'dummy', visible: true, interactive: false, passes: false },
  [TURNSTILE_DUMMY_SITEKEYS.alwaysPassesInvisible]: { kind: 'dummy', visible: false, interactive: false, passes: true },
  [TURNSTILE_DUMMY_SITEKEYS.alwaysBlocksInvisible]: { kind: 'dummy', visible: false, interactive: false, passes: false },
  [TURNSTILE_DUMMY_SITEKEYS.forcesInteractive]: { kind: 'dummy', visible: true, interactive: true, passes: true },
};

export type DummySecretVerdict = 'pass' | 'fail' | 'spent';

export function dummySecretVerdict(secret: string): DummySecretVerdict | null {
  if (secret === TURNSTILE_DUMMY_SECRETS.alwaysPasses) return 'pass';
  if (secret === TURNSTILE_DUMMY_SECRETS.alwaysFails) return 'fail';
  if (secret === TURNSTILE_DUMMY_SECRETS.alreadySpent) return 'spent';
  return null;
}

export function checkWidgets(widgets: readonly TurnstileWidget[]): void {
  const seen = new Set<string>();
  for (const w of widgets) {
    if (!w.sitekey || !w.secret) throw new TypeError('turnstile emulator: every widget needs a sitekey and a secret.');
    if (DUMMY_BEHAVIOUR[w.sitekey] || dummySecretVerdict(w.secret)) {
      throw new TypeError(`turnstile emulator: widget ${w.sitekey} reuses a dummy key; dummy keys are built in.`);
    }
    if (seen.has(w.sitekey) || seen.has(w.secret)) throw new TypeError(`turnstile emulator: widget ${w.sitekey} is listed twice.`);
    seen.add(w.sitekey).add(w.secret);
  }
}

export function sitekeyBehaviour(sitekey: string, widgets: readonly TurnstileWidget[]): SitekeyBehaviour {
  const dummy = DUMMY_BEHAVIOUR[sitekey];
  if (dummy) return dummy;
  const widget = widgets.find((w) => w.sitekey === sitekey);
  return widget ? { kind: 'widget', widget } : { kind: 'unknown' };
}
