// The identity profile each outcome produces: the report of every scheme validates against seed
// 004's schema (spec/identity-profile-report.schema.json), and each way of failing gives its reason.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { beforeEach, describe, expect, it } from 'vitest';
import { createYotiEmulator, type YotiEmulator } from './app.js';
import { signedCall } from './testing.js';

const schema = JSON.parse(readFileSync(new URL('./spec/identity-profile-report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

let emu: YotiEmulator;
beforeEach(() => {
  emu = createYotiEmulator();
});

async function completed(spec: Record<string, unknown>, config?: unknown, choice: Parameters<YotiEmulator['controls']['complete']>[1] = {}) {
  const id = (await signedCall(emu, 'POST', '/sessions', spec)).json.session_id as string;
  if (config) emu.controls.setResponseConfig(id, config);
  emu.controls.complete(id, choice);
  return { id, result: (await signedCall(emu, 'GET', `/sessions/${id}`)).json };
}

const simple = (trust_framework: string, scheme: Record<string, string>) => ({ identity_profile_requirements: { trust_framework, scheme }, subject: { subject_id: 'subject-1' } });

describe('a met identity profile', () => {
  it.each([
    ['UK_TFIDA', { type: 'RTW' }],
    ['UK_TFIDA', { type: 'RTR' }],
    ['UK_TFIDA', { type: 'DBS', objective: 'STANDARD' }],
    ['YOTI_GLOBAL', { type: 'IDENTITY', objective: 'AL_M1' }],
  ])('%s %o: DONE, and the report media validates against seed 004', async (framework, scheme) => {
    const { id, result } = await completed(simple(framework, scheme), undefined, { person: 'oliver' });
    expect(result.identity_profile).toMatchObject({ subject_id: 'subject-1', result: 'DONE', identity_profile_report: { trust_framework: framework, schemes_compliance: [{ scheme, requirements_met: true }] } });
    const media = await signedCall(emu, 'GET', `/sessions/${id}/media/${result.identity_profile.identity_profile_report.media.id}/content`);
    expect(validate(media.json), JSON.stringify(validate.errors)).toBe(true);
    expect(media.json.verification_report.schemes_compliance).toEqual([{ requirements_met: true, scheme }]);
    expect(media.json.identity_assertion.current_name.full_name).toBe('Oliver James Pemberton');
    // The evidence links point at this session's own resources and media.
    const documentId = result.resources.id_documents[0].id;
    expect(media.json.verification_report.evidence.documents[0].evidence_id).toBe(documentId);
    expect(media.json.verification_report.evidence.documents[0].media_ids).toContain(result.resources.id_documents[0].pages[0].media.id);
    expect(media.json.verification_report.evidence.face.evidence_id).toBe(result.resources.liveness_capture[0].id);
    // The request log keeps the answer, but none of the person in it.
    const logged = JSON.stringify(emu.controls.requests());
    for (const personal of ['Pemberton', 'Oliver', '1975-11-02', 'PEMBE711025OJ9XY', 'Mill Lane', 'subject-1']) expect(logged).not.toContain(personal);
    expect(logged).toContain('"trust_framework":"' + framework + '"');
  });

  it('the schema refuses what seed 004 forbids: no date of birth, an unknown passed check, both report forms', async () => {
    const { id, result } = await completed(simple('UK_TFIDA', { type: 'RTW' }));
    const good = (await signedCall(emu, 'GET', `/sessions/${id}/media/${result.identity_profile.identity_profile_report.media.id}/content`)).json;
    expect(validate(good)).toBe(true);
    const copy = () => structuredClone(good);
    const noDob = copy();
    delete noDob.identity_assertion.date_of_birth;
    const badCheck = copy();
    badCheck.verification_report.evidence.documents[0].passed_checks.push({ check: 'LOOKED_FINE' });
    const both = { ...copy(), verification_reports: [good.verification_report] };
    for (const bad of [noDob, badCheck, both]) expect(validate(bad)).toBe(false);
  });

  it('advanced requirements: one verification report per framework, each validating', async () => {
    const spec = {
      advanced_identity_profile_requirements: {
        profiles: [
          { trust_framework: 'UK_TFIDA', schemes: [{ type: 'DBS', objective: 'BASIC', label: 'dbs' }, { type: 'RTW', label: 'rtw' }] },
          { trust_framework: 'YOTI_GLOBAL', schemes: [{ type: 'IDENTITY', objective: 'AL_L1', label: 'id' }] },
        ],
      },
    };
    const { id, result } = await completed(spec);
    const media = await signedCall(emu, 'GET', `/sessions/${id}/media/${result.advanced_identity_profile.identity_profile_report.media.id}/content`);
    expect(validate(media.json), JSON.stringify(validate.errors)).toBe(true);
    expect(media.json.verification_reports[0].schemes_compliance.map((s: { scheme: { label: string } }) => s.scheme.label)).toEqual(['dbs', 'rtw']);
    expect(media.json.verification_reports[0].authentication_reports).toHaveLength(1);
  });
});

describe('an identity profile not met', () => {
  const rtw = simple('UK_TFIDA', { type: 'RTW' });
  const report = (value: string, reason?: string) => [{ result: { report: { recommendation: { value, ...(reason ? { reason } : {}) } } } }];

  it('text extraction failing: MANDATORY_DOCUMENT_NOT_PROVIDED, and no text data check', async () => {
    const { result } = await completed(rtw, { task_results: { ID_DOCUMENT_TEXT_DATA_EXTRACTION: [{ result_template: 'UNABLE_TO_OCR' }] } });
    expect(result.identity_profile.result).toBe('FAIL');
    expect(result.identity_profile.failure_reason).toMatchObject({ reason_code: 'MANDATORY_DOCUMENT_NOT_PROVIDED', requirements_not_met_details: [{ failure_type: 'ID_DOCUMENT_EXTRACTION', details: 'UNABLE_TO_OCR' }] });
    expect(result.checks.map((c: { type: string }) => c.type)).not.toContain('ID_DOCUMENT_TEXT_DATA_CHECK');
    expect(result.resources.id_documents[0]).not.toHaveProperty('document_fields');
  });

  it('a face match rejected: FRAUD_DETECTED naming the face match', async () => {
    const { result } = await completed(rtw, { check_reports: { ID_DOCUMENT_FACE_MATCH: report('REJECT', 'FACE_NOT_GENUINE') } });
    expect(result.identity_profile.failure_reason).toMatchObject({ reason_code: 'FRAUD_DETECTED', requirements_not_met_details: [{ failure_type: 'ID_DOCUMENT_FACE_MATCH', details: 'FACE_NOT_GENUINE' }] });
  });

  it('a document that could not be checked: MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED', async () => {
    const { result } = await completed(rtw, { check_reports: { ID_DOCUMENT_AUTHENTICITY: [{ result: { report_template: 'PHOTO_TOO_BLURRY' } }] } });
    expect(result.identity_profile.failure_reason.reason_code).toBe('MANDATORY_DOCUMENT_COULD_NOT_BE_PROVIDED');
    expect(result.checks.find((c: { type: string }) => c.type === 'ID_DOCUMENT_AUTHENTICITY').report.recommendation).toEqual({ value: 'NOT_AVAILABLE', reason: 'PHOTO_TOO_BLURRY' });
  });

  it('the person choosing "profile not met" rejects the document even over an approving config', async () => {
    const { result } = await completed(rtw, { check_reports: { ID_DOCUMENT_AUTHENTICITY: report('APPROVE') } }, { outcome: 'profile_not_met' });
    expect(result.identity_profile).toMatchObject({ result: 'FAIL', failure_reason: { reason_code: 'FRAUD_DETECTED' } });
    expect(result.identity_profile).not.toHaveProperty('identity_profile_report');
  });
});
