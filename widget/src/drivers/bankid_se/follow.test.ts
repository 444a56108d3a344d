// Following the attempt: each new client once, the end of the attempt once (a final status, or
// another or no open attempt), the stream followed again when it ends, and given up on after a
// few tries that heard nothing.
import { describe, expect, it } from 'vitest';
import type { LiveState, ProviderClient } from '@identity-verify/contract/schemas';
import type { ClientOf } from '../driver.js';
import { RETRY_DELAYS_MS, watchAttempt, type AttemptWatch } from './follow.js';

type BankIdClient = ClientOf<'bankid_se'>;

const frame = (t: number, hint_code: string | null = 'outstandingTransaction'): BankIdClient => ({
  provider_key: 'bankid_se',
  flow: 'qr_code',
  order: 'pending',
  qr: `bankid.67df3917-fa0d-44e5-b327-edcc928297f8.${t}.${'0'.repeat(64)}`,
  auto_start_token: 'token',
  app_url: 'bankid:///',
  hint_code,
});
const state = (ref: string | null, client: ProviderClient | null = frame(0), status = 'requires_input'): LiveState => ({
  session_id: 'ivs_1',
  status,
  provider_key: 'bankid_se',
  claims: [],
  last_error: null,
  active_attempt:
    ref === null || !client
      ? null
      : { session_id: 'iva_1', provider_key: client.provider_key, session_ref: ref, status: 'pending', created_at: '2026-12-07T00:00:00Z', expires_at: '2026-12-07T01:00:00Z', client },
});

/** A watch that records what it heard, and a follow whose streams the test drives. */
function harness() {
  const heard: string[] = [];
  const watch: AttemptWatch = {
    attempt: (ref) => heard.push(`attempt:${ref}`),
    client: (c) => heard.push(`client:${c.qr?.split('.')[2]}:${c.hint_code}`),
    over: () => heard.push('over'),
    lost: () => heard.push('lost'),
  };
  const streams: Array<{ push(s: LiveState): void; end(error?: boolean): void }> = [];
  const follow = (onState: (s: LiveState) => void) =>
    new Promise<void>((resolve, reject) => streams.push({ push: onState, end: (error) => (error ? reject(new Error('cut')) : resolve()) }));
  const waits: number[] = [];
  const wait = async (ms: number) => void waits.push(ms);
  return { heard, watch, streams, follow, waits, wait };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchAttempt', () => {
  it('learns the attempt, hands over each new client once, and ends once when the attempt closes', async () => {
    const h = harness();
    const controller = new AbortController();
    const done = watchAttempt(h.follow, frame(0), h.watch, controller.signal, h.wait);
    await settle();
    const stream = h.streams[0]!;
    stream.push(state('ref_1', frame(0))); // what the driver was mounted with
    stream.push(state('ref_1', frame(1)));
    stream.push(state('ref_1', frame(1))); // unchanged
    stream.push(state('ref_1', frame(2, 'userSign')));
    stream.push(state(null, null, 'verified')); // completed: the attempt closed
    stream.push(state('ref_1', frame(3)));
    expect(h.heard).toEqual(['attempt:ref_1', 'client:1:outstandingTransaction', 'client:2:userSign', 'over']);
    stream.end();
    await done;
    expect(h.streams).toHaveLength(1); // not followed again once over
  });

  it('is over on a final status even while the attempt is still named', async () => {
    const h = harness();
    void watchAttempt(h.follow, frame(0), h.watch, new AbortController().signal, h.wait);
    await settle();
    h.streams[0]!.push(state('ref_1', frame(0)));
    h.streams[0]!.push(state('ref_1', frame(1), 'expired'));
    expect(h.heard).toEqual(['attempt:ref_1', 'over']);
  });

  it('is over when another attempt is the open one', async () => {
    const h = harness();
    void watchAttempt(h.follow, frame(0), h.watch, new AbortController().signal, h.wait);
    await settle();
    h.streams[0]!.push(state('ref_1', frame(0)));
    h.streams[0]!.push(state('ref_2', frame(5)));
    expect(h.heard).toEqual(['attempt:ref_1', 'over']);
  });

  it('follows again when the stream ends, and gives up after tries that heard nothing', async () => {
    const h = harness();
    void watchAttempt(h.follow, frame(0), h.watch, new AbortController().signal, h.wait);
    await settle();
    h.streams[0]!.push(state('ref_1', frame(1)));
    h.streams[0]!.end(); // heard something: back at once after the first wait
    await settle();
    h.streams[1]!.push(state('ref_1', frame(2)));
    expect(h.heard).toEqual(['attempt:ref_1', 'client:1:outstandingTransaction', 'client:2:outstandingTransaction']);
    // This one heard something too; then only failures, each waited out longer, then lost.
    for (let i = 1; i <= RETRY_DELAYS_MS.length + 2; i++) {
      h.streams[i]!.end(true);
      await settle();
    }
    expect(h.waits).toEqual([RETRY_DELAYS_MS[0], RETRY_DELAYS_MS[0], ...RETRY_DELAYS_MS]);
    expect(h.heard.at(-1)).toBe('lost');
    expect(h.streams).toHaveLength(RETRY_DELAYS_MS.length + 3);
  });

  it('counts a follow that throws at once as a failed try', async () => {
    const h = harness();
    const follow = () => {
      throw new TypeError('no stream here');
    };
    await watchAttempt(follow, frame(0), h.watch, new AbortController().signal, h.wait);
    expect(h.heard).toEqual(['lost']);
    expect(h.waits).toEqual(RETRY_DELAYS_MS);
  });

  it('stops with the signal and reports nothing after it', async () => {
    const h = harness();
    const controller = new AbortController();
    const done = watchAttempt(h.follow, frame(0), h.watch, controller.signal, h.wait);
    await settle();
    controller.abort();
    h.streams[0]!.push(state('ref_1', frame(1)));
    h.streams[0]!.end();
    await done;
    expect(h.heard).toEqual([]);
    expect(h.streams).toHaveLength(1);
  });
});
