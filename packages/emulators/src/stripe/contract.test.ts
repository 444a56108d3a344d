// Contract tests: every answer of every Stripe endpoint the emulator serves, in every shape it
// takes (expanded or not, each key kind, each session state, errors), validates against the
// operation's schema in specs/stripe-identity.json plus the declared overlay of newer fields.
// The validator is strict: an undeclared field, a wrong type or a stray null fails (openapi.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeEmulator, type StripeEmulator } from './app.js';
import { STRIPE_EMULATOR_RESTRICTED_KEY, STRIPE_EMULATOR_SECRET_KEY } from './keys.js';
import { responseSchema, validate, type Issue } from './openapi.js';

const BASE = 'http://stripe.test';
let emu: StripeEmulator;
const checked: Array<{ label: string; status: number; issues: Issue[] }> = [];

async function call(method: 'GET' | 'POST', specPath: string, path: string, params: string[][] = [], key = STRIPE_EMULATOR_SECRET_KEY) {
  const query = new URLSearchParams(params).toString();
  const res = await emu.fetch(method === 'GET' && query ? `${BASE}${path}?${query}` : `${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: method === 'POST' ? query : undefined,
  });
  const body = (await res.json()) as Record<string, unknown>;
  const issues = validate(responseSchema(method, specPath, res.status), body);
  checked.push({ label: `${method} ${path} ${query} → ${res.status}`, status: res.status, issues });
  return body;
}

const SESSION = '/v1/identity/verification_sessions/{session}';
let verifiedId: string;
let reportId: string;
let fileId: string;

beforeAll(async () => {
  emu = createStripeEmulator();
  const created = async (params: string[][]) => (await call('POST', '/v1/identity/verification_sessions', '/v1/identity/verification_sessions', params)).id as string;

  verifiedId = await created([
    ['type', 'document'],
    ['options[document][require_matching_selfie]', 'true'],
    ['options[document][require_id_number]', 'true'],
    ['options[document][allowed_types][]', 'driving_license'],
    ['metadata[ref]', 'r1'],
    ['client_reference_id', 'c-1'],
    ['provided_details[email]', 'person@example.test'],
    ['related_person[account]', 'acct_1'],
    ['related_person[person]', 'person_1'],
    ['return_url', 'https://example.test/back'],
    ['expand[]', 'verified_outputs'],
  ]);
  const failedId = await created([['type', 'document'], ['options[document][allowed_types][0]', 'passport']]);
  const idNumberId = await created([['type', 'id_number']]);
  const canceledId = await created([['type', 'document']]);
  emu.controls.submitOutcome(verifiedId, 'verified');
  emu.controls.submitOutcome(failedId, 'document_expired');
  emu.controls.submitOutcome(idNumberId, 'verified');
  emu.controls.settle();

  const sensitive = [
    'verified_outputs.dob',
    'verified_outputs.id_number',
    'verified_outputs.sex',
    'verified_outputs.unparsed_place_of_birth',
    'verified_outputs.unparsed_sex',
    'last_verification_report.document.dob',
    'last_verification_report.document.number',
    'last_verification_report.document.expiration_date',
    'last_verification_report.document.sex',
    'last_verification_report.document.unparsed_sex',
    'last_verification_report.document.unparsed_place_of_birth',
    'last_verification_report.id_number.dob',
    'last_verification_report.id_number.id_number',
  ].map((e) => ['expand[]', e]);
  for (const id of [verifiedId, failedId, idNumberId, canceledId]) {
    await call('GET', SESSION, `/v1/identity/verification_sessions/${id}`);
    await call('GET', SESSION, `/v1/identity/verification_sessions/${id}`, [['expand[]', 'verified_outputs'], ['expand[]', 'last_verification_report']]);
    await call('GET', SESSION, `/v1/identity/verification_sessions/${id}`, sensitive, STRIPE_EMULATOR_RESTRICTED_KEY);
  }
  await call('POST', SESSION, `/v1/identity/verification_sessions/${failedId}`, [['metadata[step]', '2'], ['provided_details[phone]', '+15555550100']]);
  await call('POST', `${SESSION}/cancel`, `/v1/identity/verification_sessions/${canceledId}/cancel`);
  await call('POST', `${SESSION}/redact`, `/v1/identity/verification_sessions/${idNumberId}/redact`, [['expand[]', 'verified_outputs']]);
  emu.controls.settle();
  await call('GET', SESSION, `/v1/identity/verification_sessions/${idNumberId}`, sensitive, STRIPE_EMULATOR_RESTRICTED_KEY);
  await call('GET', '/v1/identity/verification_sessions', '/v1/identity/verification_sessions', [['limit', '2'], ['expand[]', 'data.verified_outputs']]);
  await call('GET', '/v1/identity/verification_sessions', '/v1/identity/verification_sessions', [['status', 'verified'], ['created[gte]', '0']]);

  const reports = await call('GET', '/v1/identity/verification_reports', '/v1/identity/verification_reports', [['expand[]', 'data.document']]);
  for (const r of reports.data as Array<{ id: string }>) {
    await call('GET', '/v1/identity/verification_reports/{report}', `/v1/identity/verification_reports/${r.id}`, [['expand[]', 'document.number'], ['expand[]', 'id_number.dob']], STRIPE_EMULATOR_RESTRICTED_KEY);
  }
  const verifiedReport = (await call('GET', SESSION, `/v1/identity/verification_sessions/${verifiedId}`, [['expand[]', 'last_verification_report']])).last_verification_report as { id: string; document: { files: string[] } };
  reportId = verifiedReport.id;
  fileId = verifiedReport.document.files[0] as string;

  const now = Math.floor(emu.controls.clock.now() / 1000);
  const link = await call('POST', '/v1/file_links', '/v1/file_links', [['file', fileId], ['expires_at', String(now + 30)], ['metadata[why]', 'review'], ['expand[]', 'file']], STRIPE_EMULATOR_RESTRICTED_KEY);
  await call('GET', '/v1/file_links/{link}', `/v1/file_links/${link.id as string}`, [], STRIPE_EMULATOR_RESTRICTED_KEY);
  await call('POST', '/v1/file_links/{link}', `/v1/file_links/${link.id as string}`, [['expires_at', 'now']], STRIPE_EMULATOR_RESTRICTED_KEY);
  await call('GET', '/v1/file_links', '/v1/file_links', [['file', fileId], ['expand[]', 'data.file']], STRIPE_EMULATOR_RESTRICTED_KEY);
  await call('GET', '/v1/files/{file}', `/v1/files/${fileId}`);
  await call('GET', '/v1/files', '/v1/files', [['purpose', 'selfie']]);

  const events = await call('GET', '/v1/events', '/v1/events', [['limit', '100']]);
  for (const e of events.data as Array<{ id: string }>) await call('GET', '/v1/events/{id}', `/v1/events/${e.id}`);

  // Refusals are Stripe error objects too.
  await call('POST', '/v1/identity/verification_sessions', '/v1/identity/verification_sessions', [['type', 'document'], ['colour', 'red']]);
  await call('POST', '/v1/identity/verification_sessions', '/v1/identity/verification_sessions', []);
  await call('GET', SESSION, '/v1/identity/verification_sessions/vs_missing');
  await call('GET', SESSION, `/v1/identity/verification_sessions/${verifiedId}`, [['expand[]', 'verified_outputs.dob']]);
  await call('POST', `${SESSION}/cancel`, `/v1/identity/verification_sessions/${verifiedId}/cancel`);
  await call('POST', '/v1/file_links', '/v1/file_links', [['file', fileId], ['expires_at', String(now + 3600)]], STRIPE_EMULATOR_RESTRICTED_KEY);
  await call('GET', '/v1/events', '/v1/events', [], 'sk_test_unknownKey12345678');
});

afterAll(() => emu.controls.reset());

describe('every response validates against the Stripe spec', () => {
  it('covers successes and errors of every endpoint', () => {
    expect(checked.length).toBeGreaterThan(40);
    expect(new Set(checked.map((c) => c.status))).toEqual(new Set([200, 400, 401, 403, 404]));
  });

  it('has no issue in any of them', () => {
    const failures = checked.filter((c) => c.issues.length > 0).map((c) => ({ call: c.label, issues: c.issues }));
    expect(failures).toEqual([]);
  });

  it('each event carries a session that validates as identity.verification_session', async () => {
    const events = (await call('GET', '/v1/events', '/v1/events', [['limit', '100']])).data as Array<{ data: { object: unknown } }>;
    expect(events.length).toBeGreaterThanOrEqual(10);
    for (const e of events) expect(validate({ $ref: '#/components/schemas/identity.verification_session' }, e.data.object)).toEqual([]);
  });

  it('the fixtures used above really reached the sensitive and redacted shapes', async () => {
    const s = await call('GET', SESSION, `/v1/identity/verification_sessions/${verifiedId}`, [['expand[]', 'verified_outputs.sex'], ['expand[]', 'last_verification_report.document.number']], STRIPE_EMULATOR_RESTRICTED_KEY);
    expect(s.verified_outputs).toMatchObject({ sex: 'female' });
    expect((s.last_verification_report as { id: string; document: { number: string } }).document.number).toBe('000000000');
    expect((s.last_verification_report as { id: string }).id).toBe(reportId);
  });
});
