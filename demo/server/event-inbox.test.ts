// The demo backend's inbox of the BFF's events: signed ones taken once each, by session; forged,
// unsigned or early ones (no secret yet) refused.
import { describe, expect, it } from 'vitest';
import { signHostEvent, type HostEvent } from '@identity-verify/contract/host-events';
import { createEventInbox } from './event-inbox.js';

const event: HostEvent = { id: 'evt_1', object: 'event', type: 'session.verified', created_at: '2026-12-07T12:00:00.000Z', data: { session_id: 'ivs_1', status: 'verified', provider_key: 'stripe_identity', last_error_code: null } };
const body = JSON.stringify(event);
const signed = (secret: string) => signHostEvent(secret, body, Math.floor(Date.now() / 1000));

describe('the demo backend’s event inbox', () => {
  it('takes a signed event once, by session, and refuses forged or unsigned ones', async () => {
    const inbox = createEventInbox();
    expect(await inbox.receive(body, await signed('whsec_x'))).toBe(false); // no secret yet
    inbox.useSecret('whsec_x');
    expect(await inbox.receive(body, await signed('whsec_other'))).toBe(false);
    expect(await inbox.receive(body, null)).toBe(false);
    expect(await inbox.receive(body, await signed('whsec_x'))).toBe(true);
    expect(await inbox.receive(body, await signed('whsec_x'))).toBe(true); // a redelivery
    expect(inbox.of('ivs_1')).toEqual([{ id: 'evt_1', type: 'session.verified', created_at: event.created_at, verified: true }]);
    expect(inbox.of('ivs_2')).toEqual([]);
  });
});
