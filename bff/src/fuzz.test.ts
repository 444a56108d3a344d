// A seeded fuzz run over every operation of /openapi.json (issue 15): thousands of requests
// generated from each operation's own schemas, well-formed and mutated, with valid credentials
// and real session_refs in most of them so they reach the code behind validation: the attempts,
// the providers (each an in-process emulator, as faithful as the real one) and the webhooks
// (signed with the provider's secret in a share of them). Every answer: no 5xx, an error is
// JSON `{error:{code,message}}`, no stack trace, internal path or secret in any body, nothing
// logged as an unhandled error; over a real socket, no connection reset.
//
// No 5xx at all, 502-504 included: every provider here is its emulator, healthy and faithful,
// so a provider error would mean the BFF sent something the provider refuses (a defect), not
// a provider failure. Provider failures have their own tests (providers/*/failures.test.ts).
//
// FUZZ_SEED=<n> replays a run (the seed is printed with every failure); FUZZ_SEED=random
// explores a new one; FUZZ_RUNS and FUZZ_WIRE_RUNS change how many requests each part sends;
// FUZZ_PROFILE=1 prints the slowest requests.
//
// Over 400 lines because the two halves (in process, over the socket) share the generator's
// runner, the pool of sessions and the checks, which read better next to the runs that use them;
// the generator itself is testing/fuzz/.
//
// The operations, their auth, parameters and bodies come from /openapi.json alone (its required
// query parameters included), so an operation added later is fuzzed the day it is listed.
import fc from 'fast-check';
import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signOnfidoPayload, signSignicatEvent, signStripePayload, type TurnstileControls } from '@identity-verify/emulators';
import { loadConfig } from './config.js';
import { startBffServer, type BffServer } from './server.js';
import { consentAsShown } from './testing-consent.js';
import { createTestBff, TEST_API_KEY, TEST_ORIGIN, testPhoto } from './testing.js';
import { applyMutation, caseArbitrary, queryString, SYM, type FuzzCase, type Operation } from './testing/fuzz/cases.js';
import type { JsonSchema } from './testing/fuzz/schema-arbitrary.js';
import { BFF_TEST_URL, startEmulatedProviders, type EmulatedProviders } from './testing/emulated-providers.js';

const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 15_0415);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3_000);
const WIRE_RUNS = Number(process.env.FUZZ_WIRE_RUNS ?? 400);
/** Sessions are made anew this often, so that cancels and redactions do not leave every slot final. */
const REFILL_EVERY = 300;
const RIVAL_KEY = 'sk_test_rival0000000000000000000000000';
const TRUSTED_PROXY = '127.0.0.1';

type Bff = Awaited<ReturnType<typeof createTestBff>>;
interface Slot {
  id: string;
  secret: string;
  /** The API key of the tenant that made it. */
  key: string;
  refs: Record<string, string>;
}
interface Answer {
  status: number;
  contentType: string;
  text: string;
}
interface Violation {
  index: number;
  label: string;
  problem: string;
}

/** Things no answer may contain: a stack frame, a source path, an internal error's name. */
const INTERNALS = [/\bat [\w$.<>]+ \(?[^\s)]*:\d+:\d+\)?/, /\/work\/|node_modules|file:\/\/|\.ts:\d+|\.js:\d+/, /\b(TypeError|RangeError|SyntaxError|ReferenceError|SqliteError|ZodError)\b/, /Cannot read propert/];

function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      const scheme = op.security?.[0] ? Object.keys(op.security[0])[0] : 'none';
      const params = (op.parameters ?? []) as Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
      const webhook = /\/(?:v1\/providers\/(\w+)\/webhook|v1\/(?:identity\/)?webhooks\/(\w+))$/.exec(path);
      const alias: Record<string, string> = { stripe: 'stripe_identity', onfido: 'onfido', signicat: 'signicat_onfido' };
      ops.push({
        method,
        path,
        auth: scheme === 'apiKey' ? 'apiKey' : scheme === 'clientSecret' ? 'clientSecret' : 'none',
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true, schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
        ...(webhook && method === 'post' ? { webhookOf: webhook[1] ?? alias[webhook[2]!]! } : {}),
        upload: path === '/v1/identity/verify/uploads',
      });
    }
  }
  return ops;
}

/**
 * A place to fuzz: the BFF with every provider on its emulator, a pool of sessions in the states
 * that reach each code path (fresh, ready, an attempt open at each provider, another tenant's),
 * and a way to send a case.
 */
function fuzzTarget(providers: EmulatedProviders, send: (method: string, path: string, headers: Record<string, string>, body: string | Uint8Array | undefined) => Promise<Answer>) {
  const slots: Slot[] = [];
  const stale: Slot[] = [];
  const widget = (slot: Slot, method: string, path: string, body?: unknown) =>
    send(method, path, { authorization: `Bearer ${slot.secret}`, origin: TEST_ORIGIN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body === undefined ? undefined : JSON.stringify(body));

  async function createSlot(key: string, requirements: object | null, country: string | null, providerKey: string | null): Promise<Slot> {
    const created = await send('POST', '/v1/sessions', { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, JSON.stringify(requirements ? { requirements, reference: 'fuzz', person: { first_name: 'Fuzz', last_name: 'Person' } } : {}));
    if (created.status !== 201) throw new Error(`fuzz setup: create ${created.status} ${created.text}`);
    const { id, client_secret } = JSON.parse(created.text) as { id: string; client_secret: string };
    const slot: Slot = { id, secret: client_secret, key, refs: {} };
    if (!country) return slot;
    const layer = (requirements as { layer?: 'humanity' | 'identity' } | null)?.layer ?? 'humanity';
    await widget(slot, 'POST', '/v1/identity/consents', consentAsShown('privacy_notice', 'accepted', { layer }));
    await widget(slot, 'POST', '/v1/identity/residence', { country });
    if (!providerKey) return slot;
    const claims = providerKey === 'turnstile' ? ['verified_human'] : ['verified_identity'];
    const r = await widget(slot, 'POST', '/v1/identity/verify/initiate', { provider_key: providerKey, requested_claims: claims });
    if (r.status !== 201) throw new Error(`fuzz setup: initiate ${providerKey}: ${r.status} ${r.text}`);
    slot.refs[providerKey] = (JSON.parse(r.text) as { session_ref: string }).session_ref;
    return slot;
  }

  async function refill() {
    stale.push(...slots.splice(0));
    const identity = { layer: 'identity', min_assurance: 'high' };
    slots.push(
      await createSlot(TEST_API_KEY, null, null, null),
      await createSlot(TEST_API_KEY, { layer: 'humanity', min_assurance: 'low' }, 'SE', 'turnstile'),
      await createSlot(TEST_API_KEY, { layer: 'humanity', min_assurance: 'low' }, 'SE', 'turnstile'),
      await createSlot(TEST_API_KEY, identity, 'SE', 'stripe_identity'),
      await createSlot(TEST_API_KEY, identity, 'SE', 'onfido'),
      await createSlot(TEST_API_KEY, { ...identity, capture: 'native' }, 'SE', 'signicat_onfido'),
      await createSlot(TEST_API_KEY, identity, 'US', null),
      await createSlot(RIVAL_KEY, identity, 'SE', 'stripe_identity'),
    );
    // Emulators hold per-attempt state; webhooks they queued are delivered as they would be.
    await flushWebhooks(providers);
  }

  /** Replaces the case's symbols by live values. */
  function resolve(value: unknown, slot: Slot, providerKey: string | undefined, index: number): unknown {
    if (typeof value === 'string' && value.startsWith('\uE000')) {
      const other = slots[(slots.indexOf(slot) + 1 + (index % (slots.length - 1))) % slots.length]!;
      const anyRef = (s: Slot) => (providerKey && s.refs[providerKey]) || Object.values(s.refs)[0] || 'ref_none';
      if (value === SYM.ref) return anyRef(slot);
      if (value === SYM.otherRef) return anyRef(other);
      if (value === SYM.consent) return consentAsShown('privacy_notice', 'accepted', { layer: index % 2 ? 'identity' : 'humanity' });
      if (value === SYM.turnstile) {
        const ref = slot.refs.turnstile ?? 'none';
        return (providers.emulators.turnstile!.controls as TurnstileControls).mintToken({ hostname: '127.0.0.1', action: 'identity_verify', cdata: ref, outcome: index % 5 === 0 ? 'expired' : 'pass' });
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => resolve(v, slot, providerKey, index));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, slot, providerKey, index)]));
    return value;
  }

  function credential(c: FuzzCase, op: Operation, slot: Slot): string | undefined {
    const valid = op.auth === 'apiKey' ? slot.key : op.auth === 'clientSecret' ? slot.secret : undefined;
    const staleSlot = stale[c.slot % Math.max(1, stale.length)] ?? slot;
    switch (c.auth) {
      case 'valid':
        return valid && `Bearer ${valid}`;
      case 'none':
        return undefined;
      case 'garbage':
        return 'Bearer garbage';
      case 'wrong_kind':
        return `Bearer ${op.auth === 'apiKey' ? slot.secret : slot.key}`;
      case 'other_tenant':
        return `Bearer ${op.auth === 'apiKey' ? (slot.key === RIVAL_KEY ? TEST_API_KEY : RIVAL_KEY) : (slots.find((s) => s !== slot)?.secret ?? 'x')}`;
      case 'scheme':
        return [`Basic ${valid}`, `bearer ${valid}`, `Bearer  ${valid}`, `Bearer`, `${valid}`, `Bearer ${valid} extra`][c.slot % 6];
      case 'huge':
        return `Bearer ${'k'.repeat(16_000)}`;
      case 'stale':
        return `Bearer ${op.auth === 'apiKey' ? 'sk_test_revoked000000000000000000000000' : staleSlot.secret}`;
      case 'latin1':
        return `Bearer ${valid}\u00e9\u00ff`;
    }
  }

  function pathFor(c: FuzzCase, op: Operation, slot: Slot): string {
    const otherTenant = slots.find((s) => s.key !== slot.key) ?? slot;
    const id = {
      own: slot.id,
      other_tenant: otherTenant.id,
      random: 'ivs_000000000000000000000000',
      huge: 'ivs_' + 'a'.repeat(10_000),
      unicode: encodeURIComponent('ivs_💥\u202e\u0000'),
      traversal: '..%2F..%2Fopenapi.json',
      encoded: '%2e%2e',
      stale: (stale[c.slot % Math.max(1, stale.length)] ?? slot).id,
    }[c.id];
    return op.path.replace(/\{(\w+)\}/g, () => id);
  }

  async function run(c: FuzzCase, op: Operation, index: number): Promise<{ label: string; answer: Answer }> {
    const slot = slots[c.slot % slots.length]!;
    const query = resolve(c.query, slot, c.query.provider_key as string | undefined, index) as Record<string, unknown>;
    const body = resolve(c.body, slot, (c.body as { provider_key?: string } | undefined)?.provider_key ?? op.webhookOf, index);
    const path = pathFor(c, op, slot) + queryString(query, c.queryMutation);
    const headers: Record<string, string> = {};
    const auth = credential(c, op, slot);
    if (auth) headers.authorization = auth;
    if (c.origin === 'allowed') headers.origin = TEST_ORIGIN;
    if (c.origin === 'evil') headers.origin = 'https://evil.example';
    if (c.forwardedFor !== null) headers['x-forwarded-for'] = c.forwardedFor;
    let payload: string | Uint8Array | undefined;
    if (c.upload && c.mutation.kind === 'none') {
      payload = c.upload.magic === 'none' ? new Uint8Array(c.upload.size) : testPhoto(c.upload.magic, Math.max(c.upload.size, 8));
      if (c.upload.contentType) headers['content-type'] = c.upload.contentType;
      if (c.upload.announce === 'exact') headers['content-length'] = String(payload.length);
      if (c.upload.announce === 'short') headers['content-length'] = String(Math.max(0, payload.length - 1));
    } else {
      const { text, contentType } = applyMutation(body, c.mutation);
      payload = text;
      if (contentType !== null && text !== undefined) headers['content-type'] = contentType;
    }
    if (op.webhookOf && typeof payload === 'string') Object.assign(headers, signatureHeaders(op.webhookOf, payload, c.signing, providers));
    const method = c.method;
    if (method === 'GET' || method === 'HEAD') payload = undefined;
    const label = `${method} ${path.slice(0, 160)}${payload !== undefined ? ` body=${(typeof payload === 'string' ? payload : `<${payload.length} bytes>`).slice(0, 160)}` : ''} [auth=${c.auth} id=${c.id} mutation=${c.mutation.kind}]`;
    try {
      return { label, answer: await send(method, path, headers, payload) };
    } catch (error) {
      const e = error as Error & { code?: string; cause?: { code?: string } };
      throw new Error(`${label} headers=${JSON.stringify(headers).slice(0, 300)}: ${e.message} ${e.code ?? e.cause?.code ?? ''}`);
    }
  }

  return { slots, refill, run };
}

function signatureHeaders(provider: string, body: string, signing: FuzzCase['signing'], providers: EmulatedProviders): Record<string, string> {
  if (signing === 'unsigned') return {};
  const wrong = signing === 'bad';
  if (provider === 'stripe_identity') {
    const at = Math.floor(Date.now() / 1000) - (signing === 'stale_timestamp' ? 3_600 : 0);
    return { 'stripe-signature': signStripePayload(body, wrong ? 'whsec_wrong' : providers.env.STRIPE_WEBHOOK_SECRET!, at) };
  }
  if (provider === 'onfido') return { 'x-sha2-signature': wrong ? 'ab'.repeat(32) : signOnfidoPayload(body, providers.env.ONFIDO_WEBHOOK_TOKEN!) };
  return { 'x-signicat-signature': wrong ? 'zz' : signSignicatEvent(body, providers.env.SIGNICAT_EVENT_SECRET!) };
}

async function flushWebhooks(providers: EmulatedProviders) {
  for (const emulator of Object.values(providers.emulators)) {
    const controls = emulator.controls as { flushWebhooks?: () => Promise<unknown>; flushEvents?: () => Promise<unknown> };
    await controls.flushWebhooks?.();
    await controls.flushEvents?.();
  }
}

/** What is wrong with an answer, if anything. */
function problemsOf(answer: Answer, method: string, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  if (answer.status >= 400 && method !== 'HEAD') {
    let json: any;
    try {
      json = JSON.parse(answer.text);
    } catch {
      json = undefined;
    }
    if (!answer.contentType.startsWith('application/json')) problems.push(`error with content-type "${answer.contentType}"`);
    if (typeof json?.error?.code !== 'string' || typeof json.error.message !== 'string') problems.push(`error not in our shape: ${answer.text.slice(0, 200)}`);
  }
  if (answer.status >= 200 && answer.status < 300 && answer.contentType.startsWith('application/json') && method !== 'HEAD') {
    try {
      JSON.parse(answer.text);
    } catch {
      problems.push('2xx JSON that does not parse');
    }
  }
  for (const pattern of INTERNALS) if (pattern.test(answer.text)) problems.push(`internals in the body (${pattern}): ${answer.text.slice(0, 300)}`);
  for (const secret of secrets) if (answer.text.includes(secret)) problems.push('a secret in the body');
  return problems;
}

/** Runs `cases`, collecting every violation; fails once at the end with the seed and the first ones. */
async function fuzz(
  part: string,
  cases: FuzzCase[],
  ops: Operation[],
  target: ReturnType<typeof fuzzTarget>,
  secrets: readonly string[],
  newLogErrors: () => string[],
  providers: EmulatedProviders,
) {
  const violations: Violation[] = [];
  const statuses = new Map<number, number>();
  const slow: [number, string][] = [];
  for (const [index, c] of cases.entries()) {
    if (index % REFILL_EVERY === 0) await target.refill();
    const op = ops[c.op]!;
    let result: { label: string; answer: Answer } | undefined;
    const started = performance.now();
    try {
      result = await target.run(c, op, index);
      if (process.env.FUZZ_PROFILE) slow.push([performance.now() - started, result.label]);
    } catch (error) {
      violations.push({ index, label: `${c.method} ${op.path}`, problem: `request failed: ${(error as Error).message}` });
      continue;
    }
    statuses.set(result.answer.status, (statuses.get(result.answer.status) ?? 0) + 1);
    const problems = [...problemsOf(result.answer, c.method, secrets), ...newLogErrors()];
    for (const problem of problems) violations.push({ index, label: result.label, problem });
    if (index % 50 === 49) await flushWebhooks(providers);
  }
  if (process.env.FUZZ_PROFILE) console.log(slow.sort((a, b) => b[0] - a[0]).slice(0, 15).map(([ms, l]) => `${Math.round(ms)}ms ${l.slice(0, 200)}`).join('\n'), `\ntotal ${Math.round(slow.reduce((a, [ms]) => a + ms, 0))}ms`);
  const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ');
  if (violations.length) {
    const distinct = [...new Map(violations.map((v) => [`${v.label.split(' ')[0]} ${ops[cases[v.index]!.op]!.path} ${v.problem.slice(0, 60)}`, v])).values()];
    const report = distinct.slice(0, 15).map((v) => `#${v.index} ${v.label}\n    → ${v.problem}`).join('\n');
    expect.fail(`${part}: ${violations.length} violations in ${cases.length} requests (FUZZ_SEED=${SEED} replays them; statuses ${summary}):\n${report}`);
  }
  return statuses;
}

describe(`fuzz from /openapi.json (FUZZ_SEED=${SEED})`, () => {
  let providers: EmulatedProviders;
  let bff: Bff;
  let ops: Operation[];
  let logMark = 0;
  const env = () => ({ IDV_API_KEYS: `${TEST_API_KEY},rival:${RIVAL_KEY}`, IDV_RATE_LIMIT_PER_MINUTE: '1000000', IDV_TRUSTED_PROXIES: TRUSTED_PROXY });

  beforeAll(async () => {
    providers = startEmulatedProviders({ onfido: { processingSeconds: 0 }, signicat: { processingSeconds: 0 } });
    bff = await createTestBff({ ...providers.env, ...env() }, providers.providerFetch);
    providers.connect((url, init) => Promise.resolve(bff.app.request(url, init)));
    const doc = await bff.call('GET', '/openapi.json');
    ops = operationsOf(doc.json);
  });
  afterAll(async () => bff?.close());

  const newLogErrors = () => {
    const fresh = bff.logs.slice(logMark);
    logMark = bff.logs.length;
    return fresh.filter((l) => l.level === 'error' || l.msg === 'provider failure').map((l) => `logged: ${JSON.stringify(l).slice(0, 300)}`);
  };

  it('covers every operation the document lists, each provider mounted', () => {
    expect(ops.length).toBeGreaterThanOrEqual(25);
    // The document says which query parameters a route requires, as its schema does.
    expect(ops.find((o) => o.upload)?.query.filter((q) => q.required).map((q) => q.name)).toEqual(['provider_key', 'session_ref', 'side']);
    for (const provider of ['stripe_identity', 'onfido', 'signicat_onfido']) expect(ops.some((o) => o.webhookOf === provider), provider).toBe(true);
  });

  it(`in process: ${RUNS} requests, no 5xx, every error JSON in our shape, no internals`, async () => {
    const cases = fc.sample(caseArbitrary(ops, 8), { seed: SEED, numRuns: RUNS });
    const send = async (method: string, path: string, headers: Record<string, string>, body: string | Uint8Array | undefined): Promise<Answer> => {
      const response = await bff.app.request(path, { method, headers, ...(body === undefined ? {} : { body: body as BodyInit }) });
      const contentType = response.headers.get('content-type') ?? '';
      return { status: response.status, contentType, text: contentType.startsWith('text/event-stream') ? await firstEvent(response) : await response.text() };
    };
    const target = fuzzTarget(providers, send);
    const secrets = [...providers.secrets, bff.config.piiKey.reveal(), RIVAL_KEY, TEST_API_KEY];
    const statuses = await fuzz('in process', cases, ops, target, secrets, newLogErrors, providers);
    // Deep paths were reached: successes, refusals past auth and validation, and provider calls.
    expect([...statuses.keys()].filter((s) => s < 300).length, 'kinds of success').toBeGreaterThanOrEqual(2);
    expect(providers.toProviders.length, 'calls that reached an emulator').toBeGreaterThan(100);
  }, 240_000);
});

describe(`fuzz over a real socket (FUZZ_SEED=${SEED})`, () => {
  let providers: EmulatedProviders;
  let server: BffServer;
  let ops: Operation[];
  let agent: Agent;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    providers = startEmulatedProviders({ onfido: { processingSeconds: 0 }, signicat: { processingSeconds: 0 } });
    const config = loadConfig({
      ...providers.env,
      IDV_MODE: 'development',
      IDV_DATA_DIR: ':memory:',
      IDV_API_KEYS: `${TEST_API_KEY},rival:${RIVAL_KEY}`,
      IDV_ALLOWED_ORIGINS: TEST_ORIGIN,
      IDV_PII_KEY: Buffer.alloc(32, 7).toString('base64'),
      IDV_RATE_LIMIT_PER_MINUTE: '1000000',
      IDV_TRUSTED_PROXIES: TRUSTED_PROXY,
      HOST: '127.0.0.1',
      PORT: '0',
      // A body that never arrives whole is answered (408) within this, for the short-body case.
      IDV_REQUEST_TIMEOUT_MS: '3000',
    });
    server = await startBffServer(config, { fetch: providers.providerFetch, log: (entry) => void logs.push(entry) });
    providers.connect((url, init) => fetch(url.replace(BFF_TEST_URL, server.url), init), BFF_TEST_URL);
    agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const doc = await fetch(`${server.url}/openapi.json`);
    ops = operationsOf(await doc.json());
  });
  afterAll(async () => {
    agent?.destroy();
    await server?.close();
  });

  /** One request over the socket (keep-alive, as a browser or a host backend would); a reset rejects. */
  const send = (method: string, path: string, headers: Record<string, string>, body: string | Uint8Array | undefined): Promise<Answer> =>
    new Promise((resolve, reject) => {
      // The true length always: a client that lies about it is the raw sends' case below.
      const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
      const req = httpRequest(`${server.url}${path}`, { method, headers: { ...headers, ...length }, agent, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        const contentType = String(res.headers['content-type'] ?? '');
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          // The events stream stays open: its first event is enough.
          if (contentType.startsWith('text/event-stream') && Buffer.concat(chunks).includes('\n\n')) res.destroy();
        });
        const done = () => resolve({ status: res.statusCode ?? 0, contentType, text: Buffer.concat(chunks).toString('utf8') });
        res.on('end', done);
        res.on('close', done);
        res.on('error', (e) => (contentType.startsWith('text/event-stream') ? done() : reject(e)));
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });

  it(`${WIRE_RUNS} requests: no reset, no 5xx, every error JSON`, async () => {
    // Another stream of the same seed, so this part is not a copy of the first requests in process.
    const cases = fc.sample(caseArbitrary(ops, 8), { seed: SEED + 1, numRuns: WIRE_RUNS });
    const target = fuzzTarget(providers, send);
    let mark = 0;
    const newLogErrors = () => {
      const fresh = logs.slice(mark);
      mark = logs.length;
      return fresh.filter((l) => l.level === 'error' || l.msg === 'provider failure').map((l) => `logged: ${JSON.stringify(l).slice(0, 300)}`);
    };
    await fuzz('over the wire', cases, ops, target, [...providers.secrets, RIVAL_KEY, TEST_API_KEY], newLogErrors, providers);
  }, 240_000);

  it('oversized, chunked and lying bodies on every route that takes one: a readable answer, never a reset', async () => {
    const targets = ops.filter((o) => o.method === 'post');
    const problems: string[] = [];
    const big = (n: number) => JSON.stringify({ x: 'y'.repeat(n) });
    for (const op of targets) {
      const path = op.path.replace(/\{\w+\}/g, 'ivs_000000000000000000000000');
      const auth = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' };
      for (const [name, headers, body] of [
        ['300 KB announced', auth, big(300_000)],
        ['200 KB chunked', { ...auth, 'transfer-encoding': 'chunked' }, big(200_000)],
        // Waits for the request timeout (3 s): one route is enough.
        ...(op.path === '/v1/sessions' ? ([['length longer than the body', { ...auth, 'content-length': '100' }, '{"a":1}']] as const) : []),
      ] as const) {
        try {
          const answer = await sendRaw(server.url, op.method.toUpperCase(), path, headers, body);
          const bad = problemsOf(answer, 'POST', []);
          if (answer.status < 400) bad.push(`accepted (${answer.status})`);
          problems.push(...bad.map((p) => `${name} → POST ${op.path}: ${p}`));
        } catch (error) {
          const e = error as NodeJS.ErrnoException;
          problems.push(`${name} → POST ${op.path}: ${e.code ?? ''} ${e.message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});

/** A fresh connection per request, writing the body in 16 KB pieces as a slow client would. */
function sendRaw(base: string, method: string, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers, agent: false, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', reject);
    const bytes = Buffer.from(body);
    const announced = headers['content-length'] ? Number(headers['content-length']) : undefined;
    if (announced === undefined && !headers['transfer-encoding']) req.setHeader('content-length', String(bytes.length));
    // A body shorter than announced: send what there is and wait; the server's request timeout answers.
    let at = 0;
    const next = () => {
      if (at >= bytes.length) {
        if (announced === undefined || announced <= bytes.length) req.end();
        else setTimeout(() => req.destroy(new Error('server did not answer a short body')), 12_000).unref();
        return;
      }
      const piece = bytes.subarray(at, at + 16_384);
      at += piece.length;
      if (req.write(piece)) setImmediate(next);
      else req.once('drain', next);
    };
    next();
  });
}

/** The first event of a server-sent events response, closing the stream after it. */
async function firstEvent(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const deadline = setTimeout(() => void reader.cancel(), 5_000);
  while (!text.includes('\n\n')) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += chunk.value;
  }
  clearTimeout(deadline);
  await reader.cancel();
  return text;
}
