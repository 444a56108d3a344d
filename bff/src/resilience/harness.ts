// What the resilience suites share: BFF replicas as real OS processes on one PostgreSQL schema of
// their own, the Stripe emulator as a real HTTP server, a person and a host backend driving them
// over HTTP, and the database read directly for what the replicas wrote. No sleeps: a replica is
// ready when it prints its ready line, and anything else is waited for by polling with a deadline.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startEmulators, wireEmulators, ONFIDO_EMULATOR_API_TOKEN, STRIPE_EMULATOR_SECRET_KEY, STRIPE_EMULATOR_WEBHOOK_SECRET } from '@identity-verify/emulators';
import { AdjustableClock } from '../clock.js';
import { Secret } from '../security/secret.js';
import { migrateToLatest, openDatabase, type Db } from '../store/database.js';
import { createStore } from '../store/store.js';
import { consentAsShown } from '../testing-consent.js';
import { createTestBff, TEST_API_KEY, TEST_ORIGIN } from '../testing.js';
import type { CrashPoint } from './crash-point.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./replica-entry.ts', import.meta.url));
const READY_WITHIN_MS = 45_000;

/**
 * The replica entry as one ES module. Under tsx a BFF process takes 8-11 s to start on a busy
 * two-core machine (every TypeScript file transformed and resolved at start); bundled once per
 * suite (esbuild, which tsx itself runs on; ~0.4 s) it starts in about 2 s, the same code. npm
 * packages stay external and are loaded from node_modules, so the bundle is written under it.
 * Without esbuild the entry runs under tsx, only slower.
 */
export async function buildReplica(): Promise<{ command: string[]; dispose(): void }> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return { command: [process.execPath, '--import', 'tsx', ENTRY], dispose: () => undefined };
  }
  // A fresh install has no node_modules/.cache yet.
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'idv-replica-'));
  const outfile = join(dir, 'replica.mjs');
  await esbuild.build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    plugins: [
      {
        name: 'npm-packages-external',
        setup(build) {
          // Our workspaces (TypeScript sources) are bundled; npm packages are loaded as installed.
          build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@identity-verify/') ? undefined : { external: true }));
        },
      },
    ],
  });
  return { command: [process.execPath, outfile], dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A PostgreSQL schema of its own per run (as store.test.ts does), so reruns on a shared DATABASE_URL start clean. */
export async function freshDatabase(postgresUrl: string): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  const schema = `resilience_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = openDatabase({ kind: 'postgres', url: new Secret(postgresUrl) });
  await sql.raw(`create schema ${schema}`).execute(admin);
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = openDatabase({ kind: 'postgres', url: new Secret(url.toString()) });
  // Migrated once here, so replicas starting together do not race to create the tables.
  await migrateToLatest(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await sql.raw(`drop schema ${schema} cascade`).execute(admin);
      await admin.destroy();
    },
  };
}

export interface Replica {
  url: string;
  pid: number;
  /** Resolves when the process has ended, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its log lines so far (JSON, one per line): shown when a test fails. */
  logs(): string;
  /** SIGTERM (a clean close), then SIGKILL if it has not ended within 10 s. */
  stop(): Promise<void>;
}

/** Starts a replica with `env` and waits for its ready line. */
export function startReplica(command: string[], env: Record<string, string>): Promise<Replica> {
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  let stdout: string | null = ''; // until the ready line
  child.stderr!.on('data', (chunk: Buffer) => {
    logs = (logs + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise<Replica>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`A replica was not ready within ${READY_WITHIN_MS} ms:\n${logs}`));
    }, READY_WITHIN_MS);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`A replica ended before it was ready (${signal ?? code}):\n${logs}`));
    });
    // The BFF's JSON log goes to stdout: kept with stderr for a failing test to show.
    child.stdout!.on('data', (chunk: Buffer) => {
      logs = (logs + chunk.toString()).slice(-20_000);
      if (stdout === null) return;
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"ready":true'));
      if (!line) return;
      stdout = null;
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        pid: child.pid!,
        exited,
        logs: () => logs,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}

/** Polls `check` until it holds (then answers its value), failing with `what` at the deadline. */
export async function until<T>(what: string, check: () => Promise<T | false | null | undefined>, deadlineMs = 15_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface JsonAnswer {
  status: number;
  json: any;
}

export async function call(base: string, method: string, path: string, options: { auth: string; body?: unknown }): Promise<JsonAnswer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.auth}`,
      origin: TEST_ORIGIN,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/** Stripe Identity's placement in the suites: offered in Sweden at the identity layer (and so at the humanity layer), with no notice of its own. */
export const STRIPE_INITIATE = { provider_key: 'stripe_identity', requested_claims: ['verified_identity'] };

/** Onfido's placement in the suites: offered in Sweden at the identity layer, with no notice there. */
export const ONFIDO_INITIATE = { provider_key: 'onfido', requested_claims: ['verified_identity'] };

/** An applicant as Onfido's list shows it. */
export interface OnfidoApplicant {
  id: string;
  first_name: string;
  last_name: string;
  created_at: string;
  delete_at?: string;
}

/**
 * The world the suites run in: the Stripe emulator (a real server), a fresh schema, and the
 * settings every replica shares (one API key, one PII key: any replica reads what another sealed).
 * With `onfido`, the Onfido emulator too (a real server).
 */
export async function startWorld(postgresUrl: string, options: { onfido?: boolean } = {}) {
  // Turnstile too: a second provider to switch to (superseding the Stripe attempt), with nothing at its side to orphan.
  const emulators = await startEmulators({
    providers: ['stripe', 'turnstile', ...(options.onfido ? (['onfido'] as const) : [])],
    settings: { stripe: { processingSeconds: 0 }, onfido: { processingSeconds: 0 } },
  });
  const stripe = emulators.controls.stripe;
  const wired = wireEmulators(emulators);
  const database = await freshDatabase(postgresUrl);
  const env: Record<string, string> = {
    ...wired.bffEnv,
    IDV_MODE: 'development',
    IDV_TEST_CONTROLS: '1',
    IDV_DATA_DIR: ':memory:',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    IDV_API_KEYS: TEST_API_KEY,
    IDV_PII_KEY: randomBytes(32).toString('base64'),
    IDV_ALLOWED_ORIGINS: TEST_ORIGIN,
  };
  const store = createStore(database.db, new AdjustableClock());

  /** Stripe's signed events go to this replica (one endpoint, as set in Stripe's dashboard). */
  function webhooksTo(replica: { url: string }) {
    for (const endpoint of stripe.webhookEndpoints()) stripe.removeWebhookEndpoint(endpoint.id);
    stripe.addWebhookEndpoint({ url: `${replica.url}/v1/providers/stripe_identity/webhook`, secret: STRIPE_EMULATOR_WEBHOOK_SECRET });
  }

  /** Stripe's verification sessions of one of our sessions, as Stripe lists them (client_reference_id). */
  async function stripeSessionsOf(sessionId: string): Promise<Array<{ id: string; status: string; metadata: Record<string, string>; redaction: unknown }>> {
    const url = `${emulators.urls.stripe}/v1/identity/verification_sessions?client_reference_id=${encodeURIComponent(sessionId)}&limit=100`;
    const r = await fetch(url, { headers: { authorization: `Bearer ${STRIPE_EMULATOR_SECRET_KEY}` } });
    return ((await r.json()) as { data: Array<{ id: string; status: string; metadata: Record<string, string>; redaction: unknown }> }).data;
  }

  /** Every applicant at Onfido, those scheduled for deletion too, newest first, as Onfido lists them. */
  async function onfidoApplicants(): Promise<OnfidoApplicant[]> {
    const base = (emulators.urls as Record<string, string>).onfido;
    if (!base) throw new Error('This world was started without Onfido.');
    const r = await fetch(`${base}/v3.6/applicants?per_page=100&include_deleted=true`, { headers: { authorization: `Token token=${ONFIDO_EMULATOR_API_TOKEN}` } });
    return ((await r.json()) as { applicants: OnfidoApplicant[] }).applicants;
  }

  /** A session as a host backend creates it, privacy notice accepted and residence set: ready to start at Stripe. */
  async function readySession(via: { url: string }, requirements: { layer: 'identity' | 'humanity'; min_assurance: 'low' | 'high' } = { layer: 'identity', min_assurance: 'high' }) {
    const created = await call(via.url, 'POST', '/v1/sessions', { auth: TEST_API_KEY, body: { requirements } });
    if (created.status !== 201) throw new Error(`create session: ${created.status} ${JSON.stringify(created.json)}`);
    const session = created.json as { id: string; client_secret: string };
    const widget = (base: { url: string }, method: string, path: string, body?: unknown) => call(base.url, method, path, { auth: session.client_secret, body });
    for (const [path, body] of [
      ['/v1/identity/consents', consentAsShown('privacy_notice', 'accepted', { layer: requirements.layer })],
      ['/v1/identity/residence', { country: 'SE' }],
    ] as const) {
      const r = await widget(via, 'POST', path, body);
      if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.json)}`);
    }
    return { id: session.id, widget };
  }

  /**
   * A reconciler pass run by one more replica on the same database (every replica runs the
   * reconciler and each step claims its rows by compare-and-set, so which one runs it does not
   * matter), its clock moved past the timeouts instead of waiting them out.
   */
  async function reconcileAfter(ms: number) {
    const replica = await createTestBff({ ...env, IDV_LOG: 'silent' });
    try {
      replica.clock.advance(ms);
      return await replica.verification.reconcile();
    } finally {
      await replica.close();
    }
  }

  return {
    env,
    stripe,
    stripeUrl: emulators.urls.stripe,
    store,
    db: database.db,
    webhooksTo,
    stripeSessionsOf,
    onfidoApplicants,
    readySession,
    reconcileAfter,
    async close() {
      await emulators.stop();
      await database.drop();
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;

/** The environment of a replica that kills itself at `point`. */
export const crashingAt = (env: Record<string, string>, point: CrashPoint) => ({ ...env, IDV_TEST_CRASH_AT: point });

/** What the audit trail says was applied to a session's outcome, in order. */
export async function appliedOutcomes(world: World, sessionId: string): Promise<string[]> {
  return (await world.store.auditTrail(sessionId)).filter((a) => a.action === 'outcome.applied').map((a) => (JSON.parse(a.detail) as { status: string }).status);
}

/**
 * A kill -9 suite's lifecycle: the replica built once and a world (emulators, PostgreSQL) for the
 * suite, and every replica a test starts stopped after it. `replica(env)` starts one and points
 * Stripe's webhooks at it (inert for suites with no Stripe flow).
 */
export function replicaSuite(postgresUrl: string, worldOptions: Parameters<typeof startWorld>[1] = {}) {
  let world: World | undefined;
  let command: string[] = [];
  let dispose = () => {};
  const running: Replica[] = [];
  beforeAll(async () => {
    const built = await buildReplica();
    command = built.command;
    dispose = built.dispose;
    world = await startWorld(postgresUrl, worldOptions);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await world?.close();
    dispose();
  });
  return {
    get world(): World {
      if (!world) throw new Error('The world starts in beforeAll.');
      return world;
    },
    async replica(env: Record<string, string>): Promise<Replica> {
      const started = await startReplica(command, env);
      running.push(started);
      world!.webhooksTo(started);
      return started;
    },
  };
}
