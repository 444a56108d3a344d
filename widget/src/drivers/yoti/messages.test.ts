// What the Yoti driver takes from the user view: only Yoti's origin and the frame it made, only the
// shapes Yoti sends; and each of Yoti's error codes as Yoti's table says (retry possible or not).
import { describe, expect, it } from 'vitest';
import { originOf, outcomeOf, readMessage } from './messages.js';
import { yotiText } from './text.js';

const YOTI = 'https://api.yoti.com';
const frame = { name: 'the frame we made' };
const expected = { origin: YOTI, source: frame };
const from = (data: unknown, origin = YOTI, source: unknown = frame) => readMessage({ origin, source, data }, expected);

describe('originOf', () => {
  it("is the origin as a MessageEvent writes it, for http(s) only", () => {
    expect(originOf('https://api.yoti.com/idverify/v1/web/index.html?sessionID=s&sessionToken=t')).toBe(YOTI);
    expect(originOf('http://127.0.0.1:4310/')).toBe('http://127.0.0.1:4310');
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});

describe('readMessage', () => {
  it("takes SUCCESS and ERROR from Yoti's origin and its frame", () => {
    expect(from({ eventType: 'SUCCESS' })).toEqual({ eventType: 'SUCCESS' });
    expect(from({ eventType: 'ERROR', eventCode: 4000 })).toEqual({ eventType: 'ERROR', eventCode: 4000 });
    expect(from({ eventType: 'ERROR', eventCode: '4000' })).toEqual({ eventType: 'ERROR', eventCode: 4000 });
  });

  it('ignores a message from another origin, even one that looks like Yoti', () => {
    expect(from({ eventType: 'SUCCESS' }, 'https://evil.example')).toBeNull();
    expect(from({ eventType: 'SUCCESS' }, 'https://api.yoti.com.evil.example')).toBeNull();
    expect(from({ eventType: 'SUCCESS' }, 'http://api.yoti.com')).toBeNull();
    expect(from({ eventType: 'SUCCESS' }, 'null')).toBeNull();
  });

  it("ignores Yoti's origin from another window (another frame, the page itself), and any window while no frame is shown", () => {
    expect(from({ eventType: 'SUCCESS' }, YOTI, { name: 'another frame' })).toBeNull();
    expect(from({ eventType: 'SUCCESS' }, YOTI, null)).toBeNull();
    expect(readMessage({ origin: YOTI, source: null, data: { eventType: 'SUCCESS' } }, { origin: YOTI, source: null })).toBeNull();
  });

  it('ignores shapes Yoti does not send, and the bare launch handshake', () => {
    for (const data of [null, 'SUCCESS', 42, {}, { eventType: 'STARTED' }, { eventType: 'success' }, { eventType: 'ERROR' }, { eventType: 'ERROR', eventCode: 'camera' }, { eventType: 'ERROR', eventCode: -1 }, { eventType: 'ERROR', eventCode: 40.5 }]) {
      expect(from(data)).toBeNull();
    }
  });
});

describe('outcomeOf', () => {
  it("offers Try again in the same session where Yoti's table says a retry is possible", () => {
    expect(outcomeOf(4000)).toEqual({ kind: 'retry_here', reason: 'camera_denied' });
    expect(outcomeOf(1000)).toEqual({ kind: 'retry_here', reason: 'cancelled' });
    expect(outcomeOf(3000)).toEqual({ kind: 'retry_here', reason: 'unavailable' });
    expect(outcomeOf(3001)).toEqual({ kind: 'retry_here', reason: 'offline' });
    expect(outcomeOf(3002)).toEqual({ kind: 'retry_here', reason: 'offline' });
    expect(outcomeOf(5002)).toEqual({ kind: 'retry_here', reason: 'liveness_tries' });
  });

  it('hands the flow the codes that need a new Yoti session or a new start', () => {
    for (const code of [2000, 2001, 2002]) expect(outcomeOf(code)).toEqual({ kind: 'error', code: 'session_expired' });
    for (const code of [2003, 2004]) expect(outcomeOf(code)).toEqual({ kind: 'error', code: 'driver_failed' });
    expect(outcomeOf(4001)).toEqual({ kind: 'error', code: 'document_unverified_other' });
  });

  it('says another way is needed where Yoti allows no retry, and for codes it adds later', () => {
    expect(outcomeOf(5000)).toEqual({ kind: 'stop_here', reason: 'no_camera' });
    expect(outcomeOf(5010)).toEqual({ kind: 'stop_here', reason: 'no_camera' });
    expect(outcomeOf(5011)).toEqual({ kind: 'stop_here', reason: 'camera_quality' });
    expect(outcomeOf(5001)).toEqual({ kind: 'stop_here', reason: 'browser' });
    expect(outcomeOf(5007)).toEqual({ kind: 'stop_here', reason: 'ios_browser' });
    expect(outcomeOf(7000)).toEqual({ kind: 'stop_here', reason: 'no_documents' });
    for (const code of [5004, 5006, 5008, 5003, 6000, 9999]) expect(outcomeOf(code)).toEqual({ kind: 'stop_here', reason: 'unexpected' });
  });

  it('has words for every reason in both languages; the camera message says how to allow it', () => {
    const en = yotiText('en');
    const es = yotiText('es-MX');
    expect(es.lang).toBe('es');
    expect(yotiText('sv-SE').lang).toBe('en');
    expect(Object.keys(es.reasons).sort()).toEqual(Object.keys(en.reasons).sort());
    expect(en.reasons.camera_denied).toMatch(/address bar and choose Allow/);
    expect(es.reasons.camera_denied).toMatch(/elige Permitir/);
  });
});
