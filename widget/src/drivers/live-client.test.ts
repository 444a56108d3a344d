import { describe, expect, it } from 'vitest';
import type { LiveState, ProviderClient } from '@identity-verify/contract/schemas';
import { followClient } from './live-client.js';

// A client that changes as a live order does (BankID's next QR frame), in a shape the contract has.
const frame = (n: number): ProviderClient => ({ provider_key: 'turnstile', flow: 'inline_token', script_url: 'https://live.test/api.js', sitekey: 'k', action: 'a', cdata: `frame-${n}` });
const state = (ref: string, client: ProviderClient | null, status = 'requires_input'): LiveState => ({
  session_id: 'ivs_1',
  status,
  provider_key: 'turnstile',
  claims: [],
  last_error: null,
  active_attempt: client && { session_id: 'iva_1', provider_key: 'turnstile', session_ref: ref, status: 'pending', created_at: '2026-12-07T00:00:00Z', expires_at: '2026-12-07T01:00:00Z', client },
});

describe('followClient', () => {
  it("hands the driver each new client of its own attempt, once, and nothing else", async () => {
    let push: (s: LiveState) => void = () => {};
    const follow = (onState: (s: LiveState) => void) => {
      push = onState;
      return new Promise<void>(() => {});
    };
    const seen: string[] = [];
    void followClient({ follow }, 'ref_1', frame(0), (client) => seen.push(client.provider_key === 'turnstile' ? client.cdata : '?'), new AbortController().signal);
    push(state('ref_1', frame(0))); // what the driver was mounted with
    push(state('ref_1', frame(1)));
    push(state('ref_1', frame(1))); // the same again (another change of the session)
    push(state('ref_2', frame(9))); // another attempt
    push(state('ref_1', null, 'verified')); // the verdict is the flow's to show
    push(state('ref_1', frame(2)));
    expect(seen).toEqual(['frame-1', 'frame-2']);
  });

  it('ends with the signal, through the stream it follows', async () => {
    const controller = new AbortController();
    const follow = (_onState: (s: LiveState) => void, signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    const following = followClient({ follow }, 'ref_1', frame(0), () => {}, controller.signal);
    controller.abort();
    await expect(following).resolves.toBeUndefined();
  });
});
