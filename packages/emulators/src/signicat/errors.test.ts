// Every error an Assure path answers is problem details: the seven members of the API reference's
// sample and nothing else, `status` equal to the HTTP status, `instance` and `method` the request's.
import { describe, expect, it } from 'vitest';
import { problemResponse, problems } from './errors.js';
import { dataUrl, GOOD, harness, type Harness, type Reply } from './testing.js';

interface Case {
  name: string;
  status: number;
  run(h: Harness): Promise<{ res: Reply; method: string; path: string }>;
}

const call = async (h: Harness, method: string, path: string, body?: unknown, headers?: Record<string, string>) => ({
  res: await h.call(method, path, body, headers),
  method,
  path,
});
const auth = async (h: Harness, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${await h.token()}`, ...extra });

const CASES: Case[] = [
  { name: 'no Authorization', status: 401, run: (h) => call(h, 'GET', '/assure/dossiers', undefined, {}) },
  { name: 'a Basic Authorization', status: 400, run: (h) => call(h, 'GET', '/assure/dossiers', undefined, { authorization: 'Basic eDp5' }) },
  { name: 'an unknown token', status: 401, run: (h) => call(h, 'GET', '/assure/dossiers', undefined, { authorization: 'Bearer nope' }) },
  {
    name: 'an expired token',
    status: 401,
    run: async (h) => {
      const headers = await auth(h);
      h.emu.controls.clock.advance(600);
      return call(h, 'GET', '/assure/dossiers', undefined, headers);
    },
  },
  { name: 'an unknown dossier', status: 404, run: (h) => call(h, 'GET', '/assure/dossiers/nope') },
  { name: 'an unknown process', status: 404, run: async (h) => call(h, 'GET', `/assure/dossiers/${await h.dossier()}/processes/nope`) },
  { name: 'an unknown path', status: 404, run: (h) => call(h, 'GET', '/assure/nothing/here/at/all') },
  { name: 'an unknown auth path', status: 404, run: (h) => call(h, 'GET', '/auth/open/connect/userinfo') },
  { name: 'broken JSON', status: 400, run: async (h) => call(h, 'POST', `/assure/dossiers/${await h.dossier()}/processes`, '{', await auth(h, { 'content-type': 'application/json' })) },
  { name: 'a form body', status: 415, run: async (h) => call(h, 'POST', `/assure/dossiers/${await h.dossier()}/processes`, 'a=b', await auth(h, { 'content-type': 'application/x-www-form-urlencoded' })) },
  { name: 'an invalid process', status: 400, run: async (h) => call(h, 'POST', `/assure/dossiers/${await h.dossier()}/processes`, { provider: 'onfido' }) },
  { name: 'an invalid image', status: 400, run: async (h) => call(h, 'POST', `${(await h.process()).base}/files`, { front: dataUrl('gif', 4096) }) },
  { name: 'a raw image of another type', status: 415, run: async (h) => call(h, 'POST', `${(await h.process()).base}/files/FRONT`, 'x', await auth(h, { 'content-type': 'text/plain' })) },
  { name: 'a missing image', status: 404, run: async (h) => call(h, 'GET', `${(await h.process()).base}/files/FRONT`) },
  { name: 'images for documentVideo', status: 400, run: async (h) => call(h, 'POST', `${(await h.process({ processType: 'documentVideo' })).base}/files`, { front: GOOD.front }) },
  { name: 'no location', status: 400, run: async (h) => call(h, 'POST', `${(await h.process({ processParameters: {} })).base}/verify`) },
  {
    name: 'the US rule',
    status: 400,
    run: async (h) => call(h, 'POST', `${(await h.process({ processParameters: { location: { countryOfResidence: 'USA' } } })).base}/verify`),
  },
  { name: 'images missing', status: 400, run: async (h) => call(h, 'POST', `${(await h.process()).base}/verify`) },
  { name: 'another provider’s document types', status: 400, run: (h) => call(h, 'GET', '/assure/idin/document-types') },
  {
    name: 'a second start',
    status: 409,
    run: async (h) => {
      const { base } = await h.process();
      await h.call('POST', `${base}/files`, { front: GOOD.front, selfie: GOOD.selfie });
      await h.call('POST', `${base}/verify`);
      return call(h, 'POST', `${base}/verify`);
    },
  },
  {
    name: 'an injected 429',
    status: 429,
    run: async (h) => {
      h.emu.controls.failNext({ status: 429, operation: 'listDossiers', retryAfterSeconds: 3 });
      return call(h, 'GET', '/assure/dossiers');
    },
  },
  {
    name: 'an injected 503',
    status: 503,
    run: async (h) => {
      await h.call('GET', '/assure/dossiers'); // the harness's token first: an operation-less failure hits the token endpoint too
      h.emu.controls.failNext({ status: 503 });
      return call(h, 'POST', '/assure/dossiers', {});
    },
  },
];

describe('problem details on every error', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const h = harness();
    const { res, method, path } = await c.run(h);
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(Object.keys(res.json).sort()).toEqual(['detail', 'instance', 'method', 'status', 'title', 'traceId', 'type']);
    expect(res.json).toMatchObject({
      instance: path,
      method,
      status: c.status,
      type: c.status >= 500 ? 'base:server-problem' : 'base:client-problem',
      title: expect.any(String),
      detail: expect.any(String),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('a 429 says when to retry', async () => {
    const h = harness();
    await h.call('GET', '/assure/dossiers');
    h.emu.controls.failNext({ status: 429, retryAfterSeconds: 7 });
    expect((await h.call('GET', '/assure/dossiers')).headers.get('retry-after')).toBe('7');
  });

  it('an emulator bug is a 500 server problem that says nothing of its cause', async () => {
    const res = problemResponse(problems.internal(), { path: '/assure/dossiers', method: 'GET' });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ type: 'base:server-problem', title: 'Internal Server Error' });
  });
});
