// Handing a session to a phone, over the real app on SQLite and PostgreSQL: a link token works
// once and for minutes only, a wrong one is refused, redemption is rate limited, the phone's
// credential does what the widget does while the first device's secret only follows, and each
// step is in the session's audit trail (ids and reasons, never a token or a secret).
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { Secret } from '../security/secret.js';
import { openDatabase, type Db } from '../store/database.js';
import { createTestBff, TEST_ORIGIN } from '../testing.js';
import { FIRST_DEVICE_ROUTES } from './auth.js';
import { HANDOFF_TTL_MS, REDEEMS_PER_MINUTE } from './routes.js';

const postgresUrl = inject('postgresUrl');
const engines = [{ name: 'SQLite', env: {} as Record<string, string> }, ...(postgresUrl ? [{ name: 'PostgreSQL', env: { DATABASE_URL: postgresUrl } }] : [])];

describe.each(engines)('handoff on $name', ({ name, env }) => {
  let bff: Awaited<ReturnType<typeof createTestBff>>;
  let admin: Db | null = null;
  const schema = `t_handoff_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;

  beforeAll(async () => {
    let scoped = env;
    if (name === 'PostgreSQL') {
      // A schema of its own per run, so reruns against a shared database start clean.
      admin = openDatabase({ kind: 'postgres', url: new Secret(postgresUrl!) });
      await sql.raw(`create schema ${schema}`).execute(admin);
      const url = new URL(postgresUrl!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      scoped = { DATABASE_URL: url.toString() };
    }
    bff = await createTestBff(scoped);
  });
  afterAll(async () => {
    await bff?.close();
    if (admin) {
      await sql.raw(`drop schema if exists ${schema} cascade`).execute(admin);
      await admin.destroy();
    }
  });

  const origin = { origin: TEST_ORIGIN };
  const create = (secret: string) => bff.call('POST', '/v1/identity/handoff', { auth: secret, headers: origin });
  const redeem = (token: string) => bff.call('POST', '/v1/identity/handoff/redeem', { body: { token }, headers: origin });
  const actions = async (sessionId: string) => (await bff.store.auditTrail(sessionId)).map((a) => [a.action, JSON.parse(a.detail)]);

  // Each test starts with a fresh minute of the redemption limit.
  beforeEach(() => bff.clock.advance(60_000));

  it('gives a token that works once, for a credential of the phone', async () => {
    const s = await bff.readySession('SE');
    const before = bff.clock.now().getTime();
    const created = await create(s.client_secret);
    expect(created.status).toBe(201);
    expect(created.json.handoff_url_token).toMatch(/^[0-9A-Za-z]{32}$/);
    // The clock runs with real time: the link lasts its minutes from when it was asked for.
    expect(Date.parse(created.json.expires_at) - before).toBeGreaterThanOrEqual(HANDOFF_TTL_MS);
    expect(Date.parse(created.json.expires_at) - before).toBeLessThan(HANDOFF_TTL_MS + 5_000);

    const first = await redeem(created.json.handoff_url_token);
    expect(first.status).toBe(201);
    expect(first.json.session_id).toBe(s.id);
    expect(first.json.client_secret).not.toBe(s.client_secret);
    expect(first.headers.get('cache-control')).toBe('no-store');
    // The phone's credential is the widget's: it reads the session and acts on it.
    const phone = first.json.client_secret as string;
    expect((await bff.call('GET', '/v1/identity/session', { auth: phone })).json.id).toBe(s.id);
    expect((await bff.call('POST', '/v1/identity/residence', { auth: phone, body: { country: 'NO' } })).status).toBe(200);

    const state = await bff.call('GET', '/v1/identity/handoff', { auth: s.client_secret });
    expect(state.json).toEqual({ status: 'redeemed', expires_at: created.json.expires_at });

    const again = await redeem(created.json.handoff_url_token);
    expect([again.status, again.json.error.code]).toEqual([410, 'handoff_link_used']);
    // Nothing secret in the trail: the token and the credentials are nowhere in it.
    const trail = await actions(s.id);
    expect(trail).toEqual(
      expect.arrayContaining([
        ['handoff.created', { expires_at: created.json.expires_at }],
        ['handoff.redeemed', {}],
        ['handoff.refused', { reason: 'handoff_link_used' }],
      ]),
    );
    expect(JSON.stringify(trail)).not.toContain(created.json.handoff_url_token);
    expect(JSON.stringify(trail)).not.toContain(phone.split('_secret_')[1]);
    expect(JSON.stringify(bff.logs)).not.toContain(created.json.handoff_url_token);
  });

  it('lets the first device follow and read once the phone took over, and nothing else; no second phone', async () => {
    const s = await bff.readySession('SE');
    const { handoff_url_token } = (await create(s.client_secret)).json;
    const phone = (await redeem(handoff_url_token)).json.client_secret as string;

    expect((await bff.call('GET', '/v1/identity/session', { auth: s.client_secret })).status).toBe(200);
    expect((await bff.call('GET', '/v1/identity/verify/sessions', { auth: s.client_secret })).status).toBe(200);
    expect((await bff.call('GET', '/v1/identity/handoff', { auth: s.client_secret })).json.status).toBe('redeemed');
    expect((await bff.call('GET', '/v1/identity/verify/events', { auth: s.client_secret })).text).toContain('event: state');
    for (const [path, body] of [
      ['/v1/identity/residence', { country: 'NO' }],
      ['/v1/identity/verify/initiate', { provider_key: 'turnstile', requested_claims: ['verified_human'] }],
      ['/v1/identity/handoff', undefined],
    ] as const) {
      const r = await bff.call('POST', path, { auth: s.client_secret, body, headers: origin });
      expect([path, r.status, r.json.error.code]).toEqual([path, 409, 'handoff_active']);
    }
    // The phone cannot hand the session on either.
    const onward = await create(phone);
    expect([onward.status, onward.json.error.code]).toEqual([409, 'handoff_active']);
  });

  it('refuses the first device every widget route but following and reading, walking the route table (a route added later is covered)', async () => {
    const s = await bff.readySession('SE');
    const phone = (await redeem((await create(s.client_secret)).json.handoff_url_token)).json.client_secret as string;
    const widgetRoutes = bff.routes.specs.filter((spec) => spec.auth === 'client_secret' || spec.auth === 'api_key_or_client_secret');
    expect(widgetRoutes.length).toBeGreaterThanOrEqual(12);
    for (const spec of widgetRoutes) {
      const route = `${spec.method.toUpperCase()} ${spec.path}`;
      // Taking the session back is allowed, and would end what this walk checks: its own test has it.
      if (route === 'POST /v1/identity/handoff/cancel') continue;
      const r = await bff.call(spec.method.toUpperCase(), spec.path, { auth: s.client_secret, headers: origin });
      expect([route, r.json?.error?.code === 'handoff_active'], r.text.slice(0, 200)).toEqual([route, !FIRST_DEVICE_ROUTES.has(route)]);
    }
    // The phone is refused none of them for being the phone, but handing the session on.
    for (const spec of widgetRoutes) {
      const route = `${spec.method.toUpperCase()} ${spec.path}`;
      const r = await bff.call(spec.method.toUpperCase(), spec.path, { auth: phone, headers: origin });
      expect([route, r.json?.error?.code === 'handoff_active']).toEqual([route, route.startsWith('POST /v1/identity/handoff')]);
    }
  });

  it('refuses a token once its minutes are over, and one a newer link replaced', async () => {
    const s = await bff.readySession('SE');
    expect((await bff.call('GET', '/v1/identity/handoff', { auth: s.client_secret })).json).toEqual({ status: 'none', expires_at: null });
    const old = (await create(s.client_secret)).json.handoff_url_token as string;
    const newer = (await create(s.client_secret)).json.handoff_url_token as string;
    const replaced = await redeem(old);
    expect([replaced.status, replaced.json.error.code]).toEqual([404, 'handoff_link_invalid']);

    bff.clock.advance(HANDOFF_TTL_MS + 1);
    expect((await bff.call('GET', '/v1/identity/handoff', { auth: s.client_secret })).json.status).toBe('expired');
    const late = await redeem(newer);
    expect([late.status, late.json.error.code]).toEqual([410, 'handoff_link_expired']);
    expect(late.json.error.message).toMatch(/expired/);
    // The first device still has its session, and asks for a new link.
    const fresh = await create(s.client_secret);
    expect((await redeem(fresh.json.handoff_url_token)).status).toBe(201);
  });

  it('withdraws a link the person no longer needs, at once', async () => {
    const s = await bff.readySession('SE');
    const { handoff_url_token } = (await create(s.client_secret)).json;
    const withdrawn = await bff.call('POST', '/v1/identity/handoff/cancel', { auth: s.client_secret, headers: origin });
    expect([withdrawn.status, withdrawn.json]).toEqual([200, { status: 'none', expires_at: null }]);
    const r = await redeem(handoff_url_token);
    expect([r.status, r.json.error.code]).toEqual([404, 'handoff_link_invalid']);
    expect((await actions(s.id)).map(([action]) => action)).toContain('handoff.withdrawn');
  });

  it('takes the session back from a phone that was lost or closed: its credential stops working, and the session can go to a new phone', async () => {
    const s = await bff.readySession('SE');
    const first = (await create(s.client_secret)).json.handoff_url_token as string;
    const phone = (await redeem(first)).json.client_secret as string;
    // The phone cannot take it back from itself (nor hand it on).
    const byPhone = await bff.call('POST', '/v1/identity/handoff/cancel', { auth: phone, headers: origin });
    expect([byPhone.status, byPhone.json.error.code]).toEqual([409, 'handoff_active']);

    const back = await bff.call('POST', '/v1/identity/handoff/cancel', { auth: s.client_secret, headers: origin });
    expect([back.status, back.json]).toEqual([200, { status: 'none', expires_at: null }]);
    expect((await actions(s.id)).map(([action]) => action)).toContain('handoff.taken_back');
    // The phone is out at once; the first device does everything again.
    expect((await bff.call('GET', '/v1/identity/session', { auth: phone })).status).toBe(401);
    const residence = await bff.call('POST', '/v1/identity/residence', { auth: s.client_secret, body: { country: 'SE' }, headers: origin });
    expect(residence.status, residence.text).toBe(200);
    // The old link stays used up; a new one goes to a new phone, which alone captures from then on.
    expect((await redeem(first)).json.error.code).toBe('handoff_link_invalid');
    const second = (await redeem((await create(s.client_secret)).json.handoff_url_token)).json.client_secret as string;
    expect((await bff.call('GET', '/v1/identity/session', { auth: second })).status).toBe(200);
    const beside = await bff.call('POST', '/v1/identity/residence', { auth: s.client_secret, body: { country: 'SE' }, headers: origin });
    expect(beside.json.error.code).toBe('handoff_active');
  });

  it('names what is wrong with a token that is not one, and refuses an unknown one', async () => {
    const bad = await redeem('short');
    expect([bad.status, bad.json.error.code, bad.json.error.details.issues[0].path]).toEqual([400, 'validation_failed', 'body.token']);
    const unknown = await redeem('A'.repeat(32));
    expect([unknown.status, unknown.json.error.code]).toEqual([404, 'handoff_link_invalid']);
    const noAuth = await bff.call('POST', '/v1/identity/handoff', { headers: origin });
    expect(noAuth.status).toBe(401);
  });

  it('rate limits redemption per address', async () => {
    const answers: number[] = [];
    for (let i = 0; i <= REDEEMS_PER_MINUTE; i++) answers.push((await redeem('B'.repeat(32))).status);
    expect(answers.slice(0, REDEEMS_PER_MINUTE)).toEqual(Array(REDEEMS_PER_MINUTE).fill(404));
    const limited = await redeem('B'.repeat(32));
    expect([limited.status, limited.json.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('hands over no session that has ended', async () => {
    const s = await bff.readySession('SE');
    const { handoff_url_token } = (await create(s.client_secret)).json;
    expect((await bff.call('POST', `/v1/sessions/${s.id}/cancel`, { auth: 'sk_test_unit0000000000000000000000000000' })).status).toBe(200);
    const r = await redeem(handoff_url_token);
    expect([r.status, r.json.error.code]).toEqual([409, 'session_closed']);
  });
});
