// The servers a benchmark loads, each started in its own process so the load generator does
// not share their event loop: `emulator` (Turnstile), `bff` (wired to that emulator), `bare`
// (a bare Hono app), for uploads `onfido-emulator` and `bff-uploads` (wired to it), and for the
// replica benchmark `bff-replica` (one of several on one PostgreSQL) and `balancer` (balancer.ts),
// and for the first screen `cdn-page` (the CDN build's host page with a BFF of its own).
// Prints one JSON line with the URL(s) once listening, and stops on SIGTERM.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { startBalancer } from './balancer.js';
import { startHostBff } from '../../../e2e/cdn/bff.js';
import { startCdnHost } from '../../../e2e/cdn/server.js';
import { loadConfig } from '@identity-verify/bff/config';
import { startBffServer } from '@identity-verify/bff/server';
import {
  ONFIDO_EMULATOR_API_TOKEN,
  ONFIDO_EMULATOR_WEBHOOK_TOKEN,
  startEmulators,
  TURNSTILE_DUMMY_SECRETS,
  TURNSTILE_DUMMY_SITEKEYS,
} from '@identity-verify/emulators';

async function startBare() {
  const app = new Hono();
  const catalogue = [{ id: 'idp_turnstile', provider_key: 'turnstile', name: 'Cloudflare Turnstile', active: true }];
  app.get('/v1/identity/providers', (c) => c.json(catalogue));
  app.post('/v1/identity/verify/token', async (c) => {
    const body = await c.req.json<{ session_ref: string }>();
    return c.json({ session_id: body.session_ref, status: 'verified' });
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: async () => void server.close() };
}

/** The Turnstile emulator, standing in for Cloudflare's servers: in a process of its own, as they never share the BFF's CPU. */
async function startEmulator() {
  const emulators = await startEmulators({ providers: ['turnstile'] });
  return { url: emulators.urls.turnstile, stop: () => emulators.stop() };
}

/** A BFF in this process on a free port, in memory, silent, with `providers`' settings. */
async function startBffWith(providers: Record<string, string>) {
  const config = loadConfig({
    // Emulators over http and Cloudflare's test secret: only a development BFF takes them.
    IDV_MODE: 'development',
    PORT: '0',
    IDV_DATA_DIR: ':memory:',
    IDV_LOG: 'silent',
    IDV_API_KEYS: `sk_test_bench${randomBytes(16).toString('hex')}`,
    IDV_ALLOWED_ORIGINS: 'http://127.0.0.1:3000',
    IDV_PII_KEY: randomBytes(32).toString('base64'),
    // The limiter is measured by its own tests; here it must not cap the throughput measured.
    IDV_RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_URL: process.env.DATABASE_URL,
    ...providers,
  });
  const bff = await startBffServer(config);
  return { url: bff.url, apiKey: config.apiKeys[0]!.key, pid: String(process.pid), stop: () => bff.close() };
}

const turnstileSettings = (turnstileUrl: string) => ({
  // Cloudflare's always-pass test pair: its dummy token can be reused, so N token requests
  // need no N solved challenges (binding checks are skipped with a test secret).
  TURNSTILE_SITEKEY: TURNSTILE_DUMMY_SITEKEYS.alwaysPassesVisible,
  TURNSTILE_SECRET: TURNSTILE_DUMMY_SECRETS.alwaysPasses,
  TURNSTILE_SITEVERIFY_URL: `${turnstileUrl}/turnstile/v0/siteverify`,
  TURNSTILE_SCRIPT_URL: `${turnstileUrl}/turnstile/v0/api.js?render=explicit`,
});

const startBff = (turnstileUrl: string) => startBffWith(turnstileSettings(turnstileUrl));

/**
 * One replica of several behind the balancer: what they must share (the PostgreSQL URL, the API
 * key, the PII key, the balancer as a trusted proxy) comes from the environment the parent set.
 */
function startReplica(turnstileUrl: string) {
  const shared = ['DATABASE_URL', 'IDV_API_KEYS', 'IDV_PII_KEY', 'IDV_TRUSTED_PROXIES'] as const;
  const missing = shared.filter((name) => !process.env[name]);
  if (missing.length) throw new Error(`bff-replica needs ${missing.join(', ')} in its environment`);
  return startBffWith({ ...turnstileSettings(turnstileUrl), ...Object.fromEntries(shared.map((name) => [name, process.env[name]!])) });
}

/** The Onfido emulator, taking the uploads the BFF streams on. */
async function startOnfidoEmulator() {
  const emulators = await startEmulators({ providers: ['onfido'] });
  return { url: emulators.urls.onfido, stop: () => emulators.stop() };
}

/** The BFF with Onfido and our own capture: uploads stream through it to the Onfido emulator. */
const startUploadBff = (onfidoUrl: string) =>
  startBffWith({
    ONFIDO_API_TOKEN: ONFIDO_EMULATOR_API_TOKEN,
    ONFIDO_WEBHOOK_TOKEN: ONFIDO_EMULATOR_WEBHOOK_TOKEN,
    ONFIDO_API_BASE: `${onfidoUrl}/v3.6`,
    ONFIDO_CAPTURE: 'native',
  });

/**
 * The CDN build's host page (e2e/cdn/server.ts) and the BFF it creates each page's session with,
 * as an integrator's servers: away from the browser's driver, whose event loop would otherwise
 * answer the page's requests between its own.
 */
async function startCdnPage(turnstileUrl: string) {
  const host = await startCdnHost();
  const bff = await startHostBff(host.url, turnstileUrl);
  await host.useBff(bff.url, bff.apiKey);
  return { url: host.url, bffUrl: bff.url, stop: async () => (await bff.close(), await host.close()) };
}

/** The target `kind` names; those that stand in front of other servers take their URLs. */
async function start(kind: string | undefined, urls: string[]) {
  if (kind === 'bare') return startBare();
  if (kind === 'emulator') return startEmulator();
  if (kind === 'onfido-emulator') return startOnfidoEmulator();
  const [upstream] = urls;
  if (!upstream) return null;
  if (kind === 'bff') return startBff(upstream);
  if (kind === 'bff-uploads') return startUploadBff(upstream);
  if (kind === 'bff-replica') return startReplica(upstream);
  if (kind === 'balancer') return startBalancer(urls);
  if (kind === 'cdn-page') return startCdnPage(upstream);
  return null;
}

const [kind, ...urls] = process.argv.slice(2);
const target = await start(kind, urls);
if (!target) {
  console.error(
    'usage: targets.ts bff <turnstile emulator URL> | cdn-page <turnstile emulator URL> | bare | emulator | onfido-emulator | bff-uploads <onfido emulator URL> | bff-replica <turnstile emulator URL> | balancer <replica URL>...',
  );
  process.exit(2);
}
const { stop, ...info } = target;
process.stdout.write(`${JSON.stringify(info)}\n`);
process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
