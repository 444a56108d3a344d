// Yoti end to end against its emulator, wired as the stack wires it and driven through the official
// SDK: the identity profile a host names, the person completing Yoti's user view, Yoti's session
// notification (its bearer token checked, deduplicated) followed by a re-read, and every other way
// an attempt ends there: the profile not met, left unfinished, abandoned, redacted, Yoti failing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { YOTI_EMULATOR_NOTIFICATION_TOKEN, yotiOneLinePem, type YotiControls } from '@identity-verify/emulators';
import { TEST_API_KEY, TEST_ORIGIN } from '../../testing.js';
import { consentAsShown } from '../../testing-consent.js';
import { startHarness } from '../conformance-kit.js';
import { readProviderSettings } from '../module.js';
import { conformance } from './conformance.js';
import { yotiModule } from './module.js';

let h: Awaited<ReturnType<typeof startHarness>>;
let yoti: YotiControls;
beforeAll(async () => {
  h = await startHarness('yoti', conformance);
  yoti = h.emulators.yoti!.controls as YotiControls;
});
afterAll(async () => h?.close());
beforeEach(() => yoti.clearFaults());

const SESSIONS = '/idverify/v1/sessions';
const RTW = { yoti_identity_profile: 'UK_TFIDA:RTW' };

async function atYoti(metadata: Record<string, string> = RTW, layer: 'identity' | 'humanity' = 'identity') {
  const s = await h.bff.createSession({ requirements: { layer, min_assurance: 'high' }, metadata });
  const widget = (method: string, path: string, body?: unknown) => h.bff.call(method, path, { auth: s.client_secret, body, headers: { origin: TEST_ORIGIN } });
  await widget('POST', '/v1/identity/consents', consentAsShown('privacy_notice', 'accepted', { layer }));
  await widget('POST', '/v1/identity/residence', { country: 'GB' });
  h.toProviders.length = 0;
  const started = await widget('POST', '/v1/identity/verify/initiate', { provider_key: 'yoti', requested_claims: ['verified_identity'] });
  const ref: string = started.json?.session_ref;
  const host = async (include?: string) => (await h.bff.call('GET', `/v1/sessions/${s.id}${include ? `?include=${include}` : ''}`, { auth: TEST_API_KEY })).json;
  const complete = () => widget('POST', '/v1/identity/verify/complete', { provider_key: 'yoti', session_ref: ref });
  /** The person finishes in Yoti's view; Yoti's notifications reach the BFF. */
  const finish = async (outcome: 'verified' | 'profile_not_met' | 4000, person = 'amelia') => {
    yoti.complete(ref, { person, outcome });
    await yoti.delivery.flush();
  };
  const createBody = () => JSON.parse(h.toProviders.find((r) => r.method === 'POST' && new URL(r.url).pathname === SESSIONS)!.body);
  return { s, widget, started, ref, host, complete, finish, createBody };
}

describe('Yoti', () => {
  it("creates a session for the profile the host named, with notifications to the BFF, and hands the widget Yoti's view", async () => {
    const t = await atYoti();
    expect(t.started.status, t.started.text).toBe(201);
    const spec = t.createBody();
    expect(spec.identity_profile_requirements).toEqual({ trust_framework: 'UK_TFIDA', scheme: { type: 'RTW' } });
    expect(spec.subject).toEqual({ subject_id: t.s.id });
    expect(spec.notifications).toEqual({ endpoint: 'https://bff.test/v1/providers/yoti/webhook', auth_token: YOTI_EMULATOR_NOTIFICATION_TOKEN, auth_type: 'BEARER', topics: ['SESSION_COMPLETION'] });
    expect(spec.resources_ttl).toBeGreaterThanOrEqual(spec.client_session_token_ttl + 86_400);
    const attempt = await h.bff.store.findAttemptByRef('yoti', t.ref);
    expect(spec.user_tracking_id).toBe(attempt!.id);
    expect(attempt!.private_data).toEqual({ identity_profile: 'UK_TFIDA:RTW' });
    // Every request signed by the SDK, and sent within a named provider call.
    expect(h.toProviders.every((r) => r.headers['x-yoti-auth-digest'] && new URL(r.url).searchParams.get('nonce'))).toBe(true);

    const token = yoti.session(t.ref)!.clientSessionToken;
    expect(t.started.json.client).toEqual({
      provider_key: 'yoti',
      flow: 'embedded_sdk',
      iframe_url: `http://yoti.test/idverify/v1/web/index.html?sessionID=${t.ref}&sessionToken=${token}`,
      origin: 'http://yoti.test',
    });
  });

  it('a session that names no profile asks for YOTI_GLOBAL IDENTITY; one that names a bad profile is refused before Yoti is called', async () => {
    const plain = await atYoti({});
    expect(plain.createBody().identity_profile_requirements).toEqual({ trust_framework: 'YOTI_GLOBAL', scheme: { type: 'IDENTITY' } });
    const dbs = await atYoti({ yoti_identity_profile: 'UK_TFIDA:DBS:STANDARD' });
    expect(dbs.createBody().identity_profile_requirements).toEqual({ trust_framework: 'UK_TFIDA', scheme: { type: 'DBS', objective: 'STANDARD' } });

    const bad = await atYoti({ yoti_identity_profile: 'UK_TFIDA:DBS' });
    expect([bad.started.status, bad.started.json.error.code]).toEqual([400, 'validation_failed']);
    expect(bad.started.json.error.details.issues).toEqual([{ path: 'metadata.yoti_identity_profile', message: 'UK_TFIDA:DBS needs an objective: BASIC, STANDARD, ENHANCED' }]);
    expect(h.toProviders).toEqual([]);
  });

  it('verifies a UK right-to-work profile met, from the session result Yoti is asked for on its notification', async () => {
    const t = await atYoti();
    await t.finish('verified');
    expect(yoti.notifications({ session_id: t.ref }).map((n) => [n.topic, n.status])).toEqual([['session_completion', 200]]);
    const plain = await t.host();
    expect(plain).toMatchObject({ status: 'verified', provider_key: 'yoti', last_error: null });
    expect(plain.provider_result).toEqual({
      provider_key: 'yoti',
      session_state: 'COMPLETED',
      identity_profile: { result: 'DONE', trust_framework: 'UK_TFIDA', scheme: 'RTW', failure_reason: null },
      checks: expect.arrayContaining([{ type: 'ID_DOCUMENT_AUTHENTICITY', recommendation: 'APPROVE' }, { type: 'LIVENESS', recommendation: 'APPROVE' }]),
    });
    expect(plain.claims.map((c: { type: string; assurance_level: string }) => `${c.type}@${c.assurance_level}`).sort()).toEqual(['verified_human@high', 'verified_identity@high']);
    // The person's details only on request, from the encrypted store; never in the verdict, a log or an event.
    expect(JSON.stringify(plain)).not.toMatch(/Amelia|Sandford|1988/);
    expect((await t.host('verified_outputs')).verified_outputs).toEqual({
      first_name: 'Amelia',
      last_name: 'Sandford',
      dob: { year: 1988, month: 4, day: 12 },
      address: { line1: '14 Harbour Row', line2: null, city: 'Bristol', state: null, postal_code: 'BS1 4QA', country: 'GB' },
    });
    // The document's number is read live from Yoti's report, never stored; Yoti's images are not links, so none are offered.
    const live = await t.host('sensitive_outputs,images');
    expect(live.sensitive_outputs).toEqual({ dob: { year: 1988, month: 4, day: 12 }, id_number: null, document_number: '533401372', document_expiration_date: { year: 2031, month: 6, day: 30 } });
    expect(live.images).toEqual([]);
    expect(JSON.stringify(h.bff.logs)).not.toMatch(/Amelia|Sandford|1988-04-12|533401372/);
  });

  it('hands the host the identity profile report Yoti certified, as Yoti gave it, only on request and audited', async () => {
    const t = await atYoti();
    await t.finish('verified');
    expect(await t.host()).not.toHaveProperty('identity_profile');
    const { identity_profile: report } = await t.host('identity_profile');
    expect(report.identity_assertion).toMatchObject({ current_name: { given_names: 'Amelia Grace', family_name: 'Sandford' }, date_of_birth: '1988-04-12' });
    const v = report.verification_report;
    // Yoti's report: its ids, its framework and scheme, its assurance; our session as its subject.
    expect(v).toMatchObject({ trust_framework: 'UK_TFIDA', subject_id: t.s.id, schemes_compliance: [{ requirements_met: true, scheme: { type: 'RTW' } }], assurance_process: { policy: 'GPG45' } });
    expect(v.report_id).not.toMatch(/^ipr_/);
    expect(v.evidence.documents[0]).toMatchObject({ verifying_org: 'YOTI', passed_checks: expect.arrayContaining([{ check: 'DOCUMENT_IN_DATE' }]) });
    // Read from Yoti each time, the same report.
    expect((await t.host('identity_profile')).identity_profile).toEqual(report);
    expect((await h.bff.store.auditTrail(t.s.id)).filter((a) => a.action === 'identity_profile.read')).toHaveLength(2);
    expect(JSON.stringify(h.bff.logs)).not.toMatch(/Amelia|Sandford|1988-04-12|533401372/);
  });

  it('a session that asks only for a human keeps no name or date of birth', async () => {
    const t = await atYoti(RTW, 'humanity');
    await t.finish('verified', 'oliver');
    const session = await t.host('verified_outputs');
    expect(session.status).toBe('verified');
    expect(session.claims.map((c: { type: string }) => c.type).sort()).toEqual(['verified_human', 'verified_identity']);
    expect(session.verified_outputs).toBeNull();
  });

  it("a profile not met is rejected with Yoti's reason, and no personal data is kept", async () => {
    const t = await atYoti();
    await t.finish('profile_not_met', 'oliver');
    const session = await t.host('verified_outputs');
    expect(session).toMatchObject({ status: 'rejected', last_error: { code: 'verification_failed' }, verified_outputs: null });
    expect(session.last_error.reason).toContain('FRAUD_DETECTED');
    expect(session.provider_result.identity_profile).toEqual({ result: 'FAIL', trust_framework: 'UK_TFIDA', scheme: 'RTW', failure_reason: 'FRAUD_DETECTED' });
    expect(session.provider_result.checks).toContainEqual({ type: 'ID_DOCUMENT_AUTHENTICITY', recommendation: 'REJECT' });
    expect(JSON.stringify(session)).not.toMatch(/Oliver|Pemberton|PEMBE/);
  });

  it("the widget's completion is only a hint: a session left unfinished, or ended in the view with an error, stays pending", async () => {
    const t = await atYoti();
    const early = await t.complete();
    expect(early.status, early.text).toBe(200);
    expect(early.json.status).toBe('requires_input');
    yoti.complete(t.ref, { outcome: 4000 }); // camera refused: Yoti's session is still ongoing
    const synced = await t.widget('POST', '/v1/identity/verify/sync', { provider_key: 'yoti' });
    expect(synced.json).toMatchObject({ status: 'requires_input', active_attempt: { session_ref: t.ref } });
    expect((await t.host()).provider_result).toBeNull();
    // Then the person finishes, and the widget's completion reads the verdict (notifications aside).
    yoti.complete(t.ref, { person: 'amelia' });
    expect((await t.complete()).json.status).toBe('verified');
  });

  it('refuses a notification without the configured token, and takes a duplicate once', async () => {
    const t = await atYoti();
    const body = JSON.stringify({ session_id: t.ref, topic: 'session_completion' });
    const post = (authorization?: string) =>
      h.bff.call('POST', '/v1/providers/yoti/webhook', { body, headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) } });
    for (const forged of [undefined, 'Bearer not-the-token-at-all', `Basic ${Buffer.from(YOTI_EMULATOR_NOTIFICATION_TOKEN).toString('base64')}`, `Bearer ${YOTI_EMULATOR_NOTIFICATION_TOKEN}x`]) {
      const r = await post(forged);
      expect([r.status, r.json.error.code]).toEqual([400, 'webhook_signature_invalid']);
    }
    const notJson = await h.bff.call('POST', '/v1/providers/yoti/webhook', { body: 'session_completion', headers: { 'content-type': 'application/json', authorization: `Bearer ${YOTI_EMULATOR_NOTIFICATION_TOKEN}` } });
    expect([notJson.status, notJson.json.error.code]).toEqual([400, 'webhook_signature_invalid']);

    h.toBff.length = 0;
    await t.finish('verified');
    const [delivered] = h.toBff.filter((r) => r.url.endsWith('/v1/providers/yoti/webhook'));
    expect(delivered!.headers.authorization).toBe(`Bearer ${YOTI_EMULATOR_NOTIFICATION_TOKEN}`);
    const replayed = await h.bff.call('POST', '/v1/providers/yoti/webhook', { body: delivered!.body, headers: delivered!.headers });
    expect(replayed.json).toEqual({ received: true, duplicate: true });
    const applied = (await h.bff.store.auditTrail(t.s.id)).filter((a) => a.action === 'outcome.applied');
    expect(applied).toHaveLength(1);
  });

  it("the host cancelling deletes the Yoti session; a redaction deletes a finished one, and runs again on what is gone", async () => {
    const canceled = await atYoti();
    expect((await h.bff.call('POST', `/v1/sessions/${canceled.s.id}/cancel`, { auth: TEST_API_KEY })).status).toBe(200);
    expect(yoti.session(canceled.ref)).toBeUndefined();

    const done = await atYoti();
    await done.finish('verified');
    h.toProviders.length = 0;
    for (let i = 0; i < 2; i++) expect((await h.bff.call('POST', `/v1/sessions/${done.s.id}/redact`, { auth: TEST_API_KEY })).status).toBe(200);
    expect(yoti.session(done.ref)).toBeUndefined();
    expect(h.toProviders.filter((r) => r.method === 'DELETE').map((r) => new URL(r.url).pathname)).toContain(`${SESSIONS}/${done.ref}`);
  });

  it("Yoti failing (5xx, 429) or refusing (400) is answered as a provider error naming Yoti's code, never its message", async () => {
    const leaky = { code: 'INTERNAL_ERROR', message: 'Amelia Sandford could not be saved' };
    yoti.injectFault({ path: SESSIONS, method: 'POST', status: 503, json: leaky });
    const failed = await atYoti();
    expect([failed.started.status, failed.started.json.error.code]).toEqual([502, 'provider_error']);
    yoti.injectFault({ path: SESSIONS, method: 'POST', status: 429, json: { code: 'TOO_MANY_REQUESTS', message: 'slow down' } });
    const limited = await atYoti();
    expect([limited.started.status, limited.started.json.error.code]).toEqual([503, 'provider_unavailable']);
    yoti.injectFault({ path: SESSIONS, method: 'POST', status: 400, json: { code: 'PAYLOAD_VALIDATION', message: 'There were errors validating the payload', errors: [{ property: 'subject', message: 'Amelia Sandford is not allowed' }] } });
    const refused = await atYoti();
    expect([refused.started.status, refused.started.json.error.code]).toEqual([502, 'provider_error']);
    expect(h.bff.logs).toContainEqual(expect.objectContaining({ provider: 'yoti', operation: 'create_session', status: 400, provider_code: 'PAYLOAD_VALIDATION' }));
    // A read is tried once more: a single 503 on the session result does not hold up the verdict.
    const later = await atYoti();
    yoti.complete(later.ref, { person: 'amelia' });
    yoti.injectFault({ path: `${SESSIONS}/${later.ref}`, method: 'GET', status: 503, json: leaky });
    expect((await later.complete()).json.status).toBe('verified');
    const seen = JSON.stringify([failed.started.json, limited.started.json, refused.started.json, h.bff.logs]);
    expect(seen).not.toMatch(/Amelia|Sandford/);
    expect(h.bff.logs).toContainEqual(expect.objectContaining({ provider: 'yoti', operation: 'create_session', status: 503, provider_code: 'INTERNAL_ERROR' }));
  });
});

describe('Yoti with a short timeout', () => {
  it('a Yoti that does not answer in time is a provider_timeout', async () => {
    const env = {
      YOTI_API_URL: 'http://yoti.test/idverify/v1',
      YOTI_SDK_ID: yoti.app.sdkId,
      YOTI_PEM: yotiOneLinePem(yoti.app.privateKeyPem),
      YOTI_NOTIFICATION_TOKEN: YOTI_EMULATOR_NOTIFICATION_TOKEN,
    };
    const { config, problems } = readProviderSettings(yotiModule, env, false);
    expect(problems).toEqual([]);
    const adapter = yotiModule.createAdapter(config!, {
      fetch: (input, init) => h.emulators.yoti!.fetch(input, init),
      streamFetch: fetch,
      clock: h.bff.clock,
      timeoutMs: 100,
      allowedHostnames: [],
      publicUrl: null,
      log: () => undefined,
    });
    yoti.injectFault({ path: SESSIONS, method: 'POST', delay_ms: 1_000 });
    const session = await h.bff.store.getSession((await h.bff.createSession({ requirements: { layer: 'identity' } })).id);
    const started = Date.now();
    const error = await adapter.initiate({ session: session!, attemptId: 'att_timeout', requestedClaims: [], returnUrl: null, person: null, acceptedNotices: [], hostOrigin: null, remoteIp: null }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'provider_timeout', provider: 'yoti', operation: 'create_session' });
    expect(Date.now() - started).toBeLessThan(900);
  });
});
