// What a completed sandbox document report says it read from the document: its `properties`, in
// the spec's `document_properties` shape (names, dates, document number, type, countries).
import type { ApplicantRecord, MediaRecord, SubResult } from './model.js';

/**
 * [U] Onfido's exact sandbox values are not known offline. These are the values of the document
 * report example in Onfido's v3 API reference (as client libraries copy it into their test
 * fixtures): a GBR passport, number 123456789, born 1990-01-01, expiring 2030-01-01, gender and
 * nationality left empty.
 */
const SAMPLE = {
  first_name: 'Report',
  last_name: 'Names',
  date_of_birth: '1990-01-01',
  date_of_expiry: '2030-01-01',
  document_number: '123456789',
  document_type: 'passport',
  issuing_country: 'GBR',
} as const;
/** [U] A date already past, for the `caution` sub-result whose breakdown says the document has expired. */
const EXPIRED_ON = '2020-01-01';
/** Documents that state the holder's nationality (a driving licence does not). */
const STATES_NATIONALITY = new Set(['passport', 'national_identity_card']);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/**
 * The `properties` of a document report on the check's `documents` (one or both sides) for `applicant`.
 *
 * Names and date of birth are the applicant's when it has them, the sample's otherwise. The
 * sandbox report's `data_comparison` breakdown says the document's first name, last name and date
 * of birth match the applicant (`clear`); extracted values that contradicted that breakdown would
 * mislead an integration that shows, stores or compares them, and a demo would show "Report
 * Names" for Jane Doe. [U] Onfido's sandbox may instead return its sample document's data whatever
 * the applicant. Gender stays empty as in the example: applicants carry none, and inventing one
 * could contradict the person in a demo.
 */
export function documentProperties(applicant: ApplicantRecord, documents: readonly MediaRecord[], subResult: SubResult | undefined): Record<string, unknown> {
  const type = documents.find((d) => d.type)?.type ?? SAMPLE.document_type;
  // The uploaded side that named its country; else where the applicant lives (most people prove
  // who they are with a document of their own country); else the sample's.
  const residence = (applicant.fields.location as { country_of_residence?: unknown } | undefined)?.country_of_residence;
  const country = documents.find((d) => d.issuing_country)?.issuing_country ?? text(residence) ?? SAMPLE.issuing_country;
  const dob = text(applicant.fields.dob);
  return {
    first_name: text(applicant.fields.first_name) ?? SAMPLE.first_name,
    last_name: text(applicant.fields.last_name) ?? SAMPLE.last_name,
    date_of_birth: dob && DATE.test(dob) ? dob : SAMPLE.date_of_birth,
    date_of_expiry: subResult === 'caution' ? EXPIRED_ON : SAMPLE.date_of_expiry,
    document_numbers: [{ type: 'document_number', value: SAMPLE.document_number }],
    document_type: type,
    issuing_country: country,
    nationality: STATES_NATIONALITY.has(type) ? country : '',
    gender: '',
  };
}
