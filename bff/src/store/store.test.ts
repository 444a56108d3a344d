import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { AdjustableClock } from '../clock.js';
import { Secret } from '../security/secret.js';
import { migrateToLatest, openDatabase, type Db } from './database.js';
import { createStore, isUniqueViolation, type Store } from './store.js';
import { newId } from '../security/tokens.js';

const postgresUrl = inject('postgresUrl');
const engines = [
  { name: 'SQLite', database: { kind: 'sqlite' as const, file: ':memory:' } },
  ...(postgresUrl ? [{ name: 'PostgreSQL', database: { kind: 'postgres' as const, url: new Secret(postgresUrl) } }] : []),
];

describe.each(engines)('store on $name', ({ name, database }) => {
  let db: Db;
  let store: Store;
  const clock = new AdjustableClock();

  beforeAll(async () => {
    db = openDatabase(database);
    if (name === 'PostgreSQL') {
      // A schema of its own per run, so reruns against a shared DATABASE_URL start clean.
      const schema = `t_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      await sql.raw(`create schema ${schema}`).execute(db);
      await db.destroy();
      const url = new URL(postgresUrl!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      db = openDatabase({ kind: 'postgres', url: new Secret(url.toString()) });
    }
    await migrateToLatest(db);
    await migrateToLatest(db); // applying twice is a no-op, as at every restart
    store = createStore(db, clock);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const newSession = (tenant = 'default') =>
    store.createSession({
      id: newId('ivs'),
      tenant,
      reference: 'order-1',
      requirements: { layer: 'humanity', min_assurance: 'low', accepted_providers: [], allowed_countries: [] },
      locale: 'en',
      return_url: null,
      person_sealed: null,
      metadata: { plan: 'pro' },
      client_secret_hash: 'hash',
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
    });

  it.runIf(name === 'PostgreSQL')('migrates a schema of its own in a database where another schema is already migrated', async () => {
    // This run's schema is migrated (beforeAll); a second one, as another app or test would have, must be too.
    const other = `t_other_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = openDatabase(database);
    try {
      await sql.raw(`create schema ${other}`).execute(admin);
      const url = new URL(postgresUrl!);
      url.searchParams.set('options', `-c search_path=${other}`);
      const second = openDatabase({ kind: 'postgres', url: new Secret(url.toString()) });
      try {
        await migrateToLatest(second);
        const tables = await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_schema = ${other} and table_name = 'sessions'`.execute(second);
        expect(Number(tables.rows[0]!.n)).toBe(1);
      } finally {
        await second.destroy();
      }
    } finally {
      await sql.raw(`drop schema if exists ${other} cascade`).execute(admin);
      await admin.destroy();
    }
  });

  it('creates and reads a session with its JSON fields', async () => {
    const created = await newSession();
    const read = await store.getSession(created.id);
    expect(read).toMatchObject({ id: created.id, status: 'requires_input', metadata: { plan: 'pro' } });
    expect(read?.requirements.layer).toBe('humanity');
    expect(await store.getSession('ivs_missing')).toBeNull();
  });

  it('updates a session only while it has an expected status', async () => {
    const s = await newSession();
    expect(await store.updateSession(s.id, { status: 'verified' }, ['requires_input'])).toBe(true);
    expect(await store.updateSession(s.id, { status: 'canceled' }, ['requires_input'])).toBe(false);
    expect((await store.getSession(s.id))?.status).toBe('verified');
  });

  it('holds one open attempt per session and provider: a second is refused as a unique violation, a closed one frees the place', async () => {
    const s = await newSession();
    const attempt = (id: string) => ({
      id,
      session_id: s.id,
      provider_key: 'turnstile' as const,
      session_ref: `intent_${id}`,
      client: { provider_key: 'turnstile', flow: 'inline_token', script_url: 'http://x/api.js', sitekey: 'k', action: 'a', cdata: 'c' } as const,
      private_data: {},
      expires_at: new Date(Date.now() + 300_000).toISOString(),
      status: 'starting' as const,
    });
    const first = await store.createAttempt(attempt(newId('iva')));
    const second = await store.createAttempt(attempt(newId('iva'))).then(() => null, (error: unknown) => error);
    expect(isUniqueViolation(second)).toBe(true);
    // Another provider may be open beside it; an ended attempt no longer counts.
    await store.createAttempt({ ...attempt(newId('iva')), provider_key: 'stripe_identity' });
    expect(await store.settleAttempt(first.id, { session_ref: `ref_${first.id}`, client: first.client, private_data: { a: '1' }, expires_at: first.expires_at })).toBe(true);
    expect(await store.moveAttempt(first.id, ['pending'], 'superseded')).toBe(true);
    await expect(store.createAttempt(attempt(newId('iva')))).resolves.toMatchObject({ status: 'starting' });
  });

  it('runs a queued provider job once: of two claims of a due job, one wins', async () => {
    const s = await newSession();
    const due = new Date(clock.now().getTime() - 1000).toISOString();
    const job = { session_id: s.id, attempt_id: newId('iva'), provider_key: 'stripe_identity', kind: 'abandon' as const, next_run_at: due, last_error_code: 'provider_error' };
    await store.queueProviderJob(job);
    await store.queueProviderJob(job); // once per attempt and kind
    const [queued] = (await store.dueProviderJobs()).filter((j) => j.session_id === s.id);
    expect(queued).toMatchObject({ tries: 1, status: 'queued' });
    const until = new Date(clock.now().getTime() + 60_000).toISOString();
    const claims = await Promise.all([store.claimProviderJob(queued!, until), store.claimProviderJob(queued!, until)]);
    expect(claims.sort()).toEqual([false, true]);
    expect((await store.dueProviderJobs()).filter((j) => j.session_id === s.id)).toEqual([]);
    await store.finishProviderJob(queued!.id, { status: 'done', last_error_code: null });
    expect(await store.pendingProviderJobs(s.id)).toEqual([]);
  });

  it('moves an attempt out of pending exactly once', async () => {
    const s = await newSession();
    const attempt = await store.createAttempt({
      session_id: s.id,
      provider_key: 'turnstile',
      session_ref: `ref_${s.id}`,
      client: { provider_key: 'turnstile', flow: 'inline_token', script_url: 'http://x/api.js', sitekey: 'k', action: 'a', cdata: 'c' },
      private_data: { idempotency_key: 'k' },
      expires_at: new Date(Date.now() + 300_000).toISOString(),
    });
    const results = await Promise.all([
      store.moveAttempt(attempt.id, ['pending'], 'submitted'),
      store.moveAttempt(attempt.id, ['pending'], 'submitted'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.openAttempts(s.id)).toHaveLength(1);
    expect((await store.findAttempt(s.id, 'turnstile', `ref_${s.id}`))?.client.provider_key).toBe('turnstile');
  });

  it('records a provider event once', async () => {
    expect(await store.recordProviderEvent('stripe', `evt_${name}`, 'x')).toBe(true);
    expect(await store.recordProviderEvent('stripe', `evt_${name}`, 'x')).toBe(false);
  });

  it('keeps consents append-only with the shown text stored once by hash', async () => {
    const s = await newSession();
    const base = { session_id: s.id, notice: 'privacy_notice' as const, version: 'v1', text: 'Hello', text_sha256: 'abc', locale: 'en', ip: '127.0.0.1', user_agent: 'UA' };
    await store.recordConsent({ ...base, decision: 'declined' });
    clock.advance(1);
    await store.recordConsent({ ...base, decision: 'accepted' });
    expect((await store.listConsents(s.id)).map((c) => c.decision)).toEqual(['declined', 'accepted']);
    const texts = await db.selectFrom('notice_texts').selectAll().where('sha256', '=', 'abc').execute();
    expect(texts).toHaveLength(1);
  });

  it('rolls a transaction back entirely when it fails', async () => {
    const s = await newSession();
    await expect(
      store.transaction(async (tx) => {
        await tx.updateSession(s.id, { status: 'verified' });
        await tx.addClaims(s.id, [{ type: 'verified_human', provider_key: 'turnstile', assurance_level: 'low' }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store.getSession(s.id))?.status).toBe('requires_input');
    expect(await store.listClaims(s.id)).toEqual([]);
  });

  it("keeps claims per tenant and subject: reusable ones by need, those a session reused, revocation, and a purge that leaves them", async () => {
    const subject = `user_${newId('u')}`;
    const origin = await store.createSession({
      id: newId('ivs'),
      tenant: 'default',
      reference: null,
      subject,
      requirements: { layer: 'identity', min_assurance: 'high', accepted_providers: [], allowed_countries: [] },
      locale: null,
      return_url: null,
      person_sealed: null,
      metadata: {},
      client_secret_hash: 'hash',
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
    });
    await store.transaction(async (tx) => {
      await tx.updateSession(origin.id, { status: 'verified', pii_sealed: 'v1.sealed.identity' });
      await tx.addClaims(origin.id, [
        { type: 'verified_human', provider_key: 'stripe_identity', assurance_level: 'high' },
        { type: 'verified_identity', provider_key: 'stripe_identity', assurance_level: 'high' },
      ]);
    });
    const held = await store.subjectClaims('default', subject);
    expect(held.map((c) => [c.type, c.tenant, c.subject, c.claim_ref?.startsWith('cref_') ?? null, c.pii_sealed]).sort()).toEqual([
      ['verified_human', 'default', subject, null, null],
      ['verified_identity', 'default', subject, true, 'v1.sealed.identity'],
    ]);
    const need = { type: 'verified_identity' as const, min_assurance: 'substantial' as const, accepted_providers: [] };
    expect((await store.reusableClaims('default', subject, need)).map((c) => c.type)).toEqual(['verified_identity']);
    expect(await store.reusableClaims('acme', subject, need)).toEqual([]);
    expect(await store.reusableClaims('default', subject, { ...need, accepted_providers: ['plaid'] })).toEqual([]);

    const later = await newSession();
    await store.reuseClaims(later.id, held.map((c) => c.id));
    expect(await store.reusedClaims(later.id)).toBe(true);
    expect((await store.listClaims(later.id)).map((c) => c.type)).toEqual(['verified_human', 'verified_identity']);

    const identityClaim = held.find((c) => c.type === 'verified_identity')!;
    expect(await store.findClaim('acme', identityClaim.id)).toBeNull();
    expect(await store.revokeClaim('acme', identityClaim.id)).toBeNull();
    expect(await store.revokeClaim('default', identityClaim.id)).toEqual(expect.any(String));
    expect(await store.revokeClaim('default', identityClaim.id)).toBeNull();
    expect(await store.reusableClaims('default', subject, need)).toEqual([]);
    expect((await store.listClaims(later.id)).map((c) => c.type)).toEqual(['verified_human']);

    await store.transaction((tx) => tx.purgeSession(origin.id));
    expect(await store.subjectClaims('default', subject)).toHaveLength(2);
    await store.eraseClaimPii(origin.id);
    expect((await store.subjectClaims('default', subject)).every((c) => c.pii_sealed === null)).toBe(true);
  });

  it('keeps an audit trail in order', async () => {

    const s = await newSession();
    await store.audit({ session_id: s.id, actor: 'host', action: 'session.created' });
    clock.advance(5);
    await store.audit({ session_id: s.id, actor: 'widget', action: 'consent.recorded', detail: { decision: 'accepted' } });
    const trail = await store.auditTrail(s.id);
    expect(trail.map((t) => t.action)).toEqual(['session.created', 'consent.recorded']);
    expect(JSON.parse(trail[1]!.detail)).toEqual({ decision: 'accepted' });
  });

  it("chains each tenant's audit entries: writers at once, inside transactions or not, extend it one after another", async () => {
    const tenant = `chain_${newId('t')}`;
    const [a, b] = [await newSession(tenant), await newSession(tenant)];
    const other = await newSession(`other_${newId('t')}`);
    await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => store.audit({ session_id: i % 2 ? a.id : b.id, actor: 'host', action: 'results.read', detail: { n: i } })),
      store.transaction(async (tx) => {
        await tx.lockSession(a.id);
        await tx.audit({ session_id: a.id, actor: 'provider', action: 'outcome.applied' });
      }),
      store.audit({ session_id: other.id, actor: 'host', action: 'results.read' }),
    ]);
    expect(await store.verifyAuditChain(tenant)).toEqual({ valid: true, rows: 13 });
    expect(await store.verifyAuditChain(other.tenant)).toEqual({ valid: true, rows: 1 });
    const seqs = (await db.selectFrom('audit_log').select('seq').where('tenant', '=', tenant).orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it('names the first row of a chain that was altered, removed or cut off', async () => {
    const tenant = `tamper_${newId('t')}`;
    const s = await newSession(tenant);
    for (let i = 0; i < 5; i++) await store.audit({ session_id: s.id, actor: 'host', action: 'results.read', detail: { n: i } });
    const rows = await db.selectFrom('audit_log').select(['id', 'seq', 'detail']).where('tenant', '=', tenant).orderBy('seq').execute();

    await db.updateTable('audit_log').set({ detail: JSON.stringify({ n: 99 }) }).where('id', '=', rows[2]!.id).execute();
    expect(await store.verifyAuditChain(tenant)).toEqual({ valid: false, rows: 5, first_broken: { id: rows[2]!.id, seq: 3, reason: 'hash_mismatch' } });
    await db.updateTable('audit_log').set({ detail: rows[2]!.detail }).where('id', '=', rows[2]!.id).execute();
    expect((await store.verifyAuditChain(tenant)).valid).toBe(true);

    await db.deleteFrom('audit_log').where('id', '=', rows[1]!.id).execute();
    expect(await store.verifyAuditChain(tenant)).toMatchObject({ valid: false, first_broken: { id: rows[2]!.id, seq: 2, reason: 'missing_row' } });
    await db.deleteFrom('audit_log').where('tenant', '=', tenant).where('seq', '>=', 2).execute();
    expect(await store.verifyAuditChain(tenant)).toMatchObject({ valid: false, first_broken: { id: null, seq: 2, reason: 'head_mismatch' } });
  });
});
