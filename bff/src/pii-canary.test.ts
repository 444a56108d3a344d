// The PII canary sweep (issue 15): unique markers planted in the person (the host's first and
// last name), the reference, the metadata and a consent (the user agent, and the IP through a
// trusted proxy's X-Forwarded-For), then full flows over a real socket (Stripe verified and
// redacted, Onfido verified, redacted and cancelled, a Turnstile check), then a search for every
// marker in every log line, every answer the widget got (its events stream included), every
// request the BFF sent a provider and every column of every table.
//
// Where a marker may be, and why:
// - the person, the IP and the user agent: nowhere in clear. At rest only sealed (AES-GCM:
//   sessions.person_sealed and pii_sealed, consents.ip and user_agent), so a clear copy in any
//   column is a leak. To a provider: the person's name to Onfido's applicant (PUT /applicants/:id,
//   once our attempt is written: the applicant is created without it), which Onfido compares with the document; the IP to Turnstile's siteverify as `remoteip`,
//   which Cloudflare's API takes to bind the token to the person, and to BankID as an order's
//   `endUserIp`, which its RP API requires. Nothing else. The person BankID identifies is sealed too.
// - the reference and the metadata: the host's own, stored in clear in sessions.reference and
//   sessions.metadata only, and read back by the host. Never in a log, an audit entry, an
//   attempt, a provider event, the widget's answers, or a request to a provider (Stripe gets
//   our session and attempt ids as its metadata, not the host's).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankIdControls, StripeControls, TurnstileControls } from '@identity-verify/emulators';
import { loadConfig } from './config.js';
import { startBffServer, type BffServer } from './server.js';
import { captureInSdk } from './providers/onfido/conformance.js';
import { consentAsShown } from './testing-consent.js';
import { TEST_API_KEY, TEST_ORIGIN } from './testing.js';
import { BFF_TEST_URL, startEmulatedProviders, type EmulatedProviders } from './testing/emulated-providers.js';

const tag = Array.from({ length: 10 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 26)]).join('');
const M = {
  first: `Canaryfirst${tag}`,
  last: `Canarylast${tag}`,
  reference: `canary-ref-${tag}`,
  metaKey: `canarykey${tag}`,
  metaValue: `canary-meta-${tag}`,
  userAgent: `CanaryAgent/${tag}`,
  ip: `198.51.100.${10 + Math.floor(Math.random() * 200)}`,
};
const PERSON = [M.first, M.last];
/** The person BankID's emulator identifies (its test person Anna): her personnummer and surname, sealed like any verified person. */
const BANKID_PERSON = ['199908072391', 'Testsson'];
const HOST_OWN = [M.reference, M.metaKey, M.metaValue];
const EVIDENCE = [M.userAgent, M.ip];
const ALL = [...PERSON, ...BANKID_PERSON, ...HOST_OWN, ...EVIDENCE];
/** The trusted proxy the consent's IP comes through: the test's own loopback socket. */
const PROXY = '127.0.0.1';

let providers: EmulatedProviders;
let server: BffServer;
let dataDir: string;
let dbFile: string;
const logs: string[] = [];
/** Everything the widget was answered, events streams included. */
const widgetSaw: string[] = [];

const found = (haystack: string, needles: readonly string[]) => needles.filter((n) => haystack.includes(n));

async function call(method: string, path: string, auth: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, text, json: text ? JSON.parse(text) : undefined };
}

/** A widget call, as the person's browser behind our proxy makes it: their user agent, their IP forwarded. */
async function widget(secret: string, method: string, path: string, body?: unknown) {
  const r = await call(method, path, secret, body, { origin: TEST_ORIGIN, 'user-agent': M.userAgent, 'x-forwarded-for': `${M.ip}` });
  widgetSaw.push(r.text);
  return r;
}

/** The first event of the session's live stream, as the widget reads it. */
async function firstEvent(secret: string) {
  const controller = new AbortController();
  const r = await fetch(`${server.url}/v1/identity/verify/events`, { headers: { authorization: `Bearer ${secret}`, origin: TEST_ORIGIN, 'user-agent': M.userAgent }, signal: controller.signal });
  const reader = r.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += chunk.value;
  }
  controller.abort();
  widgetSaw.push(text);
  return text;
}

/** A session carrying every marker, its consent recorded through the proxy, ready at `country`. */
async function plantedSession(requirements: object, country = 'SE') {
  const created = await call('POST', '/v1/sessions', TEST_API_KEY, {
    reference: M.reference,
    metadata: { [M.metaKey]: M.metaValue, order: '42' },
    person: { first_name: M.first, last_name: M.last },
    requirements,
  });
  expect(created.status).toBe(201);
  const { id, client_secret: secret } = created.json as { id: string; client_secret: string };
  const layer = (requirements as { layer: 'humanity' | 'identity' }).layer;
  expect((await widget(secret, 'POST', '/v1/identity/consents', consentAsShown('privacy_notice', 'accepted', { layer }))).status).toBe(201);
  expect((await widget(secret, 'POST', '/v1/identity/residence', { country })).status).toBe(200);
  await widget(secret, 'GET', '/v1/identity/providers');
  return { id, secret };
}

async function initiate(secret: string, providerKey: string, claims: string[]) {
  const r = await widget(secret, 'POST', '/v1/identity/verify/initiate', { provider_key: providerKey, requested_claims: claims });
  expect(r.status, r.text).toBe(201);
  return r.json as { session_ref: string; client: Record<string, any> };
}

async function flush() {
  for (const emulator of Object.values(providers.emulators)) {
    const controls = emulator.controls as { flushWebhooks?: () => Promise<unknown>; flushEvents?: () => Promise<unknown> };
    await controls.flushWebhooks?.();
    await controls.flushEvents?.();
  }
}

const IDENTITY = { layer: 'identity', min_assurance: 'high' };
const sessions: Record<string, { id: string; secret: string }> = {};

beforeAll(async () => {
  providers = startEmulatedProviders({ onfido: { processingSeconds: 0 }, signicat: { processingSeconds: 0 } });
  dataDir = mkdtempSync(join(tmpdir(), 'idv-canary-'));
  const config = loadConfig({
    ...providers.env,
    IDV_MODE: 'development',
    IDV_DATA_DIR: dataDir,
    IDV_API_KEYS: TEST_API_KEY,
    IDV_ALLOWED_ORIGINS: TEST_ORIGIN,
    IDV_PII_KEY: Buffer.alloc(32, 9).toString('base64'),
    IDV_TRUSTED_PROXIES: PROXY,
    PORT: '0',
  });
  if (config.database.kind !== 'sqlite') throw new Error('the sweep reads SQLite');
  dbFile = config.database.file;
  server = await startBffServer(config, { fetch: providers.providerFetch, log: (entry) => void logs.push(JSON.stringify(entry)) });
  providers.connect((url, init) => fetch(url.replace(BFF_TEST_URL, server.url), init), BFF_TEST_URL);

  // Stripe: verified, read by the host with its verified outputs, then redacted.
  const stripe = (sessions.stripe = await plantedSession(IDENTITY));
  const stripeAttempt = await initiate(stripe.secret, 'stripe_identity', ['verified_identity']);
  await firstEvent(stripe.secret);
  (providers.emulators.stripe!.controls as unknown as StripeControls).submitOutcome(stripeAttempt.session_ref, 'verified');
  await flush();
  expect((await call('GET', `/v1/sessions/${stripe.id}?include=verified_outputs`, TEST_API_KEY)).json.status).toBe('verified');
  await firstEvent(stripe.secret);
  expect((await call('POST', `/v1/sessions/${stripe.id}/redact`, TEST_API_KEY)).status).toBe(200);

  // Onfido: verified (kept, so its sealed copies stay at rest), and another verified then redacted.
  for (const name of ['onfido', 'onfidoRedacted']) {
    const s = (sessions[name] = await plantedSession(IDENTITY));
    const attempt = await initiate(s.secret, 'onfido', ['verified_identity']);
    await captureInSdk(providers.emulators.onfido!, attempt.client.sdk_token);
    const completed = await widget(s.secret, 'POST', '/v1/identity/verify/complete', { provider_key: 'onfido', session_ref: attempt.session_ref });
    expect(completed.status, completed.text).toBe(200);
    await flush();
    await widget(s.secret, 'GET', '/v1/identity/session');
    await firstEvent(s.secret);
    expect((await call('GET', `/v1/sessions/${s.id}?include=verified_outputs`, TEST_API_KEY)).json.status).toBe('verified');
  }
  expect((await call('POST', `/v1/sessions/${sessions.onfidoRedacted!.id}/redact`, TEST_API_KEY)).status).toBe(200);

  // Onfido: started, then cancelled by the host.
  const cancelled = (sessions.cancelled = await plantedSession(IDENTITY));
  await initiate(cancelled.secret, 'onfido', ['verified_identity']);
  expect((await call('POST', `/v1/sessions/${cancelled.id}/cancel`, TEST_API_KEY)).status).toBe(200);
  await widget(cancelled.secret, 'GET', '/v1/identity/session');

  // Turnstile: the IP goes to siteverify as remoteip, as Cloudflare's API takes it.
  const human = (sessions.turnstile = await plantedSession({ layer: 'humanity', min_assurance: 'low' }));
  const check = await initiate(human.secret, 'turnstile', ['verified_human']);
  const token = (providers.emulators.turnstile!.controls as TurnstileControls).mintToken({ hostname: '127.0.0.1', action: check.client.action, cdata: check.client.cdata });
  expect((await widget(human.secret, 'POST', '/v1/identity/verify/token', { provider_key: 'turnstile', session_ref: check.session_ref, token })).json.status).toBe('verified');
  await flush();

  // BankID: the IP goes to BankID as the order's endUserIp, as its RP API takes it (through our
  // trusted proxy); the person BankID identified is sealed, as any verified person is.
  const eid = (sessions.bankid = await plantedSession(IDENTITY));
  const order = await initiate(eid.secret, 'bankid_se', ['verified_identity']);
  (providers.emulators.bankid!.controls as BankIdControls).scan(order.client.qr, { person: 'anna' });
  const identified = await widget(eid.secret, 'POST', '/v1/identity/verify/complete', { provider_key: 'bankid_se', session_ref: order.session_ref });
  expect(identified.json.status, identified.text).toBe('verified');
  await firstEvent(eid.secret);
  expect((await call('GET', `/v1/sessions/${eid.id}?include=verified_outputs`, TEST_API_KEY)).json.verified_outputs.id_number).toBe(BANKID_PERSON[0]);
  await flush();
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('PII canary sweep', () => {
  it('planted every marker where it belongs: the evidence sealed and readable by the host, the person sealed, the host\'s own in clear', async () => {
    const consents = await call('GET', `/v1/sessions/${sessions.onfido!.id}/consents`, TEST_API_KEY);
    // The sweep below is only worth something if the consent really carries the markers.
    expect(consents.json[0]).toMatchObject({ ip: M.ip, user_agent: M.userAgent });
    const db = new Database(dbFile, { readonly: true });
    try {
      const row = db.prepare('SELECT reference, metadata, person_sealed FROM sessions WHERE id = ?').get(sessions.onfido!.id) as Record<string, string>;
      expect(row.reference).toBe(M.reference);
      expect(JSON.parse(row.metadata!)).toMatchObject({ [M.metaKey]: M.metaValue });
      expect(row.person_sealed).toMatch(/^v1\./);
      const consent = db.prepare('SELECT ip, user_agent FROM consents WHERE session_id = ?').get(sessions.onfido!.id) as Record<string, string>;
      expect(consent.ip).toMatch(/^v1\./);
      expect(consent.user_agent).toMatch(/^v1\./);
    } finally {
      db.close();
    }
    // Onfido's applicant got the person's name: the one place outside the BFF it is meant to go.
    const toApplicants = providers.toProviders.filter((r) => /onfido\.test\/v3\.6\/applicants/.test(r.url));
    expect(toApplicants.some((r) => r.method === 'PUT' && r.body.includes(M.first))).toBe(true);
    // Created without it: an applicant whose creation's answer is lost (a crash) holds no name.
    expect(toApplicants.filter((r) => r.method === 'POST' && r.body.includes(M.first))).toEqual([]);
  });

  it('no marker in any log line', () => {
    expect(logs.length).toBeGreaterThan(20);
    const leaks = logs.flatMap((line) => found(line, ALL).map((marker) => `${marker} in ${line.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  });

  it('no marker in any answer to the widget, its events stream included', () => {
    expect(widgetSaw.length).toBeGreaterThan(20);
    const leaks = widgetSaw.flatMap((text) => found(text, ALL).map((marker) => `${marker} in ${text.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  });

  it('no marker in any column of any table, except the host\'s own in sessions.reference and sessions.metadata', () => {
    const db = new Database(dbFile, { readonly: true });
    const leaks: string[] = [];
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['sessions', 'attempts', 'consents', 'notice_texts', 'provider_events', 'audit_log', 'claims', 'provider_jobs']));
      for (const table of tables) {
        for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
          for (const [column, value] of Object.entries(row)) {
            if (value === null || value === undefined) continue;
            const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
            const allowed: string[] = table === 'sessions' && column === 'reference' ? [M.reference] : table === 'sessions' && column === 'metadata' ? [M.metaKey, M.metaValue] : [];
            for (const marker of found(text, ALL).filter((m) => !allowed.includes(m))) leaks.push(`${marker} in ${table}.${column}: ${text.slice(0, 200)}`);
          }
        }
      }
    } finally {
      db.close();
    }
    expect(leaks).toEqual([]);
  });

  it("requests to providers carry the person's name to Onfido's applicant only, the IP to Turnstile's siteverify and BankID's order only, and nothing of the reference, the metadata or the user agent", () => {
    expect(providers.toProviders.length).toBeGreaterThan(10);
    // BankID's order is bound to the person's address as our trusted proxy forwarded it, not the proxy's.
    const orders = providers.toProviders.filter((r) => /bankid\.test\/rp\/v6\.0\/auth$/.test(r.url));
    expect(orders.map((r) => JSON.parse(r.body).endUserIp)).toEqual([M.ip]);
    const leaks: string[] = [];
    for (const sent of providers.toProviders) {
      const text = `${sent.url}\n${JSON.stringify(sent.headers)}\n${sent.body}`;
      const toApplicant = sent.method === 'PUT' && /onfido\.test\/v3\.6\/applicants\/[^/]+$/.test(sent.url);
      const toSiteverify = /turnstile\.test\/.*siteverify/.test(sent.url);
      const toBankIdOrder = /bankid\.test\/rp\/v6\.0\/(auth|sign)$/.test(sent.url);
      const allowed = [...(toApplicant ? PERSON : []), ...(toSiteverify || toBankIdOrder ? [M.ip] : [])];
      for (const marker of found(text, ALL).filter((m) => !allowed.includes(m))) leaks.push(`${marker} in ${sent.method} ${sent.url}: ${text.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
  });
});
