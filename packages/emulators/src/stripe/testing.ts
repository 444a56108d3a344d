// Test helper: a Stripe emulator on a real loopback port and official stripe-node clients pointed
// at it, so tests exercise the same wire format a real integration sends and parses.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import Stripe from 'stripe';
import { createStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from './app.js';
import { STRIPE_EMULATOR_RESTRICTED_KEY, STRIPE_EMULATOR_SECRET_KEY } from './keys.js';

export interface RunningStripe {
  emu: StripeEmulator;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** A stripe-node client for this key (default: the emulator's secret key), no retries. */
  client(key?: string): Stripe;
  /** The emulator's secret-key and restricted-key clients. */
  stripe: Stripe;
  restricted: Stripe;
  close(): Promise<void>;
}

export async function startStripe(options: StripeEmulatorOptions = {}): Promise<RunningStripe> {
  const emu = createStripeEmulator(options);
  const server = serve({ fetch: emu.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const client = (key = STRIPE_EMULATOR_SECRET_KEY) => new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  return {
    emu,
    url: `http://127.0.0.1:${port}`,
    port,
    client,
    stripe: client(),
    restricted: client(STRIPE_EMULATOR_RESTRICTED_KEY),
    close: () =>
      new Promise<void>((resolve) => {
        emu.controls.reset();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The error a stripe-node call rejects with, for asserting on its type, status and raw body. */
export async function stripeError(promise: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('Expected the Stripe call to fail, but it succeeded.');
}
