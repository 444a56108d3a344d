// Auth, Onfido's error object, and the applicant resource with v3.6 location and consents.
import { describe, expect, it } from 'vitest';
import { harness } from './testing.js';

describe('auth and errors', () => {
  it('refuses a missing, malformed or unknown token with 401 and Onfido\'s error object', async () => {
    const h = harness();
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer api_sandbox.emulator0000000000000000000000000000' }, { authorization: 'Token token=api_sandbox.wrong000000' }]) {
      const res = await h.call('GET', '/v3.6/applicants', undefined, headers);
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ type: 'authorization_error', fields: {} });
      expect(typeof res.json.error.message).toBe('string');
    }
  });

  it('answers 404 resource_not_found for an unknown applicant and an unknown path under /v3.6', async () => {
    const h = harness();
    for (const path of ['/v3.6/applicants/00000000-0000-0000-0000-000000000000', '/v3.6/nothing_here']) {
      const res = await h.call('GET', path);
      expect(res.status).toBe(404);
      expect(res.json.error.type).toBe('resource_not_found');
    }
  });

  it('answers 422 validation_error naming each bad field', async () => {
    const h = harness();
    const res = await h.call('POST', '/v3.6/applicants', { first_name: 'Ja<ne', location: { country_of_residence: 'US' } });
    expect(res.status).toBe(422);
    expect(res.json.error.type).toBe('validation_error');
    expect(Object.keys(res.json.error.fields).sort()).toEqual(['first_name', 'last_name', 'location.country_of_residence']);
  });

  it('refuses a body that is not JSON', async () => {
    const h = harness();
    expect((await h.call('POST', '/v3.6/applicants', '{not json')).status).toBe(400);
  });
});

describe('applicants', () => {
  it('creates, retrieves, updates, lists and deletes an applicant', async () => {
    const h = harness();
    const created = await h.call('POST', '/v3.6/applicants', {
      first_name: 'Jane',
      last_name: 'Doe',
      dob: '1990-01-31',
      location: { ip_address: '127.0.0.1', country_of_residence: 'USA' },
      consents: [{ name: 'privacy_notices_read', granted: true }],
      address: { line1: '1 Main St', town: 'Austin', state: 'TX', postcode: '78701', country: 'USA' },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.json).toMatchObject({ href: `/v3.6/applicants/${id}`, sandbox: true, location: { country_of_residence: 'USA' } });
    expect(created.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.json).not.toHaveProperty('consents');

    const consents = await h.call('GET', `/v3.6/applicants/${id}/consents`);
    expect(consents.json).toEqual([{ name: 'privacy_notices_read', granted: true, granted_at: expect.stringMatching(/Z$/) }]);

    const updated = await h.call('PUT', `/v3.6/applicants/${id}`, { last_name: 'Roe' });
    expect(updated.json).toMatchObject({ first_name: 'Jane', last_name: 'Roe' });
    expect((await h.call('GET', `/v3.6/applicants/${id}`)).json.last_name).toBe('Roe');

    expect((await h.call('GET', '/v3.6/applicants')).json.applicants.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await h.call('DELETE', `/v3.6/applicants/${id}`)).status).toBe(204);
    expect((await h.call('GET', `/v3.6/applicants/${id}`)).status).toBe(404);
    expect((await h.call('GET', '/v3.6/applicants?include_deleted=true')).json.applicants).toHaveLength(1);
    expect((await h.call('POST', `/v3.6/applicants/${id}/restore`)).status).toBe(204);
    expect((await h.call('GET', `/v3.6/applicants/${id}`)).status).toBe(200);
  });

  it('lists newest first, page by page (page from 1, per_page defaulting to 20), with each one\'s created_at and names', async () => {
    const h = harness();
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push((await h.applicant({ last_name: `Doe${i}` })).id);
    const newestFirst = [...ids].reverse();
    const first = await h.call('GET', '/v3.6/applicants');
    expect(first.json.applicants.map((a: { id: string }) => a.id)).toEqual(newestFirst.slice(0, 20));
    expect(first.json.applicants[0]).toMatchObject({ first_name: 'Jane', last_name: 'Doe22', created_at: expect.stringMatching(/Z$/) });
    expect((await h.call('GET', '/v3.6/applicants?page=2')).json.applicants.map((a: { id: string }) => a.id)).toEqual(newestFirst.slice(20));
    expect((await h.call('GET', '/v3.6/applicants?page=2&per_page=10')).json.applicants.map((a: { id: string }) => a.id)).toEqual(newestFirst.slice(10, 20));
    expect((await h.call('GET', '/v3.6/applicants?page=3&per_page=100')).json.applicants).toEqual([]);
    // One scheduled for deletion is left out unless include_deleted=true.
    await h.call('DELETE', `/v3.6/applicants/${ids[22]}`);
    expect((await h.call('GET', '/v3.6/applicants?per_page=100')).json.applicants).toHaveLength(22);
    expect((await h.call('GET', '/v3.6/applicants?per_page=100&include_deleted=true')).json.applicants).toHaveLength(23);
  });

  it('accepts a US resident without consent at creation (the rule applies when a check is created)', async () => {
    const h = harness();
    const res = await h.call('POST', '/v3.6/applicants', { first_name: 'A', last_name: 'B', location: { country_of_residence: 'USA' } });
    expect(res.status).toBe(201);
  });

  it('keeps personal fields out of the request log', async () => {
    const h = harness();
    await h.applicant({ email: 'jane@example.com' });
    const [logged] = h.emu.controls.requests({ path: '/v3.6/applicants' });
    expect(JSON.stringify(logged)).not.toMatch(/Jane|Doe|jane@example|api_sandbox/);
  });
});
