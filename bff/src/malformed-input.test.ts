// Every route of the BFF, taken from the route table itself (so a new route is covered the day
// it is added), answers malformed input with a 4xx JSON error that names the problem: never
// a 5xx, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBff, TEST_API_KEY } from './testing.js';

let bff: Awaited<ReturnType<typeof createTestBff>>;
let secret: string;
let sessionId: string;
beforeAll(async () => {
  bff = await createTestBff({ TURNSTILE_SITEKEY: 'k', TURNSTILE_SECRET: 'unit-test-secret' });
  const s = await bff.createSession();
  secret = s.client_secret;
  sessionId = s.id;
});
afterAll(async () => bff.close());

const specs = () => bff.routes.specs;

const credentialFor = (auth: string) => (auth === 'api_key' || auth === 'api_key_or_client_secret' ? TEST_API_KEY : auth === 'client_secret' ? secret : undefined);
/** A credential of the other kind, for a route that takes one kind only. */
const wrongKindFor = (auth: string) => (auth === 'api_key' ? [secret] : auth === 'client_secret' ? [TEST_API_KEY] : []);
const pathOf = (path: string) => path.replace(':id', sessionId).replace(':provider', 'stripe');

async function expectClear4xx(r: { status: number; json: any; text: string }, label: string) {
  expect(r.status, label).toBeGreaterThanOrEqual(400);
  expect(r.status, label).toBeLessThan(500);
  expect(r.json?.error?.code, `${label}: ${r.text.slice(0, 200)}`).toEqual(expect.any(String));
  expect(r.json.error.message, label).toEqual(expect.any(String));
  expect(r.text, label).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('malformed input on every route', () => {
  it('covers the routes that take a body', () => {
    expect(specs().filter((s) => s.body).length).toBeGreaterThanOrEqual(7);
  });

  const bodies: [string, string, Record<string, string>][] = [
    ['bad JSON', '{"a": ', { 'content-type': 'application/json' }],
    ['wrong content type', 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['wrong types', JSON.stringify({ provider_key: 42, notice: [], country: {}, token: false, advance_seconds: 'x', requirements: 'all' }), { 'content-type': 'application/json' }],
    ['a JSON array', '[1,2,3]', { 'content-type': 'application/json' }],
    ['a huge body', JSON.stringify({ x: 'y'.repeat(300_000) }), { 'content-type': 'application/json' }],
  ];

  it.each(bodies)('%s, on every route that takes a body', async (name, body, headers) => {
    for (const spec of specs().filter((s) => s.body)) {
      const auth = credentialFor(spec.auth);
      const r = await bff.call(spec.method.toUpperCase(), pathOf(spec.path), { ...(auth ? { auth } : {}), body, headers });
      await expectClear4xx(r, `${name} → ${spec.method.toUpperCase()} ${spec.path}`);
    }
  });

  it('an unknown query parameter, on every route that reads a query', async () => {
    for (const spec of specs().filter((s) => s.query)) {
      const auth = credentialFor(spec.auth);
      const r = await bff.call(spec.method.toUpperCase(), `${pathOf(spec.path)}?surprise=1`, auth ? { auth } : {});
      await expectClear4xx(r, `${spec.method.toUpperCase()} ${spec.path}?surprise=1`);
      expect(r.json.error.details.issues[0].path).toMatch(/^query/);
    }
  });

  it('no credentials, or the wrong kind, on every authenticated route', async () => {
    for (const spec of specs().filter((s) => s.auth !== 'none')) {
      for (const auth of [undefined, ...wrongKindFor(spec.auth), 'garbage']) {
        const r = await bff.call(spec.method.toUpperCase(), pathOf(spec.path), auth ? { auth } : {});
        expect(r.status, `${spec.path} with ${auth ?? 'nothing'}`).toBe(401);
        await expectClear4xx(r, spec.path);
      }
    }
  });
});
