// The Cloudflare Turnstile emulator: one Hono app standing in for https://challenges.cloudflare.com
// (siteverify, api.js and the challenge iframe), plus its test controls.
import { z } from 'zod';
import { createClock, type EmulatorClock } from '../shared/clock.js';
import {
  CONTROL_PREFIX,
  createEmulatorKit,
  inProcessFetch,
  parseControlBody,
  controlError,
  type Emulator,
  type EmulatorControls,
} from '../shared/kit.js';
import {
  checkWidgets,
  DEFAULT_WIDGETS,
  TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_EMULATOR_SITEKEY,
  type TurnstileWidget,
} from './keys.js';
import { SITEVERIFY_PATH, siteverifyHandler } from './siteverify.js';
import { TokenStore, type TokenOutcome, TURNSTILE_OUTCOMES } from './tokens.js';
import { API_JS_PATH, mountWidgetRoutes, solveChallenge } from './widget.js';

export interface TurnstileEmulatorOptions {
  /** Widgets with real-shaped keys; default: the emulator's own key pair. Dummy keys are built in. */
  widgets?: readonly TurnstileWidget[];
  clock?: EmulatorClock;
}

export interface MintTokenInput {
  /** Default: TURNSTILE_EMULATOR_SITEKEY. A dummy sitekey yields the dummy token. */
  sitekey?: string;
  /** Hostname of the page the widget ran on, e.g. "127.0.0.1". */
  hostname: string;
  action?: string;
  cdata?: string;
  /** What the person picked under "Emulated outcome" (default pass). */
  outcome?: TokenOutcome;
}

export interface TurnstileControls extends EmulatorControls {
  /**
   * A token exactly as the widget would hand the page after a solved challenge, without a
   * browser. Throws when the widget would show an error instead (unknown sitekey, bad action…).
   */
  mintToken(input: MintTokenInput): string;
}

export type TurnstileEmulator = Emulator<TurnstileControls>;

const MintControlSchema = z.object({
  sitekey: z.string().min(1).max(100).optional(),
  hostname: z.string().min(1).max(253),
  action: z.string().max(1000).optional(),
  cdata: z.string().max(1000).optional(),
  outcome: z.enum(TURNSTILE_OUTCOMES).exclude(['fail']).optional(),
});

export function createTurnstileEmulator(options: TurnstileEmulatorOptions = {}): TurnstileEmulator {
  const widgets = options.widgets ?? DEFAULT_WIDGETS;
  checkWidgets(widgets);
  const clock = options.clock ?? createClock();
  const tokens = new TokenStore(clock);
  const { app, controls: base } = createEmulatorKit({
    name: 'turnstile',
    // `response` is the token itself and `remoteip` the visitor's address.
    redactKeys: ['response', 'remoteip'],
    clock,
    onReset: () => tokens.clear(),
  });

  const mintToken = (input: MintTokenInput): string => {
    const result = solveChallenge(
      {
        sitekey: input.sitekey ?? TURNSTILE_EMULATOR_SITEKEY,
        action: input.action ?? '',
        cdata: input.cdata ?? '',
        parent: '',
        outcome: input.outcome ?? 'pass',
        interactive: true,
      },
      input.hostname,
      { widgets, tokens },
    );
    if (!result.success) throw new Error(`The Turnstile widget would fail with client error ${result.error_code}.`);
    return result.token;
  };

  app.post(`${CONTROL_PREFIX}/tokens`, async (c) => {
    const body = await parseControlBody(c, MintControlSchema);
    if (body instanceof Response) return body;
    try {
      return c.json({ token: mintToken(body) }, 201);
    } catch (error) {
      return controlError(c, 400, 'widget_error', (error as Error).message);
    }
  });
  app.all(SITEVERIFY_PATH, siteverifyHandler({ widgets, tokens, clock }));
  mountWidgetRoutes(app, { widgets, tokens });

  const controls: TurnstileControls = { ...base, mintToken };
  return { name: 'turnstile', app, controls, fetch: inProcessFetch(app) };
}

/** The BFF settings that point it at a Turnstile emulator running at `baseUrl`. */
export function turnstileBffEnv(
  baseUrl: string,
  widget: TurnstileWidget = { sitekey: TURNSTILE_EMULATOR_SITEKEY, secret: TURNSTILE_EMULATOR_SECRET },
) {
  return {
    TURNSTILE_SITEVERIFY_URL: `${baseUrl}${SITEVERIFY_PATH}`,
    TURNSTILE_SCRIPT_URL: `${baseUrl}${API_JS_PATH}?render=explicit`,
    TURNSTILE_SITEKEY: widget.sitekey,
    TURNSTILE_SECRET: widget.secret,
  };
}
