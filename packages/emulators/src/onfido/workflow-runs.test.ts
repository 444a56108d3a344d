// Workflow runs: creation and its checks, the bare-array list and its filters, the SDK's /v4 side
// (token applicant only, captures required), outcomes on the emulator clock and the signed webhook.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ONFIDO_EMULATOR_WEBHOOK_TOKEN } from './keys.js';
import { responseSchema, validate } from './openapi.js';
import { fakeImage, harness, type Harness } from './testing.js';
import { verifyOnfidoSignature } from './webhooks.js';

const sdkDecode = (token: string) => JSON.parse(atob(token.split('.')[1]!));

async function createRun(h: Harness, extra: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}) {
  const { id } = await h.applicant(applicant);
  const res = await h.call('POST', '/v3.6/workflow_runs', { workflow_id: randomUUID(), applicant_id: id, ...extra });
  expect(res.status).toBe(201);
  return res.json;
}

/** What the Web SDK does for a run: upload a document and a selfie with the run's token, then complete. */
async function captureAndComplete(h: Harness, run: { id: string; sdk_token: string }) {
  const bearer = { authorization: `Bearer ${run.sdk_token}` };
  expect((await h.upload('/v3.3/documents', { file: fakeImage('jpg', 4096), type: 'passport', side: 'front' }, bearer)).status).toBe(201);
  expect((await h.upload('/v3/live_photos', { file: fakeImage('jpg', 40 * 1024) }, bearer)).status).toBe(201);
  return h.call('POST', `/v4/workflow_runs/${run.id}/complete`, undefined, bearer);
}

describe('POST /v3.6/workflow_runs', () => {
  it('creates an awaiting_input run with the spec fields and an SDK token for its applicant', async () => {
    const h = harness();
    const workflowId = randomUUID();
    const { id } = await h.applicant();
    const link = { completed_redirect_url: 'https://example.test/done', expires_at: '2030-01-01T00:00:00Z', language: 'en_US' };
    const res = await h.call('POST', '/v3.6/workflow_runs', { workflow_id: workflowId, applicant_id: id, tags: ['t1'], customer_user_id: 'cu-1', link, custom_data: { a: 1 } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ applicant_id: id, workflow_id: workflowId, workflow_version_id: 1, status: 'awaiting_input', tags: ['t1'], customer_user_id: 'cu-1', link, output: {}, reasons: [] });
    expect(sdkDecode(res.json.sdk_token).payload.app).toBe(id);
    expect(validate(responseSchema('POST', '/workflow_runs', 201), res.json)).toEqual([]);
    expect((await h.call('GET', `/v3.6/workflow_runs/${res.json.id}`)).json).toEqual(res.json);
  });

  it('refuses a workflow_id that is not a UUID, an unknown applicant and over-long tags with 422', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const bad = await h.call('POST', '/v3.6/workflow_runs', { workflow_id: 'kyc', applicant_id: 'nobody', tags: ['x'.repeat(129)] });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['tags.0', 'workflow_id']);
    const unknown = await h.call('POST', '/v3.6/workflow_runs', { workflow_id: randomUUID(), applicant_id: randomUUID() });
    expect(unknown.json.error.fields).toEqual({ applicant_id: ['not found'] });
    expect((await h.call('POST', '/v3.6/workflow_runs', { workflow_id: randomUUID(), applicant_id: id, tags: Array(31).fill('t') })).status).toBe(422);
  });

  it('applies the US privacy-notice rule of checks (the emulated workflow captures a face)', async () => {
    const h = harness();
    const { id } = await h.applicant({ location: { country_of_residence: 'USA' } });
    const refused = await h.call('POST', '/v3.6/workflow_runs', { workflow_id: randomUUID(), applicant_id: id });
    expect(refused.status).toBe(422);
    expect(refused.json.error.fields).toHaveProperty('consents');
    await h.call('PUT', `/v3.6/applicants/${id}`, { consents: [{ name: 'privacy_notices_read', granted: true }] });
    expect((await h.call('POST', '/v3.6/workflow_runs', { workflow_id: randomUUID(), applicant_id: id })).status).toBe(201);
  });
});

describe('GET /v3.6/workflow_runs', () => {
  it('answers a bare array, newest first, filtered by status, applicant, tags, dates and sorted on request', async () => {
    const h = harness();
    const a = await createRun(h, { tags: ['blue'] });
    const b = await createRun(h);
    await captureAndComplete(h, b);
    const all = (await h.call('GET', '/v3.6/workflow_runs')).json;
    expect(Array.isArray(all)).toBe(true);
    expect(all.map((r: { id: string }) => r.id)).toEqual([b.id, a.id]);
    expect((await h.call('GET', '/v3.6/workflow_runs?sort=asc')).json.map((r: { id: string }) => r.id)).toEqual([a.id, b.id]);
    expect((await h.call('GET', '/v3.6/workflow_runs?status=awaiting_input,review')).json.map((r: { id: string }) => r.id)).toEqual([a.id]);
    expect((await h.call('GET', `/v3.6/workflow_runs?applicant_id=${b.applicant_id}`)).json).toHaveLength(1);
    expect((await h.call('GET', '/v3.6/workflow_runs?tags=blue')).json.map((r: { id: string }) => r.id)).toEqual([a.id]);
    expect((await h.call('GET', '/v3.6/workflow_runs?created_at_gt=2999-01-01')).json).toEqual([]);
    expect((await h.call('GET', '/v3.6/workflow_runs?page=2')).json).toEqual([]);
    expect((await h.call('GET', '/v3.6/workflow_runs?status=finished')).status).toBe(422);
    expect((await h.call('GET', `/v3.6/workflow_runs/${randomUUID()}`)).status).toBe(404);
  });
});

describe('the SDK side: /v4/workflow_runs/{id} and /complete', () => {
  it('lets only the run applicant token read and complete it, once its captures are uploaded', async () => {
    const h = harness();
    const run = await createRun(h);
    const other = await createRun(h);
    const bearer = { authorization: `Bearer ${run.sdk_token}` };
    expect((await h.call('GET', `/v4/workflow_runs/${run.id}`, undefined, bearer)).json).toMatchObject({ id: run.id, status: 'awaiting_input', sdk_token: null });
    expect((await h.call('GET', `/v4/workflow_runs/${other.id}`, undefined, bearer)).status).toBe(404);
    expect((await h.call('POST', `/v4/workflow_runs/${other.id}/complete`, undefined, bearer)).status).toBe(404);
    expect((await h.call('POST', `/v4/workflow_runs/${run.id}/complete`)).status).toBe(401);
    const early = await h.call('POST', `/v4/workflow_runs/${run.id}/complete`, undefined, bearer);
    expect(early.status).toBe(422);
    expect(Object.keys(early.json.error.fields).sort()).toEqual(['document', 'face']);
    expect((await captureAndComplete(h, run)).json).toMatchObject({ id: run.id, status: 'processing' });
    expect((await h.call('POST', `/v4/workflow_runs/${run.id}/complete`, undefined, bearer)).status).toBe(422);
  });

  it('refuses an expired run token with expired_token', async () => {
    const h = harness();
    const run = await createRun(h);
    h.emu.controls.clock.advance(91 * 60);
    const res = await h.call('POST', `/v4/workflow_runs/${run.id}/complete`, undefined, { authorization: `Bearer ${run.sdk_token}` });
    expect(res.status).toBe(401);
    expect(res.json.error.type).toBe('expired_token');
  });
});

describe('outcomes', () => {
  it.each([
    ['Doe', 'approved', []],
    ['Consider', 'review', ['sandbox_last_name_consider']],
    ['Decline', 'declined', ['sandbox_last_name_decline']],
  ])('last name %s: processing, then %s on the emulator clock, with a signed workflow_run.completed', async (lastName, status, reasons) => {
    const received: Array<{ body: string; signature: string }> = [];
    const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      received.push({ body: String(init?.body), signature: new Headers(init?.headers).get('x-sha2-signature')! });
      return new Response(null, { status: 200 });
    }) as typeof globalThis.fetch;
    const h = harness({ processingSeconds: 60, fetch, webhooks: [{ url: 'https://hooks.example.com/onfido' }] });
    const run = await createRun(h, {}, { last_name: lastName });
    await captureAndComplete(h, run);
    expect((await h.call('GET', `/v3.6/workflow_runs/${run.id}`)).json.status).toBe('processing');
    h.emu.controls.clock.advance(61);
    const done = (await h.call('GET', `/v3.6/workflow_runs/${run.id}`)).json;
    expect(done).toMatchObject({ status, reasons });
    await h.emu.controls.flushWebhooks();
    expect(received).toHaveLength(1);
    expect(verifyOnfidoSignature(received[0]!.body, received[0]!.signature, ONFIDO_EMULATOR_WEBHOOK_TOKEN)).toBe(true);
    const event = JSON.parse(received[0]!.body);
    expect(event.payload).toMatchObject({
      resource_type: 'workflow_run',
      action: 'workflow_run.completed',
      object: { id: run.id, status, href: `http://onfido.test/v3.6/workflow_runs/${run.id}` },
      resource: { id: run.id, applicant_id: run.applicant_id, status, reasons },
    });
    expect(event.payload.resource).not.toHaveProperty('sdk_token');
    expect(validate({ $ref: '#/components/schemas/webhook_event' }, event)).toEqual([]);
  });
});
