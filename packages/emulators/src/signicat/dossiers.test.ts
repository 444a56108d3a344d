// Dossiers: create (with or without a body), list, get, delete (its processes and images go with
// it), and the files kept in a dossier, which a process without images of its own uses.
import { describe, expect, it } from 'vitest';
import { GOOD, harness } from './testing.js';

describe('dossiers', () => {
  it('creates, lists, reads and deletes', async () => {
    const h = harness();
    const created = await h.call('POST', '/assure/dossiers', {});
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ dossierId: expect.stringMatching(/^[0-9a-f-]{36}$/), createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), updatedAt: expect.any(String), depictions: [], processes: [] });
    const id = created.json.dossierId;

    const list = await h.call('GET', '/assure/dossiers');
    expect(list.json).toEqual([created.json]);
    expect((await h.call('GET', `/assure/dossiers/${id}`)).json).toEqual(created.json);

    expect((await h.call('DELETE', `/assure/dossiers/${id}`)).status).toBe(204);
    expect((await h.call('GET', `/assure/dossiers/${id}`)).status).toBe(404);
    expect((await h.call('DELETE', `/assure/dossiers/${id}`)).status).toBe(404);
    expect((await h.call('GET', '/assure/dossiers')).json).toEqual([]);
  });

  it('takes a create call with no body at all, as the docs curl sends it', async () => {
    const h = harness();
    const res = await h.call('POST', '/assure/dossiers', '', { authorization: `Bearer ${await h.token()}`, 'content-type': 'application/json' });
    expect(res.status).toBe(201);
  });

  it('lists its processes; deleting the dossier drops them and their images', async () => {
    const h = harness();
    const { dossierId, base, processId } = await h.process();
    await h.call('POST', `${base}/files`, { front: GOOD.front });
    expect((await h.call('GET', `/assure/dossiers/${dossierId}`)).json.processes).toMatchObject([{ processId, status: 'pending' }]);
    await h.call('DELETE', `/assure/dossiers/${dossierId}`);
    expect((await h.call('GET', `${base}/files/FRONT`)).status).toBe(404);
  });

  it('keeps files, one at a time or all at once, and deletes them', async () => {
    const h = harness();
    const id = await h.dossier();
    expect((await h.call('POST', `/assure/dossiers/${id}/files`, { front: GOOD.front })).status).toBe(204);
    expect((await h.call('POST', `/assure/dossiers/${id}/files`, { selfie: GOOD.selfie })).status).toBe(204);
    expect((await h.call('GET', `/assure/dossiers/${id}`)).json.depictions).toEqual(['front', 'selfie']);
    expect((await h.call('DELETE', `/assure/dossiers/${id}/files`)).status).toBe(204);
    expect((await h.call('GET', `/assure/dossiers/${id}`)).json.depictions).toEqual([]);
  });

  it('refuses files with unknown keys or none', async () => {
    const h = harness();
    const id = await h.dossier();
    const upper = await h.call('POST', `/assure/dossiers/${id}/files`, { FRONT: GOOD.front });
    expect(upper.status).toBe(400);
    expect(upper.json.detail).toMatch(/FRONT/);
    expect((await h.call('POST', `/assure/dossiers/${id}/files`, {})).json.detail).toMatch(/at least one/);
  });

  it('a process without images of its own is verified with the dossier files', async () => {
    const h = harness();
    const { dossierId, base, processId } = await h.process();
    await h.call('POST', `/assure/dossiers/${dossierId}/files`, { front: GOOD.front });
    // A refused start takes nothing from the dossier: its files are read again at the next start.
    expect((await h.call('POST', `${base}/verify`)).json.detail).toMatch(/SELFIE/);
    await h.call('POST', `/assure/dossiers/${dossierId}/files`, { selfie: GOOD.selfie });
    expect((await h.call('POST', `${base}/verify`)).status).toBe(200);
    await h.emu.controls.waitForEvent({ processId });
    const body = (await h.call('GET', base)).json;
    expect(body).toMatchObject({ status: 'accepted', depictions: ['front', 'selfie'] });
    expect((await h.call('GET', `${base}/files/SELFIE`)).status).toBe(200);
  });
});
