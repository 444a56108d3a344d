// The credentials the Onfido emulator accepts and signs with: API tokens (`Token token=…`),
// the default webhook token, and the secret SDK tokens are signed with.
import { randomBytes } from 'node:crypto';

/** Sandbox tokens start `api_sandbox.` (Onfido's documented prefix); this one works out of the box. */
export const ONFIDO_EMULATOR_API_TOKEN = 'api_sandbox.emulator0000000000000000000000000000';
/** Token a webhook registered without one is signed with, so a test needs no setup. */
export const ONFIDO_EMULATOR_WEBHOOK_TOKEN = 'onfido_emulator_webhook_token';

export interface OnfidoKeyOptions {
  /** API tokens accepted (default: ONFIDO_EMULATOR_API_TOKEN). */
  apiTokens?: readonly string[];
}

export interface OnfidoKeys {
  apiTokens: readonly string[];
  /** HMAC key for SDK tokens; random per emulator, because only this emulator verifies them. */
  sdkTokenSecret: Buffer;
}

export function checkKeys(options: OnfidoKeyOptions = {}): OnfidoKeys {
  const apiTokens = [...(options.apiTokens ?? [ONFIDO_EMULATOR_API_TOKEN])];
  if (apiTokens.length === 0) throw new TypeError('onfido emulator: keys.apiTokens needs at least one token.');
  for (const t of apiTokens) {
    if (!/^api_(sandbox|live)(_[a-z]{2})?\.[A-Za-z0-9_-]{8,}$/.test(t)) {
      throw new TypeError('onfido emulator: API tokens look like api_sandbox.<random> or api_live.<random>.');
    }
  }
  return { apiTokens, sdkTokenSecret: randomBytes(32) };
}

/** The token inside `Authorization: Token token=<token>` (quotes allowed, as Rails accepts), or null. */
export function parseTokenHeader(header: string | undefined): string | null {
  const m = /^Token\s+token="?([^"\s,]+)"?\s*$/.exec(header ?? '');
  return m?.[1] ?? null;
}
