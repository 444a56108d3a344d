// The bridge message schema as a native app uses it: today's messages pass, another version, an
// unknown type or a detail missing a field do not, and fields added later do not break it.
import { describe, expect, it } from 'vitest';
import { bridgeMessageSchema } from './bridge.js';

describe('bridgeMessageSchema', () => {
  it('reads each kind of message', () => {
    const messages = [
      { v: 1, type: 'identity-verify-step', detail: { session_id: null, step: 'loading', previous: null } },
      { v: 1, type: 'identity-verify-ready', detail: { session_id: 'ivs_1', step: 'consent' } },
      { v: 1, type: 'identity-verify-consent', detail: { session_id: 'ivs_1', notice: 'privacy_notice', decision: 'accepted' } },
      { v: 1, type: 'identity-verify-error', detail: { session_id: 'ivs_1', code: 'rate_limited' } },
      { v: 1, type: 'identity-verify-cancel', detail: { session_id: 'ivs_1', reason: 'consent_declined' } },
      { v: 1, type: 'identity-verify-complete', detail: { session_id: 'ivs_1', status: 'verified' } },
    ];
    for (const message of messages) expect(bridgeMessageSchema.parse(message)).toEqual(message);
  });

  it('refuses another version, an unknown type, and a detail of the wrong shape', () => {
    const complete = { v: 1, type: 'identity-verify-complete', detail: { session_id: 'ivs_1', status: 'verified' } };
    expect(bridgeMessageSchema.safeParse({ ...complete, v: 2 }).success).toBe(false);
    expect(bridgeMessageSchema.safeParse({ ...complete, type: 'identity-verify-progress' }).success).toBe(false);
    expect(bridgeMessageSchema.safeParse({ ...complete, detail: { session_id: 'ivs_1' } }).success).toBe(false);
    expect(bridgeMessageSchema.safeParse({ ...complete, detail: { session_id: 'ivs_1', status: 'verified' }, extra: 1 }).success).toBe(true);
  });

  it('keeps only the fields it knows, so a later field is not a break', () => {
    const parsed = bridgeMessageSchema.parse({ v: 1, type: 'identity-verify-ready', detail: { session_id: 'ivs_1', step: 'consent', later: true } });
    expect(parsed.detail).toEqual({ session_id: 'ivs_1', step: 'consent' });
  });
});
