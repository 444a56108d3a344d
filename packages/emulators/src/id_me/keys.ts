// The ID.me emulator's sandbox consumer: its OAuth client, the static Document Passback API token
// ID.me's account team would provision for it, and the policies it may request. All are public
// fixtures that only this emulator accepts.
import { createHash, timingSafeEqual } from 'node:crypto';

/** The sandbox consumer's OAuth client (32 hex characters, like ID.me's client ids). */
export const ID_ME_EMULATOR_CLIENT_ID = '1d3e0000e9a7f0c5b2d4e6f8a0c2e4f6';
export const ID_ME_EMULATOR_CLIENT_SECRET = 'idme_emulator_client_secret_0f1e2d3c4b5a69788796a5b4c3d2e1f0';
/** The static API token of the consumer's Document Passback (sent as `?token=`). */
export const ID_ME_EMULATOR_PASSBACK_TOKEN = 'idme_emulator_passback_api_token_5c4b3a29180f7e6d';

/** One consumer (OAuth client) of the emulated ID.me account. */
export interface IdMeConsumer {
  clientId: string;
  clientSecret: string;
  /** Whether ID.me's account team enabled Document Passback (the `document_tokens` attribute). */
  passback: boolean;
  /** The Document Passback API token provisioned for it; absent when passback is off. */
  passbackToken?: string;
}

export const DEFAULT_CONSUMER: IdMeConsumer = {
  clientId: ID_ME_EMULATOR_CLIENT_ID,
  clientSecret: ID_ME_EMULATOR_CLIENT_SECRET,
  passback: true,
  passbackToken: ID_ME_EMULATOR_PASSBACK_TOKEN,
};

export function checkConsumers(consumers: readonly IdMeConsumer[]): void {
  if (consumers.length === 0) throw new TypeError('id_me emulator: consumers is empty.');
  const ids = new Set<string>();
  const tokens = new Set<string>();
  for (const c of consumers) {
    if (!c.clientId || !c.clientSecret) throw new TypeError('id_me emulator: every consumer needs a clientId and a clientSecret.');
    if (ids.has(c.clientId)) throw new TypeError(`id_me emulator: consumer ${c.clientId} is listed twice.`);
    ids.add(c.clientId);
    if (c.passback && !c.passbackToken) throw new TypeError(`id_me emulator: consumer ${c.clientId} has passback on but no passbackToken.`);
    if (c.passbackToken) {
      // The API token says which consumer is calling, so two consumers cannot share one.
      if (tokens.has(c.passbackToken)) throw new TypeError(`id_me emulator: consumer ${c.clientId} reuses another consumer's passbackToken.`);
      tokens.add(c.passbackToken);
    }
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares a presented secret with the expected one in constant time. */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  return presented !== undefined && timingSafeEqual(digest(presented), digest(expected));
}
