// Document and live-photo uploads: the spec's size and type limits, and reads of what was stored.
import { describe, expect, it } from 'vitest';
import { fakeImage, harness } from './testing.js';

describe('POST /v3.6/documents and /v3.6/live_photos', () => {
  it('stores a valid document and serves it back', async () => {
    const h = harness();
    const { id } = await h.applicant();
    const res = await h.upload('/v3.6/documents', { applicant_id: id, file: fakeImage('jpg', 2048), type: 'driving_licence', side: 'back', issuing_country: 'USA' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: 'driving_licence', side: 'back', issuing_country: 'USA', file_type: 'jpg', file_size: 2048, applicant_id: id });
    expect((await h.call('GET', `/v3.6/documents/${res.json.id}`)).json.id).toBe(res.json.id);
    const download = await h.emu.fetch(`http://onfido.test${res.json.download_href}`, { headers: { authorization: 'Token token=api_sandbox.emulator0000000000000000000000000000' } });
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect((await download.arrayBuffer()).byteLength).toBe(2048);
  });

  it.each([
    ['document too small', '/v3.6/documents', fakeImage('jpg', 2047), 'file'],
    ['document too large', '/v3.6/documents', fakeImage('png', 3 * 1024 * 1024 + 1), 'file'],
    ['document of another type', '/v3.6/documents', fakeImage('gif', 4096), 'file'],
    ['live photo too small', '/v3.6/live_photos', fakeImage('jpg', 32 * 1024 - 1), 'file'],
    ['live photo too large', '/v3.6/live_photos', fakeImage('jpg', 10 * 1024 * 1024 + 1), 'file'],
  ])('refuses a %s with 422', async (_label, path, file, field) => {
    const h = harness();
    const { id } = await h.applicant();
    const res = await h.upload(path, { applicant_id: id, file, type: 'passport' });
    expect(res.status).toBe(422);
    expect(res.json.error.type).toBe('validation_error');
    expect(res.json.error.fields).toHaveProperty(field);
  });

  it('accepts the limits exactly and refuses a missing file, bad type or unknown applicant', async () => {
    const h = harness();
    const { id } = await h.applicant();
    expect((await h.upload('/v3.6/documents', { applicant_id: id, file: fakeImage('png', 3 * 1024 * 1024), type: 'passport' })).status).toBe(201);
    expect((await h.upload('/v3.6/live_photos', { applicant_id: id, file: fakeImage('jpg', 32 * 1024) })).status).toBe(201);
    const bad = await h.upload('/v3.6/documents', { applicant_id: 'nobody', type: 'library_card' });
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['applicant_id', 'file', 'type']);
  });

  it('needs multipart and never records image bytes in the request log', async () => {
    const h = harness();
    const { id } = await h.applicant();
    expect((await h.call('POST', '/v3.6/documents', { applicant_id: id })).status).toBe(415);
    await h.upload('/v3.6/live_photos', { applicant_id: id, file: fakeImage('jpg', 40 * 1024) });
    const [logged] = h.emu.controls.requests({ path: '/v3.6/live_photos', method: 'POST' });
    expect(JSON.stringify(logged).length).toBeLessThan(4000);
  });
});
