// Images: type by magic bytes, Onfido's size limits, the images each process needs at start
// verification, the raw-binary variant, Get image, and no image or dataURL in the request log.
import { describe, expect, it } from 'vitest';
import { checkImage, parseDataUrl, sniffImage } from './images.js';
import { dataUrl, fakeImage, GOOD, harness } from './testing.js';

const KB = 1024;

describe('image checks', () => {
  it('reads the type from the bytes', () => {
    expect(sniffImage(fakeImage('jpeg', 10))).toBe('jpeg');
    expect(sniffImage(fakeImage('png', 10))).toBe('png');
    expect(sniffImage(fakeImage('gif', 10))).toBeNull();
  });

  it('parses base64 dataURLs only', () => {
    expect(parseDataUrl('data:image/png;base64,iVBORw0KGgo=')).toMatchObject({ mime: 'image/png' });
    expect(parseDataUrl('data:image/jpeg;name=a.jpg;base64,/9j/')).toMatchObject({ mime: 'image/jpeg' });
    expect(parseDataUrl('data:image/png,rawtext')).toBeNull();
    expect(parseDataUrl('data:image/png;base64,not*base64')).toBeNull();
    expect(parseDataUrl('/9j/4AAQ')).toBeNull();
  });

  it.each([
    ['front', fakeImage('jpeg', 2 * KB), 'image/jpeg', null],
    ['front', fakeImage('jpeg', 2 * KB - 1), 'image/jpeg', /between 2 KB and 3 MB/],
    ['back', fakeImage('png', 3 * KB * KB + 1), 'image/png', /between 2 KB and 3 MB/],
    ['selfie', fakeImage('jpeg', 31 * KB), 'image/jpeg', /between 32 KB and 10 MB/],
    ['front', fakeImage('gif', 4 * KB), 'image/gif', /JPEG or PNG/],
    ['front', fakeImage('jpeg', 4 * KB), 'image/png', /declared image\/png/],
    ['front', fakeImage('jpeg', 4 * KB), 'image/jpg', null],
  ] as const)('%s of %#', (kind, bytes, mime, problem) => {
    const r = checkImage(kind, bytes, mime);
    if (problem) expect(r).toMatch(problem);
    else expect(r).toMatchObject({ bytes });
  });
});

describe('process images', () => {
  it('refuses bad images in one problem naming each', async () => {
    const h = harness();
    const { base } = await h.process();
    const res = await h.call('POST', `${base}/files`, { front: dataUrl('gif', 4096), selfie: dataUrl('jpeg', 1024), back: 'https://example.com/a.jpg' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ title: 'Invalid image', status: 400 });
    expect(res.json.detail).toMatch(/FRONT: must be a JPEG or PNG image/);
    expect(res.json.detail).toMatch(/BACK: must be a base64 dataURL/);
    expect(res.json.detail).toMatch(/SELFIE: must be between 32 KB and 10 MB/);
  });

  it('needs FRONT always, SELFIE for documentSelfie, BACK for a two-sided document', async () => {
    const h = harness();
    const selfie = await h.process();
    await h.call('POST', `${selfie.base}/files`, { front: GOOD.front });
    expect((await h.call('POST', `${selfie.base}/verify`)).json.detail).toBe('The process needs these images before verification: SELFIE.');

    const card = await h.process({ processType: 'document', documentType: 'identityCard' });
    expect((await h.call('POST', `${card.base}/verify`)).json.detail).toBe('The process needs these images before verification: FRONT, BACK.');
    await h.call('POST', `${card.base}/files`, { front: GOOD.front, back: GOOD.back });
    expect((await h.call('POST', `${card.base}/verify`)).status).toBe(200);
  });

  it('takes one raw image per call too, and hands images back through Get image', async () => {
    const h = harness();
    const { base, processId } = await h.process();
    const token = await h.token();
    const raw = (type: string, body: Uint8Array, ct: string) => h.call('POST', `${base}/files/${type}`, body, { authorization: `Bearer ${token}`, 'content-type': ct });
    const front = fakeImage('png', 5 * KB);
    expect((await raw('FRONT', front, 'image/png')).status).toBe(204);
    expect((await raw('SELFIE', fakeImage('jpeg', 40 * KB), 'image/jpeg')).status).toBe(204);
    expect((await raw('SELFIE', fakeImage('jpeg', 40 * KB), 'application/octet-stream')).status).toBe(415);
    expect((await raw('SELFIE', fakeImage('gif', 40 * KB), 'image/jpeg')).json.detail).toMatch(/SELFIE: must be a JPEG or PNG/);
    expect((await raw('PORTRAIT', front, 'image/png')).status).toBe(400);

    const got = await h.emu.fetch(`https://api.signicat.test${base}/files/FRONT`, { headers: { authorization: `Bearer ${token}` } });
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(front);
    expect((await h.call('GET', `${base}/files/BACK`)).status).toBe(404);
    expect((await h.call('GET', `${base}/files/PORTRAIT`)).status).toBe(404);

    expect((await h.call('POST', `${base}/verify`)).status).toBe(200);
    await h.emu.controls.waitForEvent({ processId });
    expect((await h.call('GET', base)).json.depictions).toEqual(['front', 'selfie']);
  });

  it('never keeps images or dataURLs in the request log, and drops images on reset', async () => {
    const h = harness();
    const { base, dossierId } = await h.process();
    const small = dataUrl('jpeg', 2 * KB); // small enough for the log to keep the body
    await h.call('POST', `${base}/files`, { front: small });
    await h.call('POST', `/assure/dossiers/${dossierId}/files`, { front: small });
    const log = JSON.stringify(h.emu.controls.requests());
    expect(log).not.toContain('data:image');
    expect(log).not.toContain(small.slice(30, 60));
    h.emu.controls.reset();
    expect((await h.call('GET', `${base}/files/FRONT`, undefined, { authorization: `Bearer ${await h.token()}` })).status).toBe(404);
  });
});
