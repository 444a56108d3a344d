// The capture machine without a browser: the photos each document needs, and every way a photo
// moves from the shutter to the BFF (review, retake, a failed upload, a refused picture, the end).
import { describe, expect, it } from 'vitest';
import { initialState, sidesFor, transition, uploadPercent, type CaptureEvent, type CaptureState, type Photo } from './machine.js';

const photo = (bytes = 1000): Photo => ({ blob: new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), width: 2000, height: 1500 });

/** Runs events in order; each must apply (a no-op would hide a wrong test). */
function run(state: CaptureState, selfie: boolean, ...events: CaptureEvent[]): CaptureState {
  for (const event of events) {
    const next = transition(state, event, selfie);
    expect(next, `${event.type} on ${state.screen}`).not.toBe(state);
    state = next;
  }
  return state;
}

const shot = (p = photo()): CaptureEvent[] => [{ type: 'shutter' }, { type: 'prepared', photo: p }];
const sent: CaptureEvent[] = [{ type: 'accept' }, { type: 'uploaded' }];

describe('sidesFor', () => {
  it.each([
    ['passport', false, ['document_front']],
    ['passport', true, ['document_front', 'selfie']],
    ['driving_licence', false, ['document_front', 'document_back']],
    ['national_identity_card', true, ['document_front', 'document_back', 'selfie']],
  ] as const)('%s, selfie %s', (type, selfie, sides) => expect(sidesFor(type, selfie)).toEqual(sides));
});

describe('initialState', () => {
  it('asks which document when the session allows several', () => {
    expect(initialState({ document_types: ['passport', 'driving_licence'], selfie: true })).toEqual({ screen: 'choose', choices: ['passport', 'driving_licence'] });
  });

  it('skips the choice when there is one document', () => {
    expect(initialState({ document_types: ['passport', 'passport'], selfie: true })).toMatchObject({
      screen: 'shoot',
      index: 0,
      plan: { document_type: 'passport', sides: ['document_front', 'selfie'] },
    });
  });
});

describe('transition', () => {
  const start = initialState({ document_types: ['driving_licence', 'passport'], selfie: true });

  it('walks every side of a driving licence and the selfie, then is done', () => {
    let state = run(start, true, { type: 'choose', document_type: 'driving_licence' });
    const seen: string[] = [];
    while (state.screen === 'shoot') {
      seen.push(state.plan.sides[state.index]!);
      state = run(state, true, ...shot(), ...sent);
    }
    expect(seen).toEqual(['document_front', 'document_back', 'selfie']);
    expect(state).toEqual({ screen: 'done' });
  });

  it('ignores a document the session does not allow', () => {
    expect(transition(start, { type: 'choose', document_type: 'national_identity_card' }, true)).toBe(start);
  });

  it('shows what went wrong when a photo cannot be prepared, and takes the next one', () => {
    let state = run(start, true, { type: 'choose', document_type: 'passport' }, { type: 'shutter' }, { type: 'prepare_failed', problem: 'unsupported_format' });
    expect(state).toMatchObject({ screen: 'shoot', busy: false, problem: 'unsupported_format' });
    state = run(state, true, { type: 'shutter' });
    expect(state).toMatchObject({ busy: true, problem: null });
  });

  it('a second shutter while one photo is being prepared does nothing', () => {
    const busy = run(start, true, { type: 'choose', document_type: 'passport' }, { type: 'shutter' });
    expect(transition(busy, { type: 'shutter' }, true)).toBe(busy);
  });

  it('retake from review drops the photo and shoots the same side again', () => {
    const review = run(start, true, { type: 'choose', document_type: 'driving_licence' }, ...shot(), ...sent, ...shot());
    const again = run(review, true, { type: 'retake' });
    expect(again).toMatchObject({ screen: 'shoot', index: 1, busy: false, problem: null });
    expect('photo' in again).toBe(false);
  });

  it('reports progress, and a failed upload is tried again with the same photo', () => {
    const p = photo(5000);
    let state = run(start, true, { type: 'choose', document_type: 'passport' }, ...shot(p), { type: 'accept' });
    expect(state).toMatchObject({ screen: 'upload', sent: 0, total: 5000, failure: null });
    state = run(state, true, { type: 'progress', sent: 2000, total: 5000 });
    expect(uploadPercent(state as { sent: number; total: number })).toBe(40);
    state = run(state, true, { type: 'upload_failed', code: 'network_error' });
    expect(state).toMatchObject({ screen: 'upload', failure: { code: 'network_error', retake: false } });
    expect(transition(state, { type: 'progress', sent: 1, total: 2 }, true)).toBe(state); // a late report after the failure
    state = run(state, true, { type: 'retry' });
    expect(state).toMatchObject({ screen: 'upload', sent: 0, failure: null });
    expect((state as { photo: Photo }).photo).toBe(p);
    state = run(state, true, { type: 'uploaded' });
    expect(state).toMatchObject({ screen: 'shoot', index: 1 });
  });

  it('a picture the provider refused cannot be sent again: only a retake', () => {
    const refused = run(start, true, { type: 'choose', document_type: 'passport' }, ...shot(), { type: 'accept' }, { type: 'upload_failed', code: 'image_rejected' });
    expect(refused).toMatchObject({ failure: { code: 'image_rejected', retake: true } });
    expect(transition(refused, { type: 'retry' }, true)).toBe(refused);
    expect(run(refused, true, { type: 'retake' })).toMatchObject({ screen: 'shoot', index: 0 });
  });

  it.each(['image_too_small', 'payload_too_large'])('a picture refused for its size (%s) cannot be sent again either', (code) => {
    const refused = run(start, true, { type: 'choose', document_type: 'passport' }, ...shot(), { type: 'accept' }, { type: 'upload_failed', code });
    expect(refused).toMatchObject({ failure: { code, retake: true } });
    expect(transition(refused, { type: 'retry' }, true)).toBe(refused);
  });

  it('neither retries nor retakes while an upload is under way', () => {
    const sending = run(start, true, { type: 'choose', document_type: 'passport' }, ...shot(), { type: 'accept' });
    expect(transition(sending, { type: 'retry' }, true)).toBe(sending);
    expect(transition(sending, { type: 'retake' }, true)).toBe(sending);
  });

  it('ends from any screen, holding nothing', () => {
    const review = run(start, true, { type: 'choose', document_type: 'passport' }, ...shot());
    expect(run(review, true, { type: 'end' })).toEqual({ screen: 'ended' });
    const ended = { screen: 'ended' } as const;
    expect(transition(ended, { type: 'end' }, true)).toBe(ended);
    expect(transition(ended, { type: 'shutter' }, true)).toBe(ended);
  });
});

describe('uploadPercent', () => {
  it.each([
    [0, 0, 0],
    [0, 100, 0],
    [39, 100, 30],
    [40, 100, 40],
    [100, 100, 100],
    [150, 100, 100],
  ])('%i of %i is %i %', (s, total, percent) => expect(uploadPercent({ sent: s, total })).toBe(percent));
});
