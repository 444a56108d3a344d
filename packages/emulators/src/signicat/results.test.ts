// Each of the five scenarios, driven through the API, ends in a body shaped exactly like seed 001's
// example for that status (same keys, same order, same JSON types), and the event says so.
import { describe, expect, it } from 'vitest';
import { FINAL_STATUSES, type FinalStatus } from './model.js';
import { passportMrz, SIGNICAT_TEST_PERSON } from './results.js';
import { SEED_001_SHAPES } from './seed-shapes.js';
import { GOOD, harness } from './testing.js';

/** Every value replaced by its JSON type, key order kept: what SEED_001_SHAPES holds. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return v === null ? 'null' : typeof v;
}

async function finished(status: FinalStatus, processType = 'documentSelfie') {
  const h = harness();
  const { dossierId, processId, base } = await h.process({ processType });
  expect((await h.call('POST', `/__emulator__/signicat/dossiers/${dossierId}/scenario`, { status })).status).toBe(200);
  expect((await h.call('POST', `${base}/files`, { front: GOOD.front, selfie: GOOD.selfie })).status).toBe(204);
  const started = await h.call('POST', `${base}/verify`);
  expect(started.json).toMatchObject({ status: 'processing', processId });
  const event = await h.emu.controls.waitForEvent({ processId });
  return { h, event, body: (await h.call('GET', base)).json, processId, dossierId };
}

describe('final bodies', () => {
  it('the create answer has the keys of the seed, in its order', async () => {
    const h = harness();
    const dossierId = await h.dossier();
    const res = await h.call('POST', `/assure/dossiers/${dossierId}/processes`, { provider: 'onfido', processType: 'document' });
    expect(res.status).toBe(201);
    expect(JSON.stringify(shape(res.json))).toBe(JSON.stringify(SEED_001_SHAPES.created));
    expect(res.json).toMatchObject({ status: 'pending', provider: 'onfido', processType: 'document' });
  });

  it.each(FINAL_STATUSES)('%s: seed-shaped body and a matching event', async (status) => {
    const { body, event, processId, dossierId } = await finished(status);
    expect(JSON.stringify(shape(body))).toBe(JSON.stringify(SEED_001_SHAPES[status]));
    expect(body).toMatchObject({ processId, provider: 'onfido', processType: 'documentSelfie', status });
    expect(event).toMatchObject({ eventName: 'process.completed', dossierId, processId, status });
  });

  it('accepted: the normalised result and the provider block agree, and the face ids are the live photo and document', async () => {
    const { body } = await finished('accepted');
    const p = SIGNICAT_TEST_PERSON;
    expect(body.depictions).toEqual(['front', 'selfie']);
    expect(body.finalResult).toEqual({
      firstName: p.firstName,
      lastName: p.lastName,
      dateOfExpiry: p.dateOfExpiry,
      dateOfBirth: p.dateOfBirth,
      documentType: 'passport',
      documentNumber: p.documentNumber,
      issuingCountry: 'NLD',
      similarityScore: 'medium',
    });
    const dv = body.providerSpecific.documentVerification;
    expect(dv).toMatchObject({ subResult: 'clear', result: 'clear', firstName: p.firstName, issuingCountry: 'NLD' });
    const match = body.providerSpecific.facialSimilarity.breakdowns.faceComparison.breakdown.faceMatch.properties;
    expect(match).toEqual({ score: expect.any(Number), livePhotoId: expect.stringMatching(/^[0-9a-f-]{36}$/), documentId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('inconclusive is a suspected document; rejected a rejected one', async () => {
    const inconclusive = (await finished('inconclusive')).body.providerSpecific;
    expect(inconclusive.documentVerification).toMatchObject({ subResult: 'suspected', result: 'consider' });
    expect(inconclusive.facialSimilarity).toMatchObject({ result: 'consider', similarityScore: 'low' });
    const rejected = (await finished('rejected')).body.providerSpecific;
    expect(rejected.documentVerification).toMatchObject({ subResult: 'rejected', result: 'consider' });
  });

  it('failed carries failReason, canceled an empty provider block', async () => {
    expect((await finished('failed')).body.failReason).toEqual({ type: 'upload_failed', message: expect.stringContaining('422') });
    expect((await finished('canceled')).body.providerSpecific).toEqual({});
  });

  it('a document-only process has no face block and no similarity score', async () => {
    const { body } = await finished('accepted', 'document');
    expect(body.depictions).toEqual(['front']);
    expect(body.providerSpecific.facialSimilarity).toBeUndefined();
    expect(body.finalResult.similarityScore).toBeUndefined();
  });

  it('stays processing for processingSeconds on the emulator clock, then settles on the next read', async () => {
    const h = harness({ processingSeconds: 30 });
    const { base, processId } = await h.process();
    await h.call('POST', `${base}/files`, { front: GOOD.front, selfie: GOOD.selfie });
    await h.call('POST', `${base}/verify`);
    h.emu.controls.clock.advance(29);
    expect((await h.call('GET', base)).json.status).toBe('processing');
    expect(h.emu.controls.events({ processId })).toEqual([]);
    h.emu.controls.clock.advance(1);
    expect((await h.call('GET', base)).json.status).toBe('accepted');
    expect(h.emu.controls.events({ processId })).toHaveLength(1);
  });
});

describe('passportMrz', () => {
  it('writes two 44-character TD3 lines with valid check digits', () => {
    const [l1, l2] = passportMrz('NLD');
    expect(l1).toHaveLength(44);
    expect(l2).toHaveLength(44);
    expect(l1.startsWith('P<NLDEMULATOR<<EMMA<SOPHIE<')).toBe(true);
    // ICAO 9303's own worked example: document number L898902C3 has check digit 6.
    const check = (s: string) => String([...s].reduce((sum, ch, i) => sum + (ch === '<' ? 0 : /\d/.test(ch) ? +ch : ch.charCodeAt(0) - 55) * [7, 3, 1][i % 3]!, 0) % 10);
    expect(check('L898902C3')).toBe('6');
    expect(l2[9]).toBe(check(l2.slice(0, 9)));
  });
});
