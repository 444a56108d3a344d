// What the shoot screen says and offers, without a browser: one guidance line at a time, steadied
// against flicker, and the camera or the file picker by what the camera did and the host allows.
import { describe, expect, it } from 'vitest';
import type { QualityIssue } from '../quality.js';
import { cameraProblemOf, guidanceOf, GuidanceFilter, shootOffer } from './guidance.js';

const bad = (...issues: QualityIssue[]) => ({ ok: false, issues });
const good = { ok: true, issues: [] };

describe('guidanceOf', () => {
  it('names the most actionable issue first, as assess() orders them', () => {
    expect(guidanceOf(bad('too_dark', 'too_far'), { steady: false })).toBe('too_dark');
    expect(guidanceOf(bad('glare', 'blurry'), { steady: false })).toBe('glare');
  });

  it('asks to hold still until the frame is steady, then says it looks good', () => {
    expect(guidanceOf(good, { steady: false })).toBe('hold_still');
    expect(guidanceOf(good, { steady: true })).toBe('good');
  });
});

describe('GuidanceFilter', () => {
  it('changes the line only when two checks in a row agree', () => {
    const filter = new GuidanceFilter();
    expect(filter.feed('too_far')).toBeNull();
    expect(filter.feed('too_far')).toBe('too_far');
    expect(filter.feed('too_far')).toBeNull(); // unchanged: nothing new to announce
    expect(filter.feed('blurry')).toBeNull();
    expect(filter.feed('too_far')).toBeNull(); // a one-frame flicker is never shown
    expect(filter.feed('blurry')).toBeNull();
    expect(filter.feed('blurry')).toBe('blurry');
    expect(filter.shown).toBe('blurry');
  });

  it('says "looks good" at once: steadiness was already confirmed', () => {
    const filter = new GuidanceFilter();
    expect(filter.feed('good')).toBe('good');
  });

  it('starts over after reset', () => {
    const filter = new GuidanceFilter();
    filter.feed('glare');
    filter.feed('glare');
    filter.reset();
    expect(filter.shown).toBe('starting');
    expect(filter.feed('glare')).toBeNull();
  });
});

describe('cameraProblemOf', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'missing'],
    ['OverconstrainedError', 'missing'],
    ['NotReadableError', 'unavailable'],
    ['TypeError', 'unavailable'],
  ])('%s is %s', (name, problem) => expect(cameraProblemOf(Object.assign(new Error('x'), { name }))).toBe(problem));
});

describe('shootOffer', () => {
  it('offers the file picker beside a working camera when the host allows files', () => {
    expect(shootOffer('live', true)).toEqual({ camera: true, file: true, problem: null, leave: false });
    expect(shootOffer('starting', false)).toEqual({ camera: true, file: false, problem: null, leave: false });
  });

  it('falls back to the file picker when the camera is refused or missing', () => {
    expect(shootOffer('denied', true)).toEqual({ camera: false, file: true, problem: 'denied', leave: false });
    expect(shootOffer('missing', true)).toEqual({ camera: false, file: true, problem: 'missing', leave: false });
  });

  it('without a camera or files, offers to go back', () => {
    expect(shootOffer('denied', false)).toEqual({ camera: false, file: false, problem: 'denied', leave: true });
    expect(shootOffer('unavailable', false)).toMatchObject({ leave: true });
  });
});
