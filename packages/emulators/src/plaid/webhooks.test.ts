// Webhooks as a receiver sees them: IDENTITY_VERIFICATION STEP_UPDATED, STATUS_UPDATED and
// RETRIED, the body indented by two spaces, the Plaid-Verification JWT verified with jose against
// the JWK fetched by kid with the official client, and the body's SHA-256 compared; key rotation;
// and each signature a receiver must refuse, refused by that same verifier for the right reason.
import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import type { LinkTokenCreateRequest } from 'plaid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLAID_EMULATOR_TEMPLATE_ID } from './keys.js';
import { validateAnswer } from './openapi.js';
import { RECEIVER_URL, startPlaid, type ReceivedWebhook, type RunningPlaid } from './testing.js';
import { STALE_IAT_SECONDS } from './webhooks.js';

let p: RunningPlaid;
beforeAll(async () => {
  p = await startPlaid();
});
afterAll(() => p.close());
beforeEach(() => {
  p.received.length = 0;
});

/** A receiver's verification, as Plaid's docs describe it; 'ok' or why it refuses. */
async function verify(w: ReceivedWebhook): Promise<string> {
  const jwt = w.headers['plaid-verification'];
  if (!jwt) return 'no signature';
  const header = decodeProtectedHeader(jwt);
  if (header.alg !== 'ES256' || header.typ !== 'JWT' || typeof header.kid !== 'string') return 'bad header';
  let key;
  try {
    const res = await p.plaid.webhookVerificationKeyGet({ key_id: header.kid });
    expect(validateAnswer('/webhook_verification_key/get', res.status, res.data)).toEqual([]);
    key = res.data.key;
  } catch {
    return 'unknown kid';
  }
  if (key.expired_at !== null) return 'expired key';
  let payload;
  try {
    ({ payload } = await jwtVerify(jwt, await importJWK({ ...key }, 'ES256'), { algorithms: ['ES256'], maxTokenAge: '5 min' }));
  } catch (error) {
    // jose reports an iat older than maxTokenAge as an expired token.
    return (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'stale iat' : 'bad signature';
  }
  const expected = Buffer.from(createHash('sha256').update(w.body).digest('hex'));
  const given = Buffer.from(String(payload.request_body_sha256));
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'body hash';
}

async function completeFlow(run: Parameters<RunningPlaid['emu']['controls']['completeLink']>[1] = {}) {
  const request = { client_name: 'x', language: 'en', country_codes: ['US'], products: ['identity_verification'], user: { client_user_id: `wh-${Math.random()}` }, identity_verification: { template_id: PLAID_EMULATOR_TEMPLATE_ID } };
  const token = (await p.plaid.linkTokenCreate(request as unknown as LinkTokenCreateRequest)).data.link_token;
  const result = p.emu.controls.completeLink(token, run);
  await p.emu.controls.flushWebhooks();
  return result;
}

describe('IDV webhooks', () => {
  it('sends STEP_UPDATED when the person starts and per completed step, STATUS_UPDATED once, signed and verifiable', async () => {
    const run = await completeFlow();
    const codes = p.received.map((w) => JSON.parse(w.body).webhook_code);
    // Started on the first step; accept_tos, verify_sms, kyc_check, risk_check completed (documents and selfie skipped); the status.
    expect(codes).toEqual(['STEP_UPDATED', 'STEP_UPDATED', 'STEP_UPDATED', 'STEP_UPDATED', 'STEP_UPDATED', 'STATUS_UPDATED']);
    for (const w of p.received) {
      expect(w.url).toBe(RECEIVER_URL);
      expect(w.headers['content-type']).toBe('application/json');
      expect(await verify(w)).toBe('ok');
    }
    const body = p.received.at(-1)!.body;
    expect(body).toBe(
      `{\n  "webhook_type": "IDENTITY_VERIFICATION",\n  "webhook_code": "STATUS_UPDATED",\n  "identity_verification_id": "${run.link_session_id}",\n  "environment": "sandbox"\n}`,
    );
  });

  it('carries iat (now) and the hex SHA-256 of the exact body in the JWT', async () => {
    await completeFlow();
    const w = p.received[0]!;
    const [head, claims] = w.headers['plaid-verification']!.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part!, 'base64url').toString()));
    expect(Object.keys(head).sort()).toEqual(['alg', 'kid', 'typ']);
    expect(Object.keys(claims).sort()).toEqual(['iat', 'request_body_sha256']);
    expect(claims.request_body_sha256).toBe(createHash('sha256').update(w.body).digest('hex'));
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(5);
    // A re-serialised body hashes differently: the receiver must hash the bytes received.
    expect(createHash('sha256').update(JSON.stringify(JSON.parse(w.body))).digest('hex')).not.toBe(claims.request_body_sha256);
  });

  it('sends RETRIED for the new attempt of a retry', async () => {
    const failed = await completeFlow({ outcome: 'fail_kyc' });
    const clientUserId = (await p.plaid.identityVerificationGet({ identity_verification_id: failed.link_session_id })).data.client_user_id;
    p.received.length = 0;
    const retried = (await p.plaid.identityVerificationRetry({ client_user_id: clientUserId, template_id: PLAID_EMULATOR_TEMPLATE_ID, strategy: 'reset' as never })).data;
    await p.emu.controls.flushWebhooks();
    expect(p.received.map((w) => JSON.parse(w.body))).toEqual([{ webhook_type: 'IDENTITY_VERIFICATION', webhook_code: 'RETRIED', identity_verification_id: retried.id, environment: 'sandbox' }]);
    expect(await verify(p.received[0]!)).toBe('ok');
  });

  it('sends nothing when no webhook URL is configured (a link token’s webhook is not used for IDV)', async () => {
    p.emu.controls.setWebhookUrl(null);
    try {
      await completeFlow();
      expect(p.received).toEqual([]);
    } finally {
      p.emu.controls.setWebhookUrl(RECEIVER_URL);
    }
  });
});

describe('signing keys', () => {
  it('rotates: the old key gets expired_at and stays retrievable; new webhooks use the new key', async () => {
    const before = p.emu.controls.webhookKey();
    const { expired, current } = p.emu.controls.rotateWebhookKey();
    expect(expired.kid).toBe(before.kid);
    expect(expired.expired_at).toEqual(expect.any(Number));
    expect(current.kid).not.toBe(before.kid);
    const old = (await p.plaid.webhookVerificationKeyGet({ key_id: before.kid })).data.key;
    expect(old.expired_at).toBe(expired.expired_at);
    await completeFlow();
    expect(decodeProtectedHeader(p.received[0]!.headers['plaid-verification']!).kid).toBe(current.kid);
    expect(await verify(p.received[0]!)).toBe('ok');
  });

  it.each([
    ['stale_iat', 'stale iat'],
    ['wrong_body_hash', 'body hash'],
    ['unknown_kid', 'unknown kid'],
    ['expired_key', 'expired key'],
    ['bad_signature', 'bad signature'],
  ] as const)('signs with %s on request, which a receiver refuses (%s), then signs well again', async (fault, reason) => {
    p.emu.controls.signNextWebhookWith(fault);
    await completeFlow();
    expect(await verify(p.received[0]!)).toBe(reason);
    expect(await verify(p.received[1]!)).toBe('ok');
    expect(p.emu.controls.webhooks().find((d) => d.signing_fault === fault)).toBeDefined();
    if (fault === 'stale_iat') {
      const claims = JSON.parse(Buffer.from(p.received[0]!.headers['plaid-verification']!.split('.')[1]!, 'base64url').toString());
      expect(Date.now() / 1000 - claims.iat).toBeGreaterThanOrEqual(STALE_IAT_SECONDS - 5);
    }
  });

  it('keeps each delivery’s exact request for replaying, and the shared delivery controls apply', async () => {
    p.emu.controls.delivery.dropNext(1);
    await completeFlow();
    const deliveries = p.emu.controls.webhooks();
    const dropped = deliveries.filter((d) => d.dropped);
    expect(dropped).toHaveLength(1);
    expect(p.received.length).toBe(5);
    expect(p.emu.controls.webhookRequest(dropped[0]!.id)?.body).toContain('STEP_UPDATED');
  });
});
