// An in-process BFF for tests: in-memory SQLite, a clock the test moves, logs captured so
// tests can assert what is (not) logged, and provider traffic routed to an injected fetch.
import { randomBytes } from 'node:crypto';
import type { TrustLayer } from '@identity-verify/contract/vocabulary';
import { STRIPE_EMULATOR_PUBLISHABLE_KEY, STRIPE_EMULATOR_SECRET_KEY, STRIPE_EMULATOR_WEBHOOK_SECRET } from '@identity-verify/emulators';
import { createApp } from './app.js';
import { AdjustableClock } from './clock.js';
import { loadConfig } from './config.js';
import { createMetrics } from './metrics/metrics.js';
import { observedFetch } from './providers/http.js';
import { createProviderRegistry } from './providers/registry.js';
import type { ProviderAdapter } from './providers/types.js';
import { createPiiBox } from './security/pii.js';
import { migrateToLatest, openDatabase } from './store/database.js';
import { createStore } from './store/store.js';
import { consentAsShown } from './testing-consent.js';

export const TEST_API_KEY = 'sk_test_unit0000000000000000000000000000';
export const TEST_ORIGIN = 'http://127.0.0.1:3000';
/** The privacy notice accepted as the widget records it (its English wording for a host named Acme), for a session of this layer. */
export const privacyConsent = (layer: TrustLayer = 'humanity') => consentAsShown('privacy_notice', 'accepted', { layer });
export const PRIVACY_CONSENT = privacyConsent();

/** The BFF's settings for a Stripe emulator answering at http://stripe.test (its fetch handed to createTestBff). */
export const STRIPE_TEST_ENV = {
  STRIPE_SECRET_KEY: STRIPE_EMULATOR_SECRET_KEY,
  STRIPE_PUBLISHABLE_KEY: STRIPE_EMULATOR_PUBLISHABLE_KEY,
  STRIPE_WEBHOOK_SECRET: STRIPE_EMULATOR_WEBHOOK_SECRET,
  STRIPE_API_BASE: 'http://stripe.test',
  STRIPE_JS_URL: 'http://stripe.test/v3/stripe.js',
};

/**
 * `extraAdapters` joins adapters built by a test to the configured ones: for tests of a seam
 * (a provider that follows its attempt live) before a real provider uses it.
 */
export async function createTestBff(env: Record<string, string> = {}, providerFetch: typeof fetch = fetch, extraAdapters: ProviderAdapter[] = []) {
  const config = loadConfig({
    IDV_MODE: 'development',
    IDV_DATA_DIR: ':memory:',
    IDV_API_KEYS: TEST_API_KEY,
    IDV_ALLOWED_ORIGINS: TEST_ORIGIN,
    IDV_PII_KEY: randomBytes(32).toString('base64'),
    IDV_TEST_CONTROLS: '1',
    IDV_PUBLIC_URL: 'https://bff.test',
    ...env,
  });
  const clock = new AdjustableClock();
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const store = createStore(db, clock, { claimLifetimes: config.claimLifetimeDays });
  const logs: Record<string, unknown>[] = [];
  const log = (entry: Record<string, unknown>) => void logs.push(entry);
  // Metrics wired as server.ts wires them, so tests can read what a scrape would.
  const metrics = createMetrics();
  metrics.countOpenAttemptsWith(() => store.countOpenAttempts());
  const observed = observedFetch(providerFetch, metrics.providerCall.bind(metrics));
  const configured = createProviderRegistry(config, {
    fetch: observed,
    streamFetch: observed,
    clock,
    timeoutMs: config.providerTimeoutMs,
    allowedHostnames: config.allowedOrigins.map((o) => new URL(o).hostname),
    publicUrl: config.publicUrl,
    log,
  });
  const providers = new Map([...configured, ...extraAdapters.map((a) => [a.key, a] as const)]);
  const { app, routes, verification } = createApp({ config, store, providers, clock, pii: createPiiBox(config.piiKey), log, metrics });

  async function call(method: string, path: string, options: { auth?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth) headers.authorization = `Bearer ${options.auth}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, { method, headers, body });
    // A stream (the live events) is read up to its first event, then closed, as a page leaving would.
    const text = response.headers.get('content-type')?.startsWith('text/event-stream') ? await firstEvent(response) : await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text, headers: response.headers };
  }

  /** A session as a host backend would create it; returns its id and client secret. */
  async function createSession(body: unknown = {}) {
    const r = await call('POST', '/v1/sessions', { auth: TEST_API_KEY, body });
    if (r.status !== 201) throw new Error(`createSession: ${r.status} ${r.text}`);
    return r.json as { id: string; client_secret: string; expires_at: string };
  }

  /** A session with privacy consent accepted and a country set: ready to pick a provider. */
  async function readySession(country = 'SE', body: unknown = {}) {
    const s = await createSession(body);
    const layer = (await store.getSession(s.id))?.requirements.layer;
    await call('POST', '/v1/identity/consents', { auth: s.client_secret, body: privacyConsent(layer) });
    await call('POST', '/v1/identity/residence', { auth: s.client_secret, body: { country } });
    return s;
  }

  return { app, routes, config, clock, store, logs, metrics, verification, call, createSession, readySession, close: () => db.destroy() };
}

export type TestBff = Awaited<ReturnType<typeof createTestBff>>;

/**
 * Verifies a session ready to pick a provider (consent and country given) with Stripe Identity on
 * its emulator, answered at http://stripe.test: the person passes, and the session's claims are issued.
 */
export async function verifyWithStripeEmulator(
  bff: Pick<TestBff, 'call'>,
  stripe: { controls: { submitOutcome(sessionRef: string, outcome: 'verified'): unknown } },
  clientSecret: string,
): Promise<void> {
  const started = await bff.call('POST', '/v1/identity/verify/initiate', {
    auth: clientSecret,
    body: { provider_key: 'stripe_identity', requested_claims: ['verified_identity'], return_url: `${TEST_ORIGIN}/verify` },
  });
  if (started.status !== 201) throw new Error(`Stripe did not start: ${started.text}`);
  stripe.controls.submitOutcome(started.json.session_ref, 'verified');
  const done = await bff.call('POST', '/v1/identity/verify/complete', { auth: clientSecret, body: { provider_key: 'stripe_identity', session_ref: started.json.session_ref } });
  if (done.json.status !== 'verified') throw new Error(`Stripe did not verify: ${done.text}`);
}

/** Like real fetch, give up when the caller's signal aborts (an in-process emulator would not): for timeout tests. */
export const abortableFetch =
  (inner: typeof fetch): typeof fetch =>
  (input, init) => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      inner(input, init).then(resolve, reject);
    });
  };

/** An image of `size` bytes: the magic bytes of its type, then `marker` repeated, to look for afterwards. */
export function testPhoto(kind: 'jpeg' | 'png', size: number, marker: Uint8Array = randomBytes(16)): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += marker.length) bytes.set(marker.subarray(0, Math.min(marker.length, size - at)), at);
  bytes.set(kind === 'jpeg' ? [0xff, 0xd8, 0xff, 0xe0] : [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
}

/** The first event of a server-sent events response (its text), closing the stream after it. */
async function firstEvent(response: Response): Promise<string> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += chunk.value;
  }
  await reader.cancel();
  return text;
}
