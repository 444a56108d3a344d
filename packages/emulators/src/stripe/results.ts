// What a test-mode outcome produces: the VerificationReport (document, selfie and ID number checks
// with their error codes), the verified outputs of Stripe's test person, and what redaction leaves
// of them ("[redacted]" strings, no dates, no images).
import {
  TEST_PERSON,
  newId,
  reasonFor,
  type LastError,
  type Outcome,
  type ReportRecord,
  type SessionRecord,
  type StripeState,
  type VerifiedOutputsRecord,
} from './model.js';

export interface CollectedFiles {
  front?: string;
  back?: string;
  selfie?: string;
}

const idNumberChecked = (s: SessionRecord) => s.type === 'id_number' || s.options.document?.require_id_number === true;

export function verifiedOutputs(s: SessionRecord): VerifiedOutputsRecord {
  const p = TEST_PERSON;
  const doc = s.type === 'document';
  const idChecked = idNumberChecked(s);
  return {
    address: doc ? { ...p.address } : null,
    dob: { ...p.dob },
    email: null,
    first_name: p.first_name,
    id_number: idChecked ? p.id_number : null,
    id_number_type: idChecked ? p.id_number_type : null,
    last_name: p.last_name,
    phone: null,
    sex: doc ? p.document.sex : null,
    unparsed_place_of_birth: doc ? p.document.unparsed_place_of_birth : null,
    unparsed_sex: doc ? p.document.unparsed_sex : null,
  };
}

/** The report of one submission: each check the session asked for, failed where the outcome says. */
export function buildReport(state: StripeState, s: SessionRecord, outcome: Outcome, files: CollectedFiles, created: number): ReportRecord {
  const failed = (prefix: string) => outcome.startsWith(prefix);
  const error = (prefix: string): LastError => (failed(prefix) ? { code: outcome, reason: reasonFor(outcome) } : { code: null, reason: null });
  const p = TEST_PERSON;
  const report: ReportRecord = {
    seq: state.nextSeq(),
    id: newId('vr'),
    created,
    type: s.type,
    verification_session: s.id,
    client_reference_id: s.client_reference_id,
    options: { document: { ...(s.options.document ?? {}) }, id_number: {} },
  };
  if (s.type === 'document') {
    const ok = !failed('document_');
    report.document = {
      address: ok ? { ...p.address } : null,
      dob: ok ? { ...p.dob } : null,
      error: error('document_'),
      expiration_date: ok ? { ...p.document.expiration_date } : null,
      files: [files.front, files.back].filter((f): f is string => !!f),
      first_name: ok ? p.first_name : null,
      issued_date: ok ? { ...p.document.issued_date } : null,
      issuing_country: p.document.issuing_country,
      last_name: ok ? p.last_name : null,
      number: ok ? p.document.number : null,
      sex: ok ? p.document.sex : null,
      status: ok ? 'verified' : 'unverified',
      type: s.options.document?.allowed_types?.[0] ?? p.document.type,
      unparsed_place_of_birth: ok ? p.document.unparsed_place_of_birth : null,
      unparsed_sex: ok ? p.document.unparsed_sex : null,
    };
    if (s.options.document?.require_matching_selfie) {
      report.selfie = {
        document: files.front ?? null,
        error: error('selfie_'),
        selfie: files.selfie ?? null,
        // A document that failed leaves nothing to match the face against.
        status: failed('selfie_') || failed('document_') ? 'unverified' : 'verified',
      };
    }
  }
  if (idNumberChecked(s)) {
    const ok = !failed('id_number_');
    report.id_number = {
      dob: ok ? { ...p.dob } : null,
      error: error('id_number_'),
      first_name: p.first_name,
      id_number: ok ? p.id_number : null,
      id_number_type: p.id_number_type,
      last_name: p.last_name,
      status: ok ? 'verified' : 'unverified',
    };
  }
  return report;
}

const R = '[redacted]';
const text = (v: string | null) => (v === null ? null : R);

function scrubOutputs(v: VerifiedOutputsRecord): VerifiedOutputsRecord {
  return {
    ...v,
    address: v.address && { city: R, country: R, line1: R, line2: text(v.address.line2), postal_code: text(v.address.postal_code), state: R },
    dob: null,
    email: text(v.email),
    first_name: text(v.first_name),
    id_number: text(v.id_number),
    last_name: text(v.last_name),
    phone: text(v.phone),
    sex: text(v.sex),
    unparsed_place_of_birth: text(v.unparsed_place_of_birth),
    unparsed_sex: text(v.unparsed_sex),
  };
}

/** Redaction: personal values become "[redacted]" or null, metadata is erased, images are deleted. */
export function scrubSession(state: StripeState, s: SessionRecord): void {
  s.metadata = {};
  if (s.provided_details) s.provided_details = Object.fromEntries(Object.keys(s.provided_details).map((k) => [k, R]));
  if (s.verified_outputs) s.verified_outputs = scrubOutputs(s.verified_outputs);
  for (const r of state.reports.values()) {
    if (r.verification_session !== s.id) continue;
    if (r.document) {
      const d = r.document;
      r.document = {
        ...d,
        address: null,
        dob: null,
        expiration_date: null,
        issued_date: null,
        files: [],
        first_name: text(d.first_name),
        last_name: text(d.last_name),
        number: text(d.number),
        issuing_country: text(d.issuing_country),
        sex: text(d.sex),
        unparsed_place_of_birth: text(d.unparsed_place_of_birth),
        unparsed_sex: text(d.unparsed_sex),
      };
    }
    if (r.id_number) {
      const n = r.id_number;
      r.id_number = { ...n, dob: null, first_name: text(n.first_name), last_name: text(n.last_name), id_number: text(n.id_number) };
    }
    if (r.selfie) r.selfie = { ...r.selfie, document: null, selfie: null };
  }
  for (const f of state.files.values()) if (f.session === s.id) f.deleted = true;
}
