// Siteverify as Cloudflare answers it, driven in process with app.request().
import { beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../shared/clock.js';
import { createTurnstileEmulator, type TurnstileEmulator } from './app.js';
import {
  TURNSTILE_DUMMY_SECRETS,
  TURNSTILE_DUMMY_TOKEN,
  TURNSTILE_EMULATOR_SECRET,
  TURNSTILE_EMULATOR_SITEKEY,
} from './keys.js';

const URL_ = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
const OTHER = { sitekey: '0x4AAAAAAAOtherS1teKey000', secret: '0x4AAAAAAAOtherSecretKeyForTests0000' };

let emu: TurnstileEmulator;
beforeEach(() => {
  emu = createTurnstileEmulator({
    clock: createClock(() => Date.parse('2026-03-01T12:00:00.000Z')),
    widgets: [{ sitekey: TURNSTILE_EMULATOR_SITEKEY, secret: TURNSTILE_EMULATOR_SECRET }, OTHER],
  });
});

type Fields = Record<string, string>;
async function verify(fields: Fields, encoding: 'form' | 'json' | 'multipart' = 'form') {
  let init: RequestInit;
  if (encoding === 'json') {
    init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) };
  } else if (encoding === 'multipart') {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    init = { method: 'POST', body: form };
  } else {
    init = { method: 'POST', body: new URLSearchParams(fields) };
  }
  const res = await emu.app.request(URL_, init);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const mint = (over: Partial<Parameters<TurnstileEmulator['controls']['mintToken']>[0]> = {}) =>
  emu.controls.mintToken({ hostname: 'shop.example', action: 'identity_verify', cdata: 'att_123', ...over });

describe('dummy secrets answer from the secret alone', () => {
  it('1x…AA passes any token, flagged as a testing result', async () => {
    for (const response of [TURNSTILE_DUMMY_TOKEN, 'anything-at-all']) {
      const { status, body } = await verify({ secret: TURNSTILE_DUMMY_SECRETS.alwaysPasses, response });
      expect(status).toBe(200);
      expect(body).toEqual({
        success: true,
        'error-codes': [],
        challenge_ts: '2026-03-01T12:00:00.000Z',
        hostname: 'example.com',
        metadata: { result_with_testing_key: true },
      });
    }
  });

  it('2x…AA always fails with invalid-input-response', async () => {
    const { status, body } = await verify({ secret: TURNSTILE_DUMMY_SECRETS.alwaysFails, response: TURNSTILE_DUMMY_TOKEN });
    expect(status).toBe(200);
    expect(body).toEqual({
      success: false,
      'error-codes': ['invalid-input-response'],
      messages: [],
      metadata: { result_with_testing_key: true },
    });
  });

  it('3x…AA answers timeout-or-duplicate ("token already spent")', async () => {
    const { body } = await verify({ secret: TURNSTILE_DUMMY_SECRETS.alreadySpent, response: TURNSTILE_DUMMY_TOKEN });
    expect(body.success).toBe(false);
    expect(body['error-codes']).toEqual(['timeout-or-duplicate']);
  });

  it('a production secret rejects the dummy token', async () => {
    const { status, body } = await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: TURNSTILE_DUMMY_TOKEN });
    expect(status).toBe(200);
    expect(body).toEqual({ success: false, 'error-codes': ['invalid-input-response'], messages: [] });
  });
});

describe('emulator tokens', () => {
  it('echo the action, cdata, hostname and solve time they were issued for', async () => {
    const token = mint();
    expect(token.length).toBeLessThanOrEqual(2048);
    const { status, body } = await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: token, remoteip: '203.0.113.9' });
    expect(status).toBe(200);
    expect(body).toEqual({
      success: true,
      'error-codes': [],
      challenge_ts: '2026-03-01T12:00:00.000Z',
      hostname: 'shop.example',
      action: 'identity_verify',
      cdata: 'att_123',
      metadata: { interactive: true },
    });
  });

  it('are single use', async () => {
    const response = mint();
    expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response })).body.success).toBe(true);
    const again = await verify({ secret: TURNSTILE_EMULATOR_SECRET, response });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ success: false, 'error-codes': ['timeout-or-duplicate'], messages: [] });
  });

  it('are valid for 300 s and no longer', async () => {
    const fresh = mint();
    const stale = mint();
    emu.controls.clock.advance(300);
    expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: fresh })).body.success).toBe(true);
    emu.controls.clock.advance(1);
    expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: stale })).body['error-codes']).toEqual(['timeout-or-duplicate']);
  });

  it('from another sitekey are invalid here, and stay usable with their own secret', async () => {
    const foreign = mint({ sitekey: OTHER.sitekey });
    expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: foreign })).body['error-codes']).toEqual(['invalid-input-response']);
    expect((await verify({ secret: OTHER.secret, response: foreign })).body.success).toBe(true);
  });

  it('carry the emulated outcome: rejected → invalid-input-response, expired → timeout-or-duplicate', async () => {
    const rejected = mint({ outcome: 'reject' });
    const expired = mint({ outcome: 'expired' });
    expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: rejected })).body['error-codes']).toEqual(['invalid-input-response']);
    expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: expired })).body['error-codes']).toEqual(['timeout-or-duplicate']);
  });

  it('over 2048 characters or unknown are invalid-input-response', async () => {
    for (const response of ['x'.repeat(2049), '0.not-a-token-we-issued']) {
      expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response })).body['error-codes']).toEqual(['invalid-input-response']);
    }
  });
});

describe('idempotency_key', () => {
  const key = '4b1c9c55-6ad0-4a4e-9d53-3f7c4f1c2a10';

  it('re-sent with the same token replays the first answer instead of timeout-or-duplicate', async () => {
    const response = mint();
    const first = await verify({ secret: TURNSTILE_EMULATOR_SECRET, response, idempotency_key: key });
    const retry = await verify({ secret: TURNSTILE_EMULATOR_SECRET, response, idempotency_key: key }, 'json');
    expect(first.body.success).toBe(true);
    expect(retry).toEqual(first);
    const withoutKey = await verify({ secret: TURNSTILE_EMULATOR_SECRET, response });
    expect(withoutKey.body['error-codes']).toEqual(['timeout-or-duplicate']);
  });

  it('does not replay for another token or another key', async () => {
    const a = mint();
    const b = mint();
    await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: a, idempotency_key: key });
    expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: b, idempotency_key: key })).body.success).toBe(true);
    const otherKey = await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: a, idempotency_key: 'c0ffee00-0000-4000-8000-000000000000' });
    expect(otherKey.body['error-codes']).toEqual(['timeout-or-duplicate']);
  });
});

describe('missing and invalid parameters', () => {
  it('no secret → HTTP 400 missing-input-secret', async () => {
    const { status, body } = await verify({ response: mint() });
    expect(status).toBe(400);
    expect(body).toEqual({ success: false, 'error-codes': ['missing-input-secret'], messages: [] });
  });

  it('an unknown secret → HTTP 400 invalid-input-secret', async () => {
    const { status, body } = await verify({ secret: '0x4AAAAAAAnotAKnownSecretAtAll000000', response: mint() });
    expect(status).toBe(400);
    expect(body['error-codes']).toEqual(['invalid-input-secret']);
  });

  it('no response → HTTP 200 missing-input-response', async () => {
    for (const secret of [TURNSTILE_EMULATOR_SECRET, TURNSTILE_DUMMY_SECRETS.alwaysPasses]) {
      const { status, body } = await verify({ secret });
      expect(status).toBe(200);
      expect(body['error-codes']).toEqual(['missing-input-response']);
    }
  });

  it('malformed bodies → bad-request', async () => {
    const cases: RequestInit[] = [
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"secret":' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '["secret"]' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: TURNSTILE_EMULATOR_SECRET, response: 42 }) },
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'secret=x&response=y' },
    ];
    for (const init of cases) {
      const res = await emu.app.request(URL_, init);
      expect(await res.json()).toEqual({ success: false, 'error-codes': ['bad-request'], messages: [] });
      expect(res.status).toBe(400);
    }
  });

  it('GET is not allowed', async () => {
    const res = await emu.app.request(URL_);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toMatchObject({ success: false, 'error-codes': ['bad-request'] });
  });
});

describe('encodings', () => {
  it.each(['form', 'json', 'multipart'] as const)('%s bodies verify the same way', async (encoding) => {
    const { body } = await verify({ secret: TURNSTILE_EMULATOR_SECRET, response: mint({ cdata: encoding }) }, encoding);
    expect(body).toMatchObject({ success: true, cdata: encoding, hostname: 'shop.example' });
  });
});

describe('scenario controls', () => {
  it('a fault makes the next siteverify answer internal-error, then it recovers', async () => {
    emu.controls.injectFault({
      path: '/turnstile/v0/siteverify',
      status: 500,
      json: { success: false, 'error-codes': ['internal-error'], messages: [] },
    });
    const response = mint();
    const failed = await verify({ secret: TURNSTILE_EMULATOR_SECRET, response });
    expect(failed.status).toBe(500);
    expect(failed.body['error-codes']).toEqual(['internal-error']);
    expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response })).body.success).toBe(true);
  });

  it('reset forgets issued tokens', async () => {
    const response = mint();
    emu.controls.reset();
    expect((await verify({ secret: TURNSTILE_EMULATOR_SECRET, response })).body['error-codes']).toEqual(['invalid-input-response']);
  });
});
