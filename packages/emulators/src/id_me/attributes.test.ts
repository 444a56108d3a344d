// attributes.json and policies in process, over verifications recorded directly (the OIDC sign-in
// that records them in the running emulator is covered by oidc.test.ts).
import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../shared/clock.js';
import { ATTRIBUTES_PATH, mountRestApi, POLICIES_PATH, type AccessCheck } from './attributes.js';
import { DocumentStore } from './documents.js';
import { DEFAULT_CONSUMER, ID_ME_EMULATOR_CLIENT_ID, ID_ME_EMULATOR_CLIENT_SECRET, type IdMeConsumer } from './keys.js';
import { personById, type TestPerson } from './people.js';
import { ID_ME_POLICY, type SignInOutcome } from './policies.js';
import { Verifications, type Verification } from './verifications.js';

const NO_PASSBACK: IdMeConsumer = { clientId: 'no-passback', clientSecret: 'no-passback-secret', passback: false };
const veteran = personById('veteran') as TestPerson;
const civilian = personById('civilian') as TestPerson;

let app: Hono;
let verifications: Verifications;
const tokens = new Map<string, Verification>();

beforeEach(() => {
  const clock = createClock();
  const documents = new DocumentStore(clock);
  verifications = new Verifications(clock, documents);
  tokens.clear();
  app = new Hono();
  const spendAccessToken = async (value: string | undefined): Promise<AccessCheck> => {
    const verification = value === undefined ? undefined : tokens.get(value);
    if (!verification) return { ok: false, error: 'invalid_token', description: 'unknown' };
    return { ok: true, verification };
  };
  mountRestApi(app, { documents, consumers: [DEFAULT_CONSUMER, NO_PASSBACK], spendAccessToken });
});

function signedIn(person: TestPerson, scopes: string[], outcome: SignInOutcome = 'verified', consumer = DEFAULT_CONSUMER): string {
  const token = `at-${tokens.size}`;
  tokens.set(token, verifications.record({ person, consumer, scopes, outcome }));
  return token;
}

async function attributes(token: string, via: 'header' | 'query' = 'header') {
  const res =
    via === 'header'
      ? await app.request(ATTRIBUTES_PATH, { headers: { authorization: `Bearer ${token}` } })
      : await app.request(`${ATTRIBUTES_PATH}?access_token=${token}`);
  return { status: res.status, body: (await res.json()) as { attributes: Array<{ handle: string; name: string; value: unknown }>; status: unknown[] } };
}

describe('GET /api/public/v3/attributes.json', () => {
  it('lists an IAL2-verified veteran’s attributes with ID.me handles, fresh document tokens and the military status', async () => {
    const { status, body } = await attributes(signedIn(veteran, [ID_ME_POLICY.ial2, ID_ME_POLICY.military]));
    expect(status).toBe(200);
    expect(body.attributes.slice(0, 9)).toEqual([
      { handle: 'uuid', name: 'Unique Identifier', value: veteran.uuid },
      { handle: 'email', name: 'Email', value: 'marisol.quintavalle@example.test' },
      { handle: 'fname', name: 'First Name', value: 'Marisol' },
      { handle: 'lname', name: 'Last Name', value: 'Quintavalle' },
      { handle: 'birth_date', name: 'Birth Date', value: '1979-11-03' },
      { handle: 'street', name: 'Street', value: '415 Harborview Test Rd' },
      { handle: 'city', name: 'City', value: 'Norfolk' },
      { handle: 'state', name: 'State', value: 'VA' },
      { handle: 'zip', name: 'Zip Code', value: '23503' },
    ]);
    const uuid = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(body.attributes[9]).toEqual({ handle: 'document_tokens', name: 'Document Passback Tokens', value: { front: uuid, back: uuid } });
    expect(body.status).toEqual([{ group: 'military', subgroups: ['Veteran'], verified: true }]);
  });

  it('mints new document tokens on every call (the same verification, read twice)', async () => {
    const token = signedIn(civilian, [ID_ME_POLICY.ial2]);
    const first = (await attributes(token)).body.attributes.find((a) => a.handle === 'document_tokens')?.value as Record<string, string>;
    const second = (await attributes(token, 'query')).body.attributes.find((a) => a.handle === 'document_tokens')?.value as Record<string, string>;
    expect(new Set([first.front, first.back, second.front, second.back]).size).toBe(4);
  });

  it('releases only the login’s uuid and email, with no documents and no status, when the person was not verified at the level', async () => {
    const { body } = await attributes(signedIn(veteran, [ID_ME_POLICY.ial2, ID_ME_POLICY.military], 'not_verified'));
    expect(body.attributes.map((a) => a.handle)).toEqual(['uuid', 'email']);
    expect(body.status).toEqual([]);
  });

  it('has no document_tokens for a consumer without passback, nor for a group policy that collected no document', async () => {
    const noPassback = await attributes(signedIn(civilian, [ID_ME_POLICY.ial2], 'verified', NO_PASSBACK));
    expect(noPassback.body.attributes.map((a) => a.handle)).not.toContain('document_tokens');
    const military = await attributes(signedIn(veteran, [ID_ME_POLICY.military]));
    expect(military.body.attributes.map((a) => a.handle)).toEqual(['uuid', 'email', 'fname', 'lname']);
    expect(military.body.status).toEqual([{ group: 'military', subgroups: ['Veteran'], verified: true }]);
  });

  it('answers 401 with a Bearer challenge for a missing or unknown token', async () => {
    for (const init of [{}, { headers: { authorization: 'Bearer nope' } }]) {
      const res = await app.request(ATTRIBUTES_PATH, init);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="ID.me", error="invalid_token"/);
    }
  });
});

describe('GET /api/public/v3/policies', () => {
  it('lists the consumer’s policies: IAL1, IAL2 and the military group', async () => {
    const res = await app.request(`${POLICIES_PATH}?client_id=${ID_ME_EMULATOR_CLIENT_ID}&client_secret=${ID_ME_EMULATOR_CLIENT_SECRET}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Array<{ handle: string; active: boolean; groups: unknown[] }>;
    expect(body.map((p) => p.handle)).toEqual([ID_ME_POLICY.ial1, ID_ME_POLICY.ial2, 'military']);
    expect(body[2]).toMatchObject({ name: 'Military', active: true, groups: [{ name: 'Military', handle: 'military', subgroups: expect.arrayContaining(['Veteran']) }] });
  });

  it('answers 401 invalid_client for a wrong secret', async () => {
    const res = await app.request(`${POLICIES_PATH}?client_id=${ID_ME_EMULATOR_CLIENT_ID}&client_secret=wrong`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });
});
