// Contract tests: every answer of every public-API endpoint the emulator serves, in the shapes it
// takes (each resource state, every report name, errors 401/404/415/422), validates against the
// operation's response schema in Onfido's OpenAPI v3.6 (spec/onfido-v3.6-subset.json), with the
// strict validator of shared/json-schema.ts: an undeclared field, a wrong type, a bad format or a
// stray null fails. Webhook bodies are checked against the spec's `webhook_event`.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { declaresEmpty, ONFIDO_SPEC, responseSchema, validate, type Issue } from './openapi.js';
import { fakeImage, harness, type Harness } from './testing.js';
import { REPORT_NAMES } from './vocabulary.js';

const checked: Array<{ operation: string; label: string; status: number; issues: Issue[] }> = [];
const bodies: string[] = [];

function record(method: string, specPath: string, label: string, res: { status: number; json: unknown }) {
  let issues: Issue[];
  if (res.status === 204) issues = declaresEmpty(method, specPath, 204) ? [] : [{ path: '', message: `204 is not declared for ${method} ${specPath}` }];
  else issues = validate(responseSchema(method, specPath, res.status), res.json);
  checked.push({ operation: `${method} ${specPath}`, label: `${method} ${label} → ${res.status}`, status: res.status, issues });
  return res.json as any;
}

async function call(h: Harness, method: string, specPath: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return record(method, specPath, path, await h.call(method, path, body, headers));
}
async function upload(h: Harness, specPath: string, path: string, fields: Record<string, string | Blob>) {
  return record('POST', specPath, path, await h.upload(path, fields));
}

const FULL_APPLICANT = {
  first_name: 'Jane',
  last_name: 'Doe',
  email: 'jane@example.test',
  dob: '1990-01-31',
  phone_number: '+447700900000',
  id_numbers: [{ type: 'ssn', value: '123-45-6789', state_code: 'TX' }],
  address: { flat_number: '1', building_number: '2', building_name: 'B', street: 'Main St', sub_street: 'S', town: 'Austin', postcode: '78701', country: 'USA', state: 'TX', line1: '2 Main St', line2: null, line3: null },
  location: { ip_address: '127.0.0.1', country_of_residence: 'USA' },
  consents: [{ name: 'privacy_notices_read', granted: true }],
};

beforeAll(async () => {
  const receiver = (async (_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(String(init?.body));
    return new Response(null, { status: 200 });
  }) as typeof fetch;
  const h = harness({ fetch: receiver, webhooks: [{ url: 'https://hooks.example.com/onfido' }] });
  const slow = harness({ processingSeconds: 600 });

  // Applicants in every shape: full, minimal, updated, deleted and restored; consents.
  const a = await call(h, 'POST', '/applicants', '/v3.6/applicants', FULL_APPLICANT);
  const plain = await call(h, 'POST', '/applicants', '/v3.6/applicants', { first_name: 'Sam', last_name: 'Consider', location: { country_of_residence: 'GBR' } });
  await call(h, 'POST', '/applicants', '/v3.6/applicants', { first_name: 'J<', last_name: 5 });
  await call(h, 'GET', '/applicants/{applicant_id}', `/v3.6/applicants/${a.id}`);
  await call(h, 'PUT', '/applicants/{applicant_id}', `/v3.6/applicants/${plain.id}`, { email: 'sam@example.test', dob: '1980-02-29' });
  await call(h, 'PUT', '/applicants/{applicant_id}', `/v3.6/applicants/${plain.id}`, { dob: 'yesterday' });
  await call(h, 'GET', '/applicants/{applicant_id}/consents', `/v3.6/applicants/${a.id}/consents`);
  const gone = await call(h, 'POST', '/applicants', '/v3.6/applicants', { first_name: 'Gone', last_name: 'Soon' });
  await call(h, 'DELETE', '/applicants/{applicant_id}', `/v3.6/applicants/${gone.id}`);
  await call(h, 'GET', '/applicants', '/v3.6/applicants?include_deleted=true&per_page=10');
  await call(h, 'GET', '/applicants/{applicant_id}', `/v3.6/applicants/${gone.id}`);
  await call(h, 'POST', '/applicants/{applicant_id}/restore', `/v3.6/applicants/${gone.id}/restore`);
  await call(h, 'POST', '/applicants/{applicant_id}/restore', `/v3.6/applicants/${gone.id}/restore`);
  await call(h, 'GET', '/applicants', '/v3.6/applicants', undefined, { authorization: 'Token token=api_sandbox.wrong000000' });

  // SDK tokens.
  await call(h, 'POST', '/sdk_token', '/v3.6/sdk_token', { applicant_id: a.id, referrer: 'https://*.example.test/*' });
  await call(h, 'POST', '/sdk_token', '/v3.6/sdk_token', { applicant_id: randomUUID() });

  // Media: documents (both sides, with country), live photos, SDK-only videos and motion captures.
  for (const applicant of [a, plain]) {
    await upload(h, '/documents', '/v3.6/documents', { applicant_id: applicant.id, file: fakeImage('jpg', 4096), type: 'driving_licence', side: 'front', issuing_country: 'USA' });
    await upload(h, '/documents', '/v3.6/documents', { applicant_id: applicant.id, file: fakeImage('png', 4096), type: 'driving_licence', side: 'back' });
    await upload(h, '/live_photos', '/v3.6/live_photos', { applicant_id: applicant.id, file: fakeImage('jpg', 40 * 1024) });
    h.emu.controls.addSdkMedia(applicant.id, 'live_video');
    h.emu.controls.addSdkMedia(applicant.id, 'motion_capture');
  }
  await upload(h, '/documents', '/v3.6/documents', { applicant_id: a.id, file: fakeImage('gif', 4096), type: 'library_card' });
  await upload(h, '/live_photos', '/v3.6/live_photos', { applicant_id: a.id, file: fakeImage('jpg', 1024) });
  await call(h, 'POST', '/documents', '/v3.6/documents', { applicant_id: a.id });
  const kinds = [
    ['/documents', 'documents'],
    ['/live_photos', 'live_photos'],
    ['/live_videos', 'live_videos'],
    ['/motion_captures', 'motion_captures'],
  ] as const;
  for (const [spec, plural] of kinds) {
    const list = await call(h, 'GET', spec, `/v3.6/${plural}?applicant_id=${a.id}`);
    const idParam = { documents: 'document_id', live_photos: 'live_photo_id', live_videos: 'live_video_id', motion_captures: 'motion_capture_id' }[plural];
    await call(h, 'GET', `${spec}/{${idParam}}`, `/v3.6/${plural}/${list[plural][0].id}`);
    await call(h, 'GET', `${spec}/{${idParam}}`, `/v3.6/${plural}/${randomUUID()}`);
  }
  await call(h, 'GET', '/documents', '/v3.6/documents');

  // Checks: every report name, sandbox results (Consider, consider[], sub_result), in progress, refusals.
  await call(h, 'POST', '/checks', '/v3.6/checks', { applicant_id: a.id, report_names: [...REPORT_NAMES], asynchronous: false, tags: ['all'], privacy_notices_read_consent_given: true });
  await call(h, 'POST', '/checks', '/v3.6/checks', { applicant_id: plain.id, report_names: ['document', 'facial_similarity_photo'], asynchronous: false });
  await call(h, 'POST', '/checks', '/v3.6/checks', { applicant_id: a.id, report_names: ['document'], sub_result: 'caution', consider: ['document'], asynchronous: false, redirect_uri: 'https://example.test/r' });
  const us = await call(h, 'POST', '/applicants', '/v3.6/applicants', { first_name: 'U', last_name: 'S', location: { country_of_residence: 'USA' } });
  await call(h, 'POST', '/checks', '/v3.6/checks', { applicant_id: us.id, report_names: ['document'] });
  const s = await call(slow, 'POST', '/applicants', '/v3.6/applicants', { first_name: 'Slow', last_name: 'Doe', location: { country_of_residence: 'GBR' } });
  await upload(slow, '/documents', '/v3.6/documents', { applicant_id: s.id, file: fakeImage('jpg', 4096), type: 'passport' });
  await upload(slow, '/live_photos', '/v3.6/live_photos', { applicant_id: s.id, file: fakeImage('jpg', 40 * 1024) });
  const pending = await call(slow, 'POST', '/checks', '/v3.6/checks', { applicant_id: s.id, report_names: ['document', 'facial_similarity_photo'], webhook_ids: [] });
  await call(slow, 'GET', '/reports', `/v3.6/reports?check_id=${pending.id}`);
  for (const x of [h, slow]) {
    const applicantId = x === h ? a.id : s.id;
    const checks = await call(x, 'GET', '/checks', `/v3.6/checks?applicant_id=${applicantId}`);
    for (const c of checks.checks) {
      await call(x, 'GET', '/checks/{check_id}', `/v3.6/checks/${c.id}`);
      const reports = await call(x, 'GET', '/reports', `/v3.6/reports?check_id=${c.id}`);
      for (const r of reports.reports) await call(x, 'GET', '/reports/{report_id}', `/v3.6/reports/${r.id}`);
    }
  }
  await call(h, 'GET', '/checks/{check_id}', `/v3.6/checks/${randomUUID()}`);
  await call(h, 'GET', '/reports/{report_id}', `/v3.6/reports/${randomUUID()}`);
  await call(h, 'GET', '/reports', '/v3.6/reports');

  // Webhooks.
  const w = await call(h, 'POST', '/webhooks', '/v3.6/webhooks', { url: 'https://hooks.example.com/second', events: ['check.completed'], environments: ['sandbox'], name: 'second', payload_version: 2 });
  await call(h, 'POST', '/webhooks', '/v3.6/webhooks', { url: 'http://insecure.example.com/' });
  await call(h, 'GET', '/webhooks', '/v3.6/webhooks');
  await call(h, 'GET', '/webhooks/{webhook_id}', `/v3.6/webhooks/${w.id}`);
  await call(h, 'PUT', '/webhooks/{webhook_id}', `/v3.6/webhooks/${w.id}`, { enabled: false });
  const completed = (await h.call('GET', `/v3.6/checks?applicant_id=${plain.id}`)).json.checks[0].id;
  await call(h, 'POST', '/webhooks/resend', '/v3.6/webhooks/resend', { data: [{ resource_id: completed, event: 'check.completed' }] });
  await call(h, 'POST', '/webhooks/resend', '/v3.6/webhooks/resend', { data: [{ resource_id: pending.id, event: 'check.completed' }] });
  await call(h, 'DELETE', '/webhooks/{webhook_id}', `/v3.6/webhooks/${w.id}`);
  await call(h, 'GET', '/webhooks/{webhook_id}', `/v3.6/webhooks/${w.id}`);

  // Workflow runs: awaiting input, processing, each outcome; refusals.
  const runFor = (applicantId: string, extra: Record<string, unknown> = {}) =>
    call(h, 'POST', '/workflow_runs', '/v3.6/workflow_runs', { workflow_id: randomUUID(), applicant_id: applicantId, ...extra });
  await runFor(a.id, { tags: ['vip'], customer_user_id: 'cu-1', link: { completed_redirect_url: null, expires_at: '2030-01-01T00:00:00Z', language: 'en_US' }, custom_data: { k: 'v' } });
  for (const lastName of ['Doe', 'Consider', 'Decline']) {
    const applicant = await call(h, 'POST', '/applicants', '/v3.6/applicants', { first_name: 'R', last_name: lastName });
    const run = await runFor(applicant.id);
    const bearer = { authorization: `Bearer ${run.sdk_token}` };
    await h.upload('/v3.3/documents', { file: fakeImage('jpg', 4096), type: 'passport' }, bearer);
    await h.upload('/v3/live_photos', { file: fakeImage('jpg', 40 * 1024) }, bearer);
    await h.call('POST', `/v4/workflow_runs/${run.id}/complete`, undefined, bearer);
  }
  const s2 = await call(slow, 'POST', '/applicants', '/v3.6/applicants', { first_name: 'P', last_name: 'Doe' });
  const processing = await call(slow, 'POST', '/workflow_runs', '/v3.6/workflow_runs', { workflow_id: randomUUID(), applicant_id: s2.id });
  const bearer = { authorization: `Bearer ${processing.sdk_token}` };
  await slow.upload('/v3.3/documents', { file: fakeImage('jpg', 4096), type: 'passport' }, bearer);
  await slow.upload('/v3/live_photos', { file: fakeImage('jpg', 40 * 1024) }, bearer);
  await slow.call('POST', `/v4/workflow_runs/${processing.id}/complete`, undefined, bearer);
  await call(slow, 'GET', '/workflow_runs/{workflow_run_id}', `/v3.6/workflow_runs/${processing.id}`);
  h.emu.controls.settle();
  for (const run of await call(h, 'GET', '/workflow_runs', '/v3.6/workflow_runs')) await call(h, 'GET', '/workflow_runs/{workflow_run_id}', `/v3.6/workflow_runs/${run.id}`);
  await runFor(us.id);
  await call(h, 'POST', '/workflow_runs', '/v3.6/workflow_runs', { workflow_id: 'not-a-uuid', applicant_id: a.id });
  await call(h, 'GET', '/workflow_runs', '/v3.6/workflow_runs?status=nope');
  await call(h, 'GET', '/workflow_runs/{workflow_run_id}', `/v3.6/workflow_runs/${randomUUID()}`);
  await h.emu.controls.flushWebhooks();
});

describe('every answer validates against the Onfido v3.6 spec', () => {
  it('covers successes and errors of every endpoint', () => {
    // Every operation of the vendored spec but the binary downloads and the text/plain ping.
    const operations = Object.entries(ONFIDO_SPEC.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const json = operations.filter((o) => !o.endsWith('/download') && o !== 'GET /ping');
    expect(new Set(checked.filter((c) => c.status < 300).map((c) => c.operation))).toEqual(new Set(json));
    expect(checked.length).toBeGreaterThan(90);
    expect(new Set(checked.map((c) => c.status))).toEqual(new Set([200, 201, 204, 401, 404, 415, 422]));
  });

  it('has no issue in any of them', () => {
    const failures = checked.filter((c) => c.issues.length > 0).map((c) => ({ call: c.label, issues: c.issues }));
    expect(failures).toEqual([]);
  });

  it('every webhook body validates as webhook_event, workflow_run.completed included', () => {
    const actions = bodies.map((b) => JSON.parse(b).payload.action);
    expect(actions).toEqual(expect.arrayContaining(['check.started', 'report.completed', 'check.completed', 'workflow_run.completed']));
    for (const body of bodies) expect(validate({ $ref: '#/components/schemas/webhook_event' }, JSON.parse(body)), body).toEqual([]);
  });
});
