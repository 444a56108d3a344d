// The demo backend's inbox of the BFF's events: signed ones taken once each, by session and by subject; forged,
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

  it('files a claim’s and a passport’s revocation under the subject they name', async () => {
    const inbox = createEventInbox();
    inbox.useSecret('whsec_x');
    const at = '2026-12-07T12:00:00.000Z';
    const claim: HostEvent = { id: 'evt_2', object: 'event', type: 'claim.revoked', created_at: at, data: { claim_id: 'clm_1', session_id: 'ivs_1', subject: 'demo_a', claim_type: 'verified_identity', provider_key: 'stripe_identity', revoked_at: at } };
    const passport: HostEvent = { id: 'evt_3', object: 'event', type: 'passport.revoked', created_at: at, data: { passport_id: 'psp_1', subject: 'demo_a', reason: 'claim_revoked', claim_id: 'clm_1', revoked_at: at } };
    for (const e of [claim, passport]) {
      const text = JSON.stringify(e);
      expect(await inbox.receive(text, await signHostEvent('whsec_x', text, Math.floor(Date.now() / 1000)))).toBe(true);
    }
    expect(inbox.ofSubject('demo_a').map((e) => [e.id, e.type])).toEqual([['evt_2', 'claim.revoked'], ['evt_3', 'passport.revoked']]);
    expect(inbox.of('ivs_1').map((e) => e.type)).toEqual(['claim.revoked']);
    expect(inbox.ofSubject('demo_b')).toEqual([]);
  });
});
