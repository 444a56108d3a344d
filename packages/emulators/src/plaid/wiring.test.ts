// The Plaid wiring on its own, held to the rules wirings.test.ts applies to every listed emulator
// (until it is listed there): the BFF's settings and secrets, the page's origins, and a connect()
// that points the emulator's IDV webhooks at the BFF.
import { describe, expect, it } from 'vitest';
import { PLAID_EMULATOR_CLIENT_ID, PLAID_EMULATOR_SECRET, PLAID_EMULATOR_TEMPLATE_ID } from './keys.js';
import { plaidWiring } from './wiring.js';

const at = { url: 'http://127.0.0.1:40123', urlOf: (name: string) => { throw new Error(`plaid used ${name}`); } };

describe('the Plaid wiring', () => {
  it('gives the BFF its API base, sandbox credentials, template and Link script, the secret among them', () => {
    const env = plaidWiring.bffEnv(at);
    expect(env).toEqual({
      PLAID_API_BASE: 'http://127.0.0.1:40123',
      PLAID_CLIENT_ID: PLAID_EMULATOR_CLIENT_ID,
      PLAID_SECRET: PLAID_EMULATOR_SECRET,
      PLAID_TEMPLATE_ID: PLAID_EMULATOR_TEMPLATE_ID,
      PLAID_LINK_SCRIPT_URL: 'http://127.0.0.1:40123/link/v2/stable/link-initialize.js',
    });
    for (const key of Object.keys(plaidWiring.secrets)) expect(Object.keys(env)).toContain(key);
    expect(plaidWiring.providerKeys).toEqual(['plaid']);
  });

  it('asks the page to load scripts and frames from the emulator only', () => {
    expect(plaidWiring.page(at)).toEqual({ scripts: ['http://127.0.0.1:40123'], connect: [] });
  });

  it('sends the IDV webhooks to the BFF’s Plaid route once connected', () => {
    const emulator = plaidWiring.create();
    const connected = plaidWiring.connect!({ ...at, bffUrl: 'http://127.0.0.1:39999', controls: emulator.controls });
    expect(connected.webhooks).toEqual(['http://127.0.0.1:39999/v1/providers/plaid/webhook']);
    expect(emulator.controls.webhookUrl).toBe('http://127.0.0.1:39999/v1/providers/plaid/webhook');
  });
});
