// Tokens the emulated widget hands out, and what siteverify needs to judge them: the widget,
// action, cdata and hostname each was issued for, when, whether it is spent, and the first answer
// given for each idempotency_key so a retried siteverify replays it.
import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from '../shared/clock.js';

/** Turnstile tokens are valid for 300 s after the challenge is solved. */
export const TOKEN_TTL_MS = 300_000;
export const MAX_TOKEN_LENGTH = 2048;

/** What the person picked in the widget's "Emulated outcome" list. */
export const TURNSTILE_OUTCOMES = ['pass', 'fail', 'reject', 'expired'] as const;
export type TurnstileOutcome = (typeof TURNSTILE_OUTCOMES)[number];
/** Outcomes that produce a token (`fail` produces an error-callback instead). */
export type TokenOutcome = Exclude<TurnstileOutcome, 'fail'>;

export interface IssuedToken {
  sitekey: string;
  action: string;
  cdata: string;
  hostname: string;
  issuedAt: number;
  outcome: TokenOutcome;
  /** Whether the person had to interact (siteverify's metadata.interactive). */
  interactive: boolean;
  spent: boolean;
}

export interface MintInput {
  sitekey: string;
  hostname: string;
  action?: string;
  cdata?: string;
  outcome?: TokenOutcome;
  interactive?: boolean;
}

interface RememberedAnswer {
  token: string;
  status: number;
  body: unknown;
  at: number;
}

// Forget tokens and idempotency answers well after they could matter, so a long-running emulator
// does not grow without bound.
const RETENTION_MS = 60 * 60 * 1000;

export class TokenStore {
  #tokens = new Map<string, IssuedToken>();
  #answers = new Map<string, RememberedAnswer>();

  constructor(private readonly clock: EmulatorClock) {}

  mint(input: MintInput): string {
    this.#purge();
    // Shaped like a real token ("0." then opaque base64url), well under the 2048-char limit.
    const token = `0.${randomBytes(180).toString('base64url')}.${randomBytes(16).toString('hex')}`;
    const outcome = input.outcome ?? 'pass';
    this.#tokens.set(token, {
      sitekey: input.sitekey,
      action: input.action ?? '',
      cdata: input.cdata ?? '',
      hostname: input.hostname,
      // An "already expired" token is one issued longer ago than its lifetime.
      issuedAt: this.clock.now() - (outcome === 'expired' ? TOKEN_TTL_MS + 1000 : 0),
      outcome,
      interactive: input.interactive ?? true,
      spent: false,
    });
    return token;
  }

  get(token: string): IssuedToken | undefined {
    return this.#tokens.get(token);
  }

  isExpired(issued: IssuedToken): boolean {
    return this.clock.now() - issued.issuedAt > TOKEN_TTL_MS;
  }

  /** The first answer given for this idempotency key and token, if any. */
  replay(scope: string, idempotencyKey: string, token: string): { status: number; body: unknown } | undefined {
    const answer = this.#answers.get(`${scope}\n${idempotencyKey}`);
    return answer && answer.token === token ? { status: answer.status, body: answer.body } : undefined;
  }

  remember(scope: string, idempotencyKey: string, token: string, status: number, body: unknown): void {
    const key = `${scope}\n${idempotencyKey}`;
    if (!this.#answers.has(key)) this.#answers.set(key, { token, status, body, at: this.clock.now() });
  }

  clear(): void {
    this.#tokens.clear();
    this.#answers.clear();
  }

  #purge(): void {
    const cutoff = this.clock.now() - RETENTION_MS;
    for (const [k, t] of this.#tokens) if (t.issuedAt < cutoff) this.#tokens.delete(k);
    for (const [k, a] of this.#answers) if (a.at < cutoff) this.#answers.delete(k);
  }
}
