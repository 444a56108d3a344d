// The Stripe emulator's records (sessions, reports, files, file links, events), their ids, and
// the test person a "Verify" outcome produces. Records hold everything, sensitive fields
// included; render.ts decides what a given caller may see.
import { randomBytes } from 'node:crypto';
import { STRIPE_SPEC } from './openapi.js';

export type SessionStatus = 'requires_input' | 'processing' | 'verified' | 'canceled';
export type SessionType = 'document' | 'id_number';
export type DocumentType = 'driving_license' | 'id_card' | 'passport';

/** Every `last_error.code` the spec lists for sessions (schema gelato_session_last_error). */
export const LAST_ERROR_CODES = (STRIPE_SPEC.components.schemas.gelato_session_last_error?.properties?.code?.enum ?? []).filter(
  (c): c is string => typeof c === 'string',
);
/** What a tester can pick on the hosted page or in the modal: a pass, or one of Stripe's failures. */
export type Outcome = 'verified' | (typeof LAST_ERROR_CODES)[number];

/** Plain-language reasons, as `last_error.reason` carries them. */
export function reasonFor(code: string): string {
  const words = code.replace(/_/g, ' ');
  const specific: Record<string, string> = {
    consent_declined: 'The user declined to be verified by Stripe.',
    abandoned: 'The user did not complete the verification flow.',
    document_expired: 'The provided identity document has expired.',
    document_type_not_supported: 'The provided identity document is not one of the allowed types.',
    selfie_face_mismatch: 'The captured face does not match the face on the document.',
    under_supported_age: 'The user is under the minimum supported age.',
  };
  return specific[code] ?? `Verification failed: ${words}.`;
}

export interface DateParts {
  day: number | null;
  month: number | null;
  year: number | null;
}
export interface AddressRecord {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}
export interface LastError {
  code: string | null;
  reason: string | null;
}
export interface DocumentOptions {
  allowed_types?: DocumentType[];
  require_id_number?: boolean;
  require_live_capture?: boolean;
  require_matching_selfie?: boolean;
}

export interface VerifiedOutputsRecord {
  address: AddressRecord | null;
  dob: DateParts | null;
  email: string | null;
  first_name: string | null;
  id_number: string | null;
  id_number_type: 'br_cpf' | 'sg_nric' | 'us_ssn' | null;
  last_name: string | null;
  phone: string | null;
  sex: string | null;
  unparsed_place_of_birth: string | null;
  unparsed_sex: string | null;
}

export interface Attempt {
  /** Single-use credentials of the current attempt; a submission spends them. */
  clientSecret: string;
  urlToken: string;
  startedAt: number;
}

export interface SessionRecord {
  seq: number;
  id: string;
  created: number;
  type: SessionType;
  options: { document?: DocumentOptions; id_number?: Record<string, never> };
  metadata: Record<string, string>;
  client_reference_id: string | null;
  return_url: string | null;
  provided_details: { email?: string; phone?: string } | null;
  related_customer: string | null;
  related_customer_account: string | null;
  related_person: { account: string; person: string } | null;
  status: SessionStatus;
  last_error: LastError | null;
  last_verification_report: string | null;
  verified_outputs: VerifiedOutputsRecord | null;
  redaction: { status: 'processing' | 'redacted' } | null;
  attempt: Attempt | null;
}

export interface DocumentReport {
  address: AddressRecord | null;
  dob: DateParts | null;
  error: LastError;
  expiration_date: DateParts | null;
  files: string[] | null;
  first_name: string | null;
  issued_date: DateParts | null;
  issuing_country: string | null;
  last_name: string | null;
  number: string | null;
  sex: string | null;
  status: 'verified' | 'unverified';
  type: DocumentType | null;
  unparsed_place_of_birth: string | null;
  unparsed_sex: string | null;
}
export interface IdNumberReport {
  dob: DateParts | null;
  error: LastError;
  first_name: string | null;
  id_number: string | null;
  id_number_type: 'br_cpf' | 'sg_nric' | 'us_ssn' | null;
  last_name: string | null;
  status: 'verified' | 'unverified';
}
export interface SelfieReport {
  document: string | null;
  error: LastError | null;
  selfie: string | null;
  status: 'verified' | 'unverified';
}

export interface ReportRecord {
  seq: number;
  id: string;
  created: number;
  type: SessionType;
  verification_session: string;
  client_reference_id: string | null;
  options: { document: DocumentOptions; id_number: Record<string, never> };
  document?: DocumentReport;
  id_number?: IdNumberReport;
  selfie?: SelfieReport;
}

export const IDENTITY_FILE_PURPOSES = ['identity_document', 'identity_document_downloadable', 'selfie'] as const;

export interface FileRecord {
  seq: number;
  id: string;
  created: number;
  purpose: 'identity_document_downloadable' | 'selfie';
  filename: string;
  session: string;
  /** Gone after the session is redacted: Stripe deletes collected images. */
  deleted: boolean;
}

export interface FileLinkRecord {
  seq: number;
  id: string;
  created: number;
  file: string;
  expires_at: number | null;
  metadata: Record<string, string>;
  token: string;
}

export interface EventRecord {
  seq: number;
  id: string;
  created: number;
  type: string;
  /** The session as it was when the event happened (the event view: no secrets, no PII expansions). */
  object: Record<string, unknown>;
  request: { id: string | null; idempotency_key: string | null };
  pending_webhooks: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random [A-Za-z0-9] of the given length (ids like `vs_1Pgc76B7WZ01zgkWBdQi8PTU` have 24). */
export function randomToken(length = 24): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const byte of bytes) {
    if (byte < 248) out += ALPHABET[byte % 62];
    if (out.length === length) return out;
  }
  return out + randomToken(length - out.length);
}

export const newId = (prefix: string) => `${prefix}_${randomToken(24)}`;

/**
 * Stripe's test person as its 2026 fixtures show her (identity.verification_report: Jenny Rosen,
 * 1234 Main St., San Francisco, a US driving licence issued 2020-12-01, expiring 2030-12-01),
 * with the date of birth and numbers test mode is known to use (1901-01-01, 000000000).
 */
export const TEST_PERSON = {
  first_name: 'Jenny',
  last_name: 'Rosen',
  address: { city: 'San Francisco', country: 'US', line1: '1234 Main St.', line2: null, postal_code: null, state: 'CA' } satisfies AddressRecord,
  dob: { day: 1, month: 1, year: 1901 } satisfies DateParts,
  id_number: '000000000',
  id_number_type: 'us_ssn' as const,
  document: {
    type: 'driving_license' as const,
    issuing_country: 'US',
    number: '000000000',
    issued_date: { day: 1, month: 12, year: 2020 },
    expiration_date: { day: 1, month: 12, year: 2030 },
    sex: 'female',
    unparsed_sex: 'F',
    unparsed_place_of_birth: null,
  },
};

/** In-memory state of one emulated Stripe account (test mode). */
export class StripeState {
  sessions = new Map<string, SessionRecord>();
  reports = new Map<string, ReportRecord>();
  files = new Map<string, FileRecord>();
  fileLinks = new Map<string, FileLinkRecord>();
  events = new Map<string, EventRecord>();
  #seq = 0;

  nextSeq(): number {
    return ++this.#seq;
  }

  sessionBySecret(clientSecret: string): SessionRecord | undefined {
    for (const s of this.sessions.values()) if (s.attempt?.clientSecret === clientSecret) return s;
    return undefined;
  }

  sessionByUrlToken(token: string): SessionRecord | undefined {
    for (const s of this.sessions.values()) if (s.attempt?.urlToken === token) return s;
    return undefined;
  }

  linkByToken(token: string): FileLinkRecord | undefined {
    for (const l of this.fileLinks.values()) if (l.token === token) return l;
    return undefined;
  }

  clear(): void {
    this.sessions.clear();
    this.reports.clear();
    this.files.clear();
    this.fileLinks.clear();
    this.events.clear();
  }
}
