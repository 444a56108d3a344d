// Test helper: a Plaid emulator on a real loopback port with the official `plaid` client pointed
// at it (basePath and credential headers, as an integration configures it), and a receiver that
// keeps each webhook's exact bytes and headers.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Configuration, PlaidApi } from 'plaid';
import { createPlaidEmulator, type PlaidEmulator, type PlaidEmulatorOptions } from './app.js';
import { PLAID_EMULATOR_CLIENT_ID, PLAID_EMULATOR_SECRET } from './keys.js';

export interface ReceivedWebhook {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface RunningPlaid {
  emu: PlaidEmulator;
  url: string;
  /** The official client with the emulator's credentials in headers. */
  plaid: PlaidApi;
  client(headers: Record<string, string>): PlaidApi;
  /** Webhooks the emulator sent, in order (the receiver answers 200). */
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

export const RECEIVER_URL = 'http://127.0.0.1:9/v1/providers/plaid/webhook';

export async function startPlaid(options: PlaidEmulatorOptions = {}): Promise<RunningPlaid> {
  const received: ReceivedWebhook[] = [];
  const receiver = (async (url: string | URL | Request, init?: RequestInit) => {
    received.push({ url: String(url), body: String(init?.body), headers: { ...(init?.headers as Record<string, string>) } });
    return new Response(null, { status: 200 });
  }) as typeof fetch;
  const emu = createPlaidEmulator({ fetch: receiver, webhookUrl: RECEIVER_URL, ...options });
  const server = serve({ fetch: emu.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = (headers: Record<string, string>) => new PlaidApi(new Configuration({ basePath: url, baseOptions: { headers } }));
  return {
    emu,
    url,
    plaid: client({ 'PLAID-CLIENT-ID': PLAID_EMULATOR_CLIENT_ID, 'PLAID-SECRET': PLAID_EMULATOR_SECRET }),
    client,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The Plaid error body and status a plaid-client call rejected with. */
export async function plaidFailure(promise: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: { status: number; data: Record<string, unknown> } }).response;
    if (response) return { status: response.status, body: response.data };
    throw error;
  }
  throw new Error('Expected the Plaid call to fail, but it succeeded.');
}
