// The widget follows its session live: the events stream pushes the state now and on each
// change, so a webhook's verdict reaches an open page with no request from it; a provider that
// follows its attempt live is asked at its own cadence.
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveState } from '@identity-verify/contract/schemas';
import { startHarness } from '../providers/conformance-kit.js';
import type { ProviderAdapter } from '../providers/types.js';
import { conformance as stripeKit } from '../providers/stripe_identity/conformance.js';
import { createTestBff, TEST_API_KEY } from '../testing.js';
import { EVENTS_PATH } from './events.js';

let bff: Awaited<ReturnType<typeof createTestBff>>;
let closeHarness: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeHarness?.();
  closeHarness = undefined;
  await bff?.close();
});

/** A session at Stripe (its emulator wired as the stack wires it), with an attempt open. */
async function stripeSession() {
  const harness = await startHarness('stripe_identity', stripeKit);
  closeHarness = harness.close;
  bff = harness.bff;
  const started = await harness.started();
  return { s: started.session, vs: started.ref, finish: () => stripeKit.finish!(started), secrets: harness.secrets };
}

/** Opens the stream as the widget does (fetch, the client secret in a header) and reads its events. */
async function openStream(secret: string) {
  const controller = new AbortController();
  const response = await bff.app.request(EVENTS_PATH, { headers: { authorization: `Bearer ${secret}` }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  async function next(): Promise<{ event: string; data: any } | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n').filter((l) => !l.startsWith(':'));
        if (!lines.length) continue;
        const field = (name: string) => lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).trimStart()).join('\n');
        return { event: field('event'), data: JSON.parse(field('data')) };
      }
      const chunk = await reader.read();
      if (chunk.done) return null;
      buffer += chunk.value;
    }
  }
  return { next, close: () => controller.abort() };
}

describe('the live events stream', () => {
  it("pushes the state at once, then a webhook's verdict with no request from the page, then ends", async () => {
    const { s, vs, finish, secrets } = await stripeSession();
    const stream = await openStream(s.client_secret);
    const first = await stream.next();
    expect(first?.event).toBe('state');
    const opened = first!.data as LiveState;
    expect(opened).toMatchObject({ session_id: s.id, status: 'requires_input', active_attempt: { provider_key: 'stripe_identity', session_ref: vs, client: { flow: 'sdk_modal' } } });
    for (const secret of secrets) expect(JSON.stringify(opened)).not.toContain(secret);

    // The person finishes at Stripe; Stripe's webhook reaches the BFF. The page asks nothing.
    await finish();
    let state = (await stream.next())!;
    while ((state.data as LiveState).status !== 'verified') state = (await stream.next())!;
    expect(state.data).toMatchObject({ status: 'verified', active_attempt: null });
    expect(state.data.claims).toContainEqual(expect.objectContaining({ type: 'verified_identity', provider_key: 'stripe_identity' }));
    expect(await stream.next()).toBeNull(); // a final session ends the stream
  });

  it('/verify/sync answers the same state for clients that poll', async () => {
    const { s, vs } = await stripeSession();
    const synced = await bff.call('POST', '/v1/identity/verify/sync', { auth: s.client_secret, body: { provider_key: 'stripe_identity' } });
    expect(synced.status).toBe(200);
    const stream = await openStream(s.client_secret);
    const pushed = (await stream.next())!.data;
    stream.close();
    expect(synced.json).toEqual(pushed);
    expect(synced.json.active_attempt.session_ref).toBe(vs);
  });

  it('pushes a change made by the host (a cancel) and ends', async () => {
    const { s } = await stripeSession();
    const stream = await openStream(s.client_secret);
    expect((await stream.next())!.data.status).toBe('requires_input');
    const canceled = await bff.call('POST', `/v1/sessions/${s.id}/cancel`, { auth: TEST_API_KEY });
    expect(canceled.status).toBe(200);
    expect((await stream.next())!.data).toMatchObject({ status: 'canceled', active_attempt: null });
    expect(await stream.next()).toBeNull();
  });
});

describe('a provider that follows its attempt live', () => {
  it('is asked at its cadence while the stream is open; each new client state is pushed, then its verdict', async () => {
    let asked = 0;
    // A live order as BankID's will be: each ask answers the next frame, the third one the verdict.
    const frame = (n: number) => ({ provider_key: 'turnstile' as const, flow: 'inline_token' as const, script_url: 'https://live.test/api.js', sitekey: 'k', action: 'a', cdata: `frame-${n}` });
    const live: ProviderAdapter = {
      key: 'turnstile',
      faceChecks: ['none'],
      description: { name: 'Live order', supported_layers: ['humanity'], claim_types: ['verified_human'], assurance_level: 'low', coverage: 'global', flow: 'inline_token' },
      async initiate({ attemptId }) {
        return { sessionRef: `live_${attemptId}`, client: frame(0), privateData: {}, expiresAt: new Date(Date.now() + 60_000) };
      },
      async retrieve() {
        return { status: 'pending' };
      },
      follow: {
        intervalMs: 20,
        async next() {
          asked += 1;
          return asked < 3 ? { status: 'pending', client: frame(asked) } : { status: 'verified', claims: ['verified_human'], assurance: 'low' };
        },
      },
    };
    bff = await createTestBff({}, fetch, [live]);
    const s = await bff.readySession('SE');
    const started = await bff.call('POST', '/v1/identity/verify/initiate', { auth: s.client_secret, body: { provider_key: 'turnstile', requested_claims: ['verified_human'] } });
    expect(started.status).toBe(201);
    expect(asked).toBe(0); // nobody follows yet: the provider is not asked

    const stream = await openStream(s.client_secret);
    const frames: string[] = [];
    for (let event = await stream.next(); event; event = await stream.next()) {
      const state = event.data as LiveState;
      if (state.active_attempt?.client.provider_key === 'turnstile') frames.push(state.active_attempt.client.cdata);
      if (state.status === 'verified') expect(state.active_attempt).toBeNull();
    }
    expect(frames).toEqual(['frame-0', 'frame-1', 'frame-2']);
    expect(asked).toBe(3);
    expect((await bff.call('GET', '/v1/identity/session', { auth: s.client_secret })).json.status).toBe('verified');
  });
});
