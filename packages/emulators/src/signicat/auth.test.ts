// The token endpoint (client credentials with client_secret_basic, RFC 6749 errors) and the Bearer
// guard on /assure/* (problem details; tokens expire on the emulator clock).
import { describe, expect, it } from 'vitest';
import { parseBasic } from './auth.js';
import { SIGNICAT_EMULATOR_CLIENT_ID, SIGNICAT_EMULATOR_CLIENT_SECRET } from './keys.js';
import { basic, harness, ORIGIN } from './testing.js';

const FORM = 'application/x-www-form-urlencoded';

async function token(h: ReturnType<typeof harness>, headers: Record<string, string>, body: string) {
  const res = await h.emu.fetch(`${ORIGIN}/auth/open/connect/token`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('POST /auth/open/connect/token', () => {
  it('issues a Bearer token for the emulator client', async () => {
    const h = harness();
    const res = await token(h, { authorization: basic(), 'content-type': FORM }, 'grant_type=client_credentials&scope=signicat-api');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.any(String), expires_in: 600, token_type: 'Bearer', scope: 'signicat-api' });
  });

  it.each([
    ['a wrong secret', { authorization: basic(SIGNICAT_EMULATOR_CLIENT_ID, 'nope'), 'content-type': FORM }, 'grant_type=client_credentials', 'invalid_client'],
    ['an unknown client', { authorization: basic('someone', SIGNICAT_EMULATOR_CLIENT_SECRET), 'content-type': FORM }, 'grant_type=client_credentials', 'invalid_client'],
    ['no Authorization', { 'content-type': FORM }, `grant_type=client_credentials&client_id=${SIGNICAT_EMULATOR_CLIENT_ID}&client_secret=${SIGNICAT_EMULATOR_CLIENT_SECRET}`, 'invalid_client'],
    ['a Bearer header', { authorization: 'Bearer abc', 'content-type': FORM }, 'grant_type=client_credentials', 'invalid_client'],
    ['Basic without a colon', { authorization: `Basic ${Buffer.from('justid').toString('base64')}`, 'content-type': FORM }, 'grant_type=client_credentials', 'invalid_client'],
    ['another grant', { authorization: basic(), 'content-type': FORM }, 'grant_type=password', 'unsupported_grant_type'],
    ['an unknown scope', { authorization: basic(), 'content-type': FORM }, 'grant_type=client_credentials&scope=signicat-api admin', 'invalid_scope'],
    ['a JSON body', { authorization: basic(), 'content-type': 'application/json' }, '{"grant_type":"client_credentials"}', 'invalid_request'],
  ])('refuses %s with an OAuth error', async (_name, headers, body, error) => {
    const res = await token(harness(), headers, body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error, error_description: expect.any(String) });
  });

  it('accepts configured clients, form-urlencoded in the Basic header as RFC 6749 says', async () => {
    const h = harness({ clients: [{ clientId: 'my client', clientSecret: 's3cr3t&x' }], tokenTtlSeconds: 60 });
    const header = `Basic ${Buffer.from(`${encodeURIComponent('my client')}:${encodeURIComponent('s3cr3t&x')}`).toString('base64')}`;
    const res = await token(h, { authorization: header, 'content-type': FORM }, 'grant_type=client_credentials');
    expect(res.json).toMatchObject({ expires_in: 60, scope: 'signicat-api' });
    expect(parseBasic(header)).toEqual({ clientId: 'my client', clientSecret: 's3cr3t&x' });
  });

  it('checks its options when built', () => {
    expect(() => harness({ clients: [] })).toThrow(/at least one client/);
    expect(() => harness({ tokenTtlSeconds: 0 })).toThrow(/tokenTtlSeconds/);
    expect(() => harness({ ipCountries: { '8.8.8.8': 'us' } })).toThrow(/ISO-3/);
  });
});

describe('Bearer on /assure/*', () => {
  const problem = (status: number, title: string) => ({ status, type: 'base:client-problem', title, method: 'GET', instance: '/assure/dossiers' });

  it('answers the sample problem for a non-Bearer header, 401 for none or an unknown token', async () => {
    const h = harness();
    expect((await h.call('GET', '/assure/dossiers', undefined, { authorization: 'Basic abc' })).json).toMatchObject(problem(400, 'Malformed Authorization header.'));
    expect((await h.call('GET', '/assure/dossiers', undefined, {})).json).toMatchObject(problem(401, 'Unauthorized'));
    const unknown = await h.call('GET', '/assure/dossiers', undefined, { authorization: 'Bearer not-a-token' });
    expect(unknown.status).toBe(401);
    expect(unknown.json.detail).toMatch(/not valid/);
  });

  it('expires a token after expires_in seconds on the emulator clock', async () => {
    const h = harness();
    const t = await h.token();
    const auth = { authorization: `Bearer ${t}` };
    h.emu.controls.clock.advance(599);
    expect((await h.call('GET', '/assure/dossiers', undefined, auth)).status).toBe(200);
    h.emu.controls.clock.advance(1);
    const expired = await h.call('GET', '/assure/dossiers', undefined, auth);
    expect(expired.status).toBe(401);
    expect(expired.json.detail).toMatch(/expired/);
    expect((await h.call('GET', '/assure/dossiers', undefined, { authorization: `Bearer ${await h.token()}` })).status).toBe(200);
  });

  it('expireAccessTokens expires the tokens minted so far, not later ones', async () => {
    const h = harness();
    const before = await h.token();
    expect(h.emu.controls.expireAccessTokens()).toBe(1);
    expect((await h.call('GET', '/assure/dossiers', undefined, { authorization: `Bearer ${before}` })).json.detail).toMatch(/expired/);
    expect((await h.call('GET', '/assure/dossiers', undefined, { authorization: `Bearer ${await h.token()}` })).status).toBe(200);
  });

  it('keeps secrets and tokens out of the request log', async () => {
    const h = harness();
    await h.call('GET', '/assure/dossiers');
    const [tokenCall, apiCall] = h.emu.controls.requests();
    expect(tokenCall!.headers.authorization).toBe('[redacted]');
    expect((tokenCall!.response as Record<string, unknown>).access_token).toBe('[redacted]');
    expect(apiCall!.headers.authorization).toBe('[redacted]');
  });
});
