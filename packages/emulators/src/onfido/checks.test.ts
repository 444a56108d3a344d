// Checks and reports: the US consent rule, media requirements, sandbox outcomes, breakdowns and
// what a document report read.
import { describe, expect, it } from 'vitest';
import { fakeImage, harness, type Harness } from './testing.js';

async function withMedia(h: Harness, extra: Record<string, unknown> = {}) {
  const { id } = await h.applicant(extra);
  await h.upload('/v3.6/documents', { applicant_id: id, file: fakeImage('jpg', 4096), type: 'passport' });
  await h.upload('/v3.6/live_photos', { applicant_id: id, file: fakeImage('jpg', 40 * 1024) });
  return id;
}
const BOTH = ['document', 'facial_similarity_photo'];

describe('POST /v3.6/checks', () => {
  it('refuses a US resident without privacy_notices_read, and accepts once it is granted', async () => {
    const h = harness();
    const id = await withMedia(h, { location: { country_of_residence: 'USA' } });
    const refused = await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: BOTH });
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({ type: 'validation_error', fields: { consents: [expect.any(String)] } });
    await h.call('PUT', `/v3.6/applicants/${id}`, { consents: [{ name: 'privacy_notices_read', granted: false }] });
    expect((await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: BOTH })).status).toBe(422);
    await h.call('PUT', `/v3.6/applicants/${id}`, { consents: [{ name: 'privacy_notices_read', granted: true }] });
    expect((await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: BOTH })).status).toBe(201);
  });

  it('needs a location, the media each report reads, and valid report names', async () => {
    const h = harness();
    const { id } = await h.applicant({ location: undefined });
    expect((await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: ['document'] })).json.error.fields).toHaveProperty('location');
    const bare = await h.applicant();
    const res = await h.call('POST', '/v3.6/checks', { applicant_id: bare.id, report_names: BOTH });
    expect(Object.keys(res.json.error.fields).sort()).toEqual(['document_ids', 'live_photo']);
    expect((await h.call('POST', '/v3.6/checks', { applicant_id: bare.id, report_names: ['astrology'] })).status).toBe(422);
  });

  it('starts in_progress and completes clear with breakdowns', async () => {
    const h = harness();
    const id = await withMedia(h);
    const created = await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: BOTH });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'in_progress', sandbox: true, version: '3.6' });
    expect(created.json).not.toHaveProperty('result');
    await new Promise((r) => setTimeout(r, 5));
    const check = (await h.call('GET', `/v3.6/checks/${created.json.id}`)).json;
    expect(check).toMatchObject({ status: 'complete', result: 'clear' });
    const reports = (await h.call('GET', `/v3.6/reports?check_id=${check.id}`)).json.reports;
    expect(reports.map((r: { name: string }) => r.name)).toEqual(BOTH);
    const doc = reports[0];
    expect(doc).toMatchObject({ status: 'complete', result: 'clear', sub_result: 'clear', documents: [{ id: expect.any(String) }] });
    expect(Object.keys(doc.breakdown)).toEqual(expect.arrayContaining(['image_integrity', 'visual_authenticity', 'data_validation']));
    const face = (await h.call('GET', `/v3.6/reports/${reports[1].id}`)).json;
    expect(face.breakdown.face_comparison.breakdown.face_match.properties.score).toBeGreaterThan(0.5);
    expect(face.live_photos).toHaveLength(1);
  });

  it('follows the sandbox rules: last name Consider, consider[], sub_result', async () => {
    const h = harness();
    const consider = await withMedia(h, { last_name: 'Consider' });
    const a = await h.call('POST', '/v3.6/checks', { applicant_id: consider, report_names: BOTH, asynchronous: false });
    expect(a.json).toMatchObject({ status: 'complete', result: 'consider' });

    const plain = await withMedia(h);
    const b = await h.call('POST', '/v3.6/checks', { applicant_id: plain, report_names: BOTH, consider: ['facial_similarity_photo'], asynchronous: false });
    const reports = (await h.call('GET', `/v3.6/reports?check_id=${b.json.id}`)).json.reports;
    expect(reports.map((r: { result: string }) => r.result)).toEqual(['clear', 'consider']);

    const c = await h.call('POST', '/v3.6/checks', { applicant_id: plain, report_names: ['document'], sub_result: 'rejected', asynchronous: false });
    const [doc] = (await h.call('GET', `/v3.6/reports?check_id=${c.json.id}`)).json.reports;
    expect(doc).toMatchObject({ result: 'consider', sub_result: 'rejected' });
    expect(doc.breakdown.image_integrity.result).toBe('consider');
  });

  it('document reports carry what was read from the document: the applicant\'s names and birth date, the uploaded type and country', async () => {
    const h = harness();
    const { id } = await h.applicant({ dob: '1985-04-12' });
    for (const side of ['front', 'back']) {
      await h.upload('/v3.6/documents', { applicant_id: id, file: fakeImage('jpg', 4096), type: 'driving_licence', side, ...(side === 'front' ? { issuing_country: 'FRA' } : {}) });
    }
    const check = await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: ['document'], asynchronous: false });
    const [report] = (await h.call('GET', `/v3.6/reports?check_id=${check.json.id}`)).json.reports;
    expect(report.properties).toEqual({
      first_name: 'Jane',
      last_name: 'Doe',
      date_of_birth: '1985-04-12',
      date_of_expiry: '2030-01-01',
      document_numbers: [{ type: 'document_number', value: '123456789' }],
      document_type: 'driving_licence',
      issuing_country: 'FRA',
      nationality: '',
      gender: '',
    });
    // What the document said does not change with the applicant afterwards.
    await h.call('PUT', `/v3.6/applicants/${id}`, { first_name: 'Janet' });
    expect((await h.call('GET', `/v3.6/reports/${report.id}`)).json.properties.first_name).toBe('Jane');
    // Kept out of the request log, like the applicant's own fields.
    const logged = h.emu.controls.requests({ path: `/v3.6/reports/${report.id}` })[0]!.response as { properties: Record<string, unknown> };
    expect(logged.properties).toMatchObject({ first_name: '[redacted]', date_of_birth: '[redacted]', document_numbers: '[redacted]' });

    // No birth date given: the sample's; a passport states a nationality; caution: an expired document.
    const plain = await withMedia(h);
    const caution = await h.call('POST', '/v3.6/checks', { applicant_id: plain, report_names: ['document'], sub_result: 'caution', asynchronous: false });
    const [doc] = (await h.call('GET', `/v3.6/reports?check_id=${caution.json.id}`)).json.reports;
    expect(doc.properties).toMatchObject({ date_of_birth: '1990-01-01', document_type: 'passport', issuing_country: 'GBR', nationality: 'GBR', date_of_expiry: '2020-01-01' });
    expect(doc.breakdown.data_validation.breakdown.document_expiration.result).toBe('consider');
  });

  it('keeps a check in progress until the emulator clock passes processingSeconds', async () => {
    const h = harness({ processingSeconds: 30 });
    const id = await withMedia(h);
    const created = await h.call('POST', '/v3.6/checks', { applicant_id: id, report_names: ['document'] });
    expect((await h.call('GET', `/v3.6/checks/${created.json.id}`)).json.status).toBe('in_progress');
    h.emu.controls.clock.advance(31);
    expect((await h.call('GET', `/v3.6/checks/${created.json.id}`)).json.status).toBe('complete');
  });
});
