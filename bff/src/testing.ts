// An in-process BFF for tests: in-memory SQLite, a clock the test moves, logs captured so
// tests can assert what is (not) logged, and provider traffic routed to an injected fetch.
import { randomBytes } from 'node:crypto';
import { createApp } from './app.js';
import { AdjustableClock } from './clock.js';
import { loadConfig } from './config.js';
import { createProviderRegistry } from './providers/registry.js';
import { createPiiBox } from './security/pii.js';
import { migrateToLatest, openDatabase } from './store/database.js';
import { createStore } from './store/store.js';

export const TEST_API_KEY = 'sk_test_unit0000000000000000000000000000';
export const TEST_ORIGIN = 'http://127.0.0.1:3000';

export async function createTestBff(env: Record<string, string> = {}, providerFetch: typeof fetch = fetch) {
  const config = loadConfig({
    IDV_DATA_DIR: ':memory:',
    IDV_API_KEYS: TEST_API_KEY,
    IDV_ALLOWED_ORIGINS: TEST_ORIGIN,
    IDV_PII_KEY: randomBytes(32).toString('base64'),
    IDV_TEST_CONTROLS: '1',
    ...env,
  });
  const clock = new AdjustableClock();
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const store = createStore(db, clock);
  const logs: Record<string, unknown>[] = [];
  const log = (entry: Record<string, unknown>) => void logs.push(entry);
  const providers = createProviderRegistry(config, {
    fetch: providerFetch,
    streamFetch: providerFetch,
    clock,
    timeoutMs: config.providerTimeoutMs,
    allowedHostnames: config.allowedOrigins.map((o) => new URL(o).hostname),
    log,
  });
  const { app, routes } = createApp({ config, store, providers, clock, pii: createPiiBox(config.piiKey), log });

  async function call(method: string, path: string, options: { auth?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth) headers.authorization = `Bearer ${options.auth}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
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
    await call('POST', '/v1/identity/consents', {
      auth: s.client_secret,
      body: { notice: 'privacy_notice', version: '2026-11-01', locale: 'en', text: 'We check you are a person.', decision: 'accepted' },
    });
    await call('POST', '/v1/identity/residence', { auth: s.client_secret, body: { country } });
    return s;
  }

  return { app, routes, config, clock, store, logs, call, createSession, readySession, close: () => db.destroy() };
}
