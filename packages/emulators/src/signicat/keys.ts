// The credentials the Signicat emulator accepts and signs with: OAuth client credentials for the
// token endpoint, and the secret events are signed with when a subscriber names none.

/** Public fixtures only this emulator accepts, so a test needs no setup. */
export const SIGNICAT_EMULATOR_CLIENT_ID = 'sandbox-emulated-assure-client';
export const SIGNICAT_EMULATOR_CLIENT_SECRET = 'emulator-client-secret-0000000000000000';
export const SIGNICAT_EMULATOR_EVENT_SECRET = 'signicat_emulator_event_secret';
/** The scope Signicat's current docs name for API products [3P + D]. */
export const SIGNICAT_DEFAULT_SCOPE = 'signicat-api';

export interface SignicatClient {
  clientId: string;
  clientSecret: string;
}

export function checkClients(clients: readonly SignicatClient[] | undefined): readonly SignicatClient[] {
  const list = [...(clients ?? [{ clientId: SIGNICAT_EMULATOR_CLIENT_ID, clientSecret: SIGNICAT_EMULATOR_CLIENT_SECRET }])];
  if (list.length === 0) throw new TypeError('signicat emulator: clients needs at least one client.');
  for (const c of list) {
    // A colon in the id would make the Basic header ambiguous.
    if (!c.clientId || c.clientId.includes(':') || !c.clientSecret) {
      throw new TypeError('signicat emulator: each client needs a clientId without ":" and a non-empty clientSecret.');
    }
  }
  return list;
}
