// Login.gov's acr rules on their own: which values count, what proofing a request asks for, and
// which acr a sign-in asserts for each kind of person.
import { describe, expect, it } from 'vitest';
import { LEGACY_ACR, LOGIN_GOV_AAL, LOGIN_GOV_ACR, parseAcrValues, resolveReachedLevel } from './acr.js';

describe('Login.gov acr_values', () => {
  it('keeps known values in request order, and takes the AAL asked for or the default', () => {
    const requested = parseAcrValues(`urn:example:nope ${LOGIN_GOV_AAL.aal2} ${LOGIN_GOV_ACR.verified}`);
    expect(requested.values).toEqual([LOGIN_GOV_AAL.aal2, LOGIN_GOV_ACR.verified]);
    expect(requested).toMatchObject({ aal: LOGIN_GOV_AAL.aal2, proofing: true, semantic: true });
    expect(parseAcrValues(LOGIN_GOV_ACR.authOnly).aal).toBe(LOGIN_GOV_AAL.default);
  });

  it('decides proofing by the greatest IAL string, as Ruby’s sort.max does', () => {
    // "urn:…auth-only" sorts after "http://…/ial/2": the request is taken as auth-only.
    expect(parseAcrValues(`${LEGACY_ACR.ial2} ${LOGIN_GOV_ACR.authOnly}`).proofing).toBe(false);
    expect(parseAcrValues(`${LOGIN_GOV_ACR.authOnly} ${LOGIN_GOV_ACR.verified}`).proofing).toBe(true);
  });

  it('finds no IAL in AAL-only or ial/2?strict=true requests', () => {
    expect(parseAcrValues(LOGIN_GOV_AAL.aal2).ialValues).toEqual([]);
    expect(parseAcrValues(LEGACY_ACR.ial2Strict).ialValues).toEqual([]);
  });
});

describe('the acr a sign-in reaches', () => {
  const facialRequired = parseAcrValues(LOGIN_GOV_ACR.facialMatchRequired);
  const facialPreferred = parseAcrValues(LOGIN_GOV_ACR.facialMatchPreferred);

  it('meets "facial match required" for anyone who completes it', () => {
    for (const person of ['none', 'verified', 'facial_match'] as const) {
      expect(resolveReachedLevel(facialRequired, person, true)).toEqual({ acr: LOGIN_GOV_ACR.facialMatchRequired, proofing: 'facial_match' });
    }
  });

  it('accepts an earlier verification without facial match for "facial match preferred"', () => {
    expect(resolveReachedLevel(facialPreferred, 'verified', true).acr).toBe(LOGIN_GOV_ACR.verified);
    expect(resolveReachedLevel(facialPreferred, 'none', true).acr).toBe(LOGIN_GOV_ACR.facialMatchRequired);
  });

  it('answers legacy requests in legacy values, and "not verified" at the lowest level', () => {
    expect(resolveReachedLevel(parseAcrValues(LEGACY_ACR.loa3), 'verified', true).acr).toBe(LEGACY_ACR.ial2);
    expect(resolveReachedLevel(parseAcrValues(LEGACY_ACR.ial2BioRequired), 'none', true).acr).toBe(LEGACY_ACR.ial2BioRequired);
    expect(resolveReachedLevel(parseAcrValues(LEGACY_ACR.ial2), 'facial_match', false)).toEqual({ acr: LEGACY_ACR.ial1, proofing: 'none' });
    expect(resolveReachedLevel(facialRequired, 'facial_match', false)).toEqual({ acr: LOGIN_GOV_ACR.authOnly, proofing: 'none' });
  });
});
